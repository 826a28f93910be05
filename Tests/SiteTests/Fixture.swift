import Foundation
import Indicators

@testable import Site

/// The real catalog of indicators/ with a small, fully known data set on top, plus generated
/// filler for later weeks (for pages that look like a real site).
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let indicators = root.appendingPathComponent("indicators")
    static let templates = root.appendingPathComponent("templates")

    static let scriptAlias = "<script>alert('alias')</script>"
    static let scriptReason = "<script>alert(1)</script>法院被列为失信被执行人，身份证号370102199001011234"

    /// The real catalog, with an alias carrying `<script>` added to 发展战略与宣传策划局.
    static func catalog() throws -> Catalog {
        let c = try CatalogLoader.load(directory: indicators)
        let units = c.registry.units.map { u in
            u.id == "gx-fzzl"
                ? Unit(id: u.id, name: u.name, kind: u.kind, region: u.region, aliases: u.aliases + [scriptAlias]) : u
        }
        return Catalog(
            registry: UnitRegistry(regions: c.registry.regions, units: units), schemes: c.schemes, targets: c.targets)
    }

    static func w(_ text: String) -> ISOWeek { ISOWeek(text)! }

    /// Known rows: weeks 2018-W49 and W50 (see the tests for what they make).
    static let known: [WeeklyCount] = [
        // gaoxin-2018, 2018-W49: 4 units, 15 items, 12 qualified.
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-fzzl", indicator: "1", week: w("2018-W49"), submitted: 1, qualified: 1),
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-scjg", indicator: "2", week: w("2018-W49"), submitted: 2, qualified: 1),
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-scjg", indicator: "3", week: w("2018-W49"), submitted: 1, qualified: 1),
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-swj", indicator: "6", week: w("2018-W49"), submitted: 10, qualified: 9),
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-shunhualu", indicator: "1", week: w("2018-W49"), submitted: 1, qualified: 0
        ),
        // gaoxin-2018, 2018-W50.
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-scjg", indicator: "2", week: w("2018-W50"), submitted: 1, qualified: 1),
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-swj", indicator: "6", week: w("2018-W50"), submitted: 5, qualified: 5),
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-kjjj", indicator: "6", week: w("2018-W50"), submitted: 4, qualified: 2),
        WeeklyCount(
            scheme: "gaoxin-2018", unit: "gx-dongqu", indicator: "3", week: w("2018-W50"), submitted: 2, qualified: 2),
        // jinan-districts, 历下区 in December 2018: 30 + 20 + 7.5 + 15 + 15 + 4 = 91.50.
        WeeklyCount(
            scheme: "jinan-districts", unit: "lixia", indicator: "1", week: w("2018-W49"), submitted: 1, qualified: 1),
        WeeklyCount(
            scheme: "jinan-districts", unit: "lixia", indicator: "2", week: w("2018-W49"), submitted: 2, qualified: 2),
        WeeklyCount(
            scheme: "jinan-districts", unit: "lixia", indicator: "2", week: w("2018-W50"), submitted: 3, qualified: 2),
        WeeklyCount(
            scheme: "jinan-districts", unit: "lixia", indicator: "3", week: w("2018-W50"), submitted: 2, qualified: 2),
        WeeklyCount(
            scheme: "jinan-districts", unit: "lixia", indicator: "4", week: w("2018-W50"), submitted: 1, qualified: 1),
        WeeklyCount(
            scheme: "jinan-districts", unit: "lixia", indicator: "6", week: w("2018-W49"), submitted: 10, qualified: 8),
        // news-2017.
        WeeklyCount(
            scheme: "news-2017", unit: "jn-m01", indicator: "1", week: w("2018-W49"), submitted: 3, qualified: 2),
    ]

    static let events: [DeductionEvent] = [
        DeductionEvent(
            scheme: "gaoxin-2018", unit: "gx-fy", indicator: "5", date: Day(iso: "2018-12-05")!, reason: scriptReason)
    ]

    static let observations: [TargetObservation] = [
        TargetObservation(target: "gov-dept-clearance", period: ObservationPeriod(year: 2021)!, value: 80),
        TargetObservation(target: "gov-dept-clearance", period: ObservationPeriod(year: 2023)!, value: 95),
        TargetObservation(target: "query-volume", period: ObservationPeriod(year: 2021)!, value: 300),
        TargetObservation(target: "query-volume", period: ObservationPeriod(year: 2023)!, value: 330),
        TargetObservation(target: "city-monitor-rank", period: ObservationPeriod(year: 2021)!, value: 15),
        TargetObservation(target: "city-monitor-rank", period: ObservationPeriod(year: 2023)!, value: 17),
        TargetObservation(target: "satisfaction", period: ObservationPeriod(year: 2023)!, value: 96),
        TargetObservation(target: "coverage-person", period: ObservationPeriod(year: 2021)!, value: 60),
        TargetObservation(target: "coverage-person", period: ObservationPeriod(year: 2022, month: 6)!, value: 70),
        TargetObservation(target: "xinyidai-loans", period: ObservationPeriod(year: 2021)!, value: 3000),
        TargetObservation(target: "xinyidai-loans", period: ObservationPeriod(year: 2023)!, value: 4600),
    ]

    /// Generated rows from 2018-W51 (zone), 2018-W49 (other districts, news) to `last`, leaving 历下区,
    /// 发展战略与宣传策划局 and 市委组织部 with their known rows only.
    static func filler(catalog: Catalog, last: ISOWeek) -> [WeeklyCount] {
        var rng: UInt64 = 0x2018_1201
        func next(_ n: Int) -> Int {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((rng >> 33) % UInt64(n))
        }
        var out: [WeeklyCount] = []
        for s in catalog.schemes {
            var week = s.id == "gaoxin-2018" ? w("2018-W51") : w("2018-W49")
            let skip: Set<String> = ["lixia", "gx-fzzl", "jn-m01", "gaoxin"]
            while week <= last {
                for (k, u) in s.units.enumerated() where !skip.contains(u) {
                    let diligence = (k * 7) % 10  // some units hand in much, some little
                    for ind in s.indicators where !ind.rule.isDeduction && s.isResponsible(unit: u, indicator: ind) {
                        guard next(10) < diligence else { continue }
                        let sub = ind.rule == .rate ? 3 + next(8) : 1 + next(s.mode == .individual ? 3 : 2)
                        let q = max(0, sub - next(2))
                        out.append(
                            WeeklyCount(
                                scheme: s.id, unit: u, indicator: ind.code, week: week, submitted: sub, qualified: q))
                    }
                }
                week = week.adding(weeks: 1)
            }
        }
        return out
    }

    static func input(last: ISOWeek = w("2019-W06"), asOf: Day? = nil) throws -> SiteInput {
        let c = try catalog()
        return SiteInput(
            catalog: c, counts: known + filler(catalog: c, last: last), events: events,
            observations: observations, asOf: asOf)
    }

    static func tempDir(_ name: String) -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-site-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}
