import Foundation
import GRDB
import GRDBSQLite
import Indicators
import Testing

@testable import Store

/// A temporary folder with helpers to make SQLite files that kaohe did not make.
struct Scratch {
    let dir: URL
    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// An SQLite file made by raw SQL (rollback journal, as most applications leave them).
    func sqlite(_ name: String, _ sql: String) throws -> String {
        let p = path(name)
        let q = try DatabaseQueue(path: p)
        try q.write { try $0.execute(sql: sql) }
        try q.close()
        return p
    }

    /// A kaohe database holding one row, closed.
    func kaohe(_ name: String) throws -> String {
        let p = path(name)
        let db = try AppDatabase.open(path: p)
        _ = try db.store(batch("a.csv", [count("u1", "1", "2018-W49", 3, 2)]), now: now)
        try db.close()
        return p
    }
}

/// Holds SQLite's write lock on a file from another connection, as a second import would.
final class WriteLock: @unchecked Sendable {
    private var handle: OpaquePointer?
    init(_ path: String) throws {
        guard sqlite3_open(path, &handle) == SQLITE_OK,
            sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK
        else {
            throw KaoheError(step: "test", path: path, message: "could not lock")
        }
    }
    func release() {
        sqlite3_exec(handle, "COMMIT", nil, nil, nil)
        sqlite3_close(handle)
        handle = nil
    }
}

@Suite struct ForeignAndNewerDatabases {
    @Test func anotherApplicationsDatabaseIsRefusedWithoutBeingTouched() throws {
        // Given another application's SQLite file (rollback journal)
        let s = try Scratch()
        let p = try s.sqlite(
            "players.db",
            "CREATE TABLE player (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO player (name) VALUES ('a')")
        let before = try #require(s.bytes(p))
        // When kaohe opens it to import, or to read
        for mode in [AppDatabase.OpenMode.readWrite, .readOnly] {
            let e = try #require(throws: KaoheError.self) { try AppDatabase.open(path: p, mode: mode) }
            // Then it is refused, saying why, and the file is byte for byte as it was: no tables, no WAL
            #expect(e.message.contains("不是 kaohe 数据库"), "\(e)")
            #expect(e.message.contains("其他表: player"))
            #expect(e.message.contains("left untouched"))
        }
        #expect(s.bytes(p) == before)
        #expect(!s.exists(p + "-wal"))
        let q = try DatabaseQueue(path: p)
        #expect(try q.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "delete")
        #expect(
            try q.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") } == [
                "player"
            ])
    }

    @Test func collidingTableNamesAreRefusedUnchanged() throws {
        // Given a file whose tables are named like kaohe's but are not kaohe's
        let s = try Scratch()
        let p = try s.sqlite(
            "clash.db",
            "CREATE TABLE import (x TEXT); CREATE TABLE audit_log (y TEXT); INSERT INTO import VALUES ('keep')")
        let before = try #require(s.bytes(p))
        // When opened for an import, then refused naming the clashing tables, and unchanged
        let e = try #require(throws: KaoheError.self) { try AppDatabase.open(path: p) }
        #expect(e.message.contains("同名但结构不同的表: audit_log, import"), "\(e)")
        #expect(s.bytes(p) == before)
        #expect(!s.exists(p + "-wal"))
    }

    @Test func aFileThatIsNotSQLiteIsRefusedUnchanged() throws {
        let s = try Scratch()
        let p = s.path("notes.txt")
        try Data("周次,单位\n".utf8).write(to: URL(fileURLWithPath: p))
        let e = try #require(throws: KaoheError.self) { try AppDatabase.open(path: p) }
        #expect(e.message.contains("不是 SQLite 数据库"))
        #expect(s.bytes(p) == Data("周次,单位\n".utf8))
    }

    @Test func anEmptyFileGetsNoSchemaFromAReadOnlyCommandButOneFromAnImport() throws {
        // Given an empty file
        let s = try Scratch()
        let p = s.path("empty.sqlite")
        _ = FileManager.default.createFile(atPath: p, contents: Data())
        // When a read-only command opens it, then refused and still 0 bytes
        let e = try #require(throws: KaoheError.self) { try AppDatabase.open(path: p, mode: .readOnly) }
        #expect(e.message.contains("空文件"))
        #expect(s.bytes(p) == Data())
        // When an import opens it, then it gets the schema
        let db = try AppDatabase.open(path: p)
        #expect(try db.imports().isEmpty)
        try db.close()
        #expect((s.bytes(p)?.count ?? 0) > 0)
    }

    @Test func aDatabaseOfANewerKaoheIsRefusedSayingSo() throws {
        // Given kaohe databases with a migration this kaohe does not know, and with a higher version
        let s = try Scratch()
        let unknown = try s.kaohe("v2.sqlite")
        let q1 = try DatabaseQueue(path: unknown)
        try q1.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99'); CREATE TABLE later (x)") }
        try q1.close()
        let higher = try s.kaohe("version.sqlite")
        let q2 = try DatabaseQueue(path: higher)
        try q2.write { try $0.execute(sql: "PRAGMA user_version = 7") }
        try q2.close()
        for (p, fragment) in [(unknown, "迁移 v99"), (higher, "版本 7")] {
            let before = try #require(s.bytes(p))
            for mode in [AppDatabase.OpenMode.readWrite, .readOnly] {
                // When opened, then refused with a message that says a newer kaohe made it
                let e = try #require(throws: KaoheError.self) { try AppDatabase.open(path: p, mode: mode) }
                #expect(e.message.contains("由较新版本的 kaohe 创建"), "\(e)")
                #expect(e.message.contains(fragment), "\(e)")
                #expect(e.message.contains("made by a newer kaohe"))
            }
            #expect(s.bytes(p) == before)
        }
    }

    @Test func aKaoheDatabaseOpensInBothModes() throws {
        let s = try Scratch()
        let p = try s.kaohe("k.sqlite")
        let rw = try AppDatabase.open(path: p)
        #expect(try rw.weeklyCounts(scheme: "s").count == 1)
        try rw.close()
        let ro = try AppDatabase.open(path: p, mode: .readOnly)
        #expect(try ro.weeklyCounts(scheme: "s") == [count("u1", "1", "2018-W49", 3, 2)])
    }
}

