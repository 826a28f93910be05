import Foundation
import Indicators
import Testing

@testable import Bench

/// A scratch folder for the output files of the child processes.
private func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

private func runShell(_ script: String, in dir: URL) throws -> (usage: Usage, output: String) {
    try ChildProcess(executable: "/bin/sh", arguments: ["-c", script])
        .run(step: "test", output: dir.appendingPathComponent("out"), errors: dir.appendingPathComponent("err"))
}

@Suite struct ChildProcesses {
    @Test func printsAreCapturedAndInputIsClosed() throws {
        // Given a process that prints and one that reads its standard input to the end
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // When they run
        let (_, printed) = try runShell("echo 考核; echo two", in: dir)
        let (_, read) = try runShell("cat", in: dir)
        // Then the output is what they printed, and reading input ends at once (no hang, nothing read)
        #expect(printed == "考核\ntwo\n")
        #expect(read == "")
    }

    @Test func aFailureNamesTheCommandTheStatusAndItsErrors() throws {
        // Given a process that writes to standard error and exits with 3
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // When it runs, then the error says which command, which status and what it wrote
        let error = #expect(throws: KaoheError.self) { try runShell("echo 数据库不存在 >&2; exit 3", in: dir) }
        #expect(error?.description == "test: /bin/sh -c echo 数据库不存在 >&2; exit 3 失败 (failed, exit 3): 数据库不存在")
    }

    @Test func aProcessEndedByASignalIsAFailure() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = #expect(throws: KaoheError.self) { try runShell("kill -9 $$", in: dir) }
        #expect(error?.message.contains("signal 9") == true)
    }

    @Test func aMissingProgramCannotStart() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: KaoheError.self) {
            try ChildProcess(executable: "kaohe-no-such-program", arguments: [])
                .run(step: "test", output: dir.appendingPathComponent("out"), errors: dir.appendingPathComponent("err"))
        }
    }

    @Test func peakMemoryIsThatOfEachProcessAlone() throws {
        // Given a process that fills 160 MiB, then a small one
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (big, _) = try ChildProcess(
            executable: "python3", arguments: ["-c", "b = b'x' * (160 * 2**20); print(len(b))"]
        )
        .run(step: "big", output: dir.appendingPathComponent("out"), errors: dir.appendingPathComponent("err"))
        let (small, _) = try runShell("true", in: dir)
        // Then the first one's peak holds the 160 MiB, and the second's is its own (not the largest child so far)
        #expect(big.peakKB >= 160 * 1024)
        #expect(big.peakKB < 1024 * 1024)
        #expect(small.peakKB < 32 * 1024)
    }

    @Test func cpuTimeIsThatOfTheCommand() throws {
        // Given a process that runs until it has used 0.2 s of CPU itself
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (usage, _) = try ChildProcess(
            executable: "python3", arguments: ["-c", "import time\nwhile time.process_time() < 0.2: pass"]
        )
        .run(step: "busy", output: dir.appendingPathComponent("out"), errors: dir.appendingPathComponent("err"))
        // Then its CPU time is counted, however loaded the machine
        #expect(usage.cpu >= 0.2)
    }

    @Test func wallTimeCoversTheWholeProcess() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (usage, _) = try runShell("sleep 0.3", in: dir)
        #expect(usage.wall >= 0.3)
        #expect(usage.cpu < usage.wall)
    }
}

@Suite struct Figures {
    @Test func medianAndRange() {
        #expect(Spread([3.41, 3.30, 3.35]).seconds() == "3.35 s (3.30–3.41)")
        #expect(Spread([4, 1, 2, 10]).median == 3)
        #expect(Spread([0.05]).seconds() == "0.05 s")
        #expect(Spread([58.31, 57.04, 60.2]).seconds() == "58.3 s (57.0–60.2)")
        #expect(Spread([1.001, 1.004]).text(Spread.fixed2, unit: " ×") == "1.00 ×")
        #expect(Spread([]).median == 0)
    }

    @Test func megabytesRound() {
        #expect(Spread.megabytes(246_784) == "241 MB")
        #expect(Spread.megabytes(1_535) == "1 MB")
    }

    @Test func tableColumnsAlign() {
        #expect(
            textTable([
                ["goal", "budget", ""], ["demo site", "≤ 0.6 s", "met"], ["import ÷ sqlite3", "≤ 1.2 ×", "MISSED"],
            ])
                == [
                    "goal              budget",
                    "demo site         ≤ 0.6 s  met",
                    "import ÷ sqlite3  ≤ 1.2 ×  MISSED",
                ])
    }
}

@Suite struct Goals {
    static let run = BenchmarkRun(
        kaohe: URL(fileURLWithPath: "/opt/kaohe"), workFolder: URL(fileURLWithPath: "/tmp/w"),
        indicators: URL(fileURLWithPath: "/tmp/i"), templates: URL(fileURLWithPath: "/tmp/t"))

