import Foundation
import GRDB
import Indicators
import Testing

@testable import Store

/// The keys of cumulative rows (`cumulative_key`, migration v2): a windowed read through them gives
/// exactly the rows of the walk of the primary key that they spare, whatever imports did before.
@Suite struct CumulativeKeyReads {
    static let cumulative = ["s": ["1", "3"], "t": ["2"]]

    /// Rows of schemes "s" and "t" over 2018-W40 … 2019-W17 (units u0…u7, indicators 1…4), about a
    /// third of them zero.
    static func randomRows(_ rng: inout SplitMix64, count n: Int) -> [WeeklyCount] {
        let first = ISOWeek("2018-W40")!
        var byKey: [String: WeeklyCount] = [:]
        for _ in 0..<n {
            let scheme = rng.next() % 3 == 0 ? "t" : "s"
            let unit = "u\(rng.next() % 8)"
            let indicator = "\(1 + rng.next() % 4)"
            let week = first.adding(weeks: Int(rng.next() % 30))
            let sub = rng.next() % 3 == 0 ? 0 : Int(1 + rng.next() % 5)
            let qual = sub == 0 ? 0 : Int(rng.next() % UInt64(sub + 1))
            byKey["\(scheme) \(unit) \(indicator) \(week)"] = WeeklyCount(
                scheme: scheme, unit: unit, indicator: indicator, week: week, submitted: sub, qualified: qual)
        }
        return Array(byKey.values)
    }

    static func key(_ r: WeeklyCount) -> String { "\(r.scheme) \(r.unit) \(r.indicator) \(r.week)" }

    /// What `sink` got from a read of `scheme`'s rows of `codes` up to `hi`, by keys or by the walk.
    static func read(_ db: AppDatabase, scheme: String, codes: [String], upTo hi: ISOWeek, keyed: Bool) throws
        -> [WeeklyCount]
    {
        var sink = RecordingSink(known: [scheme])
        _ = sink.begin(scheme: scheme)
        try db.writer.read { d in
            if keyed {
                try AppDatabase.readKeyedCumulative(d, scheme: scheme, codes: codes, upTo: hi.description, into: &sink)
            } else {
                try AppDatabase.walkCumulative(d, scheme: scheme, codes: codes, upTo: hi.description, into: &sink)
            }
        }
        return sink.rows
    }

    static func registered(_ db: AppDatabase, _ scheme: String) throws -> Set<String> {
        try db.writer.read { try AppDatabase.registeredCumulative($0, scheme: scheme) }
    }

    @Test func readsThroughTheKeysEqualTheWalkAfterRandomImportsAndCorrections() throws {
        for seed in UInt64(1)...6 {
            // Given random imports that insert, correct (to and from zero) and repeat rows; the first
            // ones without the cumulative indicators (an older kaohe, or a rule changed later)
            var rng = SplitMix64(seed: seed)
            let db = try AppDatabase.inMemory()
            var model: [String: WeeklyCount] = [:]
            for k in 0..<8 {
                let rows = Self.randomRows(&rng, count: 150)
                let cumulative = k < Int(seed % 3) ? [:] : Self.cumulative
                let r = try db.store(
                    ImportBatch(
                        fileName: "\(k).csv", sha256: AppDatabase.sha256(Data("\(seed)-\(k)".utf8)),
                        kind: .submissions, scheme: nil, submissions: rows),
                    now: now, cumulative: cumulative)
                if r.committed { for row in rows { model[Self.key(row)] = row } }
            }
            #expect(try Self.registered(db, "s") == ["1", "3"])
            #expect(try Self.registered(db, "t") == ["2"])
            for (scheme, codes) in Self.cumulative {
                for w in stride(from: -2, through: 32, by: 3) {
                    // When the rows up to a week are read through the keys and by the walk
                    let hi = ISOWeek("2018-W40")!.adding(weeks: w)
                    let keyed = try Self.read(db, scheme: scheme, codes: codes, upTo: hi, keyed: true)
                    let walked = try Self.read(db, scheme: scheme, codes: codes, upTo: hi, keyed: false)
                    // Then both are the rows stored last with a count, no row twice
                    let expected = model.values.filter {
                        $0.scheme == scheme && codes.contains($0.indicator) && $0.week <= hi && $0.submitted > 0
                    }
                    #expect(Set(keyed) == Set(expected), "seed \(seed) \(scheme) \(hi)")
                    #expect(keyed.count == expected.count)
                    #expect(Set(walked) == Set(expected))
                }
            }
        }
    }

