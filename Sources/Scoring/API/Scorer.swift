import Indicators

/// Everything the scorer reads: weekly counts and deduction events of all schemes, mixed.
public struct ScoringInput: Sendable {
    public let counts: [WeeklyCount]
    public let events: [DeductionEvent]

    public init(counts: [WeeklyCount], events: [DeductionEvent] = []) { self.counts = counts; self.events = events }
}

/// Scores schemes over windows (docs/scoring.md). Indexes the input once; scoring is then cheap.
public struct Scorer: Sendable {
    public let catalog: Catalog
    let indexes: [String: SchemeIndex]

    /// Indexes the counts and events of every scheme of the catalog (rows of unknown schemes,
    /// units or indicators are ignored: the importer rejects them).
    public init(catalog: Catalog, input: ScoringInput) {
        self.catalog = catalog
        indexes = SchemeIndex.build(schemes: catalog.schemes, counts: input.counts, events: input.events)
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
                throw KaoheError(step: KaoheError.Step.score, message: "\(window.label)（\(window.range.from)…\(window.range.to)）早于方案 \(id) 的开始日期 \(scheme.start) "
                                 + "(window ends before the scheme starts)")
            }
            let current = try raw(index, range: window.range, depth: 0)
            let ranks = rankPlaces(current.units.map(\.score))
            var previousRanks: [Int]?
            let prev = window.previous()
            if let last, last.window == prev {
                previousRanks = last.ranks
            } else if prev.range.to >= scheme.start {
                previousRanks = rankPlaces(try raw(index, range: prev.range, depth: 0).units.map(\.score))
            }
            out.append(assemble(id, window, current, ranks, previousRanks))
            last = (window, ranks)
        }
        return out
    }

    func assemble(_ id: String, _ window: ScoreWindow, _ current: RawScheme, _ ranks: [Int], _ previousRanks: [Int]?) -> SchemeResult {
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
            units.append(UnitResult(
                unit: u.unit, name: catalog.registry.unit(id: u.unit)?.name ?? u.unit, score: u.score,
                rank: ranks[k], rankChange: previousRanks.map { $0[k] - ranks[k] },
                responsibility: u.responsibility, earned: u.earned, events: u.events,
                indicators: u.indicators, pointsToNextRank: toNext, rollup: u.rollup))
        }
        return SchemeResult(scheme: id, window: window, units: units, region: current.region)
    }

    // MARK: - The model

    struct RawUnit {
        let unit: String
        let score: Double
        let responsibility: Double
        let earned: Double
        let events: Int
        let indicators: [IndicatorResult]
        let rollup: String?
    }

    struct RawScheme {
        /// In the scheme's unit order.
        let units: [RawUnit]
        let region: RegionResult
    }

    /// The scheme's units and region over a date range, without ranks.
    func raw(_ index: SchemeIndex, range: DateWindow, depth: Int) throws -> RawScheme {
        let scheme = index.scheme
        guard depth < 4 else { throw KaoheError(step: KaoheError.Step.score, message: "方案 \(scheme.id) 的汇总嵌套过深，rollups 中有循环？(roll-ups nest too deep: a cycle?)") }
        let from = max(range.from, scheme.start), to = range.to
        let basis = scheme.count
        let shared = scheme.mode == .shared

        // Per indicator: expected counts of quotas (independent of the unit) and tier sizes.
        var expected: [Double?] = [], tierSize: [[Int]] = []
        for (i, ind) in scheme.indicators.enumerated() {
            if case .quota(let c, let p) = ind.rule { expected.append(expectedCount(count: c, period: p, from: from, to: to)) }
            else { expected.append(nil) }
            var sizes = Array(repeating: 0, count: ind.tiers.count)
            for t in index.tier[i] { if let t { sizes[t] += 1 } }
            tierSize.append(sizes)
        }

        // Roll-ups: units whose completion comes from another scheme with data by the window's end.
        var rolled: [Int: (scheme: String, result: RawScheme)] = [:]
        for (uid, sid) in scheme.rollups {
            guard let k = index.unitPosition[uid], let sub = indexes[sid] else { continue }
            guard let first = sub.firstData, first <= to.ordinal, to >= sub.scheme.start else { continue }
            rolled[k] = (sid, try raw(sub, range: range, depth: depth + 1))
        }

        var units: [RawUnit] = []
        units.reserveCapacity(index.units.count)
        var regionEarned = Array(repeating: 0.0, count: scheme.indicators.count)
        var regionEvents = Array(repeating: 0, count: scheme.indicators.count)
        let fromO = from.ordinal, toO = to.ordinal, startO = scheme.start.ordinal

        for (k, uid) in index.units.enumerated() {
            var results: [IndicatorResult] = []
            var sumR = 0.0, sumE = 0.0, deducted = 0.0, kept = 0.0, events = 0
            let roll = rolled[k]
            for (i, ind) in scheme.indicators.enumerated() where index.responsible[i][k] {
                let t = index.tier[i][k]
                if case .deduction(let per) = ind.rule {
                    var e = index.events[k][i]?.sum(from: fromO, to: toO).submitted ?? 0
                    if let roll { e += roll.result.units.reduce(0) { $0 + $1.events } }
                    events += e
                    regionEvents[i] += e
                    let off = per * Double(e)
                    let earned: Double
                    if shared { earned = e == 0 ? 0 : -off; deducted += off } else { earned = max(0, ind.points - off); kept += earned }
                    results.append(IndicatorResult(
                        code: ind.code, short: ind.short, points: ind.points, rule: ind.rule, tier: nil, weight: nil,
                        responsibility: nil, completion: nil, earned: earned, events: e, counted: 0, submitted: 0,
                        qualified: 0, expected: nil,
                        missing: e == 0 ? nil : Shortfall(items: 0, text: "本期失信被执行人 \(e) 次，扣 \(format2(off)) 分")))
                    continue
                }
                let r: Double
                if shared, let t { r = ind.points * ind.tiers[t].weight / 100 / Double(tierSize[i][t]) }
                else { r = ind.points }
                var c = 0.0, counted = 0, sub = 0, qual = 0
                var missing: Shortfall?
                if let roll {
                    let z = roll.result.region.indicators.first { $0.code == ind.code }
                    c = z.map { $0.points > 0 ? min(1, max(0, $0.score / $0.points)) : 0 } ?? 0
                    for ru in roll.result.units {
                        if let x = ru.indicators.first(where: { $0.code == ind.code }) {
                            counted += x.counted; sub += x.submitted; qual += x.qualified
                        }
                    }
                    if c < 1 {
                        // Named by its document, not its id: the text is shown on pages.
                        let doc = indexes[roll.scheme]?.scheme.document ?? roll.scheme
                        missing = Shortfall(items: 0, text: "由本区考核（\(doc)）汇总：得分 \(format2(z?.score ?? 0)) / \(formatPoints(z?.points ?? ind.points))")
                    }
                } else {
                    let series = index.counts[k][i]
                    switch ind.rule {
                    case .document(let required):
                        let s = series?.sum(from: startO, to: toO) ?? (submitted: 0, qualified: 0)
                        sub = s.submitted; qual = s.qualified
                        counted = basis == .qualified ? qual : sub
                        c = counted >= required ? 1 : 0
                        if c < 1 {
                            missing = Shortfall(items: required - counted,
                                                text: counted == 0 ? "尚未报送正式文件" : "还需报送正式文件 \(required - counted) 件")
                        }
                    case .quota:
                        let s = series?.sum(from: fromO, to: toO) ?? (submitted: 0, qualified: 0)
                        sub = s.submitted; qual = s.qualified
                        counted = basis == .qualified ? qual : sub
                        let x = expected[i] ?? 0
                        c = x <= 0 ? 1 : min(1, Double(counted) / x)
                        if c < 1 {
                            let need = max(1, Int((x - Double(counted) - 1e-9).rounded(.up)))
                            missing = Shortfall(items: need, text: basis == .qualified ? "还需报送合格案例 \(need) 件" : "还需报送 \(need) 件")
                        }
                    case .rate:
                        let s = series?.sum(from: fromO, to: toO) ?? (submitted: 0, qualified: 0)
                        sub = s.submitted; qual = s.qualified
                        counted = basis == .qualified ? qual : sub
                        c = sub > 0 ? Double(qual) / Double(sub) : 0
                        if sub == 0 { missing = Shortfall(items: 1, text: "本期尚未报送\(ind.short)信息") }
                        else if c < 1 { missing = Shortfall(items: 0, text: "\(ind.short)合格率 \(format1(c * 100))%，需提高") }
                    case .deduction:
                        break
                    }
                }
                let e = r * c
                sumR += r; sumE += e
                regionEarned[i] += e
                results.append(IndicatorResult(
                    code: ind.code, short: ind.short, points: ind.points, rule: ind.rule,
                    tier: t.map { $0 + 1 }, weight: t.map { ind.tiers[$0].weight }, responsibility: r, completion: c,
                    earned: e, events: nil, counted: counted, submitted: sub, qualified: qual, expected: roll == nil ? expected[i] : nil,
                    missing: missing))
            }
            let score: Double
            if shared { score = max(0, (sumR > 0 ? 100 * sumE / sumR : 100) - deducted) }
            else { score = sumE + kept }
            units.append(RawUnit(unit: uid, score: score, responsibility: sumR, earned: sumE, events: events,
                                 indicators: results, rollup: roll?.scheme))
        }

        // Region: Z_i = Σ_u E_ui (shared); the mean over units for an individual scheme (docs/scoring.md).
        let n = Double(max(1, index.units.count))
        var regionIndicators: [RegionIndicator] = []
        for (i, ind) in scheme.indicators.enumerated() {
            let z: Double
            if case .deduction(let per) = ind.rule {
                if shared { z = max(0, ind.points - per * Double(regionEvents[i])) }
                else { z = units.reduce(0.0) { $0 + ($1.indicators.first { $0.code == ind.code }?.earned ?? 0) } / n }
            } else {
                z = shared ? regionEarned[i] : regionEarned[i] / n
            }
            regionIndicators.append(RegionIndicator(code: ind.code, short: ind.short, points: ind.points, score: z))
        }
        let total = regionIndicators.reduce(0.0) { $0 + $1.score }
        return RawScheme(units: units, region: RegionResult(total: total, indicators: regionIndicators))
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
        var lo = 0, hi = sorted.count
        while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] > v { lo = mid + 1 } else { hi = mid } }
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