    static func usage(_ wall: Double, cpu: Double = 0, mb: Int = 10) -> Usage {
        Usage(wall: wall, user: cpu * 0.75, system: cpu * 0.25, peakKB: mb * 1024)
    }

    /// Three rounds as measured on the machine before issue #15.
    static func before() -> BenchResults {
        var r = BenchResults()
        let rounds: [(Step, [Usage])] = [
            (.sqliteImport, [usage(5.9, mb: 900), usage(6.1), usage(5.8)]),
            (.kaoheImport, [usage(3.4, mb: 247), usage(3.3), usage(3.5)]),
            (.score, [usage(3.0, mb: 344), usage(3.3), usage(3.1)]),
            (.provinceBuild, [usage(58.3, cpu: 95.4, mb: 567), usage(60.1, cpu: 96), usage(57.9, cpu: 94)]),
            (.weekImport, [usage(0.05), usage(0.06), usage(0.05)]),
            (.weekRebuild, [usage(55.22, mb: 560), usage(54.33), usage(56.41)]),
            (.demoBuild, [usage(0.61), usage(0.58), usage(0.59)]),
            (.demoUnchanged, [usage(0.51), usage(0.5), usage(0.52)]),
        ]
        for (step, all) in rounds {
            for (k, u) in all.enumerated() { r.record(step, usage: u, output: "\(step.logName) \(k)") }
        }
        return r
    }

    @Test func everyGoalNextToItsFigure() throws {
        // Given the plan of the default province (104 weeks from 2019-W01) and three rounds of figures
        let plan = try BenchPlan(run: Self.run)
        // When the goal rows are made
        let rows = plan.goalRows(Self.before())
        // Then each goal shows median, range and verdict
        #expect(
            rows.map(\.goal) == [
                "import ÷ sqlite3 .import of the same file", "kaohe score, one month (2020-11)",
                "province site, full build", "cores busy in that build (CPU ÷ wall)",
                "one more week: import 2020-W52 + rebuild", "demo site, full build",
                "demo site, nothing changed", "peak memory of every command",
            ])
        #expect(rows[0].measured == "0.58 × (0.54–0.60); kaohe 3.40 s (3.30–3.50), sqlite3 5.90 s (5.80–6.10)")
        #expect(rows[1].measured == "3.10 s (3.00–3.30)")
        #expect(rows[2].measured == "58.3 s (57.9–60.1); CPU 95.4 s (94.0–96.0)")
        #expect(rows[4].measured == "55.3 s (54.4–56.5); import 0.05 s (0.05–0.06) + rebuild 55.2 s (54.3–56.4)")
        #expect(rows[7].measured == "567 MB: kaohe build, province (full)")
        #expect(rows.map(\.met) == [true, false, false, plan.cores == 1, false, true, false, false])
    }

    @Test func theMemoryGoalLeavesSqlite3Out() throws {
        let plan = try BenchPlan(run: Self.run)
        let (kb, step) = plan.peakMemory(Self.before())
        #expect(kb == 567 * 1024 && step == .provinceBuild)
    }

    @Test func theProfileShownIsTheMedianRound() {
        #expect(Self.before().medianOutput(.provinceBuild) == "build-province 0")
        #expect(Self.before().medianOutput(.demoBuild) == "build-demo 2")
    }

    @Test func withoutTheFlagTheProfileSaysSo() throws {
        let plan = try BenchPlan(run: Self.run)
        #expect(plan.profiles(Self.before()) == ["profile: not available in this build (kaohe build has no --profile)"])
        #expect(!plan.process(.provinceBuild).arguments.contains("--profile"))
    }

    @Test func commandsReadTheGeneratedProvince() throws {
        let plan = try BenchPlan(run: Self.run)
        #expect(
            plan.process(.score).commandLine
                == "/opt/kaohe score --scheme province-2019 --month 2020-11 --json --db /tmp/w/province.sqlite --indicators /tmp/w/province/indicators"
        )
        #expect(
            plan.process(.sqliteImport).commandLine
                == "sqlite3 /tmp/w/sqlite3-import.sqlite .mode csv .import /tmp/w/province/weeks-bulk.csv t")
    }

    @Test func tooFewWeeksAreRefused() {
        var run = Self.run
        run.weeks = 1
        #expect(throws: KaoheError.self) { try BenchPlan(run: run) }
    }
}

@Suite struct Charts {
    @Test func chartTimingsUseMatplotlibsFormat() throws {
        let lines = try ChartsBenchmark.run(iterations: 1).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ranked bars 1200x800: ") && lines[0].hasSuffix(" ms/chart"))
        #expect(lines[1].hasPrefix("heat map 1200x800: ") && lines[1].hasSuffix(" ms/chart"))
        #expect(lines[2].hasSuffix(" ms/PDF"))
    }
}
