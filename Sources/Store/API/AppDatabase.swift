import Crypto
import Foundation
import GRDB
import GRDBSQLite
import Indicators

/// The project's SQLite database: submissions, events, target observations, the imports that
/// brought them, the history of corrections and the audit log. The only place with SQL.
public final class AppDatabase: Sendable {
    /// The connection (a pool on disk, a queue in memory).
    let writer: any DatabaseWriter

    /// Wraps a connection and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens the database file at `path`. Read-write (`import`, `demo`): creates the schema in a
    /// new or empty file, in WAL mode, and waits up to `busyTimeout` seconds for another writer.
    /// Read-only (`score`, `targets`, `build`): never writes, works from read-only media, and
    /// refuses a missing or empty file. Either way a file that is not a kaohe database, or one made
    /// by a newer kaohe, is refused before anything is written to it (see `DatabaseCheck`).
    public static func open(path: String, mode: OpenMode = .readWrite, busyTimeout: TimeInterval = 60) throws
        -> AppDatabase
    {
        let state = try DatabaseCheck.inspect(path: path)
        switch mode {
        case .readOnly:
            if state == .missing { throw KaoheError.noDatabase(at: path) }
            if state == .empty {
                throw KaoheError(
                    step: KaoheError.Step.open, path: path,
                    message: "空文件，不是 kaohe 数据库，未作改动 (empty file, not a kaohe database: left untouched)")
            }
            return try openReadOnly(path: path, busyTimeout: busyTimeout)
        case .readWrite:
            return try openReadWrite(path: path, busyTimeout: busyTimeout)
        }
    }

    /// How a command uses the database.
    public enum OpenMode: Sendable { case readWrite, readOnly }

    private static func openReadWrite(path: String, busyTimeout: TimeInterval) throws -> AppDatabase {
        do {
            // A queue that sets WAL itself: GRDB's own WAL set-up writes (creates and drops a table)
            // on every open, and a refused file must leave the database file byte-for-byte as it was.
            var config = configuration()
            config.busyMode = .timeout(busyTimeout)
            config.prepareDatabase { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") != "wal" {
                    throw DatabaseError(message: "无法启用 WAL 日志模式 (could not activate WAL mode)")
                }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Imports of a province's year touch a 50 MB index: keep it in memory (64 MiB).
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            return try AppDatabase(DatabaseQueue(path: path, configuration: config))
        } catch {
            throw KaoheError.plain(error, step: KaoheError.Step.open, path: path)
        }
    }

    /// `mode=ro`, and where even that cannot work (a read-only folder or medium, where SQLite cannot
    /// create the WAL index) `immutable=1`: nobody can write there either.
    private static func openReadOnly(path: String, busyTimeout: TimeInterval) throws -> AppDatabase {
        var firstError: Error?
        for flag in ["mode=ro", "immutable=1"] {
            do {
                var config = configuration()
                config.readonly = true
                config.busyMode = .timeout(busyTimeout)
                let queue = try DatabaseQueue(path: DatabaseCheck.uri(path, flag), configuration: config)
                try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
                return AppDatabase(reader: queue)
            } catch {
                if firstError == nil { firstError = error }
                guard let e = error as? DatabaseError,
                    [.SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_IOERR].contains(e.resultCode)
                else { break }
            }
        }
        throw KaoheError.plain(firstError!, step: KaoheError.Step.open, path: path)
    }

    /// A connection that is only read: no migration.
    private init(reader: DatabaseQueue) { self.writer = reader }

    /// A fresh database in memory (tests, dry runs).
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    /// Closes the connections (on disk: checkpoints the WAL into the file). Later calls fail.
    public func close() throws {
        if let pool = writer as? DatabasePool {
            try pool.close()
        } else if let queue = writer as? DatabaseQueue {
            try queue.close()
        }
    }

    private static func configuration() -> Configuration {
        var c = Configuration()
        c.foreignKeysEnabled = true
        c.label = "kaohe"
        return c
    }

