import Indicators

/// The kind of window a score covers (docs/scoring.md, "Windows").
public enum WindowKind: String, Sendable, CaseIterable {
    /// A calendar month (monthly rankings).
    case month
    /// The cumulative window from the scheme's start to a week's Sunday (weekly notices).
    case week
    /// A calendar quarter (the news scheme's notices).
    case quarter
}

/// The dates a score covers, with the label it is shown under.
public struct ScoreWindow: Hashable, Sendable, CustomStringConvertible {
    enum Period: Hashable, Sendable {
        case month(YearMonth)
        case week(ISOWeek, start: Day)
        case quarter(Quarter)
    }

    let period: Period
    /// The last day with data when the window is still running (earlier than its natural end); nil
    /// for a complete window.
    let cutoff: Day?

    init(period: Period, cutoff: Day? = nil) {
        self.period = period
        self.cutoff = cutoff
    }

    public var kind: WindowKind {
        switch period {
        case .month: .month
        case .week: .week
        case .quarter: .quarter
        }
    }

    /// `2018-12`, `2018-W49` or `2018-Q4`.
    public var label: String {
        switch period {
        case .month(let m): m.description
        case .week(let w, _): w.description
        case .quarter(let q): q.description
        }
    }

    /// The inclusive dates scored: the full window, or for a running window up to its last day with
    /// data (`through(_:)`). A week window runs from the scheme's start to the week's Sunday.
    public var range: DateWindow {
        let full = fullRange
        guard let cutoff else { return full }
        return DateWindow(from: full.from, to: cutoff)
    }

    /// Whether the window is scored to its natural end (false for a running window cut at its last
    /// day with data).
    public var isComplete: Bool { cutoff == nil }

    /// The same window scored only up to `day` when `day` falls inside it before its end (a month,
    /// quarter or week still running: docs/scoring.md, "Running windows"); otherwise the window as it is.
    public func through(_ day: Day) -> ScoreWindow {
        let full = ScoreWindow(period: period)
        let r = full.fullRange
        guard day >= r.from, day < r.to else { return full }
        return ScoreWindow(period: period, cutoff: day)
    }

    /// The inclusive dates of the whole window, whether or not it has ended.
    public var fullRange: DateWindow {
        switch period {
        case .month(let m): DateWindow(from: m.first, to: m.last)
        case .week(let w, let start): DateWindow(from: start, to: w.sunday)
        case .quarter(let q): DateWindow(from: q.first, to: q.last)
        }
    }

    /// The month of a month window.
    public var month: YearMonth? { if case .month(let m) = period { m } else { nil } }
    /// The week of a week window.
    public var week: ISOWeek? { if case .week(let w, _) = period { w } else { nil } }
    /// The quarter of a quarter window.
    public var quarter: Quarter? { if case .quarter(let q) = period { q } else { nil } }

    /// A calendar month.
    public static func month(_ m: YearMonth) -> ScoreWindow { ScoreWindow(period: .month(m)) }
    /// The cumulative window from `start` (a scheme's start) to the Sunday of `week`.
    public static func week(_ w: ISOWeek, start: Day) -> ScoreWindow { ScoreWindow(period: .week(w, start: start)) }
    /// The cumulative window from the scheme's start to the Sunday of `week`.
    public static func week(_ w: ISOWeek, scheme: Scheme) -> ScoreWindow { .week(w, start: scheme.start) }
    /// A calendar quarter.
    public static func quarter(_ q: Quarter) -> ScoreWindow { ScoreWindow(period: .quarter(q)) }

    /// The window of the scheme's notice cadence (weekly, monthly, quarterly) that contains `day`.
    public static func notice(for scheme: Scheme, containing day: Day) -> ScoreWindow {
        switch scheme.notices {
        case .weekly: .week(day.isoWeek, scheme: scheme)
        case .monthly: .month(day.yearMonth)
        case .quarterly: .quarter(Quarter(containing: day))
        }
    }

    /// Every window of the scheme's notice cadence from the one holding the scheme's start to the one
    /// holding `day`, oldest first (empty when `day` is before the start).
    public static func notices(for scheme: Scheme, through day: Day) -> [ScoreWindow] {
        guard day >= scheme.start else { return [] }
        var out: [ScoreWindow] = []
        var w = notice(for: scheme, containing: scheme.start)
        let last = notice(for: scheme, containing: day)
        while true {
            out.append(w)
            if w == last { break }
            w = w.next()
        }
        return out
    }

