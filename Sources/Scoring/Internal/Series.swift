import Indicators

/// Dated counts of one (scheme, unit, indicator) with prefix sums, for range sums in O(log n).
///
/// Filled entry by entry (`add`), then `finish()`ed: entries arriving in day order (as Store reads
/// them) go straight into place; any others are sorted once at the end. The entries live in one
/// array of (day, submitted so far, qualified so far) triples: one allocation per series, where
/// three arrays cost three (at province scale, 12,000 series per scoring).
struct Series: Sendable {
    /// For the k-th distinct day (sorted): `storage[3k]` is its ordinal, `storage[3k + 1]` and
    /// `storage[3k + 2]` the submitted and qualified counts summed over days 0…k.
    private var storage: [Int] = []
    /// Entries that came out of day order, merged by `finish()`.
    private var late: [(day: Int, submitted: Int, qualified: Int)] = []

    init() {}

    /// Builds from unsorted (day, submitted, qualified) entries; entries of the same day add up.
    init(_ entries: [(day: Int, submitted: Int, qualified: Int)]) {
        for e in entries { add(day: e.day, submitted: e.submitted, qualified: e.qualified) }
        finish()
    }

    /// Sorted, distinct day ordinals (a weekly row's Sunday, or an event's date).
    var days: [Int] { stride(from: 0, to: storage.count, by: 3).map { storage[$0] } }
    /// Prefix sums, one longer than `days`: a[k] = sum of the first k entries.
    var submitted: [Int] { (0...count).map { prefix($0).submitted } }
    var qualified: [Int] { (0...count).map { prefix($0).qualified } }

    /// Adds an entry (counts clamped to 0…`countCeiling`); call `finish()` after the last one.
    mutating func add(day: Int, submitted sub: Int, qualified qual: Int) {
        let sub = Series.clamped(sub)
        let qual = Series.clamped(qual)
        if storage.count >= 3, day < storage[storage.count - 3] {
            late.append((day, sub, qual))
        } else {
            append(day: day, submitted: sub, qualified: qual)
        }
    }

    private mutating func append(day: Int, submitted sub: Int, qualified qual: Int) {
        let n = storage.count
        if n >= 3, storage[n - 3] == day {
            storage[n - 2] += sub
            storage[n - 1] += qual
        } else {
            // Room for ten weeks at once: a month and the month before it, without growing.
            if n == 0 { storage.reserveCapacity(30) }
            let (s, q) = n >= 3 ? (storage[n - 2], storage[n - 1]) : (0, 0)
            storage.append(day)
            storage.append(s + sub)
            storage.append(q + qual)
        }
    }

    /// Merges the entries that came out of order, and gives back spare capacity of long series.
    mutating func finish() {
        if !late.isEmpty {
            var all = late
            all.reserveCapacity(late.count + count)
            for k in 0..<count { all.append(entry(k)) }
            // A stable sort keeps entries of one day in arrival order: the sums are the same anyway.
            all.sort { $0.day < $1.day }
            late = []
            storage = []
            storage.reserveCapacity(3 * all.count)
            for e in all { append(day: e.day, submitted: e.submitted, qualified: e.qualified) }
        }
        if storage.capacity - storage.count > max(30, storage.count / 8) {
            storage = storage.withUnsafeBufferPointer { Array($0) }
        }
    }

    /// The most one stored count may weigh: imports refuse counts over 1,000,000, but a database
    /// may hold anything; clamped to 0…10⁹, sums over every row of every unit stay far from Int.max.
    static let countCeiling = 1_000_000_000

    static func clamped(_ x: Int) -> Int { min(max(x, 0), countCeiling) }

    /// The number of distinct days.
    var count: Int { storage.count / 3 }

    /// The counts summed over the first `k` distinct days.
    private func prefix(_ k: Int) -> (submitted: Int, qualified: Int) {
        k == 0 ? (0, 0) : (storage[3 * k - 2], storage[3 * k - 1])
    }

    /// Index of the first day ≥ `day`.
    private func lowerBound(_ day: Int) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if storage[3 * mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// (submitted, qualified) summed over days in `from…to` (ordinals, inclusive).
    func sum(from: Int, to: Int) -> (submitted: Int, qualified: Int) {
        guard to >= from, !storage.isEmpty else { return (0, 0) }
        let lo = prefix(lowerBound(from))
        let hi = prefix(lowerBound(to + 1))
        return (hi.submitted - lo.submitted, hi.qualified - lo.qualified)
    }

    /// Adds every entry of `later` (whose entries were added to it alone, as to this one), as if
    /// they had been added here one by one after this series' own: when all of them are of later
    /// days than this series' last (two halves of a read split by week), its storage is appended in
    /// one go with this series' sums carried into its prefix sums.
    mutating func append(contentsOf later: Series) {
        let n = storage.count
        guard n >= 3, late.isEmpty, later.late.isEmpty, let first = later.storage.first, first > storage[n - 3]
        else {
            for k in 0..<later.count {
                let e = later.entry(k)
                add(day: e.day, submitted: e.submitted, qualified: e.qualified)
            }
            for e in later.late { add(day: e.day, submitted: e.submitted, qualified: e.qualified) }
            return
        }
        let (s, q) = (storage[n - 2], storage[n - 1])
        storage.reserveCapacity(n + later.storage.count)
        var k = 0
        while k < later.storage.count {
            storage.append(later.storage[k])
            storage.append(later.storage[k + 1] + s)
            storage.append(later.storage[k + 2] + q)
            k += 3
        }
    }

    /// The entry of the `k`th distinct day.
    func entry(_ k: Int) -> (day: Int, submitted: Int, qualified: Int) {
        let (a, b) = (prefix(k), prefix(k + 1))
        return (storage[3 * k], b.submitted - a.submitted, b.qualified - a.qualified)
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

    /// Adds what `later` (an index of the same scheme) holds, as if its rows had been added here
    /// after this index's own (`Series.append(contentsOf:)`).
    mutating func append(contentsOf later: SchemeIndex) {
        if let d = later.firstData { note(day: d) }
        if let d = later.lastData { note(day: d) }
        for u in later.counts.indices {
            for i in later.counts[u].indices {
                if let x = later.counts[u][i] {
                    if counts[u][i]?.append(contentsOf: x) == nil { counts[u][i] = x }
                }
                if let x = later.events[u][i] {
                    if events[u][i]?.append(contentsOf: x) == nil { events[u][i] = x }
                }
            }
        }
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
