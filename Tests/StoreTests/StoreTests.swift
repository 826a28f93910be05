import Foundation
import GRDB
import Indicators
import Testing

@testable import Store

let now = Date(timeIntervalSince1970: 1_548_892_800)

func count(_ u: String, _ ind: String, _ w: String, _ s: Int, _ q: Int) -> WeeklyCount {
    WeeklyCount(scheme: "s", unit: u, indicator: ind, week: ISOWeek(w)!, submitted: s, qualified: q)
}

func batch(_ name: String, _ rows: [WeeklyCount]) -> ImportBatch {
    ImportBatch(
        fileName: name, sha256: AppDatabase.sha256(Data(name.utf8)), kind: .submissions, scheme: "s", submissions: rows)
}

@Suite struct Store {
    @Test func readsBackWhatWasStored() throws {
        let db = try AppDatabase.inMemory()
        let r = try db.store(
            batch("a.csv", [count("u2", "1", "2018-W50", 2, 1), count("u1", "1", "2018-W49", 3, 3)]), now: now)
        #expect(r.new == 2 && r.committed)
        #expect(
            try db.weeklyCounts(scheme: "s") == [
                count("u1", "1", "2018-W49", 3, 3), count("u2", "1", "2018-W50", 2, 1),
            ])
        #expect(try db.weeks(scheme: "s") == [ISOWeek(year: 2018, week: 49)!, ISOWeek(year: 2018, week: 50)!])
        #expect(try db.weeklyCounts(scheme: "other").isEmpty)
        let i = try #require(try db.imports().first)
        #expect(i.fileName == "a.csv" && i.importedAt == "2019-01-31T00:00:00Z" && i.rowCount == 2 && i.scheme == "s")
    }

    @Test func constraintsRefuseQualifiedAboveSubmittedAndRollBack() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.store(batch("a.csv", [count("u1", "1", "2018-W49", 3, 3)]), now: now)
        let before = try db.dataFingerprint()
        #expect(throws: DatabaseError.self) {
            try db.store(
                batch("b.csv", [count("u2", "1", "2018-W49", 1, 1), count("u3", "1", "2018-W49", 1, 2)]), now: now)
        }
        #expect(try db.dataFingerprint() == before)
        #expect(try db.imports().count == 1)
    }

    @Test func fingerprintIgnoresImportTimesButNotValues() throws {
        let a = try AppDatabase.inMemory()
        let b = try AppDatabase.inMemory()
        _ = try a.store(batch("a.csv", [count("u1", "1", "2018-W49", 3, 3)]), now: now)
        _ = try b.store(batch("other.csv", [count("u1", "1", "2018-W49", 3, 3)]), now: now.addingTimeInterval(3600))
        #expect(try a.dataFingerprint() == b.dataFingerprint())
        _ = try b.store(batch("c.csv", [count("u1", "1", "2018-W49", 3, 2)]), now: now)
        #expect(try a.dataFingerprint() != b.dataFingerprint())
        #expect(try b.replacedValues(scheme: "s").map(\.oldQualified) == [3])
    }

    @Test func auditLog() throws {
        let db = try AppDatabase.inMemory()
        try db.log(command: "kaohe import a.csv", summary: "a.csv: 新增 1 行", now: now)
        #expect(
            try db.auditLog().map { [$0.time, $0.command, $0.summary] } == [
                ["2019-01-31T00:00:00Z", "kaohe import a.csv", "a.csv: 新增 1 行"]
            ])
    }

    @Test func eventsAndObservationsCorrectByKey() throws {
        let db = try AppDatabase.inMemory()
        let d = Day(year: 2018, month: 12, day: 12)!
        var b = ImportBatch(
            fileName: "e.csv", sha256: AppDatabase.sha256(Data("e".utf8)), kind: .events, scheme: "s",
            events: [DeductionEvent(scheme: "s", unit: "u1", indicator: "5", date: d, reason: "x", count: 1)])
        _ = try db.store(b, now: now)
        b.events = [DeductionEvent(scheme: "s", unit: "u1", indicator: "5", date: d, reason: "x", count: 2)]
        let r = try db.store(b, now: now)
        #expect(r.replaced == 1)
        #expect(try db.events(scheme: "s").map(\.count) == [2])
        let t = ImportBatch(
            fileName: "t.csv", sha256: AppDatabase.sha256(Data("t".utf8)), kind: .targets, scheme: nil,
            observations: [TargetObservation(target: "x", period: ObservationPeriod(year: 2021)!, value: 1.5)])
        _ = try db.store(t, now: now)
        #expect(
            try db.observations() == [
                TargetObservation(target: "x", period: ObservationPeriod(year: 2021)!, value: 1.5)
            ])
    }

    @Test func aBatchOfSeveralSchemesAndWeeksIsStoredRowByRowWithTheRightCounts() throws {
        // Given a database holding two weeks of scheme "s" (300 rows, more than one INSERT each)
        let db = try AppDatabase.inMemory()
        func rows(_ scheme: String, _ week: String, units: Range<Int>, plus: Int) -> [WeeklyCount] {
            units.map { u in
                WeeklyCount(
                    scheme: scheme, unit: String(format: "u%03d", u), indicator: "\(u % 3 + 1)", week: ISOWeek(week)!,
                    submitted: u % 7 + plus, qualified: u % 7)
            }
        }
        _ = try db.store(
            batch(
                "old.csv",
                rows("s", "2018-W49", units: 0..<300, plus: 0) + rows("s", "2018-W50", units: 0..<300, plus: 0)),
            now: now)
        // When one file brings W50 again (units 0–199 the same, 200–299 changed), a new week W51 and
        // scheme "t" for W50, in key order (week, then scheme)
        let second =
            rows("s", "2018-W50", units: 0..<200, plus: 0) + rows("s", "2018-W50", units: 200..<300, plus: 1)
            + rows("t", "2018-W50", units: 0..<150, plus: 2) + rows("s", "2018-W51", units: 0..<260, plus: 3)
        let r = try db.store(batch("new.csv", second), now: now)
        // Then every row is counted once as new, unchanged or replaced, and stored under its own week and scheme
        #expect(r.new == 410 && r.unchanged == 200 && r.replaced == 100 && r.rows == 710)
        let s = try db.weeklyCounts(scheme: "s")
        #expect(s.count == 860)
        #expect(Set(s) == Set(rows("s", "2018-W49", units: 0..<300, plus: 0) + second.filter { $0.scheme == "s" }))
        #expect(try db.weeklyCounts(scheme: "t") == rows("t", "2018-W50", units: 0..<150, plus: 2))
        #expect(try db.replacedValues(scheme: "s").count == 100)
        // And the connection checks foreign keys again after the import
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") } == 1)
    }

    @Test func onDiskDatabaseIsWAL() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kaohe-store-\(UUID().uuidString).sqlite"
        ).path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let db = try AppDatabase.open(path: path)
        #expect(try db.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(
            try db.writer.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") } == [
                "v1", "v2",
            ])
    }
}

