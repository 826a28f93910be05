import Demo
import Foundation
import Indicators

/// What the processes of one `kaohe bench` run cost and printed, per step, one entry per round.
struct BenchResults: Sendable {
    var usage: [Step: [Usage]] = [:]
    var outputs: [Step: [String]] = [:]

    mutating func record(_ step: Step, usage: Usage, output: String) {
        self.usage[step, default: []].append(usage)
        outputs[step, default: []].append(output)
    }

    /// The figures of `step` over the rounds.
    func spread(_ step: Step, _ value: (Usage) -> Double) -> Spread { Spread((usage[step] ?? []).map(value)) }

    /// The output of the round whose wall time is the median one (the profile printed).
    func medianOutput(_ step: Step) -> String? {
        guard let all = usage[step], let printed = outputs[step], !all.isEmpty else { return nil }
        let order = all.indices.sorted { all[$0].wall < all[$1].wall }
        return printed[order[(order.count - 1) / 2]]
    }
}

/// The commands of a run and how their figures become the goal table.
struct BenchPlan {
    let run: BenchmarkRun
    let workspace: Workspace
    let province: ProvinceData
    let cores = ProcessInfo.processInfo.activeProcessorCount
    /// The month `kaohe score` scores: the last whole month before the imported weeks end (or the first).
    let month: YearMonth
    /// The last week of the bulk import (status) and the one more week imported after it.
    let bulkLastWeek: ISOWeek
    let lastWeek: ISOWeek
    /// Whether `kaohe build` has `--profile` (helper B's build profile).
    private(set) var hasProfileFlag = false

    /// The memory goal of every command, in MiB.
    static let memoryBudgetMB = 300.0

    init(run: BenchmarkRun) throws {
        guard run.weeks >= 2, run.rounds >= 1 else {
            throw KaoheError(step: "kaohe bench", message: "至少 2 周、1 轮 (at least 2 weeks and 1 round)")
        }
        self.run = run
        workspace = Workspace(root: run.workFolder)
        province = ProvinceData(weeks: run.weeks)
        let weeks = province.weekList
        bulkLastWeek = weeks[weeks.count - 2]
        lastWeek = weeks[weeks.count - 1]
        month = max(bulkLastWeek.monday.yearMonth.adding(months: -1), ProvinceData.start.yearMonth)
    }

    // MARK: Running