@Suite struct ReadOnlyAndBusy {
    @Test func aReadOnlyConnectionNeverWritesAndSaysReadOnlyInPlainWords() throws {
        // Given a kaohe database opened read-only
        let s = try Scratch()
        let p = try s.kaohe("k.sqlite")
        let before = try #require(s.bytes(p))
        let ro = try AppDatabase.open(path: p, mode: .readOnly)
        // When something tries to write through it, then it fails, and the message says 只读
        let error = #expect(throws: (any Error).self) { try ro.log(command: "x", summary: "y", now: now) }
        let plain = KaoheError.plain(try #require(error), step: "写入 (write)", path: p)
        #expect(plain.message.contains("只读"), "\(plain)")
        #expect(plain.message.contains("read-only"))
        try ro.close()
        #expect(s.bytes(p) == before)
    }

    @Test func aReadOnlyOpenOfAnImmutableURIWorksWithoutTheWALIndex() throws {
        // Given a kaohe database (WAL) and the URI that the read-only fallback uses on read-only media
        let s = try Scratch()
        let p = try s.kaohe("k.sqlite")
        var config = Configuration()
        config.readonly = true
        // When it is read as immutable (no -shm, no lock), then the rows are there and nothing is created
        let q = try DatabaseQueue(path: DatabaseCheck.uri(p, "immutable=1"), configuration: config)
        #expect(try q.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM submission") } == 1)
        try q.close()
        #expect(!s.exists(p + "-shm"))
        #expect(DatabaseCheck.uri("/a b/k?#%.sqlite", "mode=ro") == "file:/a%20b/k%3F%23%25.sqlite?mode=ro")
    }

    @Test func aBusyDatabaseWaitsForTheLockAndSaysBusyWhenItTimesOut() throws {
        // Given a kaohe database whose write lock another connection holds
        let s = try Scratch()
        let p = try s.kaohe("k.sqlite")
        let lock = try WriteLock(p)
        // When an import waits only briefly, then it fails with 被占用 and nothing is stored
        let impatient = try AppDatabase.open(path: p, busyTimeout: 0.2)
        let error = #expect(throws: (any Error).self) {
            try impatient.store(batch("b.csv", [count("u2", "1", "2018-W49", 1, 1)]), now: now)
        }
        let plain = KaoheError.plain(try #require(error), step: "写入 (store)", path: p)
        #expect(plain.message.contains("数据库被占用"), "\(plain)")
        #expect(plain.message.contains("busy"))
        // When the lock is released while a patient import waits, then the import goes through
        let patient = try AppDatabase.open(path: p, busyTimeout: 60)
        let releaser = Thread {
            usleep(300_000)
            lock.release()
        }
        releaser.start()
        let r = try patient.store(batch("b.csv", [count("u2", "1", "2018-W49", 1, 1)]), now: now)
        #expect(r.committed && r.new == 1)
        #expect(try patient.weeklyCounts(scheme: "s").count == 2)
    }

    @Test func aFullDiskRefusesTheFileWholeAndSaysDiskFull() throws {
        // Given a database that cannot grow (SQLite's page limit: the same SQLITE_FULL as a full disk)
        let s = try Scratch()
        let p = try s.kaohe("k.sqlite")
        let db = try AppDatabase.open(path: p)
        let pages = try #require(try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_count") })
        _ = try db.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA max_page_count = \(pages)") }
        let before = try db.dataFingerprint()
        // When a file of many rows is stored
        let rows = (1...52).flatMap { w in
            (1...200).map { u in count("u\(u)", "1", String(format: "2019-W%02d", w), 2, 1) }
        }
        let error = #expect(throws: (any Error).self) { try db.store(batch("big.csv", rows), now: now) }
        // Then it is refused in plain words, and the database holds what it held
        let plain = KaoheError.plain(try #require(error), step: "写入 (store)", path: p)
        #expect(plain.message.hasPrefix("磁盘已满"), "\(plain)")
        #expect(try db.dataFingerprint() == before)
        #expect(try db.imports().count == 1)
    }

    @Test func diskFullAndOtherCodesHavePlainWords() {
        let full = KaoheError.plain(DatabaseError(resultCode: .SQLITE_FULL), step: "写入 (store)", path: "k.sqlite")
        #expect(full.description == "k.sqlite: 写入 (store): 磁盘已满，数据库未作改动 (disk full: nothing was written)")
        let busy = KaoheError.plain(DatabaseError(resultCode: .SQLITE_BUSY), step: "s", path: "k")
        #expect(busy.message.hasPrefix("数据库被占用"))
        let locked = KaoheError.plain(DatabaseError(resultCode: .SQLITE_LOCKED), step: "s", path: "k")
        #expect(locked.message == busy.message)
    }
}

@Suite struct AuditInTheImportTransaction {
    @Test func theAuditRowIsWrittenWithTheImport() throws {
        let db = try AppDatabase.inMemory()
        let audit = AuditNote(command: "kaohe import a.csv") { "a.csv: 新增 \($0.new) 行" }
        var done = false
        let r = try db.store(fileName: "a.csv", sha256: String(repeating: "0", count: 64), now: now, audit: audit) {
            if done { return .refused }
            done = true
            return .end(batch("a.csv", [count("u1", "1", "2018-W49", 3, 2), count("u2", "1", "2018-W49", 1, 1)]))
        }
        #expect(r?.committed == true)
        #expect(
            try db.auditLog().map { [$0.time, $0.command, $0.summary] } == [
                ["2019-01-31T00:00:00Z", "kaohe import a.csv", "a.csv: 新增 2 行"]
            ])
    }

    @Test func whenTheAuditRowCannotBeWrittenTheImportIsRolledBack() throws {
        // Given a database where writing an audit row fails (as a kill at that moment would stop it)
        let db = try AppDatabase.inMemory()
        try db.writer.write {
            try $0.execute(
                sql: "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no audit'); END")
        }
        let audit = AuditNote(command: "kaohe import a.csv") { _ in "a.csv" }
        // When a file is stored with its audit row, then the store fails and no row of the file is left
        #expect(throws: DatabaseError.self) {
            try db.store(fileName: "a.csv", sha256: String(repeating: "0", count: 64), now: now, audit: audit) {
                .end(batch("a.csv", [count("u1", "1", "2018-W49", 3, 2)]))
            }
        }
        #expect(try db.weeklyCounts(scheme: "s").isEmpty)
        #expect(try db.imports().isEmpty)
        // And a refused or unchanged file writes no audit row either
        try db.writer.write { try $0.execute(sql: "DROP TRIGGER no_audit") }
        _ = try db.store(fileName: "a.csv", sha256: String(repeating: "0", count: 64), now: now, audit: audit) {
            .refused
        }
        #expect(try db.auditLog().isEmpty)
    }
}
