import Foundation
import Indicators
import Pipeline
import Scoring
import Site
import Store

/// `kaohe bench`: the speed and memory goals, measured in one run and printed as figures.
///
/// - import of the province CSV (2,000 units × 103 weeks × 6 indicators) next to
///   `sqlite3 DB '.mode csv' '.import FILE t'` of the same file;
/// - scoring one month of the province from the database's counts;
/// - the full province site, then one more week imported and the site rebuilt;
/// - the demo site (built from the demo database, then rebuilt unchanged);
/// - peak resident memory of the process (VmHWM).
public struct SiteBenchmark {
    public var workFolder: URL
    public var templates: URL
    public var indicators: URL
    public var weeks: Int

    public init(workFolder: URL, templates: URL, indicators: URL, weeks: Int = 104) {
        self.workFolder = workFolder; self.templates = templates; self.indicators = indicators; self.weeks = weeks
    }

    /// Runs every measure; `print` receives each line as soon as it is known.
    public func run(print: (String) -> Void) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: workFolder)
        try fm.createDirectory(at: workFolder, withIntermediateDirectories: true)
        let clock = ContinuousClock()

        // The demo site.
        let demoOut = workFolder.appendingPathComponent("demo-site")
        let demo = DemoRun(indicators: indicators, templates: templates, dataFolder: workFolder.appendingPathComponent("demo-data"),
                           databasePath: workFolder.appendingPathComponent("demo.sqlite").path, out: demoOut, seed: 2018, weeks: 30)
        let tDemo = try clock.measure { _ = try demo.run(log: { _ in }) }
        let catalog = try CatalogLoader.load(directory: indicators)
        let demoDB = try AppDatabase.open(path: demo.databasePath)
        let demoInput = try siteInput(catalog: catalog, database: demoDB)
        try? fm.removeItem(at: demoOut)
        var demoReport: BuildReport?
        let tDemoSite = try clock.measure {
            demoReport = try SiteBuilder(input: demoInput, templates: templates).build(into: demoOut)
        }
        var demoReuse: BuildReport?
        let tDemoRebuild = try clock.measure {
            demoReuse = try SiteBuilder(input: demoInput, templates: templates).build(into: demoOut)
        }
        print("demo (zone, districts, news; 30 weeks):")
        print("  kaohe demo end to end:          \(s(tDemo)) s")
        print("  demo site, full build:          \(s(tDemoSite)) s  (\(demoReport!.pagesDrawn) pages, \(demoReport!.chartsDrawn) charts, \(demoReport!.documentsDrawn) PDFs)   goal < 1 s")
        print("  demo site, rebuild unchanged:   \(s(tDemoRebuild)) s  (\(demoReuse!.chartsReused) charts reused)")

        // The province.
        let province = ProvinceRun(workFolder: workFolder.appendingPathComponent("province"),
                                   databasePath: workFolder.appendingPathComponent("province.sqlite").path,
                                   out: workFolder.appendingPathComponent("province-site"), templates: templates, weeks: weeks)
        let data = ProvinceData(weeks: weeks)
        try fm.createDirectory(at: province.workFolder, withIntermediateDirectories: true)
        try data.writeIndicators(to: province.indicatorsFolder)
        let bulk = province.workFolder.appendingPathComponent("weeks-1-\(weeks - 1).csv")
        let last = province.workFolder.appendingPathComponent("week-\(weeks).csv")
        let rows = try data.writeCSV(to: bulk, weeks: 0..<(weeks - 1))
        let lastRows = try data.writeCSV(to: last, weeks: (weeks - 1)..<weeks)
        let size = (try? fm.attributesOfItem(atPath: bulk.path)[.size] as? Int) ?? 0
        let pcat = try CatalogLoader.load(directory: province.indicatorsFolder)
        print("province (16 cities, \(data.unitIDs.count) units, \(weeks) weeks, 6 weekly indicators):")

        let sqliteDB = workFolder.appendingPathComponent("sqlite-import.db").path
        let tSqlite = try clock.measure { try sqliteImport(csv: bulk.path, db: sqliteDB) }
        let tImport = try clock.measure { _ = try province.importFiles([bulk], catalog: pcat, fresh: true) }
        let ratio = seconds(tImport) / max(seconds(tSqlite), 1e-9)
        print("  CSV: \(rows) rows, \(size / 1_000_000) MB")
        print("  sqlite3 .import:                \(s(tSqlite)) s  (\(Int(Double(rows) / seconds(tSqlite))) rows/s)")
        print("  kaohe import (full checks):     \(s(tImport)) s  (\(Int(Double(rows) / seconds(tImport))) rows/s) = \(String(format: "%.2f", ratio)) × sqlite3   goal ≤ 1.5 ×")
        print("  peak memory after the import:   \(peakRSSMegabytes()) MB")

        let db = try AppDatabase.open(path: province.databasePath)
        var counts: [WeeklyCount] = []
        let tRead = try clock.measure { counts = try db.weeklyCounts(scheme: ProvinceData.schemeID) }
        var scorer: Scorer?
        let tIndex = clock.measure { scorer = Scorer(catalog: pcat, input: ScoringInput(counts: counts)) }
        let month = ScoreWindow.month(YearMonth(year: 2020, month: 6)!)
        let tScore = try clock.measure { _ = try scorer!.score(scheme: ProvinceData.schemeID, window: month) }
        print("  read \(counts.count) counts from SQLite: \(s(tRead)) s")
        print("  scoring one month (index + score): \(ms(tIndex + tScore)) ms (index \(ms(tIndex)) ms, score \(ms(tScore)) ms)   goal < 1 s")
        print("  peak memory after scoring:      \(peakRSSMegabytes()) MB")
        counts = []
        scorer = nil

        var report: BuildReport?
        let tSite = try clock.measure { report = try province.build(catalog: pcat) }
        print("  province site, full build:      \(s(tSite)) s  (\(report!.pagesDrawn) pages, \(report!.chartsDrawn) charts, \(report!.documentsDrawn) PDFs)   goal < 60 s")
        print("  peak memory after the site:     \(peakRSSMegabytes()) MB")
        let tWeek = try clock.measure { _ = try province.importFiles([last], catalog: pcat, fresh: false) }
        var again: BuildReport?
        let tRebuild = try clock.measure { again = try province.build(catalog: pcat) }
        print("  one more week: import \(lastRows) rows \(s(tWeek)) s, rebuild \(s(tRebuild)) s = \(s(tWeek + tRebuild)) s  (\(again!.pagesDrawn) pages and \(again!.chartsDrawn) charts redrawn, \(again!.pagesReused + again!.chartsReused) reused)   goal < 10 s")
        print("peak resident memory of this process so far (VmHWM): \(peakRSSMegabytes()) MB   goal < 500 MB;")
        print("  each command on its own (a process each, as users run them) is measured by `make bench` with /usr/bin/time")
    }

    /// `sqlite3 DB '.mode csv' '.import FILE t'`, timed by the caller.
    func sqliteImport(csv: String, db: String) throws {
        try? FileManager.default.removeItem(atPath: db)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sqlite3", db, ".mode csv", ".import \(csv) t"]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw KaoheError(step: "sqlite3 .import", message: "退出状态 (exit status) \(p.terminationStatus)") }
    }
}

/// Peak resident set size of this process, from /proc/self/status (VmHWM).
public func peakRSSMegabytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb / 1024
    }
    return -1
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func s(_ d: Duration) -> String { String(format: "%.2f", seconds(d)) }
func ms(_ d: Duration) -> String { String(format: "%.1f", seconds(d) * 1000) }
