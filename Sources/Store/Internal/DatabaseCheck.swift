import Foundation
import GRDB
import Indicators

/// What a database path holds, found by reading it only (a read-only connection, no WAL switch).
enum DatabaseState: Equatable {
    /// No file: `import` creates one.
    case missing
    /// A file of 0 bytes, or an SQLite file without any table: `import` gives it the schema.
    case empty
    /// A kaohe database of this version or an older one.
    case kaohe
}

/// The check made before any write: a path given as `--db` must be missing, empty, or a kaohe
/// database (the tables and columns of kaohe's migrations, no other table) whose migrations this
/// kaohe knows. Anything else is refused with the file left byte for byte as it was.
enum DatabaseCheck {
    static func inspect(path: String) throws -> DatabaseState {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { return .missing }
        if isDir.boolValue { throw refusal(at: path, "是一个文件夹，不是数据库 (a folder, not a database)") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw refusal(at: path, "无法读取，请检查文件权限 (cannot read the file)")
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if header.isEmpty { return .empty }
        guard header == Data("SQLite format 3\0".utf8) else {
            throw refusal(at: path, "不是 SQLite 数据库，未作改动 (not an SQLite database: left untouched)")
        }
        let found: Found
        do { found = try read(path) } catch {
            throw KaoheError.plain(error, step: KaoheError.Step.check, path: path)
        }
        if found.tables.isEmpty { return .empty }
        let known = Set(migrations)
        // A database of an older kaohe has the tables of the migrations it applied (an import brings
        // it up to date; a read-only command reads it as it is).
        let expected = try expectedSchema(upTo: migrations.last(where: found.migrations.contains) ?? migrations.last!)
        if let applied = found.tables["grdb_migrations"].map({ _ in found.migrations }),
            known.isSubset(of: Set(applied)), !Set(applied).isSubset(of: known) || found.userVersion > 0
        {
            let newer = applied.filter { !known.contains($0) }
            throw refusal(
                at: path,
                "由较新版本的 kaohe 创建（迁移 \(newer.joined(separator: "、"))，版本 \(found.userVersion)），"
                    + "请使用新版 kaohe；数据库未作改动 (made by a newer kaohe: use that version; left untouched)")
        }
        guard found.tables == expected, found.applicationID == 0,
            Set(found.migrations).isSubset(of: known), found.userVersion == 0
        else {
            let foreign = found.tables.keys.filter { expected[$0] == nil }.sorted()
            let clashing = found.tables.keys.filter { expected[$0] != nil && expected[$0] != found.tables[$0] }.sorted()
            var detail = ""
            if !foreign.isEmpty { detail += "；其他表: \(foreign.prefix(5).joined(separator: ", "))" }
            if !clashing.isEmpty { detail += "；同名但结构不同的表: \(clashing.joined(separator: ", "))" }
            throw refusal(
                at: path,
                "不是 kaohe 数据库（另一个程序的 SQLite 文件\(detail)），未作改动 "
                    + "(not a kaohe database: another application's SQLite file, left untouched)")
        }
        return .kaohe
    }

    /// The migrations this kaohe knows, in order (those of `AppDatabase.migrator`).
    static let migrations = ["v1", "v2"]

    /// `file:` URI of a path with a query such as `mode=ro` (SQLite is built with URI support).
    static func uri(_ path: String, _ query: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?" + query
    }

    private struct Found {
        var tables: [String: [String]] = [:]
        var migrations: [String] = []
        var userVersion = 0
        var applicationID = 0
    }

    /// Tables (with their columns), applied migrations and header numbers, read through a
    /// read-only connection (`immutable=1` when even that cannot open, e.g. on read-only media).
    private static func read(_ path: String) throws -> Found {
        var lastError: Error?
        for flag in ["mode=ro", "immutable=1"] {
            do {
                var config = Configuration()
                config.readonly = true
                config.busyMode = .timeout(10)
                let queue = try DatabaseQueue(path: uri(path, flag), configuration: config)
                defer { try? queue.close() }
                return try queue.read(found)
            } catch let e as DatabaseError
                where [.SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_IOERR].contains(e.resultCode)
            {
                lastError = e
            }
        }
        throw lastError!
    }

    private static func found(_ db: Database) throws -> Found {
        var f = Found()
        f.tables = try tables(db)
        if f.tables["grdb_migrations"] != nil {
            f.migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        f.userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        f.applicationID = try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        return f
    }

    private static func tables(_ db: Database) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for name in try String.fetchAll(
            db,
            sql:
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ) {
            out[name] = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name])
        }
        return out
    }

    /// The tables and columns of a database made by this kaohe up to migration `last` (migrated in memory).
    private static func expectedSchema(upTo last: String) throws -> [String: [String]] {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: last)
        return try queue.read(tables)
    }

    private static func refusal(at path: String, _ message: String) -> KaoheError {
        KaoheError(step: KaoheError.Step.open, path: path, message: message)
    }
}

extension KaoheError {
    /// A database failure in plain words: 被占用 (busy), 磁盘已满 (disk full), 只读 (read-only), …
    public static func plain(_ error: Error, step: String, path: String) -> KaoheError {
        if let e = error as? KaoheError { return e }
        guard let e = error as? DatabaseError else { return KaoheError(step: step, path: path, message: "\(error)") }
        let detail = e.message ?? "\(e.resultCode)"
        let message: String
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            message = "数据库被占用：另一个程序正在写入，等待超时，请稍后再试 (database busy: another program is writing; try again later)"
        case .SQLITE_FULL:
            message = "磁盘已满，数据库未作改动 (disk full: nothing was written)"
        case .SQLITE_READONLY:
            message = "数据库只读，无法写入（只读介质或无写权限）(read-only: cannot write)"
        case .SQLITE_NOTADB:
            message = "不是 SQLite 数据库 (not an SQLite database)"
        case .SQLITE_CORRUPT:
            message = "数据库文件已损坏 (database file is damaged): \(detail)"
        case .SQLITE_CANTOPEN:
            message = "无法打开数据库文件（文件夹不存在或无权限）(cannot open the database file)"
        case .SQLITE_PERM, .SQLITE_AUTH:
            message = "没有权限 (permission denied): \(detail)"
        case .SQLITE_IOERR:
            message = "读写数据库文件出错（磁盘已满或介质故障？）(I/O error): \(detail)"
        default:
            message = detail
        }
        return KaoheError(step: step, path: path, message: message)
    }
}
