/// One unit's counts for one indicator in one ISO week (a row of weekly data).
public struct WeeklyCount: Hashable, Sendable {
    public let scheme: String
    public let unit: String
    public let indicator: String
    public let week: ISOWeek
    /// 报送数.
    public let submitted: Int
    /// 合格数, 0 ≤ qualified ≤ submitted.
    public let qualified: Int

    public init(scheme: String, unit: String, indicator: String, week: ISOWeek, submitted: Int, qualified: Int) {
        self.scheme = scheme
        self.unit = unit
        self.indicator = indicator
        self.week = week
        self.submitted = submitted
        self.qualified = qualified
    }

    /// The count a rule uses under the scheme's basis.
    public func count(_ basis: CountBasis) -> Int { basis == .qualified ? qualified : submitted }
}

/// A deduction event: a unit listed as a defaulter (失信被执行人) on a date.
public struct DeductionEvent: Hashable, Sendable {
    public let scheme: String
    public let unit: String
    public let indicator: String
    public let date: Day
    /// 事由; may carry personal data: mask before showing.
    public let reason: String
    public let count: Int

    public init(scheme: String, unit: String, indicator: String, date: Day, reason: String, count: Int = 1) {
        self.scheme = scheme
        self.unit = unit
        self.indicator = indicator
        self.date = date
        self.reason = reason
        self.count = count
    }
}

/// A period a target observation covers: a year or a month.
public struct ObservationPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// nil for a whole year.
    public let month: Int?

    public init?(year: Int, month: Int? = nil) {
        if let m = month, !(1...12).contains(m) { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `2021` or `2021-12`.
    public init?(_ text: String) {
        let t = text.trimmingSpaces
        if t.count == 4, let y = Int(t) {
            self.init(year: y)
            return
        }
        guard let ym = YearMonth(t) else { return nil }
        self.init(year: ym.year, month: ym.month)
    }

    /// Time in years with months as twelfths; a year's figure stands at its end (2021 → 2022.0,
    /// 2021-12 → 2022.0, 2021-06 → 2021.5).
    public var time: Double { Double(year) + Double(month ?? 12) / 12 }

    public var description: String { month.map { "\(pad(year, 4))-\(pad($0, 2))" } ?? pad(year, 4) }

    public static func < (a: ObservationPeriod, b: ObservationPeriod) -> Bool { a.time < b.time }
}

/// An observed value of a 专栏1 target.
public struct TargetObservation: Hashable, Sendable {
    public let target: String
    public let period: ObservationPeriod
    public let value: Double

    public init(target: String, period: ObservationPeriod, value: Double) {
        self.target = target
        self.period = period
        self.value = value
    }
}

/// Takes weekly rows and events as they are read (Store fills it), so that no array of
/// `WeeklyCount` stands between the database and its index (`Scoring.WeeklyIndex.Builder`).
public protocol WeeklyRowSink {
    /// Starts the rows of scheme `id`; false when the sink does not know the scheme (its rows are
    /// then not offered).
    mutating func begin(scheme id: String) -> Bool
    /// One weekly row of the current scheme.
    mutating func addCount(unit: String, indicator: String, week: ISOWeek, submitted: Int, qualified: Int)
    /// One deduction event (of any scheme the sink knows).
    mutating func addEvent(_ event: DeductionEvent)
    /// The earliest week with a row of the current scheme, when a read skipped it (a windowed read).
    mutating func noteEarliest(week: ISOWeek)
}
