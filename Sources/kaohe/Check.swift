import ArgumentParser
import Foundation
import Indicators

/// `kaohe check`: loads indicators/ and prints a summary; non-zero exit on any problem.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load and validate the schemes of indicators/ and print a summary.")

    @Option(help: "Folder of the scheme YAML files.")
    var indicators: String = "indicators"

    func run() throws {
        let catalog: Catalog
        do {
            catalog = try CatalogLoader.load(directory: URL(fileURLWithPath: indicators))
        } catch let e as CatalogError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            FileHandle.standardError.write(Data("kaohe check: \(e.problems.count) 个问题 (problems)\n".utf8))
            throw ExitCode(1)
        }
        print(CatalogSummary.render(catalog), terminator: "")
    }
}
