import ArgumentParser
import Charts
import Demo
import Foundation
import Pipeline
import Scoring

/// `kaohe bench`: prints the speed and memory figures of docs/benchmarks.md from one run.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure import, scoring, charts and site builds at province scale and print the figures.",
        discussion: "Run it from a release build (`make bench`). Writes its data into --work (replaced).")

    @Option(help: "Scratch folder for the generated files, databases and sites (replaced).")
    var work: String = "data/bench"

    @Option(help: "Weeks of the synthetic province.")
    var weeks: Int = 104

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var site: TemplateOptions

    @Flag(help: "Skip the matplotlib comparison of the charts.")
    var noMatplotlib = false

    func validate() throws {
        if weeks < 2 { throw ValidationError("--weeks 至少为 2 (at least 2 weeks)") }
    }

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; `make bench` measures a release build")
        #endif
        let work = URL(fileURLWithPath: self.work)
        try SiteBenchmark(workFolder: work, templates: URL(fileURLWithPath: site.templates),
                          indicators: URL(fileURLWithPath: catalog.indicators), weeks: weeks).run { print($0); fflush(nil) }
        print(try ImportBenchmark.run(workDir: work.appendingPathComponent("import")))
        fflush(nil)
        print(ScoringBenchmark.run(units: 2_000, weeks: weeks))
        fflush(nil)
        print(try ChartsBenchmark.run())
        if !noMatplotlib {
            let script = URL(fileURLWithPath: "bench/charts_matplotlib.py")
            if FileManager.default.fileExists(atPath: script.path) {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                p.arguments = ["python3", script.path]
                try p.run()
                p.waitUntilExit()
            }
        }
        print("peak resident memory of the whole run (VmHWM): \(peakRSSMegabytes()) MB")
    }
}
