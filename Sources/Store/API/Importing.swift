import Foundation
import GRDB
import GRDBSQLite
import Indicators

/// SQLite copies the bytes (SQLITE_TRANSIENT).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Binds a string parameter without going through GRDB's value boxing (the import's hot path).
@inline(__always)
private func bind(_ st: SQLiteStatement, _ i: Int32, _ s: String) {
    var s = s
    s.withUTF8 { b in
        if let p = b.baseAddress {
            _ = sqlite3_bind_text(
                st, i, UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self), Int32(b.count), transient)
        } else {
            _ = sqlite3_bind_text(st, i, "", 0, transient)
        }
    }
}

/// The checked rows of one file, ready to be stored.
public struct ImportBatch: Sendable {
    public var fileName: String
    public var sha256: String
    public var kind: ImportKind
    public var scheme: String?
    public var submissions: [WeeklyCount]
    public var events: [DeductionEvent]
    public var observations: [TargetObservation]

    public init(
        fileName: String, sha256: String, kind: ImportKind, scheme: String?,
        submissions: [WeeklyCount] = [], events: [DeductionEvent] = [], observations: [TargetObservation] = []
    ) {
        self.fileName = fileName
        self.sha256 = sha256
        self.kind = kind
        self.scheme = scheme
        self.submissions = submissions
        self.events = events
        self.observations = observations
    }

    public var rowCount: Int { submissions.count + events.count + observations.count }
}

/// What storing a batch did.
public struct ImportResult: Hashable, Sendable {
    public var rows: Int
    public var new: Int
    public var replaced: Int
    public var unchanged: Int
    /// The new import's id; nil when nothing was written (nothing changed, or a dry run).
    public var importID: Int64?
    /// An earlier import of a file with the same SHA-256, if any.
    public var sameFileAs: ImportRecord?
    /// Whether the database changed.
    public var committed: Bool
}

/// The `audit_log` row of an import: the command line, and the summary made from what was stored.
public struct AuditNote {
    public var command: String
    public var summary: (ImportResult) -> String
    public init(command: String, summary: @escaping (ImportResult) -> String) {
        self.command = command
        self.summary = summary
    }
}

/// A piece of a file whose check is still going on (streaming imports).
public enum ImportPiece: Sendable {
    /// Checked weekly rows.
    case rows([WeeklyCount])
    /// The check is over and passed: the rest of the rows and what the file is.
    case end(ImportBatch)
    /// The check found problems: undo everything.
    case refused
}

extension AppDatabase {
    /// Stores a batch in one write transaction: new rows are inserted, rows whose key exists with
    /// other values replace them (the old values go to `replaced_value`), equal rows are counted as
    /// unchanged. When no row is new or replaced, or on a dry run, the transaction is rolled back and
    /// the database is untouched.
    public func store(
        _ batch: ImportBatch, now: Date, dryRun: Bool = false, cumulative: [String: [String]] = [:]
    ) throws -> ImportResult {
        var done = false
        let r = try store(
            fileName: batch.fileName, sha256: batch.sha256, now: now, dryRun: dryRun, cumulative: cumulative
        ) {
            if done { return .refused }
            done = true
            return .end(batch)
        }
        guard let r else {
            throw KaoheError(
                step: KaoheError.Step.store, path: batch.fileName,
                message: "文件被拒绝，数据库未作改动 (refused: nothing was written)")
        }
        return r
    }

