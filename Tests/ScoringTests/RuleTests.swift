import Indicators
import Testing

@testable import Scoring

@Suite struct RuleTests {
    @Test func documentCountsFromTheSchemeStartUntilRequiredIsMet() throws {
        // Given a document rule requiring 2 documents, one filed in December and one in January
        let s = scheme(mode: .individual, units: ["a"], indicators: [indicator("1", 100, .document(required: 2))])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(counts: [
                count("t", "a", "1", "2018-W49", 1), count("t", "a", "1", "2019-W02", 1),
            ]))
        // Then December is incomplete and January (counting since the start) complete
        let dec = try #require(try scorer.score(scheme: "t", window: month("2018-12")).unit("a")?.indicator("1"))
        #expect(dec.counted == 1 && dec.completion == 0 && dec.earned == 0)
        #expect(dec.missing == Shortfall(items: 1, text: "还需报送正式文件 1 件"))
        let jan = try #require(try scorer.score(scheme: "t", window: month("2019-01")).unit("a")?.indicator("1"))
        #expect(jan.counted == 2 && jan.completion == 1 && jan.earned == 100 && jan.missing == nil)
    }

    @Test func quotaIsProratedByDaysAcrossAMonthBoundary() throws {
        // Given 1 item a month and the cumulative weekly window 2018-12-01…2019-01-06
        let s = scheme(
            mode: .individual, units: ["a"], indicators: [indicator("1", 10, .quota(count: 1, period: .month))])
        let scorer = Scorer(catalog: catalog(s), input: ScoringInput(counts: [count("t", "a", "1", "2018-W50", 1)]))
        let w = ScoreWindow.week(week("2019-W01"), scheme: s)
        #expect(w.range == DateWindow(from: day("2018-12-01"), to: day("2019-01-06")))
        let r = try #require(try scorer.score(scheme: "t", window: w).unit("a")?.indicator("1"))
        // Then expected = 1 + 6/31 and c = 31/37
        #expect(near(r.expected, 1 + 6.0 / 31))
        #expect(near(r.completion, 31.0 / 37))
        #expect(near(r.earned, 10 * 31.0 / 37))
        #expect(r.missing == Shortfall(items: 1, text: "还需报送合格案例 1 件"))
    }

    @Test func expectedCountOverEveryKindOfPeriod() {
        #expect(
            near(
                expectedCount(count: 2, period: .month, from: day("2019-01-15"), to: day("2019-02-14")),
                2 * 17.0 / 31 + 1))
        #expect(
            near(expectedCount(count: 1, period: .quarter, from: day("2018-12-01"), to: day("2018-12-31")), 31.0 / 92))
        // Weeks: 2018-W48 (2 of 7 days), W49…W52, 2019-W01 (1 of 7 days)
        #expect(
            near(expectedCount(count: 1, period: .week, from: day("2018-12-01"), to: day("2018-12-31")), 4 + 3.0 / 7))
        #expect(near(expectedCount(count: 12, period: .year, from: day("2019-01-01"), to: day("2019-12-31")), 12))
        #expect(expectedCount(count: 1, period: .month, from: day("2019-01-02"), to: day("2019-01-01")) == 0)
    }

    @Test func quarterQuotaInAMonthWindowAndCompletionCappedAtOne() throws {
        let s = scheme(
            mode: .individual, units: ["a", "b"], indicators: [indicator("4", 15, .quota(count: 1, period: .quarter))])
        let scorer = Scorer(catalog: catalog(s), input: ScoringInput(counts: [count("t", "b", "4", "2018-W51", 1)]))
        let r = try scorer.score(scheme: "t", window: month("2018-12"))
        #expect(near(r.unit("a")?.indicator("4")?.expected, 31.0 / 92))
        #expect(r.unit("a")?.indicator("4")?.completion == 0)
        #expect(r.unit("b")?.indicator("4")?.completion == 1 && r.unit("b")?.score == 15)
    }

    @Test func quotaWindowIsClippedToTheSchemeStartAndCountsSubmittedWhenTheSchemeSaysSo() throws {
        // Given the news scheme's shape: from 2017-01-18, 2 a month, counting submitted items
        let s = scheme(
            mode: .individual, start: "2017-01-18", count: .submitted, units: ["a"],
            indicators: [indicator("1", 100, .quota(count: 2, period: .month))])
        let scorer = Scorer(catalog: catalog(s), input: ScoringInput(counts: [count("t", "a", "1", "2017-W05", 3, 1)]))
        let r = try #require(
            try scorer.score(scheme: "t", window: .quarter(Quarter(year: 2017, quarter: 1)!)).unit("a")?.indicator("1"))
        #expect(near(r.expected, 2 * 14.0 / 31 + 4))
        #expect(r.counted == 3 && r.submitted == 3 && r.qualified == 1)
        #expect(near(r.completion, 3 / (2 * 14.0 / 31 + 4)))
        #expect(r.missing == Shortfall(items: 2, text: "还需报送 2 件"))
    }

    @Test func rateIsQualifiedOverSubmittedAndZeroWithoutSubmissions() throws {
        let s = scheme(mode: .individual, units: ["a", "b", "c"], indicators: [indicator("6", 5, .rate)])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(counts: [
                count("t", "a", "6", "2018-W49", 3, 2), count("t", "a", "6", "2018-W50", 2, 2),
                count("t", "c", "6", "2018-W49", 3, 3), count("t", "c", "6", "2018-W45", 9, 0),
            ]))
        let r = try scorer.score(scheme: "t", window: month("2018-12"))
        let a = try #require(r.unit("a")?.indicator("6"))
        #expect(near(a.completion, 0.8) && near(a.earned, 4))
        #expect(a.missing == Shortfall(items: 0, text: "指标6合格率 80.0%，需提高"))
        let b = try #require(r.unit("b")?.indicator("6"))
        #expect(b.completion == 0 && b.missing == Shortfall(items: 1, text: "本期尚未报送指标6信息"))
        #expect(r.unit("c")?.indicator("6")?.completion == 1 && r.unit("c")?.indicator("6")?.missing == nil)
    }

    @Test func deductionInASharedSchemeTakesPointsOffTheHundred() throws {
        // Given a shared scheme: indicator 1 shared by a and b, indicator 5 a deduction listing a, b, c, d
        let s = scheme(
            mode: .shared,
            indicators: [
                indicator("1", 30, .document(required: 1), tiers: [Tier(weight: 100, units: ["a", "b"])]),
                indicator("5", 15, .deduction(perEvent: 5), units: ["a", "b", "c", "d"]),
            ])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(
                counts: [count("t", "a", "1", "2018-W49", 1)],
                events: [
                    event("t", "a", "5", "2018-12-05"), event("t", "c", "5", "2018-12-20", 3),
                    event("t", "c", "5", "2019-01-02"), event("t", "d", "5", "2018-12-31", 25),
                ]))
        let r = try scorer.score(scheme: "t", window: month("2018-12"))
        // Then a: 100 × 15/15 − 5 = 95; b: 0; c (deduction only): 100 − 15 = 85; d: floored at 0
        #expect(r.unit("a")?.score == 95)
        #expect(r.unit("a")?.indicator("5")?.earned == -5 && r.unit("a")?.indicator("5")?.events == 1)
        #expect(r.unit("a")?.indicator("5")?.responsibility == nil && r.unit("a")?.indicator("5")?.completion == nil)
        #expect(r.unit("a")?.indicator("5")?.missing == Shortfall(items: 0, text: "本期失信被执行人 1 次，扣 5.00 分"))
        #expect(r.unit("b")?.score == 0 && r.unit("b")?.indicator("5")?.earned == 0)
        #expect(r.unit("c")?.score == 85 && r.unit("c")?.events == 3)
        #expect(r.unit("d")?.score == 0)
        #expect(r.units.map(\.unit) == ["a", "c", "b", "d"])
        #expect(r.units.map(\.rank) == [1, 2, 3, 3])
        // Region: Z_1 = 15, Z_5 = max(0, 15 − 5 × 29) = 0
        #expect(r.region.indicators.map(\.score) == [15, 0])
        #expect(r.region.total == 15)
    }

    @Test func deductionInAnIndividualSchemeKeepsWhatIsLeftOfItsPoints() throws {
        let s = scheme(
            mode: .individual, units: ["a", "b"],
            indicators: [
                indicator("1", 85, .document(required: 1)), indicator("2", 15, .deduction(perEvent: 5)),
            ])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(
                counts: [count("t", "a", "1", "2018-W49", 1)],
                events: [event("t", "a", "2", "2018-12-05"), event("t", "b", "2", "2018-12-06", 4)]))
        let r = try scorer.score(scheme: "t", window: month("2018-12"))
        #expect(r.unit("a")?.score == 95 && r.unit("a")?.indicator("2")?.earned == 10)
        #expect(r.unit("b")?.score == 0 && r.unit("b")?.indicator("2")?.earned == 0)
        // Region of an individual scheme: the mean over units
        #expect(r.region.indicators.map(\.score) == [42.5, 5])
    }

    @Test func eventsWithoutAKnownIndicatorGoToTheDeductionIndicator() throws {
        let s = scheme(
            mode: .individual, units: ["a"],
            indicators: [indicator("1", 85, .rate), indicator("2", 15, .deduction(perEvent: 5))])
        let scorer = Scorer(
            catalog: catalog(s), input: ScoringInput(counts: [], events: [event("t", "a", "", "2018-12-05")]))
        #expect(try scorer.score(scheme: "t", window: month("2018-12")).unit("a")?.indicator("2")?.events == 1)
    }
}
