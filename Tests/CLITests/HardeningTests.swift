import Foundation
import Testing

extension CLI {
    /// Starts `kaohe` without waiting, with extra environment variables; output goes to files.
    func start(_ args: [String], env: [String: String] = [:], asNobody: Bool = false) throws -> Process {
        let p = Process()
        if asNobody {
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            p.arguments = ["-u", "nobody", "--", CLI.binary.path] + args
        } else {
            p.executableURL = CLI.binary
            p.arguments = args
        }
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        p.currentDirectoryURL = CLI.root
        let tag = UUID().uuidString
        _ = FileManager.default.createFile(atPath: path("\(tag).out"), contents: nil)
        _ = FileManager.default.createFile(atPath: path("\(tag).err"), contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: path("\(tag).out"))
        p.standardError = FileHandle(forWritingAtPath: path("\(tag).err"))
        outputs[ObjectIdentifier(p)] = tag
        try p.run()
        return p
    }

    /// Waits for a started process and returns what it printed.
    func finish(_ p: Process) -> Result {
        p.waitUntilExit()
        let tag = outputs[ObjectIdentifier(p)] ?? ""
        return Result(
            status: p.terminationStatus,
            out: String(decoding: bytes(path("\(tag).out")) ?? Data(), as: UTF8.self),
            err: String(decoding: bytes(path("\(tag).err")) ?? Data(), as: UTF8.self))
    }

    /// Runs as the unprivileged user `nobody` when this test runs as root (root ignores permissions).
    func runUnprivileged(_ args: [String]) throws -> Result {
        finish(try start(args, asNobody: getuid() == 0))
    }

    /// Waits (at most 60 s) until a test hook of the child reports `<hook>.ready`.
    func waitForHook(_ hook: String, of p: Process) {
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: hook + ".ready") && p.isRunning {
            usleep(100_000)
        }
    }

    func release(_ hook: String) { _ = FileManager.default.createFile(atPath: hook, contents: Data()) }

    func siblings(of path: String, containing fragment: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        return names.filter { $0.contains(url.lastPathComponent) && $0.contains(fragment) }.sorted()
    }

    /// `sqlite3 PATH SQL`, one answer.
    func sql(_ db: String, _ query: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = ["-readonly", db, query]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let good = fixtures.appendingPathComponent("long.csv").path
    static let other = fixtures.appendingPathComponent("correction.csv").path
    static let bad = fixtures.appendingPathComponent("bad_unknown_unit.csv").path
}

/// Started processes' output files, by process.
nonisolated(unsafe) private var outputs: [ObjectIdentifier: String] = [:]

