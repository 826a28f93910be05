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
            if let last = days.last, last == e.day {
                submitted[submitted.count - 1] += e.submitted
                qualified[qualified.count - 1] += e.qualified
            } else {
                days.append(e.day)
                submitted.append(submitted[submitted.count - 1] + e.submitted)
                qualified.append(qualified[qualified.count - 1] + e.qualified)
            }
        }
    }

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
    let firstData: Int?
    let unitPosition: [String: Int]
    let indicatorPosition: [String: Int]
    /// counts[unit][indicator]
    var counts: [[Series?]]
    /// events[unit][indicator]: submitted = qualified = the event's count.
    var events: [[Series?]]

    init(scheme: Scheme, counts rows: [WeeklyCount], events evs: [DeductionEvent]) {
        self.scheme = scheme
        let units = scheme.units
        var up: [String: Int] = [:]
        for (k, u) in units.enumerated() where up[u] == nil { up[u] = k }
        var ip: [String: Int] = [:]
        for (k, i) in scheme.indicators.enumerated() where ip[i.code] == nil { ip[i.code] = k }
        unitPosition = up; indicatorPosition = ip
        let ni = scheme.indicators.count
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
        var first: Int?
        var buckets = Array(repeating: Array(repeating: [(day: Int, submitted: Int, qualified: Int)](), count: ni),
                            count: units.count)
        for r in rows {
            guard let u = up[r.unit], let i = ip[r.indicator] else { continue }
            let d = r.week.sunday.ordinal
            buckets[u][i].append((d, r.submitted, r.qualified))
            if first == nil || d < first! { first = d }
        }
        firstData = first
        counts = buckets.map { $0.map { $0.isEmpty ? nil : Series($0) } }
        var eb = Array(repeating: Array(repeating: [(day: Int, submitted: Int, qualified: Int)](), count: ni),
                       count: units.count)
        for e in evs {
            guard let u = up[e.unit] else { continue }
            // An event without a known indicator goes to the scheme's first deduction indicator.
            let i = ip[e.indicator] ?? scheme.indicators.firstIndex { $0.rule.isDeduction }
            guard let i else { continue }
            eb[u][i].append((e.date.ordinal, e.count, e.count))
        }
        events = eb.map { $0.map { $0.isEmpty ? nil : Series($0) } }
    }
}
