import Foundation
import Indicators

@testable import Scoring

/// The repository's root folder.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The real catalog (indicators/*.yaml), loaded once.
let realCatalog: Catalog = try! CatalogLoader.load(directory: repoRoot.appendingPathComponent("indicators"))

func day(_ s: String) -> Day { Day(iso: s)! }
func week(_ s: String) -> ISOWeek { ISOWeek(s)! }
func month(_ s: String) -> ScoreWindow { .month(YearMonth(s)!) }

func count(
    _ scheme: String, _ unit: String, _ indicator: String, _ w: String, _ submitted: Int, _ qualified: Int? = nil
) -> WeeklyCount {
    WeeklyCount(
        scheme: scheme, unit: unit, indicator: indicator, week: week(w), submitted: submitted,
        qualified: qualified ?? submitted)
}

func event(_ scheme: String, _ unit: String, _ indicator: String, _ date: String, _ n: Int = 1) -> DeductionEvent {
    DeductionEvent(scheme: scheme, unit: unit, indicator: indicator, date: day(date), reason: "测试", count: n)
}

func indicator(_ code: String, _ points: Double, _ rule: Rule, tiers: [Tier] = [], units: [String] = []) -> Indicator {
    Indicator(
        code: code, short: "指标\(code)", title: "指标\(code)", points: points, requirement: "", rule: rule, tiers: tiers,
        units: units)
}

func scheme(
    id: String = "t", mode: SchemeMode, start: String = "2018-12-01", count basis: CountBasis = .qualified,
    units: [String] = [], indicators: [Indicator], rollups: [String: String] = [:]
) -> Scheme {
    Scheme(
        id: id, document: "", title: id, office: "", issued: day(start), start: day(start), mode: mode,
        notices: .monthly, count: basis, total: 100, region: "r", assessed: mode == .individual ? units : [],
        indicators: indicators, rollups: rollups)
}

/// A catalog of the given schemes; every unit is named 单位 + its id in capitals.
func catalog(_ schemes: Scheme...) -> Catalog {
    var seen = Set<String>()
    let ids = schemes.flatMap(\.units).filter { seen.insert($0).inserted }
    let registry = UnitRegistry(
        regions: [Region(id: "r", name: "区")],
        units: ids.map { Unit(id: $0, name: "单位" + $0.uppercased(), kind: .department, region: "r") })
    return Catalog(registry: registry, schemes: schemes, targets: nil)
}

func near(_ a: Double?, _ b: Double, _ eps: Double = 1e-9) -> Bool { a.map { abs($0 - b) <= eps } ?? false }
