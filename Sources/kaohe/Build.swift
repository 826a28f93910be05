import ArgumentParser
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

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Folder of the site.")
    var out: String = "output"

    @Option(
        name: .customLong("as-of"),
        help: "Last day the site covers, YYYY-MM-DD (default: the Sunday of the latest week with data).",
        transform: Day.parsed { "--as-of \($0): 日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD)" })
    var asOf: Day?

    @OptionGroup var site: TemplateOptions

    @Flag(help: "Print where the build's time went (phases with CPU and wall seconds).")
    var profile = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: options.db) else {
            throw Refusal.failure(KaoheError.noDatabase(at: options.db, hint: Message.importFirst), command: "build")
        }
        // The profile counts every step of the command, from opening the database to the swap.
        var steps = BuildProfile()
        let database = try steps.measure("database: open and check") {
            try options.open(mode: .readOnly, command: "build")
        }
        let bar = TerminalProgressBar(label: "生成网站")
        let report: BuildReport
        do {
            defer { bar.finish() }
            let catalog = try steps.measure("catalog: load the schemes and units") {
                try CatalogLoader.load(directory: URL(fileURLWithPath: options.catalog.indicators))
            }
            let input = try SiteInput(catalog: catalog, database: database, asOf: asOf, profile: &steps)
            report = try SiteBuilder(input: input, templates: URL(fileURLWithPath: site.templates))
                .build(into: URL(fileURLWithPath: out), after: steps, progress: bar.update)
        } catch {
            throw Refusal.failure("\(error)", command: "build")
        }
        print("已生成网站于 \(out)：\(report)")
        if profile { print(report.profile.summary) }
    }
}
