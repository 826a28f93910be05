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
        discussion: "Each file is checked as a whole: a file with any problem is refused and the database is left as it was. The database defaults to \(defaultDatabasePath) in the current folder.")

    @Argument(help: "CSV or .xlsx files.")
    var files: [String] = []

    @Option(help: "Scheme of rows without a 方案 column (e.g. gaoxin-2018).")
    var scheme: String?

    @Option(help: "Week of rows without a 周次 column (YYYY-Www).")
    var week: String?

    @Option(help: "submissions | events | targets (recognised from the header when left out).")
    var kind: String?

    @Flag(help: "Check and count, but write nothing.")
    var dryRun = false

    @Option(help: "The SQLite database.")
    var db: String = defaultDatabasePath

    @Option(help: "Folder of the scheme YAML files.")
    var indicators: String = "indicators"

    func validate() throws {
        if files.isEmpty { throw ValidationError("至少需要一个文件 (give at least one FILE)") }
        if let week, ISOWeek(week) == nil { throw ValidationError("--week 应为 YYYY-Www，而不是“\(week)” (bad week)") }
        if let kind, DataKind(rawValue: kind) == nil {
            throw ValidationError("--kind 应为 submissions、events 或 targets，而不是“\(kind)” (bad kind)")
        }
    }

    func run() throws {
        let catalog = try loadCatalog(indicators)
        if let scheme, catalog.scheme(id: scheme) == nil {
            let near = suggestions(scheme, among: catalog.schemes.map(\.id))
            let message = "未知方案“\(scheme)”" + (near.isEmpty ? "" : "（是否指: \(near.joined(separator: "、"))）") + " (unknown scheme)"
            FileHandle.standardError.write(Data("Error: --scheme: \(message)\n".utf8))
            throw ExitCode.validationFailure
        }
        let existed = FileManager.default.fileExists(atPath: db)
        let database = try AppDatabase.open(path: db)
        let now = Date()
        let today = Day.today(now)
        let pipeline = ImportPipeline(catalog: catalog, database: database)
        let summaries = try pipeline.importFiles(files.map { URL(fileURLWithPath: $0) }, kind: kind.flatMap(DataKind.init),
                                                 scheme: scheme, week: week.flatMap(ISOWeek.init), dryRun: dryRun,
                                                 today: today, now: now)
        var changed: [String] = []
        for s in summaries {
            for w in s.warnings { FileHandle.standardError.write(Data("\(w) [警告 warning]\n".utf8)) }
            if s.failed {
                FileHandle.standardError.write(Data((s.line + "\n").utf8))
            } else {
                print(s.line)
                if case .imported = s.outcome, !dryRun { changed.append(s.line) }
            }
        }
        if !changed.isEmpty {
            let command = (["kaohe"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
            try database.log(command: command, summary: changed.joined(separator: "\n"), now: now)
        }
        // A database this command created but wrote nothing into is not left behind.
        if !existed && (dryRun || !summaries.contains(where: { if case .imported = $0.outcome { true } else { false } })) {
            try? database.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        }
        let bad = summaries.filter(\.failed).count
        if bad > 0 {
            FileHandle.standardError.write(Data("kaohe import: \(bad) 个文件被拒绝，数据库中这些文件的数据未作改动 (\(bad) file(s) refused)\n".utf8))
            throw ExitCode(1)
        }
    }
}
