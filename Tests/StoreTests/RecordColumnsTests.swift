import Foundation
import GRDB
import Indicators
import Testing

@testable import Store

/// The records name no column: GRDB's snake_case coding strategies derive them. They must still be
/// exactly the columns of the shipped migration, so that a database written by an older kaohe opens,
/// reads and is written the same.
@Suite struct RecordColumns {
    let db: AppDatabase

    init() throws { db = try AppDatabase.inMemory() }

    func columns(of table: String) throws -> Set<String> {
        try db.writer.read {
            try Set(String.fetchAll($0, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]))
        }
    }

    /// Inserts `record`, checks its encoded columns against its table's, and reads it back by `sql`.
    func roundTrip<R: FetchableRecord & MutablePersistableRecord & Equatable>(_ record: R, reading sql: String) throws
        -> (encoded: Set<String>, table: Set<String>, inserted: R, back: R?)
    {
        var r = record
        try db.writer.write { try r.insert($0) }
        let encoded = Set(try r.databaseDictionary.keys)
        let back = try db.writer.read { try R.fetchOne($0, sql: sql) }
        return (encoded, try columns(of: R.databaseTableName), r, back)
    }

    @Test func everyRecordEncodesToItsTablesColumnsAndReadsBackEqual() throws {
        // Given one record of each table (the import first: the others refer to it)
        var imp = ImportRecord(
            id: nil, fileName: "a.csv", sha256: String(repeating: "ab", count: 32), importedAt: "2019-01-31T00:00:00Z",
            kind: "submissions", scheme: "s", rowCount: 2, rowsNew: 1, rowsReplaced: 1, rowsUnchanged: 0,
            outcome: "corrected")
        try db.writer.write { try imp.insert($0) }
        let importID = try #require(imp.id)
        #expect(Set(try imp.databaseDictionary.keys) == (try columns(of: "import")))
        #expect(try db.imports() == [imp])

        // When each is inserted and read back, then it names exactly its table's columns and reads back equal
        let sub = try roundTrip(
            SubmissionRecord(
                scheme: "s", unit: "u", indicator: "1", week: "2019-W01", weekEnd: "2019-01-06",
                submitted: 3, qualified: 2, importId: importID),
            reading: "SELECT * FROM submission")
        #expect(sub.encoded == sub.table)
        #expect(sub.back == sub.inserted)
        #expect(sub.back?.weekEnd == "2019-01-06" && sub.back?.importId == importID)

        let event = try roundTrip(
            EventRecord(
                id: nil, scheme: "s", unit: "u", indicator: "9", date: "2019-01-02", reason: "r",
                count: 1, importId: importID),
            reading: "SELECT * FROM event")
        #expect(event.encoded == event.table)
        #expect(event.back == event.inserted)
        #expect(event.back?.importId == importID)

        let obs = try roundTrip(
            TargetObservationRecord(id: nil, target: "t", period: "2021", value: 1.5, importId: importID),
            reading: "SELECT * FROM target_observation")
        #expect(obs.encoded == obs.table)
        #expect(obs.back == obs.inserted)
        #expect(obs.back?.importId == importID && obs.back?.value == 1.5)

        let replaced = try roundTrip(
            ReplacedValue(
                id: nil, kind: "submissions", scheme: "s", unit: "u", indicator: "1", period: "2019-W01",
                reason: nil, oldSubmitted: 4, oldQualified: 3, oldValue: nil, oldImportId: importID,
                replacedAt: "2019-02-01T00:00:00Z", importId: importID, fileName: "b.csv"),
            reading: "SELECT * FROM replaced_value")
        #expect(replaced.encoded == replaced.table)
        #expect(replaced.back == replaced.inserted)
        #expect(
            replaced.back?.oldSubmitted == 4 && replaced.back?.oldImportId == importID
                && replaced.back?.replacedAt == "2019-02-01T00:00:00Z")
        #expect(replaced.encoded.contains("old_import_id") && replaced.encoded.contains("file_name"))
    }
}
