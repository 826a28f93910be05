import Foundation
import GRDB
import GRDBSQLite
import Indicators

/// Reads of the weekly rows straight into a `WeeklyRowSink` (the scorer's and the site's index):
/// no array of `WeeklyCount` in between.
extension AppDatabase {
    /// Every weekly row of the schemes (in the order asked) into `sink`, in primary-key order.
    public func readCounts<Sink: WeeklyRowSink>(schemes: [String], into sink: inout Sink) throws {
        try writer.read { db in try Self.readHalf(db, schemes.map { ($0, nil) }, early: true, into: &sink) }
    }

    /// Every weekly row of the schemes, as `readCounts(schemes:into:)` gives them, read by two
    /// connections at once: each scheme's earlier half of weeks into `early` by this connection, its
    /// later half into `later` by a second one on another thread (each in primary-key order; a
    /// scheme's weeks split at the week halfway between its first and its last). The second
    /// connection's rows are used only when it sees the database as this one does: when no write
    /// was committed between the starts of the two reads (`PRAGMA data_version` of the second, taken
    /// before this one's read starts and again when its own starts, is unchanged). Otherwise, and
    /// where no second connection opens (a database in memory), this connection reads the later
    /// weeks too, into `later`, in the same transaction. True when the second connection read them.
    @discardableResult
    public func readCounts<Sink: WeeklyRowSink & Sendable>(
        schemes: [String], into early: inout Sink, later: inout Sink
    ) throws -> Bool {
        guard let second = try? secondReader(), let before = (try? second.read(Self.dataVersion)) ?? nil else {
            try writer.read { db in
                let splits = try Self.splitWeeks(db, schemes: schemes)
                try Self.readHalf(db, splits, early: true, into: &early)
                try Self.readHalf(db, splits, early: false, into: &later)
            }
            return false
        }
        let other = LaterHalf(later)
        let thread = Thread {
            other.started.wait()
            defer { other.done.signal() }
            guard let splits = other.splits else { return other.decide(false) }
            do {
                try second.read { db in
                    let same = try Self.dataVersion(db) == before
                    other.decide(same)
                    if same { try Self.readHalf(db, splits, early: false, into: &other.sink) }
                }
            } catch {
                other.fail(error)
            }
        }
        thread.start()
        do {
            try writer.read { db in
                // The first statements start this read's snapshot; the second connection's starts after it.
                let splits = try Self.splitWeeks(db, schemes: schemes)
                other.splits = splits
                other.started.signal()
                try Self.readHalf(db, splits, early: true, into: &early)
                if !other.decision() { try Self.readHalf(db, splits, early: false, into: &later) }
            }
        } catch {
            if other.splits == nil { other.started.signal() }
            other.done.wait()
            throw error
        }
        other.done.wait()
        guard other.usedSecond else { return false }
        if let e = other.error { throw e }
        later = other.sink
        return true
    }

    /// A second read-only connection to the same file (nil in memory).
    private func secondReader() throws -> DatabaseQueue? {
        let path = writer.path
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file::memory:") else { return nil }
        var config = Configuration()
        config.readonly = true
        config.label = "kaohe (later weeks)"
        config.busyMode = .timeout(60)
        return try DatabaseQueue(path: path, configuration: config)
    }

    private static func dataVersion(_ db: Database) throws -> Int? {
        try Int.fetchOne(db, sql: "PRAGMA data_version")
    }

    /// Each scheme with the first week of its later half; nil where the scheme has no rows or its
    /// first or last week is not a week (then all its rows are the earlier half, and the read reports
    /// the bad week as it always did).
    static func splitWeeks(_ db: Database, schemes: [String]) throws -> [(scheme: String, middle: String?)] {
        try schemes.map { scheme in
            guard let first = try earliestWeek(db, scheme: scheme), let last = try latestWeek(db, scheme: scheme)
            else { return (scheme, nil) }
            let weeks = (last.sunday.ordinal - first.sunday.ordinal) / 7
            return (scheme, first.adding(weeks: (weeks + 1) / 2).description)
        }
    }