    /// The previous window of the same kind: the previous month or quarter; for a week window the
    /// cumulative window to the previous Sunday.
    public func previous() -> ScoreWindow {
        switch period {
        case .month(let m): .month(m.adding(months: -1))
        case .week(let w, let start): .week(w.adding(weeks: -1), start: start)
        case .quarter(let q): .quarter(q.adding(quarters: -1))
        }
    }

    /// The next window of the same kind.
    public func next() -> ScoreWindow {
        switch period {
        case .month(let m): .month(m.adding(months: 1))
        case .week(let w, let start): .week(w.adding(weeks: 1), start: start)
        case .quarter(let q): .quarter(q.adding(quarters: 1))
        }
    }

    public var description: String { "\(label) (\(range.from)…\(range.to))" }
}

/// What a unit still has to hand in (or improve) for full marks on one indicator in a window.
public struct Shortfall: Hashable, Sendable {
    /// Whole items still to hand in for full marks in the window (0 when more items do not help,
    /// e.g. a rate to improve).
    public let items: Int
    /// A sentence for pages, e.g. `还需报送合格案例 1 件`, `尚未报送正式文件`, `双公示合格率 80.0%，需提高`.
    public let text: String

    public init(items: Int, text: String) {
        self.items = items
        self.text = text
    }
}

/// One unit's result on one indicator in a window.
public struct IndicatorResult: Hashable, Sendable {
    public let code: String
    public let short: String
    /// The indicator's points P_i in the scheme.
    public let points: Double
    public let rule: Rule
    /// The unit's tier (1-based), nil when the indicator has no tiers.
    public let tier: Int?
    /// The tier's weight in percent (e.g. 60), nil when the indicator has no tiers.
    public let weight: Double?
    /// R_ui; nil for a deduction indicator.
    public let responsibility: Double?
    /// c_ui in [0, 1]; nil for a deduction indicator.
    public let completion: Double?
    /// E_ui = R_ui × c_ui. For a deduction indicator: in a shared scheme minus the points taken off
    /// (−per_event × events, 0 or negative); in an individual scheme max(0, P − per_event × events).
    public let earned: Double
    /// Deduction events in the window; nil for other rules.
    public let events: Int?
    /// Items the rule counts (under the scheme's count basis) in the window; for `document` since the
    /// scheme's start. For a rolled-up unit: the sums over the units of the scheme it rolls up from.
    public let counted: Int
    /// 报送数 in the window (document: since the start).
    public let submitted: Int
    /// 合格数 (news: 采用) in the window (document: since the start).
    public let qualified: Int
    /// Expected count of a quota over the window (from the scheme's start at the earliest); nil for
    /// other rules and for a rolled-up unit.
    public let expected: Double?
    /// What is still missing for full marks; nil when complete (or for a deduction without events).
    public let missing: Shortfall?

    public init(
        code: String, short: String, points: Double, rule: Rule, tier: Int?, weight: Double?,
        responsibility: Double?, completion: Double?, earned: Double, events: Int?, counted: Int,
        submitted: Int, qualified: Int, expected: Double?, missing: Shortfall?
    ) {
        self.code = code
        self.short = short
        self.points = points
        self.rule = rule
        self.tier = tier
        self.weight = weight
        self.responsibility = responsibility
        self.completion = completion
        self.earned = earned
        self.events = events
        self.counted = counted
        self.submitted = submitted
        self.qualified = qualified
        self.expected = expected
        self.missing = missing
    }
}

/// One unit's score and rank in a window.
public struct UnitResult: Hashable, Sendable {
    /// The unit's id.
    public let unit: String
    public let name: String
    /// S_u, unrounded (round to 2 decimals for display; ranks use the rounded value).
    public let score: Double
    /// 1-based, ties share the best place (1224).
    public let rank: Int
    /// Previous rank − current rank (positive: places gained); nil when not ranked in the previous window.
    public let rankChange: Int?
    /// Σ R_ui over the unit's non-deduction indicators (0 for a unit that answers only for deductions).
    public let responsibility: Double
    /// Σ E_ui over the unit's non-deduction indicators.
    public let earned: Double
    /// Deduction events of the unit in the window (all deduction indicators).
    public let events: Int
    /// The indicators the unit answers for, in scheme order.
    public let indicators: [IndicatorResult]
    /// Score points still needed to reach the next better rank: the rounded score of the unit ranked
    /// just above minus the own rounded score, plus 0.01; nil when ranked first.
    public let pointsToNextRank: Double?
    /// The scheme the unit's completion rolls up from (e.g. `gaoxin-2018`), nil otherwise.
    public let rollup: String?

