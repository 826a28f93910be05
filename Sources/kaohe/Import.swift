import ArgumentParser
import Foundation
import Indicators
import Ingest
import Pipeline
import Store

/// `kaohe import FILE…`: reads, checks and stores departments' weekly files (docs/formats.md).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import weekly submissions, deduction events or target observations (CSV or .xlsx).",
        discussion:
            "Each file is checked as a whole: a file with any problem is refused and the database is left as it was. The database defaults to \(defaultDatabasePath) in the current folder."
    )

    @Argument(help: "CSV or .xlsx files.")
    var files: [String] = []

    @Option(help: "Scheme of rows without a 方案 column (e.g. gaoxin-2018).")
    var scheme: String?

    @Option(
        help: "Week of rows without a 周次 column (YYYY-Www).",
        transform: ISOWeek.parsed { "--week 应为 YYYY-Www，而不是“\($0)” (bad week)" })
    var week: ISOWeek?

    @Option(
        help: "submissions | events | targets (recognised from the header when left out).",
        transform: DataKind.parsed { "--kind 应为 submissions、events 或 targets，而不是“\($0)” (bad kind)" })
    var kind: DataKind?

    @Flag(help: "Check and count, but write nothing.")
    var dryRun = false

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Seconds to wait for another import that is writing to the database.")
    var wait: Double = 60

    func validate() throws {
        if files.isEmpty { throw ValidationError("至少需要一个文件 (give at least one FILE)") }
    }

    func run() throws {
        let catalog = try options.catalog.loadCatalog()
        if let scheme, catalog.scheme(id: scheme) == nil {
            throw Refusal.usage(KaoheError.unknownScheme(scheme, in: catalog).description)
        }
        let now = Date()
        let run = Run(
            catalog: catalog, urls: files.map { URL(fileURLWithPath: $0) }, kind: kind,
            scheme: scheme, week: week, dryRun: dryRun, now: now,
            command: (["kaohe"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        let summaries: [FileSummary]
        if FileManager.default.fileExists(atPath: options.db) {
            summaries = try run.into(openForImport(options.db))
        } else if dryRun {
            // Nothing is written on a dry run: a missing database stays missing.
            summaries = try run.into(AppDatabase.inMemory())
        } else {
            summaries = try importIntoNewDatabase(run)
        }
        for s in summaries {
            for w in s.warnings { FileHandle.standardError.write(Data("\(w) [警告 warning]\n".utf8)) }
            if s.failed {
                FileHandle.standardError.write(Data((s.line + "\n").utf8))
            } else {
                print(s.line)
            }
        }
        let bad = summaries.filter(\.failed).count
        if bad > 0 {
            throw Refusal.failure("\(bad) 个文件被拒绝，数据库中这些文件的数据未作改动 (\(bad) file(s) refused)", command: "import")
        }
    }
}

extension Import {
    /// One import's files and options, run against a database.
    struct Run {
        let catalog: Catalog
        let urls: [URL]
        let kind: DataKind?
        let scheme: String?
        let week: ISOWeek?
        let dryRun: Bool
        let now: Date
        let command: String

        func into(_ database: AppDatabase) throws -> [FileSummary] {
            try ImportPipeline(catalog: catalog, database: database)
                .importFiles(
                    urls, kind: kind, scheme: scheme, week: week, dryRun: dryRun, today: Day.today(now), now: now,
                    command: dryRun ? nil : command)
        }
    }

    func openForImport(_ path: String) throws -> AppDatabase {
        try options.open(path: path, mode: .readWrite, busyTimeout: wait)
    }

    /// A missing database is built under a name of this process's own beside it and published by a
    /// hard link, which fails when the path exists: a database another process created meanwhile is
    /// never replaced, and no file but this process's own is ever deleted. When nothing was
    /// imported, the database is not published at all. When another import created the database
    /// meanwhile, the files are imported again, into that one.
    func importIntoNewDatabase(_ run: Run) throws -> [FileSummary] {
        let db = options.db
        let target = URL(fileURLWithPath: db)
        let own = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            .path
        func removeOwn() { for suffix in ["", "-wal", "-shm"] { unlink(own + suffix) } }
        let database = try openForImport(own)
        let summaries: [FileSummary]
        do {
            summaries = try run.into(database)
            try database.close()
            TestHook.pause("KAOHE_TEST_HOOK_BEFORE_PUBLISH")
        } catch {
            removeOwn()
            throw error
        }
        let imported = summaries.contains { if case .imported = $0.outcome { true } else { false } }
        guard imported else {
            removeOwn()
            return summaries
        }
        if FileManager.default.fileExists(atPath: own + "-wal") {
            throw Refusal.failure("\(own): 数据库未能完整写入磁盘，已保留此文件 (the new database was not settled: kept at this path)")
        }
        if link(own, db) == 0 {
            removeOwn()
            return summaries
        }
        let error = errno
        if error != EEXIST && !FileManager.default.fileExists(atPath: db) && rename(own, db) == 0 { return summaries }
        removeOwn()
        guard error == EEXIST || FileManager.default.fileExists(atPath: db) else {
            throw Refusal.failure("\(db): 无法建立数据库文件 (cannot create the database): \(String(cString: strerror(error)))")
        }
        FileHandle.standardError.write(
            Data("\(db): 导入期间另一个程序建立了此数据库，改为导入到该数据库 (created meanwhile by another program: importing into it)\n".utf8))
        return try run.into(openForImport(db))
    }
}
