import Indicators
import Testing

@testable import Scoring

/// The one index of the weekly rows that the scorer and the site read.
@Suite struct WeeklyIndexTests {
    /// Random rows of the real zone scheme, in random order with repeated weeks, plus rows of an
    /// unknown unit, indicator and scheme.
    static func randomRows(seed: UInt64, count n: Int) -> [WeeklyCount] {
        var rng = SplitMix64(seed: seed)
        let s = realCatalog.scheme(id: "gaoxin-2018")!
        let units = s.units + ["no-such-unit"]
        let codes = s.indicators.map(\.code) + ["99"]
        let first = ISOWeek("2018-W45")!
        func pick(_ k: Int) -> Int { Int(rng.next() % UInt64(k)) }
        return (0..<n).map { _ in
            let sub = pick(6)
            let qual = pick(sub + 1)
            return WeeklyCount(
                scheme: pick(20) == 0 ? "other" : s.id, unit: units[pick(units.count)],
                indicator: codes[pick(codes.count)], week: first.adding(weeks: pick(30)),
                submitted: sub, qualified: qual)
        }
    }

    @Test func givesTheSumsOfANaiveSumOverTheRows() {
        for seed in UInt64(1)...5 {
            // Given random rows, some for the same unit, indicator and week, not in order
            let rows = Self.randomRows(seed: seed, count: 3_000)
            let index = WeeklyIndex(schemes: realCatalog.schemes, counts: rows)
            let s = realCatalog.scheme(id: "gaoxin-2018")!
            var rng = SplitMix64(seed: seed * 7919)
            for _ in 0..<300 {
                // When a random window, unit and indicator are looked up
                let a = Day(iso: "2018-11-01")!.adding(days: Int(rng.next() % 220))
                let b = a.adding(days: Int(rng.next() % 120) - 20)
                let unit = s.units[Int(rng.next() % UInt64(s.units.count))]
                let code = s.indicators[Int(rng.next() % UInt64(s.indicators.count))].code
                let window = DateWindow(from: a, to: b)
                // Then the index agrees with a plain sum over the rows of those Sundays
                let naive = rows.filter {
                    $0.scheme == s.id && $0.unit == unit && $0.indicator == code && window.contains($0.week.sunday)
                }
                let got = index.sum(scheme: s.id, unit: unit, indicator: code, in: window)
                #expect(got.submitted == naive.map(\.submitted).reduce(0, +))
                #expect(got.qualified == naive.map(\.qualified).reduce(0, +))
                let w = a.isoWeek
                let ofWeek = rows.filter { $0.scheme == s.id && $0.unit == unit && $0.week == w }
                let total = index.weekTotal(scheme: s.id, unit: unit, week: w)
                #expect(total.submitted == ofWeek.filter { $0.indicator != "99" }.map(\.submitted).reduce(0, +))
                let one = index.count(scheme: s.id, unit: unit, indicator: code, week: w)
                #expect(one.qualified == ofWeek.filter { $0.indicator == code }.map(\.qualified).reduce(0, +))
            }
            // And the latest week is that of the latest row of a known scheme, unit and indicator
            let known = rows.filter { $0.scheme == s.id && s.units.contains($0.unit) && $0.indicator != "99" }
            #expect(index.latestWeek == known.map(\.week).max())
        }
    }

    @Test func leavesOutRowsOfUnknownSchemesUnitsAndIndicators() {
        // Given rows of an unknown scheme, unit and indicator only
        let w = ISOWeek("2018-W50")!
        let index = WeeklyIndex(
            schemes: realCatalog.schemes,
            counts: [
                WeeklyCount(scheme: "other", unit: "gx-fzzl", indicator: "1", week: w, submitted: 3, qualified: 3),
                WeeklyCount(scheme: "gaoxin-2018", unit: "nobody", indicator: "1", week: w, submitted: 3, qualified: 3),
                WeeklyCount(
                    scheme: "gaoxin-2018", unit: "gx-fzzl", indicator: "99", week: w, submitted: 3, qualified: 3),
            ])
        // Then nothing is counted, and there is no latest week
        #expect(index.count(scheme: "other", unit: "gx-fzzl", indicator: "1", week: w) == (0, 0))
        #expect(index.weekTotal(scheme: "gaoxin-2018", unit: "gx-fzzl", week: w) == (0, 0))
        #expect(index.weekTotal(scheme: "gaoxin-2018", unit: "nobody", week: w) == (0, 0))
        #expect(index.latestWeek == nil)
    }

    @Test func aSeriesFilledOutOfOrderEqualsOneFilledInOrder() {
        // Given the same entries once sorted and once reversed, with two of the same day
        let entries = [
            (day: 10, submitted: 2, qualified: 1), (day: 17, submitted: 5, qualified: 5),
            (day: 17, submitted: 1, qualified: 0), (day: 31, submitted: 3, qualified: 2),
        ]
        var reversed = Series()
        for e in entries.reversed() { reversed.add(day: e.day, submitted: e.submitted, qualified: e.qualified) }
        reversed.finish()
        let sorted = Series(entries)
        // Then both hold three days with the same prefix sums
        #expect(sorted.days == [10, 17, 31] && reversed.days == sorted.days)
        #expect(sorted.submitted == [0, 2, 8, 11] && reversed.submitted == sorted.submitted)
        #expect(reversed.qualified == [0, 1, 6, 8])
        #expect(reversed.sum(from: 11, to: 31) == (9, 7))
        #expect(reversed.entry(1) == (17, 6, 5))
    }

