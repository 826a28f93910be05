import ArgumentParser
import Foundation
import Indicators

/// `kaohe check`: loads indicators/ and prints a summary; non-zero exit on any problem.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load and validate the schemes of indicators/ and print a summary.")

    @OptionGroup var options: CatalogOptions

    func run() throws {
        let catalog: Catalog
        do {
            catalog = try options.loadCatalog()
        } catch let e as CatalogError {
            throw Refusal(message: "\(e.description)\nkaohe check: \(e.problems.count) 个问题 (problems)", status: 1)
        }
        print(CatalogSummary.render(catalog), terminator: "")
    }
}
