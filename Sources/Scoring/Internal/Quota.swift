import Indicators

/// Expected count of a quota over `from…to` (inclusive), prorated by days over the calendar
/// periods that overlap it: Σ count × days(p ∩ window) / days(p).
func expectedCount(count: Double, period: QuotaPeriod, from: Day, to: Day) -> Double {
    guard to >= from else { return 0 }
    var total = 0.0
    var cursor = from
    while cursor <= to {
        let (first, last) = bounds(of: period, containing: cursor)
        let lo = max(first.ordinal, from.ordinal)
        let hi = min(last.ordinal, to.ordinal)
        let days = Double(last.ordinal - first.ordinal + 1)
        total += count * Double(hi - lo + 1) / days
        cursor = last.adding(days: 1)
    }
    return total
}

/// The first and last day of the calendar period of kind `period` that contains `day`.
func bounds(of period: QuotaPeriod, containing day: Day) -> (Day, Day) {
    switch period {
    case .week:
        let w = day.isoWeek
        return (w.monday, w.sunday)
    case .month:
        let m = day.yearMonth
        return (m.first, m.last)
    case .quarter:
        let q = Quarter(containing: day)
        return (q.first, q.last)
    case .year:
        let y = day.year
        return (Day(year: y, month: 1, day: 1)!, Day(year: y, month: 12, day: 31)!)
    }
}
