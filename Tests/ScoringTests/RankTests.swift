import Indicators
import Testing

@testable import Scoring

@Suite struct RankTests {
    @Test func tiesShareTheBestPlaceOnScoresRoundedToTwoDecimals() {
        #expect(rankPlaces([90, 95, 90, 80]) == [2, 1, 2, 4])
        // 90.001 and 89.999 both show as 90.00; 89.994 shows as 89.99
        #expect(rankPlaces([90.001, 89.999, 89.994, 95]) == [2, 2, 4, 1])
        #expect(rankPlaces([]) == [])
    }

    /// Units a, b, c; one item a month for 100 points.
    static let monthly = scheme(
        mode: .individual, units: ["a", "b", "c"], indicators: [indicator("1", 100, .quota(count: 1, period: .month))])

    @Test func rankChangeIsPreviousRankMinusCurrentRankAndNullInTheFirstWindow() throws {
        // Given a leads in December, b and c catch up in January while a files nothing
        let scorer = Scorer(
            catalog: catalog(Self.monthly),
            input: ScoringInput(counts: [
                count("t", "a", "1", "2018-W50", 1),
                count("t", "b", "1", "2019-W03", 1), count("t", "c", "1", "2019-W04", 2),
            ]))
        let dec = try scorer.score(scheme: "t", window: month("2018-12"))
        #expect(dec.units.map(\.unit) == ["a", "b", "c"] && dec.units.map(\.rank) == [1, 2, 2])
        #expect(dec.units.allSatisfy { $0.rankChange == nil })
        let jan = try scorer.score(scheme: "t", window: month("2019-01"))
        // Then b and c gain a place (2 → 1) and a loses two (1 → 3)
        #expect(jan.units.map(\.unit) == ["b", "c", "a"])
        #expect(jan.units.map(\.rank) == [1, 1, 3])
        #expect(jan.units.map(\.rankChange) == [1, 1, -2])
        #expect(jan.units.map(\.pointsToNextRank) == [nil, nil, 100.01])
    }

    @Test func weeklyWindowsCompareWithTheWindowToThePreviousSunday() throws {
        let s = Self.monthly
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(counts: [
                count("t", "c", "1", "2018-W48", 1), count("t", "a", "1", "2018-W49", 1),
                count("t", "a", "1", "2018-W49", 0),
            ]))
        // 2018-W48 ends on 2018-12-02; the window to the previous Sunday (11-25) ends before the start
        let first = try scorer.score(scheme: "t", window: .week(week("2018-W48"), scheme: s))
        #expect(first.units.allSatisfy { $0.rankChange == nil })
        #expect(first.units.map(\.unit) == ["c", "a", "b"])
        let second = try scorer.score(scheme: "t", window: .week(week("2018-W49"), scheme: s))
        #expect(second.units.map(\.unit) == ["a", "c", "b"])
        #expect(second.units.map(\.rank) == [1, 1, 3])
        #expect(second.units.map(\.rankChange) == [1, 0, -1])
    }

    @Test func pointsToNextRankUsesTheNearestBetterRoundedScore() throws {
        let s = scheme(
            mode: .individual, units: ["a", "b", "c", "d"],
            indicators: [indicator("1", 100, .quota(count: 3, period: .month))])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(counts: [
                count("t", "a", "1", "2018-W50", 3), count("t", "b", "1", "2018-W50", 2),
                count("t", "c", "1", "2018-W50", 2),
            ]))
        let r = try scorer.score(scheme: "t", window: month("2018-12"))
        #expect(r.units.map(\.unit) == ["a", "b", "c", "d"])
        #expect(r.units.map(\.rank) == [1, 2, 2, 4])
        // 100 − 66.67 + 0.01 for b and c; 66.67 − 0 + 0.01 for d
        #expect(r.units.map(\.pointsToNextRank) == [nil, 33.34, 33.34, 66.68])
    }

    @Test func scoringRefusesUnknownSchemesAndWindowsBeforeTheStart() {
        let scorer = Scorer(catalog: realCatalog, input: ScoringInput(counts: []))
        #expect(throws: KaoheError(step: "--scheme", message: "未知方案“gaoxin-2019”（是否指: gaoxin-2018）(unknown scheme)")) {
            try scorer.score(scheme: "gaoxin-2019", window: month("2018-12"))
        }
        #expect(
            throws: KaoheError(
                step: "计分 (score)",
                message:
                    "2018-11（2018-11-01…2018-11-30）早于方案 gaoxin-2018 的开始日期 2018-12-01 (window ends before the scheme starts)"
            )
        ) {
            try scorer.score(scheme: "gaoxin-2018", window: month("2018-11"))
        }
    }

    @Test func windowsHaveLabelsRangesAndNeighbours() throws {
        let zone = try #require(realCatalog.scheme(id: "gaoxin-2018"))
        let w = ScoreWindow.week(week("2018-W49"), scheme: zone)
        #expect(w.kind == .week && w.label == "2018-W49")
        #expect(w.range == DateWindow(from: day("2018-12-01"), to: day("2018-12-09")))
        #expect(w.previous().range.to == day("2018-12-02") && w.previous().range.from == day("2018-12-01"))
        #expect(ScoreWindow.quarter(Quarter(year: 2019, quarter: 1)!).previous().label == "2018-Q4")
        #expect(month("2019-01").previous().range == DateWindow(from: day("2018-12-01"), to: day("2018-12-31")))
        #expect(
            ScoreWindow.notices(for: zone, through: day("2018-12-20")).map(\.label) == [
                "2018-W48", "2018-W49", "2018-W50", "2018-W51",
            ])
        let news = try #require(realCatalog.scheme(id: "news-2017"))
        #expect(
            ScoreWindow.notices(for: news, through: day("2017-07-01")).map(\.label) == [
                "2017-Q1", "2017-Q2", "2017-Q3",
            ])
        #expect(ScoreWindow.notices(for: news, through: day("2016-07-01")).isEmpty)
        #expect(
            ScoreWindow.notice(
                for: try #require(realCatalog.scheme(id: "jinan-districts")), containing: day("2019-02-03")
            ).label == "2019-02")
    }
}