@Suite(.serialized) struct HardeningTests {
    @Test func aRefusedImportOrADryRunNeverDeletesADatabaseAnotherImportCreatedMeanwhile() throws {
        // Given a refused import into a missing database, paused just before it would finish
        let cli = try CLI()
        let db = cli.path("k.sqlite")
        let hook = cli.path("hook")
        let refused = try cli.start(
            ["import", CLI.bad, "--scheme", "gaoxin-2018", "--db", db],
            env: ["KAOHE_TEST_HOOK_BEFORE_PUBLISH": hook])
        cli.waitForHook(hook, of: refused)
        #expect(!FileManager.default.fileExists(atPath: db))
        // When another import creates and fills that database meanwhile
        let good = try cli.run(["import", CLI.good, "--scheme", "gaoxin-2018", "--db", db])
        #expect(good.status == 0, "\(good.err)")
        let rows = try cli.sql(db, "SELECT count(*) FROM submission")
        #expect(Int(rows) ?? 0 > 0)
        cli.release(hook)
        // Then the refused import ends with exit 1 and the other import's database is still there, whole
        let r = cli.finish(refused)
        #expect(r.status == 1)
        #expect(try cli.sql(db, "SELECT count(*) FROM submission") == rows)
        #expect(cli.siblings(of: db, containing: ".new-").isEmpty)
        // And a dry run into a missing database creates nothing at all
        let fresh = cli.path("fresh.sqlite")
        let dry = try cli.run(["import", CLI.good, "--scheme", "gaoxin-2018", "--db", fresh, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.out.contains("试运行"))
        #expect(cli.siblings(of: fresh, containing: "").isEmpty)
    }

    @Test func twoImportsIntoANewDatabaseAtOnceBothLand() throws {
        // Given an import into a missing database, paused before it publishes the new file
        let cli = try CLI()
        let db = cli.path("k.sqlite")
        let hook = cli.path("hook")
        let first = try cli.start(
            ["import", CLI.good, "--scheme", "gaoxin-2018", "--db", db],
            env: ["KAOHE_TEST_HOOK_BEFORE_PUBLISH": hook])
        cli.waitForHook(hook, of: first)
        // When another import creates the database first
        let second = try cli.run(["import", CLI.other, "--scheme", "gaoxin-2018", "--db", db])
        #expect(second.status == 0, "\(second.err)")
        cli.release(hook)
        // Then the paused one imports into that database instead of replacing it: both files are in
        let r = cli.finish(first)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("导入期间另一个程序建立了此数据库"))
        #expect(
            try cli.sql(
                db, "SELECT group_concat(file_name, ' ') FROM (SELECT file_name FROM import ORDER BY file_name)")
                == "correction.csv long.csv")
        // And each import left its audit row
        #expect(try cli.sql(db, "SELECT count(*) FROM audit_log") == "2")
        #expect(cli.siblings(of: db, containing: ".new-").isEmpty)
    }

    @Test func aBusyDatabaseIsReportedPerFileAndTheOtherFilesAreStillTried() throws {
        // Given a database whose write lock another program holds
        let cli = try CLI()
        let db = cli.path("k.sqlite")
        #expect(try cli.run(["import", CLI.good, "--scheme", "gaoxin-2018", "--db", db]).status == 0)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = [
            "-c",
            """
            import sqlite3, sys, os, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            open(sys.argv[2], 'w').close()
            while not os.path.exists(sys.argv[3]): time.sleep(0.05)
            c.execute('COMMIT')
            """, db, cli.path("locked"), cli.path("unlock"),
        ]
        try holder.run()
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: cli.path("locked")) { usleep(50_000) }
        // When two files are imported with a short wait, then each file is tried and reported as busy
        let r = try cli.run([
            "import", CLI.other, CLI.fixtures.appendingPathComponent("events.csv").path,
            "--scheme", "gaoxin-2018", "--db", db, "--wait", "0.3",
        ])
        _ = FileManager.default.createFile(atPath: cli.path("unlock"), contents: Data())
        holder.waitUntilExit()
        #expect(r.status == 1)
        #expect(r.err.contains("correction.csv: 写入数据库 (store): 数据库被占用"), "\(r.err)")
        #expect(r.err.contains("events.csv: 写入数据库 (store): 数据库被占用"), "\(r.err)")
        #expect(r.err.contains("2 个文件被拒绝"))
        // When the lock is gone, then the same command imports both
        let again = try cli.run([
            "import", CLI.other, CLI.fixtures.appendingPathComponent("events.csv").path,
            "--scheme", "gaoxin-2018", "--db", db,
        ])
        #expect(again.status == 0, "\(again.err)")
        #expect(try cli.sql(db, "SELECT count(*) FROM import") == "3")
    }

    @Test func foreignEmptyAndNewerDatabasesAreRefusedUntouched() throws {
        let cli = try CLI()
        // Given another application's SQLite file
        let foreign = cli.path("app.db")
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        make.arguments = [foreign, "CREATE TABLE player (name TEXT); INSERT INTO player VALUES ('a');"]
        try make.run()
        make.waitUntilExit()
        let before = try #require(cli.bytes(foreign))
        // When imported into, or scored from, then refused saying so, and unchanged
        let imp = try cli.run(["import", CLI.good, "--scheme", "gaoxin-2018", "--db", foreign])
        #expect(imp.status == 1)
        #expect(imp.err.contains("不是 kaohe 数据库"), "\(imp.err)")
        let score = try cli.run(["score", "--scheme", "gaoxin-2018", "--month", "2018-12", "--db", foreign])
        #expect(score.status == 1)
        #expect(score.err.contains("不是 kaohe 数据库"))
        #expect(cli.bytes(foreign) == before)
        #expect(!FileManager.default.fileExists(atPath: foreign + "-wal"))
        // Given an empty file, when read-only commands open it, then refused and still empty
        let empty = cli.path("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        for args in [
            ["targets"], ["score", "--scheme", "gaoxin-2018", "--month", "2018-12"], ["build", "--out", cli.path("o")],
        ] {
            let r = try cli.run(args + ["--db", empty])
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains("空文件"), "\(r.err)")
            #expect(cli.bytes(empty) == Data())
        }
    }

    @Test func scoreTargetsAndBuildWorkFromAReadOnlyFolder() throws {
        // Given a database in a folder this user cannot write (as root: run as nobody)
        let cli = try CLI()
        let dir = cli.path("ro")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let db = dir + "/k.sqlite"
        #expect(try cli.run(["import", CLI.good, "--scheme", "gaoxin-2018", "--db", db]).status == 0)
        let out = cli.path("site")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: cli.folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: out)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir) }
        let listing = try FileManager.default.contentsOfDirectory(atPath: dir)
        // When score, targets and build run, then they work and the folder is as it was
        let score = try cli.runUnprivileged(["score", "--scheme", "gaoxin-2018", "--week", "2018-W50", "--db", db])
        #expect(score.status == 0, "\(score.err)")
        #expect(score.out.contains("市场监管局"))
        let targets = try cli.runUnprivileged(["targets", "--db", db])
        #expect(targets.status == 0, "\(targets.err)")
        let build = try cli.runUnprivileged(["build", "--db", db, "--out", out + "/output"])
        #expect(build.status == 0, "\(build.err)")
        #expect(FileManager.default.fileExists(atPath: out + "/output/index.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == listing)
        // And an import there says 只读 in plain words
        let imp = try cli.runUnprivileged(["import", CLI.other, "--scheme", "gaoxin-2018", "--db", db])
        #expect(imp.status == 1)
        #expect(imp.err.contains("只读") || imp.err.contains("无法打开"), "\(imp.err)")
    }

    @Test func aBuildKilledAnywhereIsCleanedUpAndRecoveredByTheNextBuild() throws {
        // Given a database and a site built from it
        let cli = try CLI()
        let db = cli.path("k.sqlite")
        let out = cli.path("output")
        #expect(try cli.run(["import", CLI.good, "--scheme", "gaoxin-2018", "--db", db]).status == 0)
        #expect(try cli.run(["build", "--db", db, "--out", out]).status == 0)
        let index = try #require(cli.bytes(out + "/index.html"))
        // When a build is killed (-9) with its new site written but not swapped in
        let h1 = cli.path("hook1")
        let b1 = try cli.start(["build", "--db", db, "--out", out], env: ["KAOHE_TEST_HOOK_BEFORE_SWAP": h1])
        cli.waitForHook(h1, of: b1)
        kill(b1.processIdentifier, SIGKILL)
        b1.waitUntilExit()
        #expect(cli.siblings(of: out, containing: ".tmp-").count == 1)
        // And another is killed between the two renames of the swap: no output folder at all
        let h2 = cli.path("hook2")
        let b2 = try cli.start(["build", "--db", db, "--out", out], env: ["KAOHE_TEST_HOOK_BETWEEN_RENAMES": h2])
        cli.waitForHook(h2, of: b2)
        kill(b2.processIdentifier, SIGKILL)
        b2.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(cli.siblings(of: out, containing: ".old-").count == 1)
        // Then the next build recovers the site, removes what the killed builds left, and builds the same site
        let next = try cli.run(["build", "--db", db, "--out", out])
        #expect(next.status == 0, "\(next.err)")
        #expect(next.out.contains("沿用"))
        #expect(cli.bytes(out + "/index.html") == index)
        #expect(cli.siblings(of: out, containing: ".tmp-").isEmpty)
        #expect(cli.siblings(of: out, containing: ".old-").isEmpty)
    }

    @Test func anImportKilledBeforeItsCommitLeavesNothingAndTheNextImportWorks() throws {
        // Given a database holding one file
        let cli = try CLI()
        let db = cli.path("k.sqlite")
        let hook = cli.path("hook")
        #expect(try cli.run(["import", CLI.good, "--scheme", "gaoxin-2018", "--db", db]).status == 0)
        let before = try cli.sql(
            db, "SELECT group_concat(week || unit || indicator || submitted || qualified) FROM submission")
        // When an import is killed (-9) with its rows and audit row written but not committed
        let p = try cli.start(
            ["import", CLI.other, "--scheme", "gaoxin-2018", "--db", db],
            env: ["KAOHE_TEST_HOOK_BEFORE_COMMIT": hook])
        cli.waitForHook(hook, of: p)
        #expect(FileManager.default.fileExists(atPath: hook + ".ready"))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        // Then neither its rows, nor its import, nor its audit row are there
        #expect(
            try cli.sql(db, "SELECT group_concat(week || unit || indicator || submitted || qualified) FROM submission")
                == before)
        #expect(try cli.sql(db, "SELECT count(*) FROM import") == "1")
        #expect(try cli.sql(db, "SELECT count(*) FROM audit_log") == "1")
        // And the same import run again goes through, with its audit row
        let again = try cli.run(["import", CLI.other, "--scheme", "gaoxin-2018", "--db", db])
        #expect(again.status == 0, "\(again.err)")
        #expect(try cli.sql(db, "SELECT count(*) FROM audit_log") == "2")
    }

    @Test func anIdThatWouldLeaveTheSiteIsRefusedByCheck() throws {
        let cli = try CLI()
        for (name, file, fragment) in [
            ("scheme-id-escapes", "mini.yaml:1", "方案编号只能由"),
            ("unit-id-escapes", "units.yaml:8", "单位编号只能由"),
            ("target-id-escapes", "targets.yaml:6", "目标编号只能由"),
        ] {
            let dir = CLI.root.appendingPathComponent("Tests/IndicatorsTests/Fixtures/broken/\(name)").path
            let r = try cli.run(["check", "--indicators", dir])
            #expect(r.status == 1)
            #expect(r.err.contains("\(dir)/\(file): \(fragment)"), "\(r.err)")
        }
    }
}