    /// Schema migrations; shipped migrations are never edited, new ones are appended ("v2", …)
    /// and to `DatabaseCheck.migrations`.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE import (
                        id INTEGER PRIMARY KEY,
                        file_name TEXT NOT NULL,
                        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                        imported_at TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('submissions', 'events', 'targets')),
                        scheme TEXT,
                        row_count INTEGER NOT NULL CHECK (row_count >= 0),
                        rows_new INTEGER NOT NULL CHECK (rows_new >= 0),
                        rows_replaced INTEGER NOT NULL CHECK (rows_replaced >= 0),
                        rows_unchanged INTEGER NOT NULL CHECK (rows_unchanged >= 0),
                        outcome TEXT NOT NULL
                    );
                    CREATE INDEX import_sha256 ON import(sha256);
                    CREATE TABLE submission (
                        scheme TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        indicator TEXT NOT NULL,
                        week TEXT NOT NULL CHECK (length(week) = 8),
                        week_end TEXT NOT NULL,
                        submitted INTEGER NOT NULL,
                        qualified INTEGER NOT NULL,
                        import_id INTEGER NOT NULL REFERENCES import(id),
                        PRIMARY KEY (scheme, week, unit, indicator),
                        CHECK (0 <= qualified AND qualified <= submitted)
                    ) WITHOUT ROWID;
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY,
                        scheme TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        indicator TEXT NOT NULL,
                        date TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        count INTEGER NOT NULL CHECK (count >= 0),
                        import_id INTEGER NOT NULL REFERENCES import(id),
                        UNIQUE (scheme, unit, indicator, date, reason)
                    );
                    CREATE TABLE target_observation (
                        id INTEGER PRIMARY KEY,
                        target TEXT NOT NULL,
                        period TEXT NOT NULL,
                        value REAL NOT NULL,
                        import_id INTEGER NOT NULL REFERENCES import(id),
                        UNIQUE (target, period)
                    );
                    CREATE TABLE replaced_value (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('submissions', 'events', 'targets')),
                        scheme TEXT,
                        unit TEXT,
                        indicator TEXT NOT NULL,
                        period TEXT NOT NULL,
                        reason TEXT,
                        old_submitted INTEGER,
                        old_qualified INTEGER,
                        old_value REAL,
                        old_import_id INTEGER NOT NULL REFERENCES import(id),
                        replaced_at TEXT NOT NULL,
                        import_id INTEGER NOT NULL REFERENCES import(id),
                        file_name TEXT NOT NULL
                    );
                    CREATE INDEX replaced_value_scheme ON replaced_value(scheme);
                    CREATE TABLE audit_log (
                        id INTEGER PRIMARY KEY,
                        time TEXT NOT NULL,
                        command TEXT NOT NULL,
                        summary TEXT NOT NULL
                    );
                    """)
        }
        m.registerMigration("v2") { db in
            // The keys of the rows that a cumulative indicator (rule `document`: counted from the
            // scheme's start) has with a count, so that a window's read need not walk the whole key
            // of `submission` up to its end (docs/benchmarks.md, "Wave 2: score").
            try db.execute(
                sql: """
                    CREATE TABLE cumulative_indicator (
                        scheme TEXT NOT NULL,
                        indicator TEXT NOT NULL,
                        PRIMARY KEY (scheme, indicator)
                    ) WITHOUT ROWID;
                    CREATE TABLE cumulative_key (
                        scheme TEXT NOT NULL,
                        indicator TEXT NOT NULL,
                        week TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        PRIMARY KEY (scheme, indicator, week, unit)
                    ) WITHOUT ROWID;
                    """)
        }
        return m
    }

    // MARK: Reads

    /// Every weekly row of a scheme, ordered by week, unit, indicator.
    public func weeklyCounts(scheme: String) throws -> [WeeklyCount] {
        try writer.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT unit, indicator, week, submitted, qualified FROM submission
                    WHERE scheme = ? ORDER BY week, unit, indicator
                    """, arguments: [scheme])
            var out: [WeeklyCount] = []
            var weeks: [String: ISOWeek] = [:]
            while let r = try rows.next() {
                let w: String = r[2]
                let week: ISOWeek
                if let k = weeks[w] {
                    week = k
                } else {
                    guard let k = ISOWeek(w) else {
                        throw KaoheError(
                            step: KaoheError.Step.read, path: db.description, message: "周次“\(w)”无效 (bad week)")
                    }
                    weeks[w] = k
                    week = k
                }
                out.append(
                    WeeklyCount(
                        scheme: scheme, unit: r[0], indicator: r[1], week: week,
                        submitted: try Self.storedCount(r, 3, db), qualified: try Self.storedCount(r, 4, db)))
            }
            return out
        }
    }

    /// The most a stored count is read as. Imports refuse counts over 1,000,000 per cell
    /// (docs/formats.md), but a database written by an older kaohe may hold anything: reading clamps
    /// to 0…10⁹ (as Scoring does), so sums over every row stay far from Int.max.
    public static let storedCountCeiling = 1_000_000_000

    /// Column `index` of a submission or event row as a count: an integer clamped to
    /// 0…`storedCountCeiling`; a value that is not an integer (a damaged database) is refused.
    static func storedCount(_ row: Row, _ index: Int, _ db: Database) throws -> Int {
        guard let value = Int.fromDatabaseValue(row[index] as DatabaseValue) else { throw notInteger(db) }
        return clampedCount(value)
    }

    /// A stored count clamped to 0…`storedCountCeiling`.
    static func clampedCount<Count: BinaryInteger>(_ value: Count) -> Int {
        Int(min(max(value, 0), Count(storedCountCeiling)))
    }

    /// The refusal of a stored count that is not an integer.
    static func notInteger(_ db: Database) -> KaoheError {
        KaoheError(
            step: KaoheError.Step.read, path: db.description,
            message: "数据库中的数量不是整数（数据库已损坏）(a stored count is not an integer: damaged database)")
    }

    /// Every deduction event of a scheme, ordered by date, unit.
    public func events(scheme: String) throws -> [DeductionEvent] {
        try writer.read { db in
            try EventRecord.fetchAll(
                db, sql: "SELECT * FROM event WHERE scheme = ? ORDER BY date, unit, indicator, reason",
                arguments: [scheme]
            ).compactMap { r in
                Day(iso: r.date).map {
                    DeductionEvent(
                        scheme: r.scheme, unit: r.unit, indicator: r.indicator, date: $0, reason: r.reason,
                        count: Self.clampedCount(r.count))
                }
            }
        }
    }

    /// Every target observation, ordered by target and period.
    public func observations() throws -> [TargetObservation] {
        try writer.read { db in
            try TargetObservationRecord.fetchAll(db, sql: "SELECT * FROM target_observation ORDER BY target, period")
                .compactMap { r in
                    ObservationPeriod(r.period).map { TargetObservation(target: r.target, period: $0, value: r.value) }
                }
        }
    }

    /// The distinct weeks that have rows of a scheme, sorted.
    public func weeks(scheme: String) throws -> [ISOWeek] {
        try writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT week FROM submission WHERE scheme = ? ORDER BY week", arguments: [scheme]
            )
            .compactMap(ISOWeek.init)
        }
    }

    /// Every import, oldest first.
    public func imports() throws -> [ImportRecord] {
        try writer.read { db in try ImportRecord.fetchAll(db, sql: "SELECT * FROM import ORDER BY id") }
    }

    /// The history of corrections of a scheme's submissions and events, oldest first.
    public func replacedValues(scheme: String) throws -> [ReplacedValue] {
        try writer.read { db in
            try ReplacedValue.fetchAll(
                db, sql: "SELECT * FROM replaced_value WHERE scheme = ? ORDER BY id", arguments: [scheme])
        }
    }

    /// The history of corrections of target observations, oldest first.
    public func replacedObservations() throws -> [ReplacedValue] {
        try writer.read { db in
            try ReplacedValue.fetchAll(db, sql: "SELECT * FROM replaced_value WHERE kind = 'targets' ORDER BY id")
        }
    }

    /// The audit log, oldest first.
    public func auditLog() throws -> [AuditLogEntry] {
        try writer.read { db in try AuditLogEntry.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id") }
    }

    /// A stable SHA-256 (hex) of every data row (submissions, events, target observations), not of
    /// import times or ids: equal fingerprints mean equal data. SQLite writes each row as one text
    /// (fields separated by U+001F) that is hashed without going through Swift strings.
    public func dataFingerprint() throws -> String {
        try writer.read { db in
            var h = SHA256()
            let sep = "|| char(31) ||"
            for sql in [
                "SELECT 's' \(sep) scheme \(sep) week \(sep) unit \(sep) indicator \(sep) submitted \(sep) qualified FROM submission ORDER BY scheme, week, unit, indicator",
                "SELECT 'e' \(sep) scheme \(sep) unit \(sep) indicator \(sep) date \(sep) reason \(sep) count FROM event ORDER BY scheme, unit, indicator, date, reason",
                "SELECT 't' \(sep) target \(sep) period \(sep) value FROM target_observation ORDER BY target, period",
            ] {
                let statement = try db.makeStatement(sql: sql)
                let st = statement.sqliteStatement
                var newline: UInt8 = 10
                while true {
                    let rc = sqlite3_step(st)
                    if rc == SQLITE_DONE { break }
                    guard rc == SQLITE_ROW else {
                        throw DatabaseError(
                            resultCode: ResultCode(rawValue: rc),
                            message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
                    }
                    if let text = sqlite3_column_text(st, 0) {
                        h.update(
                            bufferPointer: UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(st, 0))))
                    }
                    withUnsafeBytes(of: &newline) { h.update(bufferPointer: $0) }
                }
                sqlite3_reset(st)
            }
            return h.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }

    // MARK: Writes

    /// Records a command that changed the database.
    public func log(command: String, summary: String, now: Date = Date()) throws {
        try writer.write { db in
            var e = AuditLogEntry(id: nil, time: isoTime(now), command: command, summary: summary)
            try e.insert(db)
        }
    }

    /// SHA-256 (hex) of bytes.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// ISO 8601 UTC time with seconds, e.g. `2018-12-03T09:30:00Z`.
func isoTime(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: date)
}