    @Test func scoresTheSameFromRowsAndFromAnIndexFilledRowByRow() throws {
        // Given random rows, once as rows and once fed to a builder scheme by scheme
        let rows = Self.randomRows(seed: 42, count: 4_000).sorted { ($0.scheme, $0.week) < ($1.scheme, $1.week) }
        var builder = WeeklyIndex.Builder(schemes: realCatalog.schemes)
        for scheme in Set(rows.map(\.scheme)).sorted() where builder.begin(scheme: scheme) {
            for r in rows where r.scheme == scheme {
                builder.addCount(
                    unit: r.unit, indicator: r.indicator, week: r.week, submitted: r.submitted, qualified: r.qualified)
            }
        }
        // When both score December 2018
        let a = try Scorer(catalog: realCatalog, input: ScoringInput(counts: rows)).score(
            scheme: "gaoxin-2018", window: month("2018-12"))
        let b = try Scorer(catalog: realCatalog, index: builder.build()).score(
            scheme: "gaoxin-2018", window: month("2018-12"))
        // Then the results are equal
        #expect(a == b)
        #expect(a.units.contains { $0.indicators.contains { $0.submitted > 0 } })
    }
}

@Suite struct JoinedHalvesTests {
    @Test func anIndexOfTwoHalvesSplitByWeekEqualsOneOfEveryRow() {
        for seed in UInt64(1)...4 {
            // Given random rows (some repeated, in random order), split at a week into two builders
            let rows = WeeklyIndexTests.randomRows(seed: seed, count: 3_000)
            let middle = ISOWeek("2018-W45")!.adding(weeks: Int(seed) * 6)
            func filled(_ keep: (WeeklyCount) -> Bool) -> WeeklyIndex.Builder {
                var b = WeeklyIndex.Builder(schemes: realCatalog.schemes)
                for r in rows.filter(keep) where b.begin(scheme: r.scheme) {
                    b.addCount(
                        unit: r.unit, indicator: r.indicator, week: r.week, submitted: r.submitted,
                        qualified: r.qualified)
                }
                return b
            }
            var early = filled { $0.week < middle }
            // (the last seed also gives the later half one row of an earlier week: still placed right)
            let later = filled { $0.week >= middle || (seed == 4 && $0.week == ISOWeek("2018-W46")!) }
            let all =
                seed == 4
                ? rows + rows.filter { $0.week == ISOWeek("2018-W46")! } : rows
            // When the later half is appended to the earlier
            early.append(contentsOf: later)
            let joined = early.build()
            let whole = WeeklyIndex(schemes: realCatalog.schemes, counts: all)
            // Then every sum of every unit and indicator over every week and month is that of the whole
            let s = realCatalog.scheme(id: "gaoxin-2018")!
            for unit in s.units {
                for code in s.indicators.map(\.code) {
                    for w in 0..<32 {
                        let week = ISOWeek("2018-W44")!.adding(weeks: w)
                        #expect(
                            joined.count(scheme: s.id, unit: unit, indicator: code, week: week)
                                == whole.count(scheme: s.id, unit: unit, indicator: code, week: week))
                    }
                    let window = DateWindow(from: Day(iso: "2018-11-01")!, to: Day(iso: "2019-04-30")!)
                    #expect(
                        joined.sum(scheme: s.id, unit: unit, indicator: code, in: window)
                            == whole.sum(scheme: s.id, unit: unit, indicator: code, in: window))
                }
            }
            #expect(joined.latestWeek == whole.latestWeek)
        }
    }

    @Test func aSeriesAppendedToAnotherCarriesItsSums() {
        // Given a series of two days and a later one of two days
        var a = Series([(day: 10, submitted: 2, qualified: 1), (day: 17, submitted: 3, qualified: 3)])
        let b = Series([(day: 24, submitted: 4, qualified: 0), (day: 31, submitted: 1, qualified: 1)])
        // When the later is appended
        a.append(contentsOf: b)
        // Then the prefix sums run on across both
        #expect(a.days == [10, 17, 24, 31])
        #expect(a.submitted == [0, 2, 5, 9, 10] && a.qualified == [0, 1, 4, 4, 5])
        #expect(a.sum(from: 17, to: 24) == (7, 3))
        // And a series with an earlier day appended is sorted in by its finish
        var c = Series([(day: 17, submitted: 1, qualified: 1)])
        c.append(contentsOf: Series([(day: 10, submitted: 2, qualified: 2), (day: 24, submitted: 1, qualified: 0)]))
        c.finish()
        #expect(c.days == [10, 17, 24] && c.submitted == [0, 2, 3, 4])
    }
}
