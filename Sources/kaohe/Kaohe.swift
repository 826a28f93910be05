import ArgumentParser
import Foundation

@main
struct Kaohe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaohe",
        abstract: "社会信用体系建设考核: schemes, weekly data, scores and a static site of notices and rankings.",
        subcommands: [Check.self, Import.self, Score.self, Targets.self, Build.self, Template.self, Status.self, Demo.self, Bench.self])
}

/// Where the database lives unless `--db` says otherwise.
let defaultDatabasePath = "kaohe.sqlite"
