import Indicators
import Testing

@testable import Scoring

@Suite("One number path and running windows")
struct NumbersTests {
    @Test func roundsHalfAwayFromZeroNotToEven() {
        // Given values exactly halfway (binary-exact), where %.2f would round to even
        // Then the one path rounds away from zero, as kaohe score always did
        #expect(Numbers.score(87.125) == "87.13")
        #expect(Numbers.score(99.125) == "99.13")
        #expect(Numbers.score(-87.125) == "-87.13")
        #expect(Numbers.percent(0.8125) == "81.3%")  // 81.25 %
        #expect(Numbers.fixed(2.5, digits: 0) == "3")
        // And never a negative zero
        #expect(Numbers.score(-0.001) == "0.00")
        #expect(Numbers.fixed(-0.04, digits: 1) == "0.0")
        #expect(Numbers.score(0) == "0.00" && Numbers.score(100) == "100.00")
    }

    @Test func plainAmountsDropNeedlessDecimals() {
        #expect(Numbers.decimal(6) == "6")
        #expect(Numbers.decimal(6.0000000001, digits: 1) == "6")
        #expect(Numbers.decimal(4.4333, digits: 1) == "4.4")
        #expect(Numbers.decimal(7.5) == "7.5")
        #expect(Numbers.decimal(3.86) == "3.86")
        #expect(Numbers.decimal(-0.001) == "0")
    }

    @Test func ranksCompareTheRoundedValueThatIsShown() {
        // Given 99.125 (shown 99.13) and 99.13: they are shown alike, so they share the place
        #expect(rankPlaces([99.125, 99.13, 99.12]) == [1, 1, 3])
        #expect(Numbers.roundedScore(99.125) == Numbers.roundedScore(99.13))
        // And in rank order the shown scores never go up, and equal shown scores share a place
        let scores = (0..<400).map { 99 + Double($0) * 0.0025 }
        let places = rankPlaces(scores)
        let order = scores.indices.sorted { (places[$0], $0) < (places[$1], $1) }
        for (x, y) in zip(order, order.dropFirst()) {
            let a = Double(Numbers.score(scores[x]))!
            let b = Double(Numbers.score(scores[y]))!
            #expect(a >= b)
            #expect((a == b) == (places[x] == places[y]))
        }
    }

    @Test func aRunningWindowIsCutAtTheLastDayWithData() {
        let dec = month("2018-12")
        // Given the last day with data inside December
        let cut = dec.through(day("2018-12-27"))
        #expect(cut.range == DateWindow(from: day("2018-12-01"), to: day("2018-12-27")))
        #expect(!cut.isComplete && cut.label == "2018-12" && cut.fullRange == dec.range)
        // A window that has ended (or not begun) is left whole
        #expect(dec.through(day("2018-12-31")) == dec && dec.through(day("2019-02-03")).isComplete)
        #expect(dec.through(day("2018-11-30")) == dec)
        // The previous window of a cut one is the whole previous month
        #expect(cut.previous() == month("2018-11"))
    }

    @Test func aRunningMonthProratesItsQuotaAndSaysWhatIsStillMissing() throws {
        // Given a quota of 5 a month and a unit with 4 items by Thursday 2018-12-27 (rows of W49 and W51, dated
        // by their Sundays, the 9th and the 23rd)
        let s = scheme(
            mode: .individual, units: ["a", "b"], indicators: [indicator("1", 100, .quota(count: 5, period: .month))])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(counts: [
                count("t", "a", "1", "2018-W49", 2), count("t", "a", "1", "2018-W51", 2),
                count("t", "b", "1", "2018-W50", 4),
            ]))
        // When December is scored whole, the whole month's quota is expected: 4 of 5
        let whole = try scorer.score(scheme: "t", window: month("2018-12"))
        #expect(near(whole.unit("a")?.indicators[0].expected, 5))
        #expect(whole.unit("a")?.indicators[0].missing?.text == "还需报送合格案例 1 件")
        // When it is scored to the 27th, 5 × 27/31 = 4.35 are expected: 4 items still miss 1, and the score is 4/4.35
        let running = try scorer.score(scheme: "t", window: month("2018-12").through(day("2018-12-27")))
        #expect(near(running.unit("a")?.indicators[0].expected, 5.0 * 27 / 31))
        #expect(near(running.unit("a")?.score, 100 * 4 / (5.0 * 27 / 31)))
        #expect(Numbers.score(running.unit("a")!.score) == "91.85")
        // And to the 23rd (a Sunday) b's 4 items meet 5 × 23/31 = 3.71 in full
        let sunday = try scorer.score(scheme: "t", window: month("2018-12").through(day("2018-12-23")))
        #expect(near(sunday.unit("b")?.score, 100) && sunday.unit("b")?.indicators[0].missing == nil)
        // And the terminal says the window is cut
        let table = ScoreReport.table(running, scheme: s)
        #expect(table.contains("窗口 2018-12：2018-12-01 至 2018-12-27（截至 2018-12-27，未满整期），2 个单位"))
        #expect(ScoreReport.json(running).contains("\"window\":{\"from\":\"2018-12-01\",\"to\":\"2018-12-27\"}"))
    }

    @Test func tiedPlacesAreNamedAsShared() throws {
        let s = scheme(
            mode: .individual, units: ["a", "b", "c"],
            indicators: [indicator("1", 100, .quota(count: 1, period: .month))])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(counts: [
                count("t", "a", "1", "2018-W50", 1), count("t", "b", "1", "2018-W51", 1),
            ]))
        let r = try scorer.score(scheme: "t", window: month("2018-12"))
        #expect(r.sharing(rank: 1) == 2 && r.sharing(rank: 3) == 1 && r.sharing(rank: 2) == 0)
        #expect(r.place(of: r.unit("a")!) == "并列第1" && r.place(of: r.unit("c")!) == "第3")
        #expect(ScoreReport.breakdown(r.unit("b")!, of: r, scheme: s).contains("得分 100.00，并列第1名 / 3"))
    }
}