    /// Stores a file's rows while its check goes on: `next` gives pieces until `.end` (commit
    /// unless nothing changed or a dry run) or `.refused` (roll back; returns nil). Everything happens
    /// in one write transaction, so a refused file leaves the database as it was. With `audit`, the
    /// `audit_log` row of the import is written in that same transaction (a kill cannot lose it).
    /// `cumulative` names, per scheme id, the indicators counted from the scheme's start
    /// (`Catalog.cumulativeIndicators`): the keys of their rows are kept for windowed reads
    /// (`CumulativeKeys`); without it, reads of indicators not yet registered walk the whole key.
    public func store(
        fileName: String, sha256: String, now: Date, dryRun: Bool = false, audit: AuditNote? = nil,
        cumulative: [String: [String]] = [:], next: () throws -> ImportPiece
    ) throws -> ImportResult? {
        let time = isoTime(now)
        return try writer.writeWithoutTransaction { db in
            var result = ImportResult(
                rows: 0, new: 0, replaced: 0, unchanged: 0, importID: nil, sameFileAs: nil, committed: false)
            result.sameFileAs = try ImportRecord.fetchOne(
                db, sql: "SELECT * FROM import WHERE sha256 = ? ORDER BY id LIMIT 1",
                arguments: [sha256])
            var refused = false
            try db.inTransaction(.immediate) {
                var rec = ImportRecord(
                    id: nil, fileName: fileName, sha256: sha256, importedAt: time,
                    kind: ImportKind.submissions.rawValue, scheme: nil, rowCount: 0,
                    rowsNew: 0, rowsReplaced: 0, rowsUnchanged: 0, outcome: "imported")
                try rec.insert(db)
                let importID = rec.id!
                var w = Writer(db: db, importID: importID, time: time, fileName: fileName)
                try w.prepare()
                var keys = try CumulativeKeys(db: db, registering: cumulative)
                var rows = 0
                pieces: while true {
                    switch try next() {
                    case .rows(let chunk):
                        rows += chunk.count
                        try w.submissions(inKeyOrder(chunk))
                        try keys.note(chunk)
                    case .refused:
                        refused = true
                        return .rollback
                    case .end(let batch):
                        rows += batch.rowCount
                        try w.submissions(inKeyOrder(batch.submissions))
                        try keys.note(batch.submissions)
                        for e in batch.events { try w.event(e) }
                        for o in batch.observations { try w.observation(o) }
                        rec.kind = batch.kind.rawValue
                        rec.scheme = batch.scheme
                        break pieces
                    }
                }
                result.rows = rows
                result.new = w.new
                result.replaced = w.replaced
                result.unchanged = w.unchanged
                if dryRun || w.new + w.replaced == 0 { return .rollback }
                rec.rowCount = rows
                rec.rowsNew = w.new
                rec.rowsReplaced = w.replaced
                rec.rowsUnchanged = w.unchanged
                rec.outcome = w.replaced > 0 ? "corrected" : "imported"
                try rec.update(db)
                result.importID = importID
                result.committed = true
                if let audit {
                    var entry = AuditLogEntry(
                        id: nil, time: time, command: audit.command, summary: audit.summary(result))
                    try entry.insert(db)
                }
                TestHook.pause("KAOHE_TEST_HOOK_BEFORE_COMMIT")
                return .commit
            }
            return refused ? nil : result
        }
    }
}

/// Rows in key order (week, then scheme, unit, indicator), so that the B-tree grows at its end;
/// weekly files come week by week, so this is mostly a check that they are sorted already.
private func inKeyOrder(_ rows: [WeeklyCount]) -> [WeeklyCount] {
    func before(_ a: WeeklyCount, _ b: WeeklyCount) -> Bool {
        if a.week != b.week { return a.week < b.week }
        if a.scheme != b.scheme { return a.scheme < b.scheme }
        if a.unit != b.unit { return a.unit < b.unit }
        return a.indicator < b.indicator
    }
    let sorted = rows.indices.dropFirst().allSatisfy { !before(rows[$0], rows[$0 - 1]) }
    return sorted ? rows : rows.sorted(by: before)
}

/// The hot path of an import: prepared statements reused for every row.
private struct Writer {
    let db: Database
    let importID: Int64
    let time: String
    let fileName: String
    var new = 0, replaced = 0, unchanged = 0
    var selectSubmission: Statement!
    var lastWeek: ISOWeek?
    var fullInsert: Statement?
    var week = "", end = ""

    init(db: Database, importID: Int64, time: String, fileName: String) {
        self.db = db
        self.importID = importID
        self.time = time
        self.fileName = fileName
    }

    mutating func prepare() throws {
        selectSubmission = try db.cachedStatement(
            sql: """
                SELECT submitted, qualified, import_id FROM submission
                WHERE scheme = ? AND unit = ? AND indicator = ? AND week = ?
                """)
    }

    /// Rows per multi-row INSERT: one statement opens its cursors once for many rows.
    static let chunk = 128