    /// The earlier (weeks before the middle) or the later half of each scheme's rows into `sink`; all
    /// of a scheme's rows in the earlier half when it has no middle.
    static func readHalf<Sink: WeeklyRowSink>(
        _ db: Database, _ splits: [(scheme: String, middle: String?)], early: Bool, into sink: inout Sink
    ) throws {
        let columns = "SELECT unit, indicator, week, submitted, qualified FROM submission WHERE scheme = ?"
        for (scheme, middle) in splits {
            guard middle != nil || early, sink.begin(scheme: scheme) else { continue }
            if let middle {
                try readCounts(
                    db, sql: columns + (early ? " AND week < ?" : " AND week >= ?"), arguments: [scheme, middle],
                    into: &sink)
            } else {
                try readCounts(db, sql: columns, arguments: [scheme], into: &sink)
            }
        }
    }

    /// The rows of a scheme that a scoring over the days `from…through` reads, into `sink`: every
    /// indicator's rows dated (by their Sunday) in those days, and for the indicators of
    /// `cumulative` (documents count from the scheme's start) their rows of every week up to
    /// `through`; with the events up to `through`. Rows of zero counts add nothing to any sum and are
    /// not read; the scheme's earliest week is passed on (`noteEarliest`), as roll-ups need it.
    public func readWindow<Sink: WeeklyRowSink>(
        scheme: String, from: Day, through: Day, cumulative: [String],
        into sink: inout Sink
    ) throws {
        guard sink.begin(scheme: scheme) else { return }
        let codes = cumulative.sorted()
        // The first week whose Sunday is not before `from`, the last whose Sunday is not after `through`.
        let lo = from.isoWeek.description
        let hi = (through.isoWeek.sunday <= through ? through.isoWeek : through.isoWeek.adding(weeks: -1)).description
        try writer.read { db in
            if let first = try Self.earliestWeek(db, scheme: scheme) { sink.noteEarliest(week: first) }
            let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
            // The window's weeks through the primary key (scheme, week, …).
            try Self.readCounts(
                db,
                sql: """
                    SELECT unit, indicator, week, submitted, qualified FROM submission
                    WHERE scheme = ? AND week BETWEEN ? AND ? AND submitted > 0 AND indicator NOT IN (\(marks))
                    """, arguments: StatementArguments([scheme, lo, hi] + codes), into: &sink)
            guard !codes.isEmpty else { return }
            // The cumulative indicators from the scheme's start: through the keys kept for them at
            // import where the pair is registered, else a walk of the primary key up to `through`.
            let registered = try Self.registeredCumulative(db, scheme: scheme)
            let keyed = codes.filter(registered.contains)
            let walked = codes.filter { !registered.contains($0) }
            if !keyed.isEmpty { try Self.readKeyedCumulative(db, scheme: scheme, codes: keyed, upTo: hi, into: &sink) }
            if !walked.isEmpty { try Self.walkCumulative(db, scheme: scheme, codes: walked, upTo: hi, into: &sink) }
        }
        for e in try events(scheme: scheme) where e.date <= through { sink.addEvent(e) }
    }

    /// Rows with a count of the cumulative indicators `codes` up to week `hi`, by a walk of the primary key.
    static func walkCumulative<Sink: WeeklyRowSink>(
        _ db: Database, scheme: String, codes: [String], upTo hi: String, into sink: inout Sink
    ) throws {
        let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
        try readCounts(
            db,
            sql: """
                SELECT unit, indicator, week, submitted, qualified FROM submission
                WHERE scheme = ? AND week <= ? AND submitted > 0 AND indicator IN (\(marks))
                """, arguments: StatementArguments([scheme, hi] + codes), into: &sink)
    }

