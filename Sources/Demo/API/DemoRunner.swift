import Foundation
import Indicators
import Pipeline
import Site
import Store

/// Reads everything the site needs from the database, as `kaohe build` does.
func siteInput(catalog: Catalog, database: AppDatabase) throws -> SiteInput {
    try SiteInput(catalog: catalog, database: database)
}

/// `kaohe demo`: generated data → files → the same import path as `kaohe import` → database → site.
public struct DemoRun {
    public var indicators: URL
    public var templates: URL
    /// Where the generated files are written (emptied first).
    public var dataFolder: URL
    /// The demo's database (replaced).
    public var databasePath: String
    public var out: URL
    public var seed: UInt64
    public var weeks: Int

    public init(
        indicators: URL, templates: URL, dataFolder: URL, databasePath: String, out: URL, seed: UInt64, weeks: Int
    ) {
        self.indicators = indicators
        self.templates = templates
        self.dataFolder = dataFolder
        self.databasePath = databasePath
        self.out = out
        self.seed = seed
        self.weeks = weeks
    }

    /// Runs the named steps in order; `log` receives a line per step and per file.
    public func run(log: (String) -> Void, progress: ((Int, Int) -> Void)? = nil) throws -> BuildReport {
        let catalog = try step("加载方案 (load schemes)") { try CatalogLoader.load(directory: indicators) }
        let files = try step("生成演示数据 (generate data)") {
            try DemoData(catalog: catalog, seed: seed, weeks: weeks).write(to: dataFolder)
        }
        log("生成 \(files.count) 个数据文件于 \(dataFolder.path)")
        let database = try step("新建数据库 (fresh database)") { () -> AppDatabase in
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
            let dir = URL(fileURLWithPath: databasePath).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return try AppDatabase.open(path: databasePath)
        }
        let pipeline = ImportPipeline(catalog: catalog, database: database)
        let today = Day.today()
        var imported = 0
        for f in files {
            let summaries = try step(KaoheError.Step.importing) {
                try pipeline.importFiles([f.url], scheme: f.scheme, today: today, now: Date())
            }
            for s in summaries {
                if s.failed { throw KaoheError(step: KaoheError.Step.importing, message: s.line) }
                log("  " + s.line.replacingOccurrences(of: dataFolder.path + "/", with: "") + "  [\(f.note)]")
            }
            imported += 1
        }
        try database.log(
            command: "kaohe demo --seed \(seed) --weeks \(weeks)",
            summary: "导入 \(imported) 个演示数据文件")
        let input = try step("读取数据 (read database)") { try siteInput(catalog: catalog, database: database) }
        return try step("生成网站 (build site)") {
            try SiteBuilder(input: input, templates: templates).build(into: out, progress: progress)
        }
    }

    private func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw KaoheError.wrapping(error, step: name) }
    }
}
