import Foundation
import GRDB
import Indicators
import Testing

@testable import Store

/// A sink that keeps what it is given, in order.
struct RecordingSink: WeeklyRowSink {
    var known: Set<String>
    var rows: [WeeklyCount] = []
    var events: [DeductionEvent] = []
    var earliest: [String: ISOWeek] = [:]
    private var current = ""

    init(known: Set<String>) { self.known = known }

    mutating func begin(scheme id: String) -> Bool {
        current = id
        return known.contains(id)
    }
    mutating func addCount(unit: String, indicator: String, week: ISOWeek, submitted: Int, qualified: Int) {
        rows.append(
            WeeklyCount(
                scheme: current, unit: unit, indicator: indicator, week: week, submitted: submitted,
                qualified: qualified))
    }
    mutating func addEvent(_ event: DeductionEvent) { events.append(event) }
    mutating func noteEarliest(week: ISOWeek) { earliest[current] = week }
}

@Suite struct WeeklyReads {
    /// Random rows of scheme "s" over 2018-W40…2019-W20 (units u0…u9, indicators 1…4), some zero.
    static func randomDatabase(seed: UInt64) throws -> (AppDatabase, [WeeklyCount]) {
        var rng = SplitMix64(seed: seed)
        var rows: [WeeklyCount] = []
        let first = ISOWeek("2018-W40")!
        for w in 0..<32 {
            for u in 0..<10 {
                for i in 1...4 where rng.next() % 3 != 0 {
                    let sub = Int(rng.next() % 4)
                    let qual = sub == 0 ? 0 : Int(rng.next() % UInt64(sub + 1))
                    rows.append(count("u\(u)", "\(i)", first.adding(weeks: w).description, sub, qual))
                }
            }
        }
        let db = try AppDatabase.inMemory()
        _ = try db.store(batch("a.csv", rows), now: now)
        return (db, rows)
    }

    @Test func aWindowedReadReturnsExactlyTheWindowsRows() throws {
        let (db, rows) = try Self.randomDatabase(seed: 7)
        var rng = SplitMix64(seed: 99)
        for _ in 0..<40 {
            // Given a random window (sometimes ending mid-week, sometimes empty) and indicator 1 read cumulatively
            let from = Day(iso: "2018-09-20")!.adding(days: Int(rng.next() % 250))
            let through = from.adding(days: Int(rng.next() % 80) - 10)
            var sink = RecordingSink(known: ["s"])
            try db.readWindow(scheme: "s", from: from, through: through, cumulative: ["1"], into: &sink)
            // Then the rows read are those with counts dated (by their Sunday) in the window, and for
            // indicator 1 every such row up to its end
            let expected = rows.filter { r in
                r.submitted > 0 && r.week.sunday <= through && (r.indicator == "1" || r.week.sunday >= from)
            }
            #expect(Set(sink.rows) == Set(expected))
            #expect(sink.rows.count == expected.count)
            #expect(sink.earliest["s"] == ISOWeek("2018-W40"))
        }
    }

    @Test func aFullReadGivesEveryRowAndSkipsUnknownSchemes() throws {
        let (db, rows) = try Self.randomDatabase(seed: 3)
        var sink = RecordingSink(known: ["s"])
        try db.readCounts(schemes: ["s", "t"], into: &sink)
        #expect(sink.rows == (try db.weeklyCounts(scheme: "s")))
        #expect(sink.rows.count == rows.count)
        var none = RecordingSink(known: [])
        try db.readCounts(schemes: ["s"], into: &none)
        #expect(none.rows.isEmpty)
    }

    @Test func theLatestAndEarliestWeekOfASchemeWithoutRowsAreNil() throws {
        // Given a database with rows of scheme "s" only
        let db = try AppDatabase.inMemory()
        #expect(try db.latestWeek(scheme: "s") == nil)
        _ = try db.store(
            batch("a.csv", [count("u1", "1", "2018-W50", 1, 1), count("u1", "1", "2019-W02", 0, 0)]), now: now)
        // Then "s" has its weeks, and another scheme none
        #expect(try db.latestWeek(scheme: "s") == ISOWeek("2019-W02"))
        #expect(try db.earliestWeek(scheme: "s") == ISOWeek("2018-W50"))
        #expect(try db.latestWeek(scheme: "other") == nil)
        #expect(try db.earliestWeek(scheme: "other") == nil)
    }