@Suite struct StoredValues {
    @Test func countsFromAnOlderKaoheAreReadClampedSoNoSumCanOverflow() throws {
        // Given a database an older kaohe filled with counts it no longer accepts at import
        let db = try AppDatabase.inMemory()
        _ = try db.store(
            batch(
                "old.csv",
                [
                    count("u1", "1", "2018-W49", Int.max, Int.max - 1),
                    count("u2", "1", "2018-W49", 4, 3),
                ]), now: now)
        // When the weekly counts are read
        let rows = try db.weeklyCounts(scheme: "s")
        // Then the huge ones come back at the ceiling and the others as they were
        #expect(
            rows == [
                count("u1", "1", "2018-W49", AppDatabase.storedCountCeiling, AppDatabase.storedCountCeiling),
                count("u2", "1", "2018-W49", 4, 3),
            ])
        #expect(rows.reduce(0) { $0 + $1.submitted } == 1_000_000_004)
    }

    @Test func aCountThatIsNotAnIntegerIsRefusedNotTrapped() throws {
        // Given a damaged database whose count column holds text
        let db = try AppDatabase.inMemory()
        _ = try db.store(batch("a.csv", [count("u1", "1", "2018-W49", 3, 3)]), now: now)
        try db.writer.write { try $0.execute(sql: "UPDATE submission SET submitted = 'abc', qualified = 'abc'") }
        // When it is read, then a KaoheError names the damage
        let error = #expect(throws: KaoheError.self) { try db.weeklyCounts(scheme: "s") }
        #expect(error?.message.contains("数据库已损坏") == true)
    }
}
