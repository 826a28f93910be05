import Indicators

/// Everything the scorer reads: weekly counts and deduction events of all schemes, mixed.
public struct ScoringInput: Sendable {
    public let counts: [WeeklyCount]
    public let events: [DeductionEvent]

    public init(counts: [WeeklyCount], events: [DeductionEvent] = []) {
        self.counts = counts
        self.events = events
    }
}

/// Scores schemes over windows (docs/scoring.md). Indexes the input once; scoring is then cheap.
public struct Scorer: Sendable {
    public let catalog: Catalog
    let indexes: [String: SchemeIndex]

    /// Indexes the counts and events of every scheme of the catalog (rows of unknown schemes,
    /// units or indicators are ignored: the importer rejects them).
    public init(catalog: Catalog, input: ScoringInput) {
        self.init(
            catalog: catalog, index: WeeklyIndex(schemes: catalog.schemes, counts: input.counts, events: input.events))
    }

    /// Scores from an index already built (Store reads the database straight into one).
    public init(catalog: Catalog, index: WeeklyIndex) {
        self.catalog = catalog
        indexes = index.schemes
    }

    /// Scores one scheme over one window, with rank changes against `window.previous()`.
    /// Throws for an unknown scheme and for a window that ends before the scheme starts.
    public func score(scheme id: String, window: ScoreWindow) throws -> SchemeResult {
        try score(scheme: id, windows: [window])[0]
    }

    /// Scores a scheme over several windows (e.g. every notice window of `ScoreWindow.notices`).
    /// When a window's previous window is the one before it in the list, its ranking is reused for
    /// the rank changes, so a run of consecutive windows costs one scoring per window.
    public func score(scheme id: String, windows: [ScoreWindow]) throws -> [SchemeResult] {
        guard let index = indexes[id] else { throw KaoheError.unknownScheme(id, in: catalog) }
        var out: [SchemeResult] = []
        var last: (window: ScoreWindow, ranks: [Int])?
        for window in windows {
            let scheme = index.scheme
            guard window.range.to >= scheme.start else {
                throw KaoheError(
                    step: KaoheError.Step.score,
                    message: "\(window.label)（\(window.range.from)…\(window.range.to)）早于方案 \(id) 的开始日期 \(scheme.start) "
                        + "(window ends before the scheme starts)")
            }
            let prev = window.previous()
            let current: RawScheme
            var previousRanks: [Int]?
            if let last, last.window == prev {
                current = try raw(index, range: window.range, depth: 0)
                previousRanks = last.ranks
            } else if prev.range.to >= scheme.start {
                // The previous window's ranks (scores only) beside this window's scoring.
                (current, previousRanks) = try both(
                    { try raw(index, range: window.range, depth: 0) },
                    { rankPlaces(try raw(index, range: prev.range, depth: 0, detailed: false).units.map(\.score)) })
            } else {
                current = try raw(index, range: window.range, depth: 0)
            }
            let ranks = rankPlaces(current.units.map(\.score))
            out.append(
                assemble(scheme: id, window: window, current: current, ranks: ranks, previousRanks: previousRanks))
            last = (window, ranks)
        }
        return out
    }