    @Test func theLatestWeeksOfEverySchemeAreThoseOfEachSchemeAlone() throws {
        // Given rows of schemes "a", "b" and "s" (with a latest row of no count), and an empty database
        let empty = try AppDatabase.inMemory()
        #expect(try empty.latestWeeks().isEmpty)
        let db = try AppDatabase.inMemory()
        for (scheme, weeks) in [
            ("s", ["2018-W50", "2019-W02"]), ("a", ["2019-W10"]), ("b", ["2017-W01", "2018-W52"]),
        ] {
            let rows = weeks.map {
                WeeklyCount(scheme: scheme, unit: "u1", indicator: "1", week: ISOWeek($0)!, submitted: 0, qualified: 0)
            }
            _ = try db.store(
                ImportBatch(
                    fileName: scheme, sha256: AppDatabase.sha256(Data(scheme.utf8)), kind: .submissions,
                    scheme: scheme, submissions: rows), now: now)
        }
        // When every scheme's latest week is read at once
        let latest = try db.latestWeeks()
        // Then it names the three schemes, each with the week `latestWeek(scheme:)` gives
        #expect(latest == ["a": ISOWeek("2019-W10")!, "b": ISOWeek("2018-W52")!, "s": ISOWeek("2019-W02")!])
        for scheme in ["a", "b", "s"] { #expect(try db.latestWeek(scheme: scheme) == latest[scheme]) }
    }

    @Test func rowsRecordedAndReplayedAreThoseReadDirectly() throws {
        let (db, _) = try Self.randomDatabase(seed: 11)
        let events = [
            DeductionEvent(scheme: "s", unit: "u1", indicator: "4", date: Day(iso: "2018-12-03")!, reason: "x"),
            DeductionEvent(scheme: "s", unit: "u2", indicator: "4", date: Day(iso: "2019-05-30")!, reason: "y"),
        ]
        _ = try db.store(
            ImportBatch(
                fileName: "e.csv", sha256: AppDatabase.sha256(Data("e".utf8)), kind: .events, scheme: "s",
                events: events), now: now)
        let (from, through) = (Day(iso: "2018-12-01")!, Day(iso: "2019-01-31")!)
        // Given a window read into a sink directly, and the same read recorded then replayed into it
        var direct = RecordingSink(known: ["s"])
        try db.readWindow(scheme: "s", from: from, through: through, cumulative: ["2"], into: &direct)
        var recorded = RecordedRows()
        try db.readWindow(scheme: "s", from: from, through: through, cumulative: ["2"], into: &recorded)
        var replayed = RecordingSink(known: ["s"])
        recorded.replay(into: &replayed)
        // Then the sink gets the same rows, events and earliest week in the same order
        #expect(recorded.countRows == direct.rows.count && !direct.rows.isEmpty)
        #expect(replayed.rows == direct.rows)
        #expect(replayed.events == direct.events && direct.events.count == 1)
        #expect(replayed.earliest == direct.earliest && direct.earliest["s"] == ISOWeek("2018-W40"))
        // And a sink that does not know the scheme gets nothing, as from a direct read
        var refusing = RecordingSink(known: ["t"])
        recorded.replay(into: &refusing)
        #expect(refusing.rows.isEmpty && refusing.events.isEmpty && refusing.earliest.isEmpty)
    }

    @Test func theKeptCumulativeCodesAreThoseRegisteredAtImport() throws {
        // Given a database of rows stored without and then with cumulative indicators
        let db = try AppDatabase.inMemory()
        _ = try db.store(batch("a.csv", [count("u1", "1", "2018-W50", 1, 1)]), now: now)
        #expect(try db.keptCumulativeCodes(scheme: "s").isEmpty)
        _ = try db.store(
            batch("b.csv", [count("u1", "3", "2018-W50", 1, 1)]), now: now, cumulative: ["s": ["3", "1"], "t": ["2"]])
        // Then the scheme's kept codes are those registered, sorted; another scheme's are its own
        #expect(try db.keptCumulativeCodes(scheme: "s") == ["1", "3"])
        #expect(try db.keptCumulativeCodes(scheme: "t") == ["2"])
        #expect(try db.keptCumulativeCodes(scheme: "u").isEmpty)
    }

    @Test func aStoredCountThatIsNotAnIntegerIsRefused() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.store(batch("a.csv", [count("u1", "1", "2018-W50", 2, 1)]), now: now)
        try db.writer.write { try $0.execute(sql: "UPDATE submission SET submitted = 'x'") }
        var sink = RecordingSink(known: ["s"])
        #expect(throws: KaoheError.self) { try db.readCounts(schemes: ["s"], into: &sink) }
    }
}