    @Test func aWindowedReadGivesTheSameRowsWithAndWithoutKeys() throws {
        // Given the same rows in a database with registered keys and in one without
        var rng = SplitMix64(seed: 42)
        let rows = Self.randomRows(&rng, count: 900)
        let keyed = try AppDatabase.inMemory()
        let plain = try AppDatabase.inMemory()
        let b = ImportBatch(
            fileName: "a.csv", sha256: AppDatabase.sha256(Data("a".utf8)), kind: .submissions, scheme: nil,
            submissions: rows)
        _ = try keyed.store(b, now: now, cumulative: Self.cumulative)
        _ = try plain.store(b, now: now)
        #expect(try Self.registered(plain, "s").isEmpty)
        for _ in 0..<30 {
            // When a random window is read from both
            let from = Day(iso: "2018-09-20")!.adding(days: Int(rng.next() % 230))
            let through = from.adding(days: Int(rng.next() % 100) - 10)
            for scheme in ["s", "t"] {
                var a = RecordingSink(known: [scheme])
                var z = RecordingSink(known: [scheme])
                let codes = Self.cumulative[scheme]!
                try keyed.readWindow(scheme: scheme, from: from, through: through, cumulative: codes, into: &a)
                try plain.readWindow(scheme: scheme, from: from, through: through, cumulative: codes, into: &z)
                // Then the rows are the same, and those the window reads
                #expect(Set(a.rows) == Set(z.rows))
                #expect(a.rows.count == z.rows.count)
                let expected = rows.filter { r in
                    r.scheme == scheme && r.submitted > 0 && r.week.sunday <= through
                        && (codes.contains(r.indicator) || r.week.sunday >= from)
                }
                #expect(Set(a.rows) == Set(expected))
            }
        }
    }

    @Test func aCorrectionToZeroAndBackIsReadAsStored() throws {
        // Given a document row stored as 0, then corrected to 2, then back to 0, then to 1
        let db = try AppDatabase.inMemory()
        let week = ISOWeek("2018-W50")!
        var seen: [[WeeklyCount]] = []
        for (k, sub) in [0, 2, 0, 1].enumerated() {
            _ = try db.store(
                batch("\(k).csv", [count("u1", "1", "2018-W50", sub, sub), count("u2", "2", "2018-W50", 1, 1)]),
                now: now, cumulative: ["s": ["1"]])
            // When indicator 1 is read through its keys after each import
            seen.append(try Self.read(db, scheme: "s", codes: ["1"], upTo: week, keyed: true))
        }
        // Then each read gives what was stored last, and the corrections are in the history
        #expect(seen[0].isEmpty)
        #expect(seen[1] == [count("u1", "1", "2018-W50", 2, 2)])
        #expect(seen[2].isEmpty)
        #expect(seen[3] == [count("u1", "1", "2018-W50", 1, 1)])
        #expect(try db.replacedValues(scheme: "s").map(\.oldSubmitted) == [0, 2, 0])
        // And the key outlived its count of 0 (the read tests the count again): one key only
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM cumulative_key") } == 1)
    }

