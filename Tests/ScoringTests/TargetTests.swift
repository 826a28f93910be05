import Foundation
import Indicators
import Testing

@testable import Scoring

@Suite struct TargetTests {
    static func target(
        _ id: String, _ c: Indicators.Comparator, _ v: Double, _ m: TrendMethod = .linear,
        base: (year: Double, value: Double)? = nil
    ) -> Target {
        Target(
            id: id, group: "组", title: id, text: "\(v)", comparator: c, value: v, measure: "%", year: 2025, method: m,
            base: base)
    }

    static func obs(_ id: String, _ p: String, _ v: Double) -> TargetObservation {
        TargetObservation(target: id, period: ObservationPeriod(p)!, value: v)
    }

    /// One target ≥ 100 % with base 80 (2020, standing at 2021.0): 100 by 2026.0 needs 4 points a year.
    func status(latest: Double, at period: String = "2022") -> TargetProgress {
        let set = TargetSet(id: "s", document: "", column: "", targets: [Self.target("x", .ge, 100)])
        return targetProgress(targets: set, observations: [Self.obs("x", "2020", 80), Self.obs("x", period, latest)])[0]
    }

    @Test func linearStatusesFollowTheRatioOfObservedToRequiredRate() {
        #expect(status(latest: 100).status == .achieved)
        let on = status(latest: 88)  // 4 a year: R = 1
        #expect(on.status == .onTrack && near(on.ratio, 1))
        #expect(on.base?.time == 2021 && on.base?.value == 80 && on.latest?.value == 88)
        let slow = status(latest: 86)  // 3 a year: R = 0.75
        #expect(slow.status == .needsAcceleration && near(slow.ratio, 0.75))
        #expect(status(latest: 82).status == .limited)
        #expect(near(status(latest: 82).ratio, 0.25))
        #expect(status(latest: 78).status == .deterioration)
        // Months as twelfths: 2021-06 stands at 2021.5, half a year after the base: 2 points are on track
        let mid = status(latest: 82, at: "2021-06")
        #expect(near(mid.ratio, 1) && mid.status == .onTrack)
        #expect(status(latest: 87.59).status == .needsAcceleration)  // R = 0.94875 < 0.95
        #expect(status(latest: 87.61).status == .onTrack)  // R = 0.95125
    }

    @Test func unknownWithoutObservationsOrWithASingleOne() {
        let set = TargetSet(
            id: "s", document: "", column: "", targets: [Self.target("x", .ge, 100), Self.target("y", .ge, 100)])
        let r = targetProgress(targets: set, observations: [Self.obs("x", "2021", 90)])
        #expect(r.map(\.status) == [.unknown, .unknown])
        #expect(r[0].latest?.value == 90 && r[0].base == nil && r[1].latest == nil && r[0].ratio == nil)
    }

    @Test func anExplicitBaseMakesASingleObservationEnough() {
        let set = TargetSet(id: "s", document: "", column: "", targets: [Self.target("x", .ge, 100, base: (2020, 80))])
        let r = targetProgress(targets: set, observations: [Self.obs("x", "2022", 88)])[0]
        #expect(r.status == .onTrack && r.base?.time == 2021 && near(r.ratio, 1))
    }

    @Test func cagrComparesCompoundAnnualGrowthRates() {
        // > 500 万次 from 200 (2020 → 2021.0): required (2.5)^(1/5) − 1 a year
        let set = TargetSet(id: "s", document: "", column: "", targets: [Self.target("q", .gt, 500, .cagr)])
        let required = pow(2.5, 1.0 / 5) - 1
        let fast = targetProgress(
            targets: set, observations: [Self.obs("q", "2020", 200), Self.obs("q", "2022", 288)])[0]
        #expect(near(fast.ratio, 0.2 / required) && fast.status == .onTrack)
        let slow = targetProgress(
            targets: set, observations: [Self.obs("q", "2020", 200), Self.obs("q", "2022", 250)])[0]
        #expect(near(slow.ratio, (1.25.squareRoot() - 1) / required) && slow.status == .limited)
        let done = targetProgress(
            targets: set, observations: [Self.obs("q", "2020", 200), Self.obs("q", "2022", 500.5)])[0]
        #expect(done.status == .achieved && done.ratio == nil)
    }

    @Test func aRankTargetRunsTheOtherWay() {
        // 稳居前10名: ≤ 10, from 20th (2020)
        let set = TargetSet(id: "s", document: "", column: "", targets: [Self.target("rank", .le, 10)])
        func at(_ v: Double) -> TargetProgress {
            targetProgress(targets: set, observations: [Self.obs("rank", "2020", 20), Self.obs("rank", "2022", v)])[0]
        }
        #expect(at(16).status == .onTrack && near(at(16).ratio, 1))
        #expect(at(17).status == .needsAcceleration)
        #expect(at(22).status == .deterioration)
        #expect(at(10).status == .achieved)
    }

    @Test func asOfIgnoresLaterObservationsAndLabelsAreChinese() {
        let set = TargetSet(id: "s", document: "", column: "", targets: [Self.target("x", .ge, 100)])
        let obs = [Self.obs("x", "2022", 70), Self.obs("x", "2020", 80), Self.obs("x", "2021-12", 84)]
        let r = targetProgress(targets: set, observations: obs, asOf: YearMonth(year: 2021, month: 12))[0]
        #expect(r.observations.map(\.value) == [80, 84])
        #expect(r.status == .onTrack)
        #expect(targetProgress(targets: set, observations: obs)[0].status == .deterioration)
        #expect(TargetStatus.allCases.map(\.label) == ["已达成", "按期推进", "需加快", "进展缓慢", "倒退", "数据不足"])
    }

    @Test func theRealColumnHasTwelveTargetsAllUnknownWithoutData() throws {
        let set = try #require(realCatalog.targets)
        let r = targetProgress(targets: set, observations: [])
        #expect(r.count == 12 && r.allSatisfy { $0.status == .unknown })
    }
}

@Suite struct TargetBaseTests {
    @Test func basePeriodNamesTheYearOrMonthOfTheBase() {
        let set = TargetSet(id: "s", document: "", column: "", targets: [TargetTests.target("x", .ge, 100)])
        func base(_ p: String) -> String? {
            targetProgress(
                targets: set, observations: [TargetTests.obs("x", p, 80), TargetTests.obs("x", "2024", 90)])[0]
                .basePeriod
        }
        #expect(base("2020") == "2020")
        #expect(base("2021-06") == "2021-06")
        #expect(base("2021-12") == "2021")
        #expect(base("2021-01") == "2021-01")
    }
}