@Suite struct SplitReads {
    /// Random rows of scheme "s" (as `WeeklyReads.randomDatabase`) stored in a database file, opened
    /// read-only as `kaohe build` opens it.
    static func fileDatabase(seed: UInt64) throws -> (AppDatabase, [WeeklyCount], String) {
        let (_, rows) = try WeeklyReads.randomDatabase(seed: seed)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kaohe-split-\(UUID().uuidString).sqlite"
        ).path
        let writer = try AppDatabase.open(path: path)
        _ = try writer.store(batch("a.csv", rows), now: now)
        try writer.close()
        return (try AppDatabase.open(path: path, mode: .readOnly), rows, path)
    }

    static func remove(_ path: String) {
        for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
    }

    @Test func twoConnectionsReadTheEarlierAndTheLaterWeeksWhichTogetherAreEveryRow() throws {
        // Given a database file of 32 weeks of rows of scheme "s", opened read-only
        let (db, _, path) = try Self.fileDatabase(seed: 11)
        defer { Self.remove(path) }
        var whole = RecordingSink(known: ["s"])
        try db.readCounts(schemes: ["s", "unknown"], into: &whole)
        // When its rows are read by two connections
        var early = RecordingSink(known: ["s"])
        var later = RecordingSink(known: ["s"])
        let second = try db.readCounts(schemes: ["s", "unknown"], into: &early, later: &later)
        // Then the second connection read the later half, the earlier half ends before the later half
        // begins, both are in primary-key order, and together they are every row the one connection
        // reads, in its order
        let middle = try #require(later.rows.first?.week)
        #expect(!early.rows.isEmpty && early.rows.allSatisfy { $0.week < middle })
        #expect(later.rows.allSatisfy { $0.week >= middle })
        #expect(second)
        #expect(middle == ISOWeek("2018-W40")!.adding(weeks: 16))
        #expect(early.rows + later.rows == whole.rows)
    }

    @Test func inMemoryOneConnectionReadsBothHalves() throws {
        // Given a database in memory (no second connection can see it)
        let (db, _) = try WeeklyReads.randomDatabase(seed: 12)
        var whole = RecordingSink(known: ["s"])
        try db.readCounts(schemes: ["s"], into: &whole)
        // When its rows are read in two halves, then the halves are still split by week and make every row
        var early = RecordingSink(known: ["s"])
        var later = RecordingSink(known: ["s"])
        let second = try db.readCounts(schemes: ["s"], into: &early, later: &later)
        #expect(!second && !early.rows.isEmpty && !later.rows.isEmpty)
        #expect(early.rows + later.rows == whole.rows)
    }

    @Test func aBadWeekIsReportedAsByTheReadOnOneConnection() throws {
        // Given a database file whose last row has a week that is not a week
        let (db, _, path) = try Self.fileDatabase(seed: 13)
        defer { Self.remove(path) }
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in
            try db.execute(
                sql: """
                    INSERT INTO submission (scheme, unit, indicator, week, week_end, submitted, qualified, import_id)
                    SELECT scheme, unit, indicator, '2019-W99', week_end, submitted, qualified, import_id
                    FROM submission LIMIT 1
                    """)
        }
        try raw.close()
        // When it is read in two halves, then the read fails with the same message as on one connection
        var early = RecordingSink(known: ["s"])
        var later = RecordingSink(known: ["s"])
        let split = try #require(throws: KaoheError.self) {
            try db.readCounts(schemes: ["s"], into: &early, later: &later)
        }
        var whole = RecordingSink(known: ["s"])
        let one = try #require(throws: KaoheError.self) { try db.readCounts(schemes: ["s"], into: &whole) }
        #expect(split.message == one.message)
    }
}
