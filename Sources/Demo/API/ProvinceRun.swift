import Charts
import Foundation
import Indicators
import Pipeline
import Site
import Store

/// The synthetic province end to end (`kaohe demo --scale province`, and the benchmark):
/// its indicators folder, a CSV of every week, the import, the site.
public struct ProvinceRun {
    public var workFolder: URL
    public var databasePath: String
    public var out: URL
    public var templates: URL
    public var weeks: Int

    public init(workFolder: URL, databasePath: String, out: URL, templates: URL, weeks: Int = 104) {
        self.workFolder = workFolder
        self.databasePath = databasePath
        self.out = out
        self.templates = templates
        self.weeks = weeks
    }

    /// Seconds each step took.
    public struct Timings: Sendable {
        public var generate = 0.0, importing = 0.0, build = 0.0
        public var rows = 0
        public var report: BuildReport?
    }

    public var indicatorsFolder: URL { workFolder.appendingPathComponent("indicators") }

    /// Writes the indicators and the CSV of weeks `0..<weeks`; returns the CSV and its row count.
    public func generate() throws -> (URL, Int) {
        let data = ProvinceData(weeks: weeks)
        try FileManager.default.createDirectory(at: workFolder, withIntermediateDirectories: true)
        try data.writeIndicators(to: indicatorsFolder)
        let csv = workFolder.appendingPathComponent("province-2019_全部周次.csv")
        let rows = try data.writeCSV(to: csv, weeks: 0..<weeks)
        return (csv, rows)
    }

    /// Imports `files` into the database at `databasePath` through the import path of `kaohe import`.
    public func importFiles(_ files: [URL], catalog: Catalog, fresh: Bool) throws -> [FileSummary] {
        if fresh { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + s) } }
        let database = try AppDatabase.open(path: databasePath)
        let summaries = try ImportPipeline(catalog: catalog, database: database)
            .importFiles(files, today: Day(iso: "2030-01-01")!, now: Date())
        if let bad = summaries.first(where: \.failed) {
            throw KaoheError(step: KaoheError.Step.importing, message: bad.line)
        }
        return summaries
    }

    /// Builds the site from the database, opened read-only as `kaohe build` opens it (a read-write
    /// connection keeps up to 64 MiB of pages for imports: the whole province's once it is read).
    public func build(catalog: Catalog, progress: ((Int, Int) -> Void)? = nil) throws -> BuildReport {
        let database = try AppDatabase.open(path: databasePath, mode: .readOnly)
        let input = try siteInput(catalog: catalog, database: database)
        return try SiteBuilder(input: input, templates: templates).build(into: out, progress: progress)
    }

    public func run(log: (String) -> Void, progress: ((Int, Int) -> Void)? = nil) throws -> BuildReport {
        var t = Date()
        let (csv, rows) = try generate()
        log(String(format: "生成全省数据: %d 行, %.1f 秒", rows, Date().timeIntervalSince(t)))
        let catalog = try CatalogLoader.load(directory: indicatorsFolder)
        t = Date()
        for s in try importFiles([csv], catalog: catalog, fresh: true) { log(s.line) }
        log(String(format: "导入: %.1f 秒", Date().timeIntervalSince(t)))
        // The import's buffers (the CSV's rows, SQLite's page cache of the read-write connection) are
        // freed, but glibc keeps their pages, partly in arenas of threads the build does not use.
        ResidentMemory.trimHeap()
        t = Date()
        let report = try build(catalog: catalog, progress: progress)
        log(String(format: "生成网站: %.1f 秒", Date().timeIntervalSince(t)))
        return report
    }
}
