import Charts
import Foundation

/// Collects a build's phases for `BuildProfile`: serial steps timed whole (process CPU and wall),
/// the parallel file work summed per job label from each job's thread CPU time.
struct ProfileRecorder {
    private(set) var phases: [BuildProfile.Phase] = []
    private let started = ProfileRecorder.now()
    private let startedCPU = ProfileRecorder.processCPU()

    /// Runs `body` as the serial phase `name` (nothing else runs meanwhile).
    mutating func serial<T>(_ name: String, count: Int = 1, _ body: () throws -> T) rethrows -> T {
        let (result, cpu, wall) = try Self.timed(body)
        add(name, count: count, cpu: cpu, wall: wall)
        return result
    }

    /// Runs `body` and times it: the process's CPU seconds and the wall seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (result: T, cpu: Double, wall: Double) {
        let (w0, c0) = (now(), processCPU())
        let result = try body()
        return (result, processCPU() - c0, now() - w0)
    }

    /// A serial phase already timed (by `serial`, or by the caller: the plan, whose parts were drawn
    /// and written in between).
    mutating func add(_ name: String, count: Int = 1, cpu: Double, wall: Double) {
        phases.append(.init(name: name, count: count, cpuSeconds: cpu, wallSeconds: wall))
    }

    /// The parallel phase: its wall and CPU time, then one line per job label (jobs drawn; their
    /// drawing time), PNG encoding, writes and reuse.
    mutating func record(_ jobs: [FileJob], _ outcomes: [OutputWriter.Outcome], wall: Double, cpu: Double) {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        phases.append(
            .init(
                name: "files: draw and write (\(workers) workers)", count: jobs.count, cpuSeconds: cpu,
                wallSeconds: wall))
        var byLabel: [String: (count: Int, cpu: Double)] = [:]
        var encode = 0.0
        var encoded = 0
        var write = 0.0
        var reused = 0
        for (job, o) in zip(jobs, outcomes) {
            if o.reused {
                reused += 1
                continue
            }
            byLabel[job.label, default: (0, 0)].count += 1
            byLabel[job.label, default: (0, 0)].cpu += o.produceSeconds
            if o.encodeSeconds > 0 {
                encode += o.encodeSeconds
                encoded += 1
            }
            write += o.writeSeconds
        }
        for label in byLabel.keys.sorted() {
            phases.append(
                .init(
                    name: "  " + label, count: byLabel[label]!.count, cpuSeconds: byLabel[label]!.cpu, wallSeconds: nil)
            )
        }
        phases.append(.init(name: "  of those: PNG encoding", count: encoded, cpuSeconds: encode, wallSeconds: nil))
        phases.append(.init(name: "  file writes", count: jobs.count - reused, cpuSeconds: write, wallSeconds: nil))
        phases.append(.init(name: "  files reused (linked)", count: reused, cpuSeconds: 0, wallSeconds: nil))
    }

    /// The profile of the build so far.
    var profile: BuildProfile {
        BuildProfile(phases: phases, cpuSeconds: Self.processCPU() - startedCPU, wallSeconds: Self.now() - started)
    }

    /// Monotonic wall-clock seconds.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// CPU seconds (user and system) of the whole process.
    static func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func threadCPU() -> Double { ChartClock.threadCPUSeconds() }
}