    @Test func aSchemeWithoutRowsReadsNothingThroughItsKeys() throws {
        // Given indicators registered for scheme "e", whose rows were never imported
        let db = try AppDatabase.inMemory()
        _ = try db.store(
            batch("a.csv", [count("u1", "1", "2018-W50", 3, 2)]), now: now, cumulative: ["e": ["1"], "s": ["1"]])
        #expect(try Self.registered(db, "e") == ["1"])
        // When "e" is read, then nothing comes, and its earliest week is not known
        var sink = RecordingSink(known: ["e"])
        try db.readWindow(
            scheme: "e", from: Day(iso: "2018-01-01")!, through: Day(iso: "2019-12-31")!, cumulative: ["1"],
            into: &sink)
        #expect(sink.rows.isEmpty)
        #expect(sink.earliest["e"] == nil)
        // And "s" still reads its row
        #expect(
            try Self.read(db, scheme: "s", codes: ["1"], upTo: ISOWeek("2019-W01")!, keyed: true) == [
                count("u1", "1", "2018-W50", 3, 2)
            ])
    }

    @Test func aRegisteredIndicatorKeepsItsKeysWhenALaterImportNoLongerNamesIt() throws {
        // Given indicator 1 registered, then imports that do not name it (its rule changed to quota)
        let db = try AppDatabase.inMemory()
        _ = try db.store(batch("a.csv", [count("u1", "1", "2018-W50", 1, 1)]), now: now, cumulative: ["s": ["1"]])
        _ = try db.store(
            batch("b.csv", [count("u2", "1", "2018-W51", 2, 1), count("u1", "1", "2018-W50", 4, 4)]), now: now)
        // When it is read through its keys (the rule changed back), then the later rows are there too
        let hi = ISOWeek("2019-W10")!
        let keyed = try Self.read(db, scheme: "s", codes: ["1"], upTo: hi, keyed: true)
        #expect(Set(keyed) == [count("u1", "1", "2018-W50", 4, 4), count("u2", "1", "2018-W51", 2, 1)])
        #expect(Set(keyed) == Set(try Self.read(db, scheme: "s", codes: ["1"], upTo: hi, keyed: false)))
    }

    @Test func aDryRunOrARefusedImportRegistersNothing() throws {
        // Given rows stored without cumulative indicators
        let db = try AppDatabase.inMemory()
        _ = try db.store(batch("a.csv", [count("u1", "1", "2018-W50", 1, 1)]), now: now)
        // When a dry run and a refused import name indicator 1 as cumulative
        _ = try db.store(
            batch("b.csv", [count("u2", "1", "2018-W50", 1, 1)]), now: now, dryRun: true, cumulative: ["s": ["1"]])
        let refused = try db.store(
            fileName: "c.csv", sha256: String(repeating: "c", count: 64), now: now,
            cumulative: ["s": ["1"]]
        ) { .refused }
        // Then nothing is registered, and reads of indicator 1 walk the primary key
        #expect(refused == nil)
        #expect(try Self.registered(db, "s").isEmpty)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM cumulative_key") } == 0)
    }
}

@Suite struct OlderDatabases {
    /// A database on disk with only migration v1, as kaohe made them before v2, with rows.
    static func versionOne(_ s: Scratch) throws -> String {
        let p = s.path("v1.sqlite")
        let q = try DatabaseQueue(path: p)
        try AppDatabase.migrator.migrate(q, upTo: "v1")
        try q.write { d in
            try d.execute(
                sql: """
                    INSERT INTO import VALUES (1, 'a.csv', '\(String(repeating: "a", count: 64))', '2019-01-01T00:00:00Z',
                        'submissions', 's', 3, 3, 0, 0, 'imported');
                    INSERT INTO submission VALUES ('s', 'u1', '1', '2018-W50', '2018-12-16', 2, 1, 1);
                    INSERT INTO submission VALUES ('s', 'u2', '1', '2018-W51', '2018-12-23', 0, 0, 1);
                    INSERT INTO submission VALUES ('s', 'u2', '2', '2018-W51', '2018-12-23', 5, 5, 1);
                    """)
        }
        try q.close()
        return p
    }

    @Test func aVersionOneDatabaseIsReadAsItIsAndBroughtUpToDateByAnImport() throws {
        // Given a database of an older kaohe (migration v1 only)
        let s = try Scratch()
        let p = try Self.versionOne(s)
        let before = try #require(s.bytes(p))
        // When a read-only command reads a window with indicator 1 cumulative
        let ro = try AppDatabase.open(path: p, mode: .readOnly)
        var sink = RecordingSink(known: ["s"])
        try ro.readWindow(
            scheme: "s", from: Day(iso: "2019-01-01")!, through: Day(iso: "2019-01-31")!, cumulative: ["1"],
            into: &sink)
        try ro.close()
        // Then it reads the rows by the walk, and the file is untouched
        #expect(sink.rows == [count("u1", "1", "2018-W50", 2, 1)])
        #expect(s.bytes(p) == before)
        // When an import opens it and stores a row, naming indicator 1 as cumulative
        let rw = try AppDatabase.open(path: p)
        #expect(
            try rw.writer.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") } == [
                "v1", "v2",
            ])
        _ = try rw.store(batch("b.csv", [count("u3", "1", "2019-W01", 1, 1)]), now: now, cumulative: ["s": ["1"]])
        // Then the rows stored before have their keys too
        let hi = ISOWeek("2019-W05")!
        let keyed = try CumulativeKeyReads.read(rw, scheme: "s", codes: ["1"], upTo: hi, keyed: true)
        #expect(Set(keyed) == [count("u1", "1", "2018-W50", 2, 1), count("u3", "1", "2019-W01", 1, 1)])
        try rw.close()
    }
}