@Suite struct SeriesOfWindowsTests {
    @Test func scoringARunOfWindowsEqualsScoringEachAlone() throws {
        let s = RankTests.monthly
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(counts: [
                count("t", "a", "1", "2018-W50", 1), count("t", "b", "1", "2019-W03", 1),
                count("t", "c", "1", "2019-W04", 2),
                count("t", "c", "1", "2019-W07", 1),
            ]))
        let windows = ScoreWindow.notices(for: s, through: day("2019-03-10"))
        #expect(windows.map(\.label) == ["2018-12", "2019-01", "2019-02", "2019-03"])
        let run = try scorer.score(scheme: "t", windows: windows)
        #expect(run == (try windows.map { try scorer.score(scheme: "t", window: $0) }))
        #expect(run[2].units.map(\.unit) == ["c", "a", "b"] && run[2].units.map(\.rankChange) == [0, 1, -1])
        // A list out of order still compares each window with its own previous window.
        let two = try scorer.score(scheme: "t", windows: [windows[2], windows[0]])
        #expect(two == [run[2], run[0]])
    }

    @Test func rankChangesFromThePreviousWindowsScoresEqualThoseOfItsFullScoring() throws {
        // Given random rows of the real schemes (shared, individual, documents, deductions, roll-ups)
        let scorer = Scorer(
            catalog: realCatalog, input: ScoringInput(counts: WeeklyIndexTests.randomRows(seed: 11, count: 6_000)))
        var changed = 0
        for scheme in realCatalog.schemes.map(\.id) where scheme != "news-2017" {
            for w in [month("2019-01"), month("2019-03"), .quarter(Quarter(year: 2019, quarter: 2)!)] {
                // When a window is scored (its previous window for the scores only) and its previous
                // window is scored in full
                let r = try scorer.score(scheme: scheme, window: w)
                let previous = try scorer.score(scheme: scheme, window: w.previous())
                // Then each unit's rank change is its full previous rank minus its rank
                let before = Dictionary(uniqueKeysWithValues: previous.units.map { ($0.unit, $0.rank) })
                #expect(r.units.map(\.rankChange) == r.units.map { u in before[u.unit].map { $0 - u.rank } })
                changed += r.units.filter { ($0.rankChange ?? 0) != 0 }.count
            }
        }
        #expect(changed > 0)
    }
}
