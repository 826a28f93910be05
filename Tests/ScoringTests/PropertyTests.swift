import Indicators
import Testing

@testable import Scoring

/// Invariants of the model over generated schemes and data (seeded, reproducible).
@Suite struct PropertyTests {
    struct Case {
        let catalog: Catalog
        let input: ScoringInput
        let window: ScoreWindow
        let scheme: Scheme
    }

    static func generate(_ rng: inout SplitMix64) -> Case {
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let n = 2 + pick(9)
        let ids = (0..<n).map { "u\($0)" }
        let mode: SchemeMode = pick(2) == 0 ? .shared : .individual
        var indicators: [Indicator] = []
        for k in 0..<(1 + pick(5)) {
            let rule: Rule
            switch pick(4) {
            case 0: rule = .document(required: 1 + pick(2))
            case 1:
                rule = .quota(count: Double(1 + pick(4)), period: [QuotaPeriod.week, .month, .quarter, .year][pick(4)])
            case 2: rule = .rate
            default: rule = .deduction(perEvent: Double(1 + pick(5)))
            }
            let points = Double(5 + pick(30))
            var tiers: [Tier] = []
            var units: [String] = []
            if mode == .shared {
                let members = ids.filter { _ in pick(3) > 0 }
                if rule.isDeduction {
                    units = members.isEmpty ? [ids[0]] : members
                } else {
                    let chosen = members.isEmpty ? [ids[pick(n)]] : members
                    let parts = min(chosen.count, 1 + pick(3))
                    var weights = Array(repeating: 0.0, count: parts)
                    var left = 100
                    for p in 0..<parts - 1 {
                        let w = 1 + pick(left - (parts - p - 1))
                        weights[p] = Double(w)
                        left -= w
                    }
                    weights[parts - 1] = Double(left)
                    var groups = Array(repeating: [String](), count: parts)
                    for (j, u) in chosen.enumerated() { groups[j < parts ? j : pick(parts)].append(u) }
                    tiers = zip(weights, groups).map { Tier(weight: $0, units: $1) }
                }
            }
            indicators.append(indicator(String(k + 1), points, rule, tiers: tiers, units: units))
        }
        let s = scheme(mode: mode, units: ids, indicators: indicators)
        let first = ISOWeek(year: 2018, week: 48)!
        var counts: [WeeklyCount] = []
        for _ in 0..<pick(60) {
            let sub = pick(5)
            let q = sub == 0 ? 0 : pick(sub + 1)
            counts.append(
                WeeklyCount(
                    scheme: "t", unit: ids[pick(n)], indicator: String(1 + pick(indicators.count)),
                    week: first.adding(weeks: pick(30)), submitted: sub, qualified: q))
        }
        var events: [DeductionEvent] = []
        for _ in 0..<pick(6) {
            events.append(
                DeductionEvent(
                    scheme: "t", unit: ids[pick(n)], indicator: String(1 + pick(indicators.count)),
                    date: day("2018-12-01").adding(days: pick(200)), reason: "", count: 1 + pick(3)))
        }
        let window: ScoreWindow
        switch pick(3) {
        case 0: window = .month(YearMonth(year: 2018, month: 12)!.adding(months: pick(6)))
        case 1: window = .week(first.adding(weeks: pick(30)), scheme: s)
        default: window = .quarter(Quarter(year: 2018, quarter: 4)!.adding(quarters: pick(3)))
        }
        return Case(catalog: catalog(s), input: ScoringInput(counts: counts, events: events), window: window, scheme: s)
    }

    @Test func invariantsHoldOverGeneratedCases() throws {
        var rng = SplitMix64(seed: 4)
        var checked = 0
        var withPoints = 0
        var withEvents = 0
        var withTies = 0
        for _ in 0..<400 {
            let c = Self.generate(&rng)
            let r = try Scorer(catalog: c.catalog, input: c.input).score(scheme: "t", window: c.window)
            let n = Double(r.units.count)
            for (i, ind) in c.scheme.indicators.enumerated() where !ind.rule.isDeduction {
                let earned = r.units.compactMap { $0.indicator(ind.code)?.earned }.reduce(0, +)
                let z = r.region.indicators[i].score
                // The units' earned points add up to the region's score (the mean in an individual scheme).
                #expect(abs(earned - (c.scheme.mode == .shared ? z : z * n)) < 1e-9)
                // Every point of a shared indicator is shared out.
                if c.scheme.mode == .shared {
                    let resp = r.units.compactMap { $0.indicator(ind.code)?.responsibility }.reduce(0, +)
                    #expect(abs(resp - ind.points) < 1e-9)
                }
            }
            for u in r.units {
                for x in u.indicators {
                    if let comp = x.completion { #expect(comp >= 0 && comp <= 1) }
                    #expect((x.completion == nil) == x.rule.isDeduction)
                }
                #expect(u.score >= 0)
                #expect(
                    u.score <= (c.scheme.mode == .shared ? 100 : c.scheme.indicators.map(\.points).reduce(0, +)) + 1e-9)
                // A valid 1224 ranking of the rounded scores.
                #expect(u.rank == 1 + r.units.filter { rounded2($0.score) > rounded2(u.score) }.count)
            }
            #expect(r.units.map(\.rank) == r.units.map(\.rank).sorted())
            #expect(Set(r.units.map(\.unit)) == Set(c.scheme.units))
            checked += 1
            if r.units.contains(where: { $0.earned > 0 }) { withPoints += 1 }
            if r.units.contains(where: { $0.events > 0 }) { withEvents += 1 }
            if Set(r.units.map(\.rank)).count < r.units.count { withTies += 1 }
        }
        // The generated cases exercise what they are meant to.
        #expect(checked == 400 && withPoints > 100 && withEvents > 50 && withTies > 50)
    }
}
