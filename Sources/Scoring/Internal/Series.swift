import Indicators

/// Dated counts of one (scheme, unit, indicator) with prefix sums, for range sums in O(log n).
struct Series: Sendable {
    /// Sorted, distinct day ordinals (a weekly row's Sunday, or an event's date).
    var days: [Int] = []
    /// Prefix sums, one longer than `days`: a[k] = sum of the first k entries.
    var submitted: [Int] = [0]
    var qualified: [Int] = [0]

    /// Builds from unsorted (day, submitted, qualified) entries; entries of the same day add up.
    init(_ entries: [(day: Int, submitted: Int, qualified: Int)]) {
        let sorted = entries.sorted { $0.day < $1.day }
        days.reserveCapacity(sorted.count)
        submitted.reserveCapacity(sorted.count + 1)
        qualified.reserveCapacity(sorted.count + 1)
        for e in sorted {
            let sub = Series.clamped(e.submitted), qual = Series.clamped(e.qualified)
            if let last = days.last, last == e.day {
                submitted[submitted.count - 1] += sub
                qualified[qualified.count - 1] += qual
            } else {
                days.append(e.day)
                submitted.append(submitted[submitted.count - 1] + sub)
                qualified.append(qualified[qualified.count - 1] + qual)
            }
        }
    }

    /// The most one stored count may weigh: imports refuse counts over 1,000,000, but a database
    /// may hold anything; clamped to 0…10⁹, sums over every row of every unit stay far from Int.max.
    static let countCeiling = 1_000_000_000

    static func clamped(_ x: Int) -> Int { min(max(x, 0), countCeiling) }

    /// Index of the first day ≥ `day`.
    private func lowerBound(_ day: Int) -> Int {
        var lo = 0, hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// (submitted, qualified) summed over days in `from…to` (ordinals, inclusive).
    func sum(from: Int, to: Int) -> (submitted: Int, qualified: Int) {
        guard to >= from, !days.isEmpty else { return (0, 0) }
        let lo = lowerBound(from), hi = lowerBound(to + 1)
        return (submitted[hi] - submitted[lo], qualified[hi] - qualified[lo])
    }
}

/// The input of one scheme, indexed by unit and indicator position.
struct SchemeIndex: Sendable {
    let scheme: Scheme
    /// The scheme's units, in scheme order.
    let units: [String]
    /// responsible[indicator][unit]
    let responsible: [[Bool]]
    /// tier[indicator][unit]: the tier's index, nil when the indicator has no tiers for the unit.
    let tier: [[Int?]]
    /// The earliest Sunday of any weekly row, nil without rows.
    var firstData: Int?
    let unitPosition: [String: Int]
    let indicatorPosition: [String: Int]
    /// counts[unit][indicator]
    var counts: [[Series?]]
    /// events[unit][indicator]: submitted = qualified = the event's count.
    var events: [[Series?]]

    /// Entries of one (unit, indicator) before they become a `Series`.
    typealias Bucket = [(day: Int, submitted: Int, qualified: Int)]

    /// Indexes every scheme of `schemes` from the mixed input in one pass over it. Rows of unknown
    /// schemes, units or indicators are ignored (the importer rejects them).
    static func build(schemes: [Scheme], counts rows: [WeeklyCount], events evs: [DeductionEvent]) -> [String: SchemeIndex] {
        var skeletons: [SchemeIndex] = []
        var position: [String: Int] = [:]
        for s in schemes where position[s.id] == nil {
            position[s.id] = skeletons.count
            skeletons.append(SchemeIndex(scheme: s))
        }
        var countBuckets = skeletons.map { Array(repeating: Bucket(), count: $0.units.count * $0.scheme.indicators.count) }
        var eventBuckets = countBuckets
        var first = [Int?](repeating: nil, count: skeletons.count)
        // Rows come grouped by scheme and unit from the database: remember the last lookups.
        var lastScheme: String?, sp: Int?
        var lastUnit: String?, up: Int?
        var lastIndicator: String?, ip: Int?
        var sundays: [Int: Int] = [:]
        let indicatorCounts = skeletons.map { $0.scheme.indicators.count }
        for r in rows {
            if r.scheme != lastScheme { lastScheme = r.scheme; sp = position[r.scheme]; lastUnit = nil; lastIndicator = nil }
            guard let sp else { continue }
            if r.unit != lastUnit { lastUnit = r.unit; up = skeletons[sp].unitPosition[r.unit] }
            if r.indicator != lastIndicator { lastIndicator = r.indicator; ip = skeletons[sp].indicatorPosition[r.indicator] }
            guard let up, let ip else { continue }
            let key = r.week.year * 64 + r.week.week
            let d: Int
            if let c = sundays[key] { d = c } else { d = r.week.sunday.ordinal; sundays[key] = d }
            countBuckets[sp][up * indicatorCounts[sp] + ip].append((d, r.submitted, r.qualified))
            if first[sp] == nil || d < first[sp]! { first[sp] = d }
        }
        for e in evs {
            guard let sp = position[e.scheme] else { continue }
            let x = skeletons[sp]
            guard let up = x.unitPosition[e.unit] else { continue }
            // An event without a known indicator goes to the scheme's first deduction indicator.
            guard let ip = x.indicatorPosition[e.indicator] ?? x.scheme.indicators.firstIndex(where: { $0.rule.isDeduction }) else { continue }
            eventBuckets[sp][up * x.scheme.indicators.count + ip].append((e.date.ordinal, e.count, e.count))
        }
        var out: [String: SchemeIndex] = [:]
        for (k, var x) in skeletons.enumerated() {
            let ni = x.scheme.indicators.count
            x.firstData = first[k]
            x.counts = (0..<x.units.count).map { u in (0..<ni).map { i in
                let b = countBuckets[k][u * ni + i]; return b.isEmpty ? nil : Series(b) } }
            x.events = (0..<x.units.count).map { u in (0..<ni).map { i in
                let b = eventBuckets[k][u * ni + i]; return b.isEmpty ? nil : Series(b) } }
            out[x.scheme.id] = x
        }
        return out
    }

    /// The scheme's structure without data.
    init(scheme: Scheme) {
        self.scheme = scheme
        let units = scheme.units
        var up: [String: Int] = [:]
        for (k, u) in units.enumerated() where up[u] == nil { up[u] = k }
        var ip: [String: Int] = [:]
        for (k, i) in scheme.indicators.enumerated() where ip[i.code] == nil { ip[i.code] = k }
        unitPosition = up; indicatorPosition = ip
        self.units = units
        var resp: [[Bool]] = [], tiers: [[Int?]] = []
        for ind in scheme.indicators {
            var r = Array(repeating: false, count: units.count), t = [Int?](repeating: nil, count: units.count)
            if scheme.mode == .individual {
                r = Array(repeating: true, count: units.count)
            } else if ind.rule.isDeduction {
                for u in ind.units { if let k = up[u] { r[k] = true } }
            } else {
                for (ti, tr) in ind.tiers.enumerated() {
                    for u in tr.units { if let k = up[u], t[k] == nil { r[k] = true; t[k] = ti } }
                }
            }
            resp.append(r); tiers.append(t)
        }
        responsible = resp; tier = tiers
        firstData = nil
        let empty = Array(repeating: Array(repeating: Series?.none, count: scheme.indicators.count), count: units.count)
        counts = empty; events = empty
    }
}
