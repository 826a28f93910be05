/// A `WeeklyRowSink` that keeps the rows and events it is given, in order, to hand them on later to
/// another sink (`replay(into:)`): so that a read can run before the sink that indexes the rows
/// exists (`kaohe score` reads the database while the catalog that index needs is still loading).
///
/// It takes every scheme (`begin` is always true); the sink replayed into decides, as it would
/// have when read into directly.
public struct RecordedRows: WeeklyRowSink, Sendable {
    private enum Call: Sendable {
        case begin(scheme: String)
        case count(unit: String, indicator: String, week: ISOWeek, submitted: Int, qualified: Int)
        case event(DeductionEvent)
        case earliest(week: ISOWeek)
    }

    private var calls: [Call] = []

    public init() {}

    /// Empty, with room for `capacity` calls: a chunk of rows handed between threads is recorded
    /// without growing (a province month's read grew 16 chunks a dozen times each, copying them).
    public init(capacity: Int) { calls.reserveCapacity(capacity) }

    /// The number of weekly rows kept.
    public var countRows: Int {
        calls.reduce(0) {
            if case .count = $1 { return $0 + 1 }
            return $0
        }
    }

    /// The number of calls kept (rows, events, schemes begun, earliest weeks).
    public var callCount: Int { calls.count }

    public mutating func begin(scheme id: String) -> Bool {
        calls.append(.begin(scheme: id))
        return true
    }

    public mutating func addCount(unit: String, indicator: String, week: ISOWeek, submitted: Int, qualified: Int) {
        calls.append(.count(unit: unit, indicator: indicator, week: week, submitted: submitted, qualified: qualified))
    }

    public mutating func addEvent(_ event: DeductionEvent) { calls.append(.event(event)) }

    public mutating func noteEarliest(week: ISOWeek) { calls.append(.earliest(week: week)) }

    /// Gives `sink` the calls kept, in order; the rows and the earliest week of a scheme that
    /// `sink.begin` refuses are left out, as a read into `sink` would not have offered them.
    public func replay<Sink: WeeklyRowSink>(into sink: inout Sink) {
        var taken = false
        for call in calls {
            switch call {
            case .begin(let id):
                taken = sink.begin(scheme: id)
            case .count(let unit, let indicator, let week, let submitted, let qualified):
                if taken {
                    sink.addCount(
                        unit: unit, indicator: indicator, week: week, submitted: submitted, qualified: qualified)
                }
            case .event(let e):
                if taken { sink.addEvent(e) }
            case .earliest(let week):
                if taken { sink.noteEarliest(week: week) }
            }
        }
    }
}
