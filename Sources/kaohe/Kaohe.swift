import ArgumentParser
import Foundation

@main
struct Kaohe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaohe",
        abstract: "社会信用体系建设考核: schemes, weekly data, scores and a static site of notices and rankings.",
        subcommands: [
            Check.self, Import.self, Score.self, Targets.self, Build.self, Template.self, Status.self, Demo.self,
            Bench.self,
        ])

    /// Parses and runs the command; the one place where an error is printed on standard error and
    /// becomes the exit status (`Refusal.of` says how; the rest as swift-argument-parser does).
    static func main() {
        // `kaohe score` of a month or a quarter starts reading at once; in its plain form it runs without
        // swift-argument-parser, whose parse (≈ 6 ms of reflection) would take a core from the reading
        // threads (docs/benchmarks.md, "Issue #15, fifth wave"). Any other command line is parsed.
        let plain = EarlyScore.start(arguments: Array(CommandLine.arguments.dropFirst()))
        do {
            if let plain { try Score.run(plain) }
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard let refusal = Refusal.of(error) else { exit(withError: error) }
            FileHandle.standardError.write(Data((refusal.message + "\n").utf8))
            exit(withError: ExitCode(refusal.status))
        }
    }
}