    /// `INSERT … VALUES (?1, ?5, ?6, ?2, ?3, ?7, ?8, ?4), (?1, ?9, ?10, ?2, ?3, ?11, ?12, ?4), …` for
    /// `n` rows of one scheme and week: the scheme (?1), the week (?2), its Sunday (?3) and the import
    /// (?4) are bound once per statement; each row binds its unit, indicator and two counts.
    mutating func insertStatement(rows n: Int) throws -> Statement {
        if n == Self.chunk, let full = fullInsert { return full }
        let values = (0..<n).map { k in
            let p = 5 + 4 * k
            return "(?1, ?\(p), ?\(p + 1), ?2, ?3, ?\(p + 2), ?\(p + 3), ?4)"
        }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO submission (scheme, unit, indicator, week, week_end, submitted, qualified, import_id)
                VALUES \(values.joined(separator: ", ")) ON CONFLICT (scheme, week, unit, indicator) DO NOTHING
                """)
        if n == Self.chunk { fullInsert = statement }
        return statement
    }

    mutating func weekStrings(_ w: ISOWeek) -> (String, String) {
        if w != lastWeek {
            lastWeek = w
            (week, end) = (w.description, w.sunday.description)
        }
        return (week, end)
    }

    /// Inserts rows by runs of one scheme and week (at most `chunk` rows each); where a run met
    /// existing keys, each of its rows is compared with what is stored (new in this import,
    /// unchanged, or replaced with history).
    mutating func submissions(_ rows: [WeeklyCount]) throws {
        var start = 0
        while start < rows.count {
            let first = rows[start]
            var n = 1
            while n < Self.chunk, start + n < rows.count, rows[start + n].week == first.week,
                rows[start + n].scheme == first.scheme
            {
                n += 1
            }
            let run = rows[start..<(start + n)]
            if try insert(run) == n {
                new += n
            } else {
                for s in run { try reconcile(s) }
            }
            start += n
        }
    }

    /// Inserts a run of rows of one scheme and week; returns how many keys were new.
    mutating func insert(_ run: ArraySlice<WeeklyCount>) throws -> Int {
        let statement = try insertStatement(rows: run.count)
        let st = statement.sqliteStatement
        sqlite3_reset(st)
        let first = run[run.startIndex]
        let (w, e) = weekStrings(first.week)
        bind(st, 1, first.scheme)
        bind(st, 2, w)
        bind(st, 3, e)
        sqlite3_bind_int64(st, 4, importID)
        var p: Int32 = 5
        for s in run {
            bind(st, p, s.unit)
            bind(st, p + 1, s.indicator)
            sqlite3_bind_int64(st, p + 2, Int64(s.submitted))
            sqlite3_bind_int64(st, p + 3, Int64(s.qualified))
            p += 4
        }
        let rc = sqlite3_step(st)
        guard rc == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(st)
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message, sql: statement.sql)
        }
        let inserted = db.changesCount
        sqlite3_reset(st)
        return inserted
    }

    /// A row of a chunk that met existing keys.
    mutating func reconcile(_ s: WeeklyCount) throws {
        let (week, _) = weekStrings(s.week)
        guard let old = try Row.fetchOne(selectSubmission, arguments: [s.scheme, s.unit, s.indicator, week]) else {
            throw KaoheError(
                step: KaoheError.Step.store, path: fileName,
                message: "写入期间数据行消失: \(s.unit) \(s.indicator) \(week) (row vanished while writing)")
        }
        let (oldSub, oldQual, oldImport): (Int, Int, Int64) = (old[0], old[1], old[2])
        if oldImport == importID {
            new += 1
            return
        }
        if oldSub == s.submitted && oldQual == s.qualified {
            unchanged += 1
            return
        }
        var r = ReplacedValue(
            id: nil, kind: ImportKind.submissions.rawValue, scheme: s.scheme, unit: s.unit, indicator: s.indicator,
            period: week, reason: nil, oldSubmitted: oldSub, oldQualified: oldQual, oldValue: nil,
            oldImportId: oldImport, replacedAt: time, importId: importID, fileName: fileName)
        try r.insert(db)
        try db.execute(
            sql: """
                UPDATE submission SET submitted = ?, qualified = ?, import_id = ?
                WHERE scheme = ? AND week = ? AND unit = ? AND indicator = ?
                """, arguments: [s.submitted, s.qualified, importID, s.scheme, week, s.unit, s.indicator])
        replaced += 1
    }

    mutating func event(_ e: DeductionEvent) throws {
        let date = e.date.description
        if let old = try EventRecord.fetchOne(
            db,
            sql: """
                SELECT * FROM event WHERE scheme = ? AND unit = ? AND indicator = ? AND date = ? AND reason = ?
                """, arguments: [e.scheme, e.unit, e.indicator, date, e.reason])
        {
            if old.count == e.count {
                unchanged += 1
                return
            }
            var r = ReplacedValue(
                id: nil, kind: ImportKind.events.rawValue, scheme: e.scheme, unit: e.unit, indicator: e.indicator,
                period: date, reason: e.reason, oldSubmitted: nil, oldQualified: nil, oldValue: Double(old.count),
                oldImportId: old.importId, replacedAt: time, importId: importID, fileName: fileName)
            try r.insert(db)
            try db.execute(
                sql: "UPDATE event SET count = ?, import_id = ? WHERE id = ?", arguments: [e.count, importID, old.id])
            replaced += 1
        } else {
            var r = EventRecord(
                id: nil, scheme: e.scheme, unit: e.unit, indicator: e.indicator, date: date, reason: e.reason,
                count: e.count, importId: importID)
            try r.insert(db)
            new += 1
        }
    }

    mutating func observation(_ o: TargetObservation) throws {
        let period = o.period.description
        if let old = try TargetObservationRecord.fetchOne(
            db, sql: "SELECT * FROM target_observation WHERE target = ? AND period = ?",
            arguments: [o.target, period])
        {
            if old.value == o.value {
                unchanged += 1
                return
            }
            var r = ReplacedValue(
                id: nil, kind: ImportKind.targets.rawValue, scheme: nil, unit: nil, indicator: o.target,
                period: period, reason: nil, oldSubmitted: nil, oldQualified: nil, oldValue: old.value,
                oldImportId: old.importId, replacedAt: time, importId: importID, fileName: fileName)
            try r.insert(db)
            try db.execute(
                sql: "UPDATE target_observation SET value = ?, import_id = ? WHERE id = ?",
                arguments: [o.value, importID, old.id])
            replaced += 1
        } else {
            var r = TargetObservationRecord(
                id: nil, target: o.target, period: period, value: o.value, importId: importID)
            try r.insert(db)
            new += 1
        }
    }
}
