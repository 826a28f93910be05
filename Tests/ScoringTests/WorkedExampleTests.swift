import Indicators
import Testing

@testable import Scoring

/// The worked example of docs/scoring.md on the real catalog (zone, indicator 1, December 2018).
@Suite struct WorkedExampleTests {
    static let tierB = ["gx-scjg", "gx-shsw", "gx-swj", "gx-gafj", "gx-jcy"]

    static var input: ScoringInput {
        var rows = [count("gaoxin-2018", "gx-fzzl", "1", "2018-W49", 1)]
        for (k, u) in tierB.enumerated() {
            rows.append(count("gaoxin-2018", u, "1", k % 2 == 0 ? "2018-W48" : "2018-W52", 1))
        }
        // Filed in the week of 2018-12-31…2019-01-06: its Sunday is in January.
        rows.append(count("gaoxin-2018", "gx-fy", "1", "2019-W01", 1))
        // Submitted but not qualified: does not count.
        rows.append(count("gaoxin-2018", "gx-hbfj", "1", "2018-W50", 1, 0))
        return ScoringInput(counts: rows)
    }

    @Test func zoneScoresTwentyThreeOnIndicatorOneInDecember() throws {
        // Given the director's office and five tier-B units filed their document in December 2018
        let scorer = Scorer(catalog: realCatalog, input: Self.input)
        // When the zone's scheme is scored over December 2018
        let r = try scorer.score(scheme: "gaoxin-2018", window: month("2018-12"))
        // Then Z_1 = 18 + 5 × 1.0 = 23, and the scheme has 23 units
        #expect(r.region.indicators[0].code == "1")
        #expect(near(r.region.indicators[0].score, 23))
        #expect(r.region.indicators[0].points == 30)
        #expect(r.units.count == 23)
        let fzzl = try #require(r.unit("gx-fzzl")?.indicator("1"))
        #expect(fzzl.tier == 1 && fzzl.weight == 60)
        #expect(near(fzzl.responsibility, 18) && fzzl.completion == 1 && near(fzzl.earned, 18))
        let scjg = try #require(r.unit("gx-scjg")?.indicator("1"))
        #expect(scjg.tier == 2 && scjg.weight == 40 && near(scjg.responsibility, 1.0) && near(scjg.earned, 1.0))
        let fy = try #require(r.unit("gx-fy")?.indicator("1"))
        #expect(fy.completion == 0 && fy.missing == Shortfall(items: 1, text: "尚未报送正式文件"))
        #expect(r.unit("gx-hbfj")?.indicator("1")?.submitted == 1)
        #expect(r.unit("gx-hbfj")?.indicator("1")?.completion == 0)
    }

    @Test func documentsCountFromTheSchemeStartSoJanuaryAddsTheLateFiler() throws {
        let scorer = Scorer(catalog: realCatalog, input: Self.input)
        let r = try scorer.score(scheme: "gaoxin-2018", window: month("2019-01"))
        #expect(near(r.region.indicators[0].score, 24))
        #expect(r.unit("gx-fy")?.indicator("1")?.counted == 1)
    }

    @Test func sharedUnitScoreIsEarnedOverResponsibility() throws {
        // gx-scjg answers for indicators 1, 2, 3, 4, 6 (and 5, a deduction); only indicator 1 is done.
        let r = try Scorer(catalog: realCatalog, input: Self.input).score(
            scheme: "gaoxin-2018", window: month("2018-12"))
        let u = try #require(r.unit("gx-scjg"))
        let resp = 30 * 0.4 / 12 + 20 * 0.5 / 4 + 15 * 0.4 / 5 + 15 * 0.5 / 7 + 5 * 0.8 / 4
        #expect(near(u.responsibility, resp))
        #expect(near(u.earned, 1))
        #expect(near(u.score, 100 / resp))
        #expect(u.indicators.map(\.code) == ["1", "2", "3", "4", "5", "6"])
        // Units only in the deduction indicator and the director's office (indicator 1 only) score 100.
        #expect(r.unit("gx-bgs")?.score == 100 && r.unit("gx-bgs")?.responsibility == 0)
        #expect(r.unit("gx-fzzl")?.score == 100)
        #expect(r.units.prefix(4).map(\.rank) == [1, 1, 1, 4])
    }

    @Test func cityRankingRollsTheZoneUpFromItsOwnScheme() throws {
        // Given the worked example's data and one defaulter event of the zone's office
        var input = Self.input
        input = ScoringInput(counts: input.counts, events: [event("gaoxin-2018", "gx-bgs", "5", "2018-12-12")])
        let scorer = Scorer(catalog: realCatalog, input: input)
        // When the city's ranking of districts is scored for December 2018
        let zone = try scorer.score(scheme: "gaoxin-2018", window: month("2018-12"))
        let city = try scorer.score(scheme: "jinan-districts", window: month("2018-12"))
        // Then the zone's completion is Z_i / P_i of its own scheme and its events are its units' events
        #expect(near(zone.region.total, 23 + 10))
        let gaoxin = try #require(city.unit("gaoxin"))
        #expect(gaoxin.rollup == "gaoxin-2018")
        #expect(near(gaoxin.indicator("1")?.completion, 23.0 / 30))
        #expect(near(gaoxin.indicator("1")?.earned, 23))
        #expect(gaoxin.indicator("1")?.counted == 6 && gaoxin.indicator("1")?.expected == nil)
        #expect(gaoxin.indicator("1")?.missing == Shortfall(items: 0, text: "由本区考核（济高信用办[2018]1号）汇总：得分 23.00 / 30"))
        #expect(gaoxin.indicator("5")?.events == 1 && gaoxin.indicator("5")?.earned == 10)
        #expect(near(gaoxin.score, 33))
        #expect(gaoxin.rank == 1)
        // Districts without data keep only the deduction indicator's 15 points and tie for second place.
        #expect(city.units.dropFirst().allSatisfy { $0.score == 15 && $0.rank == 2 })
        #expect(city.units.dropFirst().map(\.unit).prefix(3) == ["lixia", "shizhong", "huaiyin"])
        #expect(city.units[1].pointsToNextRank == 18.01)
        #expect(city.units[0].pointsToNextRank == nil)
        #expect(city.units.allSatisfy { $0.rankChange == nil })
    }
}