    public init(
        unit: String, name: String, score: Double, rank: Int, rankChange: Int?, responsibility: Double,
        earned: Double, events: Int, indicators: [IndicatorResult], pointsToNextRank: Double?,
        rollup: String?
    ) {
        self.unit = unit
        self.name = name
        self.score = score
        self.rank = rank
        self.rankChange = rankChange
        self.responsibility = responsibility
        self.earned = earned
        self.events = events
        self.indicators = indicators
        self.pointsToNextRank = pointsToNextRank
        self.rollup = rollup
    }

    /// The result on one indicator, by code.
    public func indicator(_ code: String) -> IndicatorResult? { indicators.first { $0.code == code } }
}

/// The region's own score on one indicator (Z_i).
public struct RegionIndicator: Hashable, Sendable {
    public let code: String
    public let short: String
    /// P_i.
    public let points: Double
    /// Z_i.
    public let score: Double

    public init(code: String, short: String, points: Double, score: Double) {
        self.code = code
        self.short = short
        self.points = points
        self.score = score
    }
}

/// The region's score (the zone's own city score): Z = Σ Z_i.
public struct RegionResult: Hashable, Sendable {
    public let total: Double
    public let indicators: [RegionIndicator]

    public init(total: Double, indicators: [RegionIndicator]) {
        self.total = total
        self.indicators = indicators
    }
}

/// A scheme scored over one window.
public struct SchemeResult: Hashable, Sendable {
    /// The scheme's id.
    public let scheme: String
    public let window: ScoreWindow
    /// Units in rank order; ties in the scheme's unit order.
    public let units: [UnitResult]
    public let region: RegionResult

    public init(scheme: String, window: ScoreWindow, units: [UnitResult], region: RegionResult) {
        self.scheme = scheme
        self.window = window
        self.units = units
        self.region = region
    }

    /// One unit's result, by id.
    public func unit(_ id: String) -> UnitResult? { units.first { $0.unit == id } }

    /// How many units share `rank` (1 for a place of its own, more for a tie: 并列).
    public func sharing(rank: Int) -> Int {
        // Units are in rank order: the run of equal ranks starting at the first unit of that rank.
        guard let first = units.firstIndex(where: { $0.rank == rank }) else { return 0 }
        var n = 0
        while first + n < units.count, units[first + n].rank == rank { n += 1 }
        return n
    }

    /// A place as shown in tables: `并列第1` when several units share it, else `第1`.
    public func place(of u: UnitResult) -> String { (sharing(rank: u.rank) > 1 ? "并列" : "") + "第\(u.rank)" }
}

/// Where a 专栏1 target stands (docs/scoring.md, "Progress toward targets").
public enum TargetStatus: String, Sendable, CaseIterable {
    case achieved
    case onTrack = "on-track"
    case needsAcceleration = "needs-acceleration"
    case limited
    case deterioration
    case unknown

    /// The Chinese label shown on pages.
    public var label: String {
        switch self {
        case .achieved: "已达成"
        case .onTrack: "按期推进"
        case .needsAcceleration: "需加快"
        case .limited: "进展缓慢"
        case .deterioration: "倒退"
        case .unknown: "数据不足"
        }
    }
}

/// Progress of one target as of a month.
public struct TargetProgress: Sendable {
    public let target: Target
    /// The latest observation up to the as-of date, nil when none.
    public let latest: TargetObservation?
    /// The base (time in years, value): the target's own base or its first observation.
    public let base: (time: Double, value: Double)?
    /// R = observed rate / required rate; nil when achieved or unknown.
    public let ratio: Double?
    public let status: TargetStatus
    /// Observations of the target up to the as-of date, oldest first.
    public let observations: [TargetObservation]

    public init(
        target: Target, latest: TargetObservation?, base: (time: Double, value: Double)?, ratio: Double?,
        status: TargetStatus, observations: [TargetObservation]
    ) {
        self.target = target
        self.latest = latest
        self.base = base
        self.ratio = ratio
        self.status = status
        self.observations = observations
    }
}
