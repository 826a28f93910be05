import ArgumentParser
import Bench
import Foundation

/// `kaohe bench`: every speed and memory goal of docs/benchmarks.md next to its figure, in one run.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Measure import, scoring and site builds at province scale against their goals and print the figures.",
        discussion: """
            Runs each command as a process of its own (this binary, or --kaohe) for --rounds rounds and prints \
            median and range of wall time, CPU time and peak memory next to each goal. Run it from a release \
            build (`make bench`). Writes its data, databases, sites and logs into --work.
            """)

    @Option(help: "Scratch folder for the generated files, databases, sites and logs (its bench files are replaced).")
    var work: String = "data/bench"

    @Option(help: "Weeks of the synthetic province (the last one is imported as \"one more week\").")
    var weeks: Int = 104

    @Option(help: "Rounds of each measured command.")
    var rounds: Int = 3

    @Option(help: "The kaohe binary to measure (default: this one).")
    var kaohe: String?

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var site: TemplateOptions

    @Flag(help: "Skip the matplotlib comparison of the charts.")
    var noMatplotlib = false

    func validate() throws {
        if weeks < 2 || weeks > 520 { throw ValidationError("--weeks 应在 2 到 520 之间 (weeks out of range)") }
        if rounds < 1 || rounds > 50 { throw ValidationError("--rounds 应在 1 到 50 之间 (rounds out of range)") }
    }

    func run() throws {
        let binary =
            kaohe.map { URL(fileURLWithPath: $0) } ?? Bundle.main.executableURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0])
        #if DEBUG
        if kaohe == nil { print("note: this is a debug build; `make bench` measures a release build") }
        #endif
        let script = URL(fileURLWithPath: "bench/charts_matplotlib.py")
        let run = BenchmarkRun(
            kaohe: binary.standardizedFileURL, workFolder: URL(fileURLWithPath: work),
            indicators: URL(fileURLWithPath: catalog.indicators),
            templates: URL(fileURLWithPath: site.templates), weeks: weeks, rounds: rounds,
            matplotlibScript: noMatplotlib || !FileManager.default.fileExists(atPath: script.path) ? nil : script)
        try run.run {
            print($0)
            fflush(nil)
        }
    }
}
