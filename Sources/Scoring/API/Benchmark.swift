import Indicators

/// A province-scale timing of the scorer on generated data (`kaohe bench`).
public enum ScoringBenchmark {
    /// Generates an individual scheme of `units` units and 7 indicators (6 with weekly rows, one
    /// deduction), `weeks` weeks of rows from 2018-12-01 (units × weeks × 6 counts), times
    /// `Scorer.init` and the scoring of one month and one quarter, and returns printable lines.
    public static func run(units: Int = 2_000, weeks: Int = 104, seed: UInt64 = 2018) -> String {
        let (catalog, input) = dataset(units: units, weeks: weeks, seed: seed)
        let clock = ContinuousClock()
        var scorer: Scorer?
        let tIndex = clock.measure { scorer = Scorer(catalog: catalog, input: input) }
        let month = ScoreWindow.month(YearMonth(year: 2019, month: 12)!)
        let quarter = ScoreWindow.quarter(Quarter(year: 2020, quarter: 2)!)
        var top = ""
        let tMonth = clock.measure {
            let r = try? scorer!.score(scheme: "bench", window: month)
            top = r.map { "\($0.units[0].unit) \(fixed($0.units[0].score, 2))" } ?? "failed"
        }
        let tQuarter = clock.measure { _ = try? scorer!.score(scheme: "bench", window: quarter) }
        return """
        scoring benchmark: \(units) units × \(weeks) weeks × 6 indicators = \(input.counts.count) weekly counts, \(input.events.count) events
          index (Scorer.init):        \(ms(tIndex)) ms
          score month 2019-12:        \(ms(tMonth)) ms (first: \(top))
          score quarter 2020-Q2:      \(ms(tQuarter)) ms
        """
    }

    static func ms(_ d: Duration) -> String {
        let c = d.components
        return fixed(Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15, 1)
    }

    /// The generated catalog and input of the benchmark.
    static func dataset(units n: Int, weeks: Int, seed: UInt64) -> (Catalog, ScoringInput) {
        let ids = (0..<n).map { "u\($0)" }
        let registry = UnitRegistry(regions: [Region(id: "prov", name: "省")],
                                    units: ids.enumerated().map { Unit(id: $1, name: "单位\($0)", kind: .county, region: "prov") })
        let rules: [Rule] = [.document(required: 1), .quota(count: 4, period: .month), .quota(count: 4, period: .month),
                             .quota(count: 2, period: .quarter), .quota(count: 1, period: .week), .rate,
                             .deduction(perEvent: 5)]
        let points: [Double] = [20, 20, 15, 15, 10, 5, 15]
        let indicators = rules.enumerated().map { k, r in
            Indicator(code: String(k + 1), short: "指标\(k + 1)", title: "指标\(k + 1)", points: points[k], requirement: "", rule: r)
        }
        let start = Day(year: 2018, month: 12, day: 1)!
        let scheme = Scheme(id: "bench", document: "", title: "benchmark", office: "", issued: start, start: start,
                            mode: .individual, notices: .monthly, count: .qualified, total: 100, region: "prov",
                            assessed: ids, indicators: indicators)
        var rng = SplitMix64(seed: seed)
        var counts: [WeeklyCount] = []
        counts.reserveCapacity(n * weeks * 6)
        let first = start.isoWeek
        let weekList = (0..<weeks).map { first.adding(weeks: $0) }
        // In the database's order: week, unit, indicator.
        for w in weekList {
            for u in ids {
                for code in ["1", "2", "3", "4", "5", "6"] {
                    let s = Int(rng.next() % 4)
                    let q = s == 0 ? 0 : Int(rng.next() % UInt64(s + 1))
                    counts.append(WeeklyCount(scheme: "bench", unit: u, indicator: code, week: w, submitted: s, qualified: q))
                }
            }
        }
        var events: [DeductionEvent] = []
        for _ in 0..<(n / 4) {
            let u = ids[Int(rng.next() % UInt64(n))]
            let d = start.adding(days: Int(rng.next() % UInt64(weeks * 7)))
            events.append(DeductionEvent(scheme: "bench", unit: u, indicator: "7", date: d, reason: "", count: 1))
        }
        return (Catalog(registry: registry, schemes: [scheme], targets: nil), ScoringInput(counts: counts, events: events))
    }
}

