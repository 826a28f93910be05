import Indicators

/// Dated counts of one (scheme, unit, indicator) with prefix sums, for range sums in O(log n).
///
/// Filled entry by entry (`add`), then `finish()`ed: entries arriving in day order (as Store reads
/// them) go straight into place; any others are sorted once at the end.
struct Series: Sendable {
    /// Sorted, distinct day ordinals (a weekly row's Sunday, or an event's date).
    private(set) var days: [Int] = []
    /// Prefix sums, one longer than `days`: a[k] = sum of the first k entries.
    private(set) var submitted: [Int] = [0]
    private(set) var qualified: [Int] = [0]
    /// Entries that came out of day order, merged by `finish()`.
    private var late: [(day: Int, submitted: Int, qualified: Int)] = []

    init() {}

    /// Builds from unsorted (day, submitted, qualified) entries; entries of the same day add up.
    init(_ entries: [(day: Int, submitted: Int, qualified: Int)]) {
        for e in entries { add(day: e.day, submitted: e.submitted, qualified: e.qualified) }
        finish()
    }

    /// Adds an entry (counts clamped to 0…`countCeiling`); call `finish()` after the last one.
    mutating func add(day: Int, submitted sub: Int, qualified qual: Int) {
        let sub = Series.clamped(sub)
        let qual = Series.clamped(qual)
        if let last = days.last, day < last {
            late.append((day, sub, qual))
        } else {
            append(day: day, submitted: sub, qualified: qual)
        }
    }

    private mutating func append(day: Int, submitted sub: Int, qualified qual: Int) {
        if let last = days.last, last == day {
            submitted[submitted.count - 1] += sub
            qualified[qualified.count - 1] += qual
        } else {
            days.append(day)
            submitted.append(submitted[submitted.count - 1] + sub)
            qualified.append(qualified[qualified.count - 1] + qual)
        }
    }

    /// Merges the entries that came out of order, and gives back spare capacity.
    mutating func finish() {
        if !late.isEmpty {
            var all = late
            all.reserveCapacity(late.count + days.count)
            for k in days.indices {
                all.append((days[k], submitted[k + 1] - submitted[k], qualified[k + 1] - qualified[k]))
            }
            // A stable sort keeps entries of one day in arrival order: the sums are the same anyway.
            all.sort { $0.day < $1.day }
            late = []
            days = []
            submitted = [0]
            qualified = [0]
            days.reserveCapacity(all.count)
            for e in all { append(day: e.day, submitted: e.submitted, qualified: e.qualified) }
        }
        if days.capacity > days.count + days.count / 8 {
            days = Self.compacted(days)
            submitted = Self.compacted(submitted)
            qualified = Self.compacted(qualified)
        }
    }

    /// A copy without spare capacity (`Array(array)` would share the buffer).
    private static func compacted(_ a: [Int]) -> [Int] { a.withUnsafeBufferPointer { Array($0) } }

    /// The most one stored count may weigh: imports refuse counts over 1,000,000, but a database
    /// may hold anything; clamped to 0…10⁹, sums over every row of every unit stay far from Int.max.
    static let countCeiling = 1_000_000_000

    static func clamped(_ x: Int) -> Int { min(max(x, 0), countCeiling) }

    /// The number of distinct days.
    var count: Int { days.count }

    /// Index of the first day ≥ `day`.
    private func lowerBound(_ day: Int) -> Int {
        var lo = 0
        var hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// (submitted, qualified) summed over days in `from…to` (ordinals, inclusive).
    func sum(from: Int, to: Int) -> (submitted: Int, qualified: Int) {
        guard to >= from, !days.isEmpty else { return (0, 0) }
        let lo = lowerBound(from)
        let hi = lowerBound(to + 1)
        return (submitted[hi] - submitted[lo], qualified[hi] - qualified[lo])
    }

    /// The entry of the `k`th distinct day.
    func entry(_ k: Int) -> (day: Int, submitted: Int, qualified: Int) {
        (days[k], submitted[k + 1] - submitted[k], qualified[k + 1] - qualified[k])
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
    /// The latest Sunday of any weekly row, nil without rows.
    var lastData: Int?
    let unitPosition: [String: Int]
    let indicatorPosition: [String: Int]
    /// counts[unit][indicator]
    var counts: [[Series?]]
    /// events[unit][indicator]: submitted = qualified = the event's count.
    var events: [[Series?]]

    /// The scheme's structure without data.
    init(scheme: Scheme) {
        self.scheme = scheme
        let units = scheme.units
        var up: [String: Int] = [:]
        for (k, u) in units.enumerated() where up[u] == nil { up[u] = k }
        var ip: [String: Int] = [:]
        for (k, i) in scheme.indicators.enumerated() where ip[i.code] == nil { ip[i.code] = k }
        unitPosition = up
        indicatorPosition = ip
        self.units = units
        var resp: [[Bool]] = []
        var tiers: [[Int?]] = []
        for ind in scheme.indicators {
            var r = Array(repeating: false, count: units.count)
            var t = [Int?](repeating: nil, count: units.count)
            if scheme.mode == .individual {
                r = Array(repeating: true, count: units.count)
            } else if ind.rule.isDeduction {
                for u in ind.units { if let k = up[u] { r[k] = true } }
            } else {
                for (ti, tr) in ind.tiers.enumerated() {
                    for u in tr.units {
                        if let k = up[u], t[k] == nil {
                            r[k] = true
                            t[k] = ti
                        }
                    }
                }
            }
            resp.append(r)
            tiers.append(t)
        }
        responsible = resp
        tier = tiers
        firstData = nil
        lastData = nil
        let empty = Array(repeating: Array(repeating: Series?.none, count: scheme.indicators.count), count: units.count)
        counts = empty
        events = empty
    }

    /// Notes a weekly row's Sunday for `firstData` and `lastData`.
    mutating func note(day: Int) {
        if firstData.map({ day < $0 }) ?? true { firstData = day }
        if lastData.map({ day > $0 }) ?? true { lastData = day }
    }

    /// Notes the Sunday of a row that was not read (a windowed read): only `firstData` may move.
    mutating func noteEarlier(day: Int) {
        if firstData.map({ day < $0 }) ?? true { firstData = day }
    }

    /// Finishes every series (see `Series.finish`).
    mutating func finish() {
        for u in counts.indices {
            for i in counts[u].indices {
                counts[u][i]?.finish()
                events[u][i]?.finish()
            }
        }
    }
}