    /// Writes the province's scheme and CSVs, builds the demo database with `kaohe demo`, and
    /// finds out whether `kaohe build --profile` exists.
    mutating func prepare(results: inout BenchResults, print: (String) -> Void) throws {
        try workspace.reset()
        let clock = ContinuousClock()
        var rows = (0, 0)
        let t = try clock.measure {
            try province.writeIndicators(to: workspace.provinceIndicators)
            rows.0 = try province.writeCSV(to: workspace.bulkCSV, weeks: 0..<(run.weeks - 1))
            rows.1 = try province.writeCSV(to: workspace.weekCSV, weeks: (run.weeks - 1)..<run.weeks)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: workspace.bulkCSV.path)[.size]) as? Int) ?? 0
        print(
            "province: \(province.unitIDs.count) units, weeks \(province.weekList[0])…\(bulkLastWeek) = \(rows.0) rows "
                + "(\(String(format: "%.1f", Double(size) / 1e6)) MB CSV), one more week \(lastWeek) = \(rows.1) rows; written in \(Spread.seconds(seconds(t))) s"
        )
        try measure(.demoZone, round: 1, results: &results)
        print("demo database: \(Step.demoZone.label) \(Spread.seconds(results.usage[.demoZone]!.last!.wall)) s")
        let (_, help) = try kaoheProcess(["build", "--help"])
            .run(step: "kaohe build --help", output: log("build-help.out"), errors: log("build-help.err"))
        hasProfileFlag = help.contains("--profile")
    }

    /// One round of the measured steps, each on fresh files where it needs them.
    func measureRound(_ round: Int, results: inout BenchResults) throws {
        for step in Step.perRound { try measure(step, round: round, results: &results) }
    }

    /// Prepares the files `step` needs, runs it as a process and records what it cost.
    func measure(_ step: Step, round: Int, results: inout BenchResults) throws {
        switch step {
        case .sqliteImport: Workspace.removeDatabase(workspace.sqliteDB)
        case .kaoheImport: Workspace.removeDatabase(workspace.provinceDB)
        case .provinceBuild: try? FileManager.default.removeItem(at: workspace.provinceSite)
        case .weekImport: try Workspace.copyDatabase(workspace.provinceDB, to: workspace.weekDB)
        case .demoBuild: try? FileManager.default.removeItem(at: workspace.demoSite)
        case .provinceDemo: try? FileManager.default.removeItem(at: workspace.provinceDemo)
        default: break
        }
        // What earlier steps wrote goes to disk first, as it would have long before a real run: the
        // kernel's write-back of a full build's 390 MB is not charged to the step after it.
        sync()
        let name = "\(step.logName)-\(round)"
        let (usage, output) = try process(step).run(
            step: step.label, output: log(name + ".out"), errors: log(name + ".err"))
        results.record(step, usage: usage, output: output)
    }

    /// The command line of `step`.
    func process(_ step: Step) -> ChildProcess {
        let ws = workspace
        let scheme = ProvinceData.schemeID
        let provinceCatalog = ["--indicators", ws.provinceIndicators.path]
        let realCatalog = ["--indicators", run.indicators.path]
        let templates = ["--templates", run.templates.path]
        let profile = hasProfileFlag && step.isProfiled ? ["--profile"] : []
        switch step {
        case .sqliteImport:
            return ChildProcess(
                executable: "sqlite3", arguments: [ws.sqliteDB.path, ".mode csv", ".import \(ws.bulkCSV.path) t"])
        case .kaoheImport:
            return kaoheProcess(["import", ws.bulkCSV.path, "--db", ws.provinceDB.path] + provinceCatalog)
        case .score:
            return kaoheProcess(
                ["score", "--scheme", scheme, "--month", "\(month)", "--json", "--db", ws.provinceDB.path]
                    + provinceCatalog)
        case .provinceBuild:
            return kaoheProcess(
                ["build", "--db", ws.provinceDB.path, "--out", ws.provinceSite.path] + provinceCatalog + templates
                    + profile)
        case .weekImport:
            return kaoheProcess(["import", ws.weekCSV.path, "--db", ws.weekDB.path] + provinceCatalog)
        case .weekRebuild:
            return kaoheProcess(
                ["build", "--db", ws.weekDB.path, "--out", ws.provinceSite.path] + provinceCatalog + templates + profile
            )
        case .demoBuild, .demoUnchanged:
            return kaoheProcess(
                ["build", "--db", ws.demoDB.path, "--out", ws.demoSite.path] + realCatalog + templates + profile)
        case .demoZone:
            return kaoheProcess(
                ["demo", "--data", ws.demoData.path, "--db", ws.demoDB.path, "--out", ws.demoFirstSite.path]
                    + realCatalog + templates)
        case .check:
            return kaoheProcess(["check"] + provinceCatalog)
        case .status:
            return kaoheProcess(
                ["status", "--scheme", scheme, "--week", "\(bulkLastWeek)", "--db", ws.provinceDB.path]
                    + provinceCatalog)
        case .template:
            return kaoheProcess(
                ["template", "--scheme", scheme, "--week", "\(lastWeek)", "--out", ws.forms.path] + provinceCatalog)
        case .targets:
            return kaoheProcess(["targets", "--db", ws.demoDB.path] + realCatalog)
        case .provinceDemo:
            let folder = ws.provinceDemo
            return kaoheProcess(
                [
                    "demo", "--scale", "province", "--weeks", "\(run.weeks)",
                    "--data", folder.appendingPathComponent("data").path,
                    "--db", folder.appendingPathComponent("kaohe.sqlite").path,
                    "--out", folder.appendingPathComponent("site").path,
                ] + templates)
        }
    }

    private func kaoheProcess(_ arguments: [String]) -> ChildProcess {
        ChildProcess(executable: run.kaohe.path, arguments: arguments)
    }

    private func log(_ name: String) -> URL { workspace.logs.appendingPathComponent(name) }

    // MARK: Tables

    /// Every goal of #15 next to its measured figure: median (range) over the rounds, met or missed.
    func goalTable(_ r: BenchResults) -> [String] {
        let rows = goalRows(r)
        return ["issue #15 goals (median and range over \(run.rounds) round(s), wall time):"]
            + textTable(
                [["goal", "budget", "measured", ""]] + rows.map { [$0.goal, $0.budget, $0.measured, $0.verdict] }
            )
            .map { "  " + $0 }
    }

    func goalRows(_ r: BenchResults) -> [GoalRow] {
        let wall = { (u: Usage) in u.wall }
        let sqlite = r.spread(.sqliteImport, wall)
        let ours = r.spread(.kaoheImport, wall)
        let ratios = Spread(
            zip(r.usage[.kaoheImport] ?? [], r.usage[.sqliteImport] ?? []).map { $0.wall / max($1.wall, 1e-9) })
        let score = r.spread(.score, wall)
        let build = r.spread(.provinceBuild, wall)
        let buildCPU = r.spread(.provinceBuild) { $0.cpu }
        let buildCores = r.spread(.provinceBuild) { $0.cores }
        let weekParts = zip(r.usage[.weekImport] ?? [], r.usage[.weekRebuild] ?? [])
        let week = Spread(weekParts.map { $0.wall + $1.wall })
        let demo = r.spread(.demoBuild, wall)
        let unchanged = r.spread(.demoUnchanged, wall)
        let (peakKB, peakStep) = peakMemory(r)
        let coresWanted = 0.9 * Double(cores)
        return [
            GoalRow(
                goal: "import ÷ sqlite3 .import of the same file", budget: "≤ 1.2 ×",
                measured: ratios.text(Spread.fixed2, unit: " ×")
                    + "; kaohe \(ours.seconds()), sqlite3 \(sqlite.seconds())",
                met: ratios.median <= 1.2),
            GoalRow(
                goal: "kaohe score, one month (\(month))", budget: "≤ 0.1 s", measured: score.seconds(),
                met: score.median <= 0.1),
            GoalRow(
                goal: "province site, full build", budget: "≤ 6 s",
                measured: build.seconds() + "; CPU \(buildCPU.seconds())", met: build.median <= 6),
            GoalRow(
                goal: "cores busy in that build (CPU ÷ wall)", budget: "≥ \(Spread.fixed2(coresWanted)) of \(cores)",
                measured: buildCores.text(Spread.fixed2, unit: ""), met: buildCores.median >= coresWanted),
            GoalRow(
                goal: "one more week: import \(lastWeek) + rebuild", budget: "≤ 5 s",
                measured: week.seconds()
                    + "; import \(r.spread(.weekImport, wall).seconds()) + rebuild \(r.spread(.weekRebuild, wall).seconds())",
                met: week.median <= 5),
            GoalRow(
                goal: "demo site, full build", budget: "≤ 0.6 s", measured: demo.seconds(), met: demo.median <= 0.6),
            GoalRow(
                goal: "demo site, nothing changed", budget: "≤ 0.2 s", measured: unchanged.seconds(),
                met: unchanged.median <= 0.2),
            GoalRow(
                goal: "peak memory of every command", budget: "< 300 MB",
                measured: "\(Spread.megabytes(peakKB)): \(peakStep?.label ?? "–")",
                met: Double(peakKB) / 1024 < Self.memoryBudgetMB),
        ]
    }

    /// The largest peak memory of any kaohe command and the command.
    func peakMemory(_ r: BenchResults) -> (Int, Step?) {
        var best: (Int, Step?) = (0, nil)
        for (step, all) in r.usage where step != .sqliteImport {
            for u in all where u.peakKB > best.0 || (u.peakKB == best.0 && step < (best.1 ?? step)) {
                best = (u.peakKB, step)
            }
        }
        return best
    }

    /// Every command measured: wall and CPU (medians), peak memory (the largest of its rounds).
    func memoryTable(_ r: BenchResults) -> [String] {
        let steps = r.usage.keys.sorted()
        let rows = steps.map { step -> [String] in
            let all = r.usage[step]!
            let peak = all.map(\.peakKB).max() ?? 0
            let verdict = step == .sqliteImport ? "" : (Double(peak) / 1024 < Self.memoryBudgetMB ? "met" : "MISSED")
            return [
                step.label, "\(all.count)", r.spread(step) { $0.wall }.seconds(), r.spread(step) { $0.cpu }.seconds(),
                Spread.fixed2(r.spread(step) { $0.cores }.median), Spread.megabytes(peak), verdict,
            ]
        }
        return ["every command in its own process (medians; peak memory: the largest round; goal < 300 MB):"]
            + textTable([["command", "rounds", "wall", "CPU", "cores", "peak memory", ""]] + rows).map { "  " + $0 }
    }

    /// The builds' own profiles (`kaohe build --profile`) of the median rounds, or why there are none.
    func profiles(_ r: BenchResults) -> [String] {
        guard hasProfileFlag else { return ["profile: not available in this build (kaohe build has no --profile)"] }
        return [Step.provinceBuild, .weekRebuild, .demoBuild].flatMap { step -> [String] in
            guard let output = r.medianOutput(step) else { return [] }
            return ["profile of \(step.label), the median round (kaohe build --profile):"]
                + output.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } + [""]
        }
    }
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
