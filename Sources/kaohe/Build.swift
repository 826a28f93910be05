import ArgumentParser
import Demo
import Foundation
import Indicators
import Site
import Store

/// `kaohe build`: the static site from the database, swapped into --out whole.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the static site (notices, rankings, unit pages, targets) from the database.",
        discussion: """
            Writes the site into a temporary folder beside --out and swaps it in whole, so that a failure \
            leaves the previous site as it was. Pages and charts whose inputs did not change since the last \
            build are copied from it instead of drawn again (--out/.manifest.json). The same database gives \
            a byte-identical site.
            """)

    @Option(help: "The database.")
    var db: String = defaultDatabasePath

    @Option(help: "Folder of the site.")
    var out: String = "output"

    @Option(name: .customLong("as-of"), help: "Last day the site covers, YYYY-MM-DD (default: the Sunday of the latest week with data).")
    var asOf: String?

    @Option(help: "Folder of the scheme YAML files.")
    var indicators: String = "indicators"

    @Option(help: "Folder of the Mustache templates and the stylesheet.")
    var templates: String = "templates"

    func run() throws {
        var day: Day?
        if let a = asOf {
            guard let d = Day(iso: a.trimmingSpaces) else {
                fail("--as-of \(a): 日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD)")
            }
            day = d
        }
        guard FileManager.default.fileExists(atPath: db) else {
            fail("\(db): 数据库不存在 (no database): 先运行 kaohe import 或 kaohe demo")
        }
        let database: AppDatabase
        do { database = try AppDatabase.open(path: db, mode: .readOnly) } catch {
            fail(StoreError.plain(error, step: "打开数据库 (open)", path: db).description)
        }
        let bar = TerminalProgressBar(label: "生成网站")
        let report: BuildReport
        do {
            let catalog = try CatalogLoader.load(directory: URL(fileURLWithPath: indicators))
            let input = try siteInput(catalog: catalog, database: database, asOf: day)
            report = try SiteBuilder(input: input, templates: URL(fileURLWithPath: templates))
                .build(into: URL(fileURLWithPath: out), progress: bar.update)
            bar.finish()
        } catch {
            bar.finish()
            fail("\(error)")
        }
        print("已生成网站于 \(out)：\(report)")
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("kaohe build: \(message)\n".utf8))
        Build.exit(withError: ExitCode(1))
    }
}
