import ArgumentParser
import Demo
import Foundation
import Site

/// `kaohe demo`: a realistic year of the zone and the city from generated data, end to end.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a realistic demo data set, import it and build the site.",
        discussion:
            "Writes the generated files (Excel workbooks, UTF-8 and GB18030 CSVs, a wide sheet, events, 专栏1 observations) into --data, imports them through the same path as `kaohe import` into a fresh --db, and builds the site into --out."
    )

    @Option(help: "Seed of the generator: the same seed gives the same data and the same site.")
    var seed: UInt64 = 2018

    @Option(help: "Weeks of the zone's scheme from its start, 2018-12-01 (at least 26).")
    var weeks: Int = 30

    @Option(help: "The demo's database (replaced).")
    var db: String = "data/demo.sqlite"

    @Option(help: "Folder of the generated data files (replaced).")
    var data: String = "data/demo"

    @Option(help: "Folder of the site.")
    var out: String = "output"

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var site: TemplateOptions

    @Option(
        help: "zone (the seeds' schemes) or province (16 cities, 2,000 units, 104 weeks: the benchmark's data).",
        transform: DemoScale.parsed { _ in "--scale 应为 zone 或 province (bad scale)" })
    var scale: DemoScale = .zone

    func validate() throws {
        if weeks < 1 || weeks > 520 { throw ValidationError("--weeks 应在 1 到 520 之间 (weeks out of range)") }
    }

    func run() throws {
        let started = Date()
        let bar = TerminalProgressBar(label: "生成网站")
        let report: BuildReport
        do {
            defer { bar.finish() }
            report = try build(progress: bar.update)
        } catch {
            throw Refusal.failure("\(error)", command: "demo")
        }
        print("网站: \(report)")
        if scale == .zone {
            print("数据库 \(db)；试试: .build/release/kaohe score --scheme gaoxin-2018 --week 2019-W10 --db \(db)")
        }
        print(
            String(
                format: "用时 %.1f 秒。打开 %@ 查看。", Date().timeIntervalSince(started),
                URL(fileURLWithPath: out).appendingPathComponent("index.html").path))
    }

    /// Generates, imports and builds at the chosen scale.
    func build(progress: @escaping (Int, Int) -> Void) throws -> BuildReport {
        let templates = URL(fileURLWithPath: site.templates)
        let out = URL(fileURLWithPath: out)
        switch scale {
        case .province:
            return try ProvinceRun(
                workFolder: URL(fileURLWithPath: data), databasePath: db, out: out, templates: templates,
                weeks: weeks == 30 ? 104 : weeks
            )
            .run(log: { print($0) }, progress: progress)
        case .zone:
            return try DemoRun(
                indicators: URL(fileURLWithPath: catalog.indicators), templates: templates,
                dataFolder: URL(fileURLWithPath: data), databasePath: db, out: out, seed: seed, weeks: weeks
            )
            .run(log: { print($0) }, progress: progress)
        }
    }
}
