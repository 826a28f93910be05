import ArgumentParser
import Foundation
import Indicators
import Store
import Workbooks

/// `kaohe status` (催报): which units have sent a week's data and which have not.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which units have sent the week's data and which have not (催报), with counts.")

    @OptionGroup var target: SchemeWeekOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        let catalog = try options.catalog.loadCatalog()
        let scheme = try target.scheme(in: catalog)
        let week = target.week
        let database = try options.openReadOnly()
        let receipts: [WeekReceipt]
        do { receipts = try database.receipts(scheme: scheme.id, week: week) } catch {
            throw Refusal.failure(KaoheError.plain(error, step: KaoheError.Step.read, path: options.db))
        }
        let report = StatusReport(scheme: scheme, week: week, receipts: receipts, registry: catalog.registry)
        print(json ? report.json() : report.table(), terminator: "")
    }
}

/// The units expected for a week, split into those that sent something and those that did not.
struct StatusReport: Encodable {
    struct Sent: Encodable {
        let unit: String, name: String, rows: Int, submitted: Int, qualified: Int, lastImportedAt: String,
            files: [String]
    }
    struct Missing: Encodable { let unit: String, name: String, indicators: Int }

    let scheme: String
    let week: String
    let monday: String
    let sunday: String
    let expected: Int
    let sentCount: Int
    let missingCount: Int
    let sent: [Sent]
    let missing: [Missing]

    init(scheme: Scheme, week: ISOWeek, receipts: [WeekReceipt], registry: UnitRegistry) {
        let expected = WeeklyTemplate.units(of: scheme)
        let order = Dictionary(uniqueKeysWithValues: scheme.units.enumerated().map { ($1, $0) })
        let byUnit = Dictionary(uniqueKeysWithValues: receipts.map { ($0.unit, $0) })
        self.scheme = scheme.id
        self.week = week.description
        monday = week.monday.description
        sunday = week.sunday.description
        self.expected = expected.count
        sent = receipts.sorted { (order[$0.unit] ?? .max, $0.unit) < (order[$1.unit] ?? .max, $1.unit) }.map { r in
            Sent(
                unit: r.unit, name: registry.unit(id: r.unit)?.name ?? r.unit, rows: r.rows, submitted: r.submitted,
                qualified: r.qualified, lastImportedAt: r.lastImportedAt, files: r.files)
        }
        missing = expected.filter { byUnit[$0] == nil }.map { u in
            Missing(
                unit: u, name: registry.unit(id: u)?.name ?? u,
                indicators: WeeklyTemplate.indicators(of: scheme, for: u).count)
        }
        sentCount = sent.count
        missingCount = missing.count
    }

    func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! e.encode(self), as: UTF8.self) + "\n"
    }

    func table() -> String {
        var s = "\(scheme) \(week)（\(monday) 至 \(sunday)）：应报 \(expected) 个单位，已报 \(sentCount)，未报 \(missingCount)"
        s += " (expected \(expected), sent \(sentCount), missing \(missingCount))\n"
        s += "\n未报送 (not sent): \(missingCount)\n"
        for m in missing {
            s += "  \(m.unit.padding(toLength: 16, withPad: " ", startingAt: 0))\(m.name)（\(m.indicators) 项指标）\n"
        }
        s += "\n已报送 (sent): \(sentCount)\n"
        if !sent.isEmpty { s += "  单位 unit        行数  报送数  合格数  最后导入 (UTC)        名称\n" }
        for r in sent {
            s +=
                "  " + r.unit.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: "%4d  %6d  %6d  ", r.rows, r.submitted, r.qualified)
                + r.lastImportedAt.padding(toLength: 22, withPad: " ", startingAt: 0) + r.name + "\n"
        }
        return s
    }
}
