/// A calendar day (proleptic Gregorian), cheap to compare and to step.
///
/// Stored as the number of days since 1970-01-01 so that windows, prorating and
/// ISO weeks are integer arithmetic (imports handle millions of rows).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// A day from its year, month (1…12) and day of month; nil when it does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(year: year, month: month) else { return nil }
        self.ordinal = Day.daysFromCivil(year, month, day)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }
    public var year: Int { components.year }
    public var month: Int { components.month }
    public var dayOfMonth: Int { components.day }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (ordinal + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The ISO week this day falls in.
    public var isoWeek: ISOWeek {
        let thursday = adding(days: 4 - weekday)
        let y = thursday.year
        let jan1 = Day(year: y, month: 1, day: 1)!
        return ISOWeek(uncheckedYear: y, week: (thursday.ordinal - jan1.ordinal) / 7 + 1)
    }

    public var yearMonth: YearMonth {
        let c = components
        return YearMonth(uncheckedYear: c.year, month: c.month)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-from-days algorithms.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// An ISO 8601 week (Monday to Sunday), e.g. `2018-W49`.
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    init(uncheckedYear year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// A week that exists (1…52 or 53).
    public init?(year: Int, week: Int) {
        guard week >= 1, week <= ISOWeek.weeksIn(year: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// Parses `YYYY-Www` (also `YYYYWww`, `YYYY-Ww`). The `W` is required: `2018-12` is a month.
    public init?(_ text: String) {
        var t = Substring(text.uppercased())
        guard t.count >= 6, let y = Int(t.prefix(4)) else { return nil }
        t = t.dropFirst(4)
        if t.first == "-" { t = t.dropFirst() }
        guard t.first == "W" else { return nil }
        t = t.dropFirst()
        guard (1...2).contains(t.count), let w = Int(t) else { return nil }
        self.init(year: y, week: w)
    }

    public static func weeksIn(year: Int) -> Int {
        Day(year: year, month: 12, day: 28)!.isoWeek.week
    }

    /// The Monday that starts the week.
    public var monday: Day {
        let jan4 = Day(year: year, month: 1, day: 4)!
        return jan4.adding(days: 1 - jan4.weekday + (week - 1) * 7)
    }

    /// The Sunday that ends the week: a weekly row's date for windows.
    public var sunday: Day { monday.adding(days: 6) }

    public func adding(weeks n: Int) -> ISOWeek { monday.adding(days: 7 * n).isoWeek }

    public var description: String { "\(pad(year, 4))-W\(pad(week, 2))" }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }
}

/// A calendar month, e.g. `2018-12`.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    public var first: Day { Day(year: year, month: month, day: 1)! }
    public var last: Day { Day(year: year, month: month, day: Day.daysIn(year: year, month: month))! }
    public var days: Int { Day.daysIn(year: year, month: month) }

    public func adding(months n: Int) -> YearMonth {
        let z = year * 12 + (month - 1) + n
        let y = z >= 0 ? z / 12 : (z - 11) / 12
        return YearMonth(uncheckedYear: y, month: z - y * 12 + 1)
    }

    public var description: String { "\(pad(year, 4))-\(pad(month, 2))" }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

/// A calendar quarter, e.g. `2018-Q4`.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let quarter: Int

    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Parses `YYYY-Qn`.
    public init?(_ text: String) {
        let t = text.uppercased()
        let parts = t.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), parts[1].first == "Q",
            let q = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: y, quarter: q)
    }

    public init(containing day: Day) {
        let c = day.components
        self.year = c.year
        self.quarter = (c.month - 1) / 3 + 1
    }

    public var first: Day { Day(year: year, month: quarter * 3 - 2, day: 1)! }
    public var last: Day { Day(year: year, month: quarter * 3, day: Day.daysIn(year: year, month: quarter * 3))! }

    public func adding(quarters n: Int) -> Quarter {
        let z = year * 4 + (quarter - 1) + n
        let y = z >= 0 ? z / 4 : (z - 3) / 4
        return Quarter(year: y, quarter: z - y * 4 + 1)!
    }

    public var description: String { "\(pad(year, 4))-Q\(quarter)" }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.quarter) < (b.year, b.quarter) }
}

/// An inclusive range of days that a score covers.
public struct DateWindow: Hashable, Sendable, CustomStringConvertible {
    public let from: Day
    public let to: Day

    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
    }

    public func contains(_ day: Day) -> Bool { day >= from && day <= to }

    /// Number of days, inclusive; 0 when `to` is before `from`.
    public var days: Int { max(0, to.ordinal - from.ordinal + 1) }

    /// Days shared with another window.
    public func overlap(_ other: DateWindow) -> Int {
        let lo = max(from.ordinal, other.from.ordinal)
        let hi = min(to.ordinal, other.to.ordinal)
        return max(0, hi - lo + 1)
    }

    public var description: String { "\(from)…\(to)" }
}