    /// The same rows as `walkCumulative` for registered indicators, through their keys in
    /// `cumulative_key` (a look-up in `submission` per key, whose count is tested again).
    static func readKeyedCumulative<Sink: WeeklyRowSink>(
        _ db: Database, scheme: String, codes: [String], upTo hi: String, into sink: inout Sink
    ) throws {
        let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
        try readCounts(
            db,
            sql: """
                SELECT s.unit, s.indicator, s.week, s.submitted, s.qualified
                FROM cumulative_key AS k CROSS JOIN submission AS s
                WHERE k.scheme = ? AND k.indicator IN (\(marks)) AND k.week <= ?
                    AND s.scheme = k.scheme AND s.week = k.week AND s.unit = k.unit AND s.indicator = k.indicator
                    AND s.submitted > 0
                """, arguments: StatementArguments([scheme] + codes + [hi]), into: &sink)
    }

    /// The indicators of a scheme whose keys are kept (`CumulativeKeys`); none in a database of an
    /// older kaohe that no import has brought up to date.
    static func registeredCumulative(_ db: Database, scheme: String) throws -> Set<String> {
        guard try db.tableExists("cumulative_indicator") else { return [] }
        return try Set(
            String.fetchAll(
                db, sql: "SELECT indicator FROM cumulative_indicator WHERE scheme = ?", arguments: [scheme]))
    }

    /// The latest week with a row of the scheme, nil without rows (one look-up in the primary key).
    public func latestWeek(scheme: String) throws -> ISOWeek? {
        try writer.read { db in try Self.latestWeek(db, scheme: scheme) }
    }

    static func latestWeek(_ db: Database, scheme: String) throws -> ISOWeek? {
        try String.fetchOne(db, sql: "SELECT max(week) FROM submission WHERE scheme = ?", arguments: [scheme])
            .flatMap(ISOWeek.init)
    }

    /// The latest week with a row of every scheme with rows, as `latestWeek(scheme:)` gives it (no
    /// entry where that is nil): the schemes are found by a skip through the primary key, one look-up
    /// per scheme, so that this needs no catalog.
    public func latestWeeks() throws -> [String: ISOWeek] {
        try writer.read { db in
            var out: [String: ISOWeek] = [:]
            var scheme = try String.fetchOne(db, sql: "SELECT min(scheme) FROM submission")
            while let s = scheme {
                out[s] = try Self.latestWeek(db, scheme: s)
                scheme = try String.fetchOne(
                    db, sql: "SELECT min(scheme) FROM submission WHERE scheme > ?", arguments: [s])
            }
            return out
        }
    }

    /// The indicators of `scheme` whose keys the imports keep (`cumulative_indicator`), sorted; none in a
    /// database of an older kaohe. A guess at a scheme's cumulative codes before its file is read.
    public func keptCumulativeCodes(scheme: String) throws -> [String] {
        try writer.read { db in try Self.registeredCumulative(db, scheme: scheme).sorted() }
    }

    /// The earliest week with a row of the scheme, nil without rows.
    public func earliestWeek(scheme: String) throws -> ISOWeek? {
        try writer.read { db in try Self.earliestWeek(db, scheme: scheme) }
    }

    static func earliestWeek(_ db: Database, scheme: String) throws -> ISOWeek? {
        try String.fetchOne(db, sql: "SELECT min(week) FROM submission WHERE scheme = ?", arguments: [scheme]).flatMap(
            ISOWeek.init)
    }

