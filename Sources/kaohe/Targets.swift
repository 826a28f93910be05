import ArgumentParser
import Foundation
import Indicators
import Scoring

/// `kaohe targets`: progress toward the plan's column 1 (专栏1) targets.
struct Targets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Progress toward the 14th five-year plan's targets (专栏1).")

    @Option(
        name: .customLong("as-of"), help: "Ignore observations after this month, YYYY-MM.",
        transform: YearMonth.parsed { "--as-of \($0): expected YYYY-MM" })
    var asOf: YearMonth?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        let catalog = try options.catalog.loadCatalog()
        guard let set = catalog.targets else {
            throw Refusal.failure("\(options.catalog.indicators): 没有目标表 (no targets file)")
        }
        let observations = try options.openReadOnly().observations()
        let progress = targetProgress(targets: set, observations: observations, asOf: asOf)
        if json {
            print(ScoreReport.targetsJSON(progress, asOf: asOf))
            return
        }
        var out = "\(set.document) \(set.column)\n"
        out += asOf.map { "截至 \($0)\n\n" } ?? "\n"
        var rows = [["一级指标", "二级指标", "目标", "最新", "基期", "R", "状态"]]
        for p in progress {
            let t = p.target
            let latest = p.latest.map { "\(value($0.value, t.measure))（\($0.period)）" } ?? "–"
            let base = p.base.map { "\(value($0.value, t.measure))（\(p.basePeriod ?? "")）" } ?? "–"
            rows.append([
                t.group, t.title, "\(t.comparator.symbol)\(value(t.value, t.measure))（\(t.year)）", latest, base,
                p.ratio.map { ScoreText.fixed($0, digits: 2) } ?? "–", p.status.label,
            ])
        }
        out += ScoreText.table(rows)
        print(out, terminator: "")
    }

    func value(_ x: Double, _ measure: String) -> String {
        let digits = x == x.rounded() ? 0 : 1
        return ScoreText.fixed(x, digits: digits) + measure
    }
}
