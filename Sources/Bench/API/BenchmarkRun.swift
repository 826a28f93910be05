import Foundation
import Indicators

/// `kaohe bench`: every speed and memory goal of issue #15 next to its measured figure, in one run.
///
/// Each command runs as a process of its own, from the binary given (the release build in
/// `make bench`), for several rounds in turn; wall time, CPU time and peak resident memory come
/// from `wait4`. The measures: `kaohe import` of the synthetic province next to `sqlite3 .import`
/// of the same file, `kaohe score` of one month, the province site's full build, one more week
/// (import + rebuild), the demo site full and unchanged, and the peak memory of every command.
/// The charts are also timed in process next to matplotlib (`bench/charts_matplotlib.py`).
public struct BenchmarkRun: Sendable {
    /// The kaohe binary measured.
    public var kaohe: URL
    /// Scratch folder of the generated data, databases, sites and logs (only those are replaced).
    public var workFolder: URL
    /// The real schemes (for the demo) and the templates of the sites.
    public var indicators: URL
    public var templates: URL
    /// Weeks of the synthetic province (the last one is the "one more week").
    public var weeks: Int
    public var rounds: Int
    /// The matplotlib script of the charts comparison; nil skips it.
    public var matplotlibScript: URL?

    public init(
        kaohe: URL, workFolder: URL, indicators: URL, templates: URL, weeks: Int = 104, rounds: Int = 3,
        matplotlibScript: URL? = nil
    ) {
        self.kaohe = kaohe
        self.workFolder = workFolder
        self.indicators = indicators
        self.templates = templates
        self.weeks = weeks
        self.rounds = rounds
        self.matplotlibScript = matplotlibScript
    }

    /// Runs every measure; `print` receives each line as soon as it is known, the goal table last.
    public func run(print: (String) -> Void) throws {
        var plan = try BenchPlan(run: self)
        var results = BenchResults()
        print("kaohe bench: \(kaohe.path), \(rounds) round(s), \(plan.cores) cores, work folder \(workFolder.path)")
        print("  each command is a process of its own; wall, CPU (user + system, wait4) and peak memory (GNU time)")
        print("  load average at the start: \(loadAverage()) (figures from a loaded machine are rough)")
        try plan.prepare(results: &results, print: print)
        for round in 1...rounds {
            try plan.measureRound(round, results: &results)
            print(
                "round \(round)/\(rounds): "
                    + Step.perRound.map { step in
                        "\(step.logName) \(Spread.seconds(results.usage[step]!.last!.wall)) s"
                    }.joined(separator: ", "))
        }
        for step in Step.once {
            try plan.measure(step, round: 1, results: &results)
            print("\(step.label): \(Spread.seconds(results.usage[step]!.last!.wall)) s")
        }
        let charts = try chartLines()
        print("")
        for line in plan.goalTable(results) { print(line) }
        print("")
        for line in plan.memoryTable(results) { print(line) }
        print("")
        for line in charts { print(line) }
        print("")
        for line in plan.profiles(results) { print(line) }
        print("load average at the end: \(loadAverage())")
    }

    /// The in-process chart timings and matplotlib's, in its own process.
    private func chartLines() throws -> [String] {
        var lines = ["charts (in process, 50 drawings each) next to matplotlib (a process, 10 drawings each):"]
        lines += try ChartsBenchmark.run().split(separator: "\n").map { "  kaohe " + $0 }
        guard let script = matplotlibScript else { return lines + ["  matplotlib: skipped"] }
        let logs = workFolder.appendingPathComponent("logs")
        do {
            let (_, output) = try ChildProcess(executable: "python3", arguments: [script.path, "10"])
                .run(
                    step: "matplotlib", output: logs.appendingPathComponent("matplotlib.out"),
                    errors: logs.appendingPathComponent("matplotlib.err"))
            lines += output.split(separator: "\n").map { "  " + $0 }
        } catch let error as KaoheError {
            let last = error.message.split(separator: "\n").last.map(String.init) ?? error.message
            lines.append("  matplotlib: not run (\(last))")
        }
        return lines
    }

    /// The 1-minute load average (`/proc/loadavg`), or "unknown".
    private func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
            let first = text.split(separator: " ").first
        else { return "unknown" }
        return String(first)
    }
}
