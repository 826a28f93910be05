import Indicators

/// The weekly counts of the site, summed by scheme, unit, indicator and week. Each indicator of a
/// unit holds its weeks as one sorted array (found by binary search): about a third of the memory
/// of a dictionary per indicator, which mattered at province scale (96,000 of them).
struct WeeklyTable {
    struct Entry {
        let week: ISOWeek
        var submitted: Int
        var qualified: Int
    }
    private var table: [String: [String: [String: [Entry]]]] = [:]

    init(_ counts: [WeeklyCount]) {
        for c in counts {
            table[c.scheme, default: [:]][c.unit, default: [:]][c.indicator, default: []]
                .append(Entry(week: c.week, submitted: c.submitted, qualified: c.qualified))
        }
        // Unit by unit, so that the rows as appended and as merged are both held for one unit only.
        for s in Array(table.keys) {
            for u in Array(table[s]!.keys) { table[s]![u] = table[s]![u]!.mapValues(Self.merged) }
        }
    }

    /// The entries in week order, rows of the same week summed, in an array of exactly that size.
    private static func merged(_ rows: [Entry]) -> [Entry] {
        let sorted = rows.sorted { $0.week < $1.week }
        var distinct = 0
        for (k, e) in sorted.enumerated() where k == 0 || sorted[k - 1].week != e.week { distinct += 1 }
        var out: [Entry] = []
        out.reserveCapacity(distinct)
        for e in sorted {
            if let last = out.last, last.week == e.week {
                out[out.count - 1].submitted += e.submitted
                out[out.count - 1].qualified += e.qualified
            } else {
                out.append(e)
            }
        }
        return out
    }

    /// Every indicator's weeks of a unit in a scheme.
    func indicators(_ scheme: String, _ unit: String) -> [String: [Entry]] { table[scheme]?[unit] ?? [:] }

    /// The weeks of a unit on an indicator, in order.
    func weeks(_ scheme: String, _ unit: String, _ indicator: String) -> [Entry] { table[scheme]?[unit]?[indicator] ?? [] }

    /// The counts of one week (zero when there is no row).
    func count(_ scheme: String, _ unit: String, _ indicator: String, _ week: ISOWeek) -> (submitted: Int, qualified: Int) {
        Self.find(week, in: weeks(scheme, unit, indicator))
    }

    static func find(_ week: ISOWeek, in entries: [Entry]) -> (submitted: Int, qualified: Int) {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].week < week { lo = mid + 1 } else { hi = mid }
        }
        guard lo < entries.count, entries[lo].week == week else { return (0, 0) }
        return (entries[lo].submitted, entries[lo].qualified)
    }
}