    /// The ranked result of a scheme from its raw units and the ranks of this and the previous window.
    func assemble(scheme id: String, window: ScoreWindow, current: RawScheme, ranks: [Int], previousRanks: [Int]?)
        -> SchemeResult
    {
        let order = current.units.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }
        var units: [UnitResult] = []
        units.reserveCapacity(order.count)
        for (pos, k) in order.enumerated() {
            let u = current.units[k]
            var toNext: Double?
            if ranks[k] > 1 {
                // The nearest better rounded score: the unit ranked just above in rank order.
                let own = rounded2(u.score)
                var j = pos - 1
                while j >= 0, rounded2(current.units[order[j]].score) <= own { j -= 1 }
                if j >= 0 { toNext = rounded2(rounded2(current.units[order[j]].score) - own + 0.01) }
            }
            units.append(
                UnitResult(
                    unit: u.unit, name: catalog.registry.unit(id: u.unit)?.name ?? u.unit, score: u.score,
                    rank: ranks[k], rankChange: previousRanks.map { $0[k] - ranks[k] },
                    responsibility: u.responsibility, earned: u.earned, events: u.events,
                    indicators: u.indicators, pointsToNextRank: toNext, rollup: u.rollup))
        }
        return SchemeResult(scheme: id, window: window, units: units, region: current.region)
    }

    // MARK: - The model

    struct RawUnit: Sendable {
        let unit: String
        let score: Double
        let responsibility: Double
        let earned: Double
        let events: Int
        let indicators: [IndicatorResult]
        let rollup: String?
    }

    struct RawScheme: Sendable {
        /// In the scheme's unit order.
        let units: [RawUnit]
        let region: RegionResult
    }

    /// What one scoring of a scheme over a date range shares between its units.
    struct Pass {
        let index: SchemeIndex
        /// Ordinals of the window's first and last day (the first not before the scheme's start),
        /// and of the scheme's start (documents count from there).
        let from: Int, to: Int, start: Int
        /// Per indicator: the expected count of a quota (independent of the unit).
        let expected: [Double?]
        /// Per indicator: the number of units in each tier.
        let tierSize: [[Int]]
        /// Units whose completion comes from another scheme, by unit position.
        let rolled: [Int: (scheme: String, result: RawScheme)]
        var scheme: Scheme { index.scheme }
        var shared: Bool { index.scheme.mode == .shared }
    }

    /// Region sums gathered unit by unit: Σ earned of each indicator, Σ events of each deduction.
    struct RegionSums {
        var earned: [Double]
        var events: [Int]
        init(indicators: Int) {
            earned = Array(repeating: 0, count: indicators)
            events = Array(repeating: 0, count: indicators)
        }
    }

    /// The scheme's units and region over a date range, without ranks. Not `detailed`, only the
    /// units' scores are worked out (the same way): no indicator results, texts or region (the
    /// previous window of a ranking needs its ranks only).
    func raw(_ index: SchemeIndex, range: DateWindow, depth: Int, detailed: Bool = true) throws -> RawScheme {
        let scheme = index.scheme
        guard depth < 4 else {
            throw KaoheError(
                step: KaoheError.Step.score,
                message: "方案 \(scheme.id) 的汇总嵌套过深，rollups 中有循环？(roll-ups nest too deep: a cycle?)")
        }
        let from = max(range.from, scheme.start)
        let to = range.to
        let pass = Pass(
            index: index, from: from.ordinal, to: to.ordinal, start: scheme.start.ordinal,
            expected: expectedCounts(scheme, from: from, to: to), tierSize: tierSizes(index),
            rolled: try rollups(index, range: range, depth: depth))
        var sums = RegionSums(indicators: scheme.indicators.count)
        var units: [RawUnit] = []
        units.reserveCapacity(index.units.count)
        for k in index.units.indices { units.append(rawUnit(at: k, in: pass, sums: &sums, detailed: detailed)) }
        guard detailed else { return RawScheme(units: units, region: RegionResult(total: 0, indicators: [])) }
        return RawScheme(units: units, region: region(scheme, units: units, sums: sums))
    }

    /// Per indicator: the expected count of a quota over `from…to`, nil for other rules.
    func expectedCounts(_ scheme: Scheme, from: Day, to: Day) -> [Double?] {
        scheme.indicators.map { ind in
            if case .quota(let c, let p) = ind.rule {
                expectedCount(count: c, period: p, from: from, to: to)
            } else {
                nil
            }
        }
    }

    /// Per indicator: how many units each tier holds.
    func tierSizes(_ index: SchemeIndex) -> [[Int]] {
        index.scheme.indicators.enumerated().map { i, ind in
            var sizes = Array(repeating: 0, count: ind.tiers.count)
            for t in index.tier[i] { if let t { sizes[t] += 1 } }
            return sizes
        }
    }

    /// Roll-ups: units whose completion comes from another scheme with data by the window's end.
    func rollups(_ index: SchemeIndex, range: DateWindow, depth: Int) throws -> [Int: (
        scheme: String, result: RawScheme
    )] {
        var rolled: [Int: (scheme: String, result: RawScheme)] = [:]
        for (uid, sid) in index.scheme.rollups {
            guard let k = index.unitPosition[uid], let sub = indexes[sid] else { continue }
            guard let first = sub.firstData, first <= range.to.ordinal, range.to >= sub.scheme.start else { continue }
            rolled[k] = (sid, try raw(sub, range: range, depth: depth + 1))
        }
        return rolled
    }

    /// One unit: each indicator it answers for, its score (docs/scoring.md), and its share of the
    /// region; not `detailed`, its score only (no indicator results).
    func rawUnit(at k: Int, in pass: Pass, sums: inout RegionSums, detailed: Bool = true) -> RawUnit {
        let index = pass.index
        let scheme = pass.scheme
        var results: [IndicatorResult] = []
        if detailed { results.reserveCapacity(scheme.indicators.count) }
        var sumR = 0.0
        var sumE = 0.0
        var deducted = 0.0
        var kept = 0.0
        var events = 0
        let roll = pass.rolled[k]
        for (i, ind) in scheme.indicators.enumerated() where index.responsible[i][k] {
            if case .deduction(let per) = ind.rule {
                let r = deduction(ind, per: per, unit: k, indicator: i, in: pass, detailed: detailed)
                events += r.events ?? 0
                sums.events[i] += r.events ?? 0
                if pass.shared { deducted += per * Double(r.events ?? 0) } else { kept += r.earned }
                if detailed { results.append(r) }
                continue
            }
            let t = index.tier[i][k]
            let r: Double
            if pass.shared, let t {
                r = ind.points * ind.tiers[t].weight / 100 / Double(pass.tierSize[i][t])
            } else {
                r = ind.points
            }
            let c =
                roll.map { rolledUp(ind, from: $0) }
                ?? completion(ind, unit: k, indicator: i, in: pass, detailed: detailed)
            let e = r * c.completion
            sumR += r
            sumE += e
            sums.earned[i] += e
            guard detailed else { continue }
            results.append(
                IndicatorResult(
                    code: ind.code, short: ind.short, points: ind.points, rule: ind.rule,
                    tier: t.map { $0 + 1 }, weight: t.map { ind.tiers[$0].weight }, responsibility: r,
                    completion: c.completion,
                    earned: e, events: nil, counted: c.counted, submitted: c.submitted, qualified: c.qualified,
                    expected: roll == nil ? pass.expected[i] : nil, missing: c.missing))
        }
        let score: Double
        if pass.shared { score = max(0, (sumR > 0 ? 100 * sumE / sumR : 100) - deducted) } else { score = sumE + kept }
        return RawUnit(
            unit: index.units[k], score: score, responsibility: sumR, earned: sumE, events: events,
            indicators: results, rollup: roll?.scheme)
    }

    /// A deduction indicator of a unit: its events in the window (and those of a rolled-up scheme).
    func deduction(
        _ ind: Indicator, per: Double, unit k: Int, indicator i: Int, in pass: Pass, detailed: Bool = true
    ) -> IndicatorResult {
        var e = pass.index.events[k][i]?.sum(from: pass.from, to: pass.to).submitted ?? 0
        if let roll = pass.rolled[k] { e += roll.result.units.reduce(0) { $0 + $1.events } }
        let off = per * Double(e)
        let earned = pass.shared ? (e == 0 ? 0 : -off) : max(0, ind.points - off)
        return IndicatorResult(
            code: ind.code, short: ind.short, points: ind.points, rule: ind.rule, tier: nil, weight: nil,
            responsibility: nil, completion: nil, earned: earned, events: e, counted: 0, submitted: 0,
            qualified: 0, expected: nil,
            missing: e == 0 || !detailed ? nil : Shortfall(items: 0, text: "本期失信被执行人 \(e) 次，扣 \(format2(off)) 分"))
    }

    /// How far a unit met a counted indicator, with the counts behind it and what is missing.
    struct Completion {
        var completion = 0.0
        var counted = 0, submitted = 0, qualified = 0
        var missing: Shortfall?
    }

    /// A unit rolled up from another scheme: that scheme's region completion of the indicator.
    func rolledUp(_ ind: Indicator, from roll: (scheme: String, result: RawScheme)) -> Completion {
        var c = Completion()
        let z = roll.result.region.indicators.first { $0.code == ind.code }
        c.completion = z.map { $0.points > 0 ? min(1, max(0, $0.score / $0.points)) : 0 } ?? 0
        for ru in roll.result.units {
            if let x = ru.indicators.first(where: { $0.code == ind.code }) {
                c.counted += x.counted
                c.submitted += x.submitted
                c.qualified += x.qualified
            }
        }
        if c.completion < 1 {
            // Named by its document, not its id: the text is shown on pages.
            let doc = indexes[roll.scheme]?.scheme.document ?? roll.scheme
            c.missing = Shortfall(
                items: 0,
                text: "由本区考核（\(doc)）汇总：得分 \(format2(z?.score ?? 0)) / \(formatPoints(z?.points ?? ind.points))")
        }
        return c
    }

    /// A unit's own counts on a document, quota or rate indicator (what is missing only when `detailed`).
    func completion(_ ind: Indicator, unit k: Int, indicator i: Int, in pass: Pass, detailed: Bool = true)
        -> Completion
    {
        let series = pass.index.counts[k][i]
        let basis = pass.scheme.count
        var c = Completion()
        // Documents count from the scheme's start; the other rules over the window.
        let from: Int = if case .document = ind.rule { pass.start } else { pass.from }
        let s = series?.sum(from: from, to: pass.to) ?? (submitted: 0, qualified: 0)
        c.submitted = s.submitted
        c.qualified = s.qualified
        c.counted = basis == .qualified ? c.qualified : c.submitted
        switch ind.rule {
        case .document(let required):
            c.completion = c.counted >= required ? 1 : 0
            if c.completion < 1, detailed {
                c.missing = Shortfall(
                    items: required - c.counted,
                    text: c.counted == 0 ? "尚未报送正式文件" : "还需报送正式文件 \(required - c.counted) 件")
            }
        case .quota:
            let x = pass.expected[i] ?? 0
            c.completion = x <= 0 ? 1 : min(1, Double(c.counted) / x)
            if c.completion < 1, detailed {
                let need = max(1, Int((x - Double(c.counted) - 1e-9).rounded(.up)))
                c.missing = Shortfall(items: need, text: basis == .qualified ? "还需报送合格案例 \(need) 件" : "还需报送 \(need) 件")
            }
        case .rate:
            c.completion = c.submitted > 0 ? Double(c.qualified) / Double(c.submitted) : 0
            if !detailed {
                break
            } else if c.submitted == 0 {
                c.missing = Shortfall(items: 1, text: "本期尚未报送\(ind.short)信息")
            } else if c.completion < 1 {
                c.missing = Shortfall(items: 0, text: "\(ind.short)合格率 \(format1(c.completion * 100))%，需提高")
            }
        case .deduction:
            break
        }
        return c
    }

    /// Region: Z_i = Σ_u E_ui (shared); the mean over units for an individual scheme (docs/scoring.md).
    func region(_ scheme: Scheme, units: [RawUnit], sums: RegionSums) -> RegionResult {
        let shared = scheme.mode == .shared
        let n = Double(max(1, units.count))
        var regionIndicators: [RegionIndicator] = []
        for (i, ind) in scheme.indicators.enumerated() {
            let z: Double
            if case .deduction(let per) = ind.rule {
                if shared {
                    z = max(0, ind.points - per * Double(sums.events[i]))
                } else {
                    z = units.reduce(0.0) { $0 + ($1.indicators.first { $0.code == ind.code }?.earned ?? 0) } / n
                }
            } else {
                z = shared ? sums.earned[i] : sums.earned[i] / n
            }
            regionIndicators.append(RegionIndicator(code: ind.code, short: ind.short, points: ind.points, score: z))
        }
        let total = regionIndicators.reduce(0.0) { $0 + $1.score }
        return RegionResult(total: total, indicators: regionIndicators)
    }
}

/// A score rounded to 2 decimals, as ranks compare it.
func rounded2(_ x: Double) -> Double { Numbers.roundedScore(x) }

/// 1224 ranks of scores rounded to 2 decimals, highest first, in input order.
func rankPlaces(_ scores: [Double]) -> [Int] {
    let r = scores.map(rounded2)
    let sorted = r.sorted(by: >)
    // rank = 1 + number of strictly greater rounded scores
    return r.map { v in
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] > v { lo = mid + 1 } else { hi = mid }
        }
        return lo + 1
    }
}

func format2(_ x: Double) -> String { fixed(x, 2) }
func format1(_ x: Double) -> String { fixed(x, 1) }

/// `x` with exactly `digits` decimals (half away from zero): `Numbers.fixed`.
func fixed(_ x: Double, _ digits: Int) -> String { Numbers.fixed(x, digits: digits) }

/// Points without a needless `.0` (`30`, `7.5`).
func formatPoints(_ x: Double) -> String {
    Numbers.decimal(x, digits: 2)
}