    /// Steps a query of (unit, indicator, week, submitted, qualified) through SQLite's own calls:
    /// at province scale (1.25 M rows) a `Row` per row costs more than the index it fills.
    static func readCounts<Sink: WeeklyRowSink>(
        _ db: Database, sql: String, arguments: StatementArguments,
        into sink: inout Sink
    ) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let st = statement.sqliteStatement
        defer { sqlite3_reset(st) }
        var lastWeekText = ""
        var lastWeek: ISOWeek?
        // Rows come by week, then unit, then indicator: a unit repeats on consecutive rows, and a
        // scheme has few indicators.
        var weeks = RecentTexts(capacity: 1)
        var units = RecentTexts(capacity: 1)
        var indicators = RecentTexts(capacity: 16)
        while true {
            let rc = sqlite3_step(st)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                    sql: sql)
            }
            let w = weeks.text(st, column: 2)
            if w != lastWeekText || lastWeek == nil {
                guard let k = ISOWeek(w) else {
                    throw KaoheError(step: KaoheError.Step.read, path: db.description, message: "周次“\(w)”无效 (bad week)")
                }
                lastWeekText = w
                lastWeek = k
            }
            sink.addCount(
                unit: units.text(st, column: 0), indicator: indicators.text(st, column: 1), week: lastWeek!,
                submitted: try count(st, column: 3, in: db), qualified: try count(st, column: 4, in: db))
        }
    }

    /// A stored count as `storedCount` reads it: integers (and reals, truncated as GRDB does) clamped
    /// to 0…`storedCountCeiling`; anything else is a damaged database.
    private static func count(_ st: OpaquePointer?, column: Int32, in db: Database) throws -> Int {
        let value: Int64
        switch sqlite3_column_type(st, column) {
        case SQLITE_INTEGER:
            value = sqlite3_column_int64(st, column)
        case SQLITE_FLOAT:
            let d = sqlite3_column_double(st, column)
            guard d >= Double(Int64.min), d < Double(Int64.max) else { throw notInteger(db) }
            value = Int64(d)
        default:
            throw notInteger(db)
        }
        return clampedCount(value)
    }
}

/// The texts of one column of the last rows read, so that a value that repeats is not decoded into
/// a new `String` again (and compares fast with the one the sink saw last).
private struct RecentTexts {
    private var bytes: [[UInt8]] = []
    private var texts: [String] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    mutating func text(_ st: OpaquePointer?, column: Int32) -> String {
        guard let p = sqlite3_column_text(st, column) else { return "" }
        let n = Int(sqlite3_column_bytes(st, column))
        for k in 0..<bytes.count where bytes[k].count == n {
            if n == 0 || bytes[k].withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, n) == 0 }) { return texts[k] }
        }
        let raw = UnsafeBufferPointer(start: p, count: n)
        let t = String(decoding: raw, as: UTF8.self)
        if bytes.count < capacity {
            bytes.append(Array(raw))
            texts.append(t)
        } else {
            bytes[next].removeAll(keepingCapacity: true)
            bytes[next].append(contentsOf: raw)
            texts[next] = t
            next = (next + 1) % capacity
        }
        return t
    }
}

/// The later half of a split read (`readCounts(schemes:into:later:)`): what the second connection's
/// thread needs and gives back. Unchecked Sendable: `splits` is written before `started` is
/// signalled, `sink`, `error` and `usedSecond` by the thread before `done` is signalled, and read
/// only after waiting for those.
private final class LaterHalf<Sink: WeeklyRowSink & Sendable>: @unchecked Sendable {
    var sink: Sink
    var splits: [(scheme: String, middle: String?)]?
    var error: (any Error)?
    private(set) var usedSecond = false
    let started = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    private let decided = DispatchSemaphore(value: 0)
    private var decidedOnce = false

    init(_ sink: Sink) { self.sink = sink }

    /// Whether the second connection reads the later half (told once, before it reads).
    func decide(_ second: Bool) {
        guard !decidedOnce else { return }
        decidedOnce = true
        usedSecond = second
        decided.signal()
    }

    /// The second connection failed: before it decided, this connection reads the later half.
    func fail(_ e: any Error) {
        error = e
        decide(false)
    }

    /// Waits for the second connection's decision.
    func decision() -> Bool {
        decided.wait()
        return usedSecond
    }
}
