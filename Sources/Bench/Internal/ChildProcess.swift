import Foundation
import Indicators

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one finished process cost: wall time, CPU time and peak resident memory, from the resource
/// usage that `wait4` reports for that process alone.
struct Usage: Sendable, Equatable {
    /// Seconds from the spawn to the end of the process.
    var wall: Double
    /// CPU seconds in user and in kernel mode.
    var user: Double
    var system: Double
    /// Peak resident set size in KiB.
    var peakKB: Int

    var cpu: Double { user + system }
    /// CPU time over wall time: how many cores the process kept busy on average.
    var cores: Double { wall > 0 ? cpu / wall : 0 }
    var peakMB: Double { Double(peakKB) / 1024 }
}

/// A command line run as a process of its own (never inside the measuring process), its standard
/// output and error written to files and standard input closed.
///
/// It runs under GNU time (`/usr/bin/time`, the `time` package of `make deps`) when that exists: on
/// Linux the peak memory that `wait4` reports for a spawned process starts from the peak of the
/// process that spawned it (exec keeps the high-water mark of the memory it replaces, and
/// `posix_spawn` shares the parent's), so the peak is taken from GNU time, whose own memory is tiny.
/// Wall time is measured here; CPU time is `wait4`'s of the whole process tree.
struct ChildProcess: Sendable {
    /// A path, or a name looked up in `PATH` (`sqlite3`, `python3`).
    var executable: String
    var arguments: [String]

    static let timer: String? = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

    /// Runs the process to its end and returns what it cost and what it printed. A non-zero exit
    /// status or a signal is an error naming the command and the end of its standard error.
    func run(step: String, output: URL, errors: URL) throws -> (usage: Usage, output: String) {
        let report = URL(fileURLWithPath: output.path + ".usage")
        let command = Self.timer.map { [$0, "-f", "%e %U %S %M", "-o", report.path, "--"] } ?? []
        let clock = ContinuousClock()
        let started = clock.now
        let (status, usage) = try spawnAndWait(
            command + [executable] + arguments, output: output.path, errors: errors.path)
        let wall = clock.now - started
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let timed =
            Self.timer == nil ? [] : ((try? String(contentsOf: report, encoding: .utf8)) ?? "").split(separator: "\n")
        guard status == 0 else {
            throw KaoheError(step: step, message: failure(status: status, timed: timed, errors: errors))
        }
        let peakKB = Self.timer == nil ? usage.peakKB : timed.last.flatMap { Int($0.split(separator: " ").last ?? "") }
        guard let peakKB else {
            throw KaoheError(
                step: step, message: "/usr/bin/time 未报告内存 (no memory figure): \(timed.joined(separator: " "))")
        }
        return (Usage(wall: seconds, user: usage.user, system: usage.system, peakKB: peakKB), printed)
    }

    /// `… 失败 (failed, exit 3): ` and the last lines of standard error (GNU time's note of a signal
    /// or of a command it could not run included).
    private func failure(status: Int32, timed: [Substring], errors: URL) -> String {
        let notes = timed.dropLast().filter { !$0.isEmpty }
        let signal = notes.compactMap { note in note.range(of: "terminated by signal ").map { note[$0.upperBound...] } }
            .first
        let how = status < 0 ? "signal \(-status)" : signal.map { "signal \($0)" } ?? "exit \(status)"
        let tail = ((try? String(contentsOf: errors, encoding: .utf8)) ?? "").split(separator: "\n").suffix(5)
        let said = notes.filter { !$0.hasPrefix("Command ") } + tail
        return "\(commandLine) 失败 (failed, \(how)): " + said.joined(separator: "\n")
    }

    var commandLine: String { ([executable] + arguments).joined(separator: " ") }

    /// posix_spawnp + wait4: the exit status (negative: the signal that ended it) and the resource
    /// usage of the process and the children it waited for.
    private func spawnAndWait(_ command: [String], output: String, errors: String) throws
        -> (Int32, (user: Double, system: Double, peakKB: Int))
    {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let rc = posix_spawnp(&pid, command[0], &actions, nil, argv, environ)
        guard rc == 0 else {
            throw KaoheError(step: command[0], message: "无法启动 (cannot start): \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 {
            guard errno == EINTR else {
                throw KaoheError(
                    step: command[0], message: "等待进程失败 (wait4 failed): \(String(cString: strerror(errno)))")
            }
        }
        let signal = status & 0x7f
        let exitStatus = signal == 0 ? (status >> 8) & 0xff : -signal
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        #if canImport(Darwin)
        let peakKB = Int(usage.ru_maxrss) / 1024  // bytes on Darwin
        #else
        let peakKB = Int(usage.ru_maxrss)  // KiB on Linux
        #endif
        return (exitStatus, (seconds(usage.ru_utime), seconds(usage.ru_stime), peakKB))
    }
}
