import ArgumentParser
import Demo
import Foundation

/// `kaohe demo`: a realistic year of the zone and the city from generated data, end to end.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a realistic demo data set, import it and build the site.",
        discussion: "Writes the generated files (Excel workbooks, UTF-8 and GB18030 CSVs, a wide sheet, events, 专栏1 observations) into --data, imports them through the same path as `kaohe import` into a fresh --db, and builds the site into --out.")

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

    @Option(help: "Folder of the scheme YAML files.")
    var indicators: String = "indicators"

    @Option(help: "Folder of the Mustache templates and the stylesheet.")
    var templates: String = "templates"

    @Option(help: "zone (the seeds' schemes) or province (16 cities, 2,000 units, 104 weeks: the benchmark's data).")
    var scale: String = "zone"

    func validate() throws {
        if weeks < 1 || weeks > 520 { throw ValidationError("--weeks 应在 1 到 520 之间 (weeks out of range)") }
        if !["zone", "province"].contains(scale) { throw ValidationError("--scale 应为 zone 或 province (bad scale)") }
    }

    func run() throws {
        let started = Date()
        let bar = TerminalProgressBar(label: "生成网站")
        let report: Any
        do {
            if scale == "province" {
                report = try ProvinceRun(workFolder: URL(fileURLWithPath: data), databasePath: db,
                                         out: URL(fileURLWithPath: out), templates: URL(fileURLWithPath: templates),
                                         weeks: weeks == 30 ? 104 : weeks)
                    .run(log: { print($0) }, progress: bar.update)
            } else {
                report = try DemoRun(indicators: URL(fileURLWithPath: indicators), templates: URL(fileURLWithPath: templates),
                                     dataFolder: URL(fileURLWithPath: data), databasePath: db, out: URL(fileURLWithPath: out),
                                     seed: seed, weeks: weeks)
                    .run(log: { print($0) }, progress: bar.update)
            }
        } catch {
            bar.finish()
            FileHandle.standardError.write(Data("kaohe demo: \(error)\n".utf8))
            throw ExitCode(1)
        }
        bar.finish()
        print("网站: \(report)")
        if scale == "zone" {
            print("数据库 \(db)；试试: .build/release/kaohe score --scheme gaoxin-2018 --week 2019-W10 --db \(db)")
        }
        print(String(format: "用时 %.1f 秒。打开 %@ 查看。", Date().timeIntervalSince(started),
                     URL(fileURLWithPath: out).appendingPathComponent("index.html").path))
    }
}
