import Indicators

/// The weekly counts and deduction events of the schemes of a catalog, indexed once for the scorer
/// and the site: ids interned to positions, and per (scheme, unit, indicator) one sorted array of
/// days with prefix sums (range sums in O(log n)). Rows of schemes, units or indicators the catalog
/// does not know are left out (the importer rejects them).
public struct WeeklyIndex: Sendable {
    let schemes: [String: SchemeIndex]

    init(indexes: [String: SchemeIndex]) { self.schemes = indexes }

    /// Indexes rows already in memory (tests, generated data).
    public init(schemes list: [Scheme], counts: [WeeklyCount], events: [DeductionEvent] = []) {
        var b = Builder(schemes: list)
        var current: String?
        var known = false
        for c in counts {
            if c.scheme != current {
                current = c.scheme
                known = b.begin(scheme: c.scheme)
            }
            if known {
                b.addCount(
                    unit: c.unit, indicator: c.indicator, week: c.week, submitted: c.submitted, qualified: c.qualified)
            }
        }
        for e in events { b.addEvent(e) }
        self = b.build()
    }

    /// The same weekly counts with these deduction events instead of those indexed.
    public func replacingEvents(with events: [DeductionEvent]) -> WeeklyIndex {
        var b = Builder(
            indexes: schemes.values.map { x in
                var x = x
                x.events = x.events.map { $0.map { _ in nil } }
                return x
            })
        for e in events { b.addEvent(e) }
        return b.build()
    }

    /// The latest week with a row of any scheme, nil without rows.
    public var latestWeek: ISOWeek? {
        schemes.values.compactMap(\.lastData).max().map { Day(ordinal: $0).isoWeek }
    }

    /// The counts of one week (zero without a row).
    public func count(scheme: String, unit: String, indicator: String, week: ISOWeek) -> (
        submitted: Int, qualified: Int
    ) {
        let d = week.sunday.ordinal
        return series(scheme: scheme, unit: unit, indicator: indicator)?.sum(from: d, to: d) ?? (0, 0)
    }

    /// The counts summed over the weeks whose Sunday falls in `window`.
    public func sum(scheme: String, unit: String, indicator: String, in window: DateWindow) -> (
        submitted: Int, qualified: Int
    ) {
        series(scheme: scheme, unit: unit, indicator: indicator)?.sum(from: window.from.ordinal, to: window.to.ordinal)
            ?? (0, 0)
    }

    /// The counts of one week summed over every indicator of a unit.
    public func weekTotal(scheme: String, unit: String, week: ISOWeek) -> (submitted: Int, qualified: Int) {
        guard let x = schemes[scheme], let u = x.unitPosition[unit] else { return (0, 0) }
        let d = week.sunday.ordinal
        var t = (submitted: 0, qualified: 0)
        for s in x.counts[u] {
            guard let s else { continue }
            let c = s.sum(from: d, to: d)
            t.submitted += c.submitted
            t.qualified += c.qualified
        }
        return t
    }

    func series(scheme: String, unit: String, indicator: String) -> Series? {
        guard let x = schemes[scheme], let u = x.unitPosition[unit], let i = x.indicatorPosition[indicator] else {
            return nil
        }
        return x.counts[u][i]
    }

    /// Fills a `WeeklyIndex` row by row (a `WeeklyRowSink`: Store reads straight into it).
    public struct Builder: WeeklyRowSink, Sendable {
        private var indexes: [SchemeIndex] = []
        private var position: [String: Int] = [:]
        /// A builder that goes on from indexes (sorted by scheme id: the order does not matter).
        init(indexes list: [SchemeIndex]) {
            for x in list.sorted(by: { $0.scheme.id < $1.scheme.id }) {
                position[x.scheme.id] = indexes.count
                indexes.append(x)
            }
        }

        /// The scheme of `addCount`, and the last unit and indicator looked up (rows come grouped).
        private var current: Int?
        private var lastUnit: String?, unitPos: Int?
        private var lastIndicator: String?, indicatorPos: Int?
        /// Sunday ordinals by week (year × 64 + week), and the last one looked up (rows come by week).
        private var sundays: [Int: Int] = [:]
        private var lastSunday: (key: Int, day: Int)?
        /// The current scheme's indicator codes, when few: looked up by comparison, not by hashing.
        private var codes: [String]?

        /// A builder for the schemes (the first of equal ids counts).
        public init(schemes: [Scheme]) {
            for s in schemes where position[s.id] == nil {
                position[s.id] = indexes.count
                indexes.append(SchemeIndex(scheme: s))
            }
        }

        public mutating func begin(scheme id: String) -> Bool {
            current = position[id]
            codes = current.map { indexes[$0].scheme.indicators.map(\.code) }.flatMap { $0.count <= 16 ? $0 : nil }
            lastUnit = nil
            unitPos = nil
            lastIndicator = nil
            indicatorPos = nil
            return current != nil
        }

        public mutating func addCount(unit: String, indicator: String, week: ISOWeek, submitted: Int, qualified: Int) {
            guard let sp = current else { return }
            if unit != lastUnit {
                lastUnit = unit
                unitPos = indexes[sp].unitPosition[unit]
            }
            if indicator != lastIndicator {
                lastIndicator = indicator
                // The first of equal codes, as `indicatorPosition` keeps it.
                if let codes {
                    indicatorPos = codes.firstIndex(of: indicator)
                } else {
                    indicatorPos = indexes[sp].indicatorPosition[indicator]
                }
            }
            guard let up = unitPos, let ip = indicatorPos else { return }
            let day = sunday(week)
            indexes[sp].note(day: day)
            // Added in place (an optional chain); a copy of the series would be a copy of its storage.
            if indexes[sp].counts[up][ip]?.add(day: day, submitted: submitted, qualified: qualified) == nil {
                var series = Series()
                series.add(day: day, submitted: submitted, qualified: qualified)
                indexes[sp].counts[up][ip] = series
            }
        }

        /// An event without a known indicator goes to the scheme's first deduction indicator.
        public mutating func addEvent(_ e: DeductionEvent) {
            guard let sp = position[e.scheme] else { return }
            let x = indexes[sp]
            guard let up = x.unitPosition[e.unit],
                let ip = x.indicatorPosition[e.indicator]
                    ?? x.scheme.indicators.firstIndex(where: { $0.rule.isDeduction })
            else { return }
            if indexes[sp].events[up][ip] == nil { indexes[sp].events[up][ip] = Series() }
            indexes[sp].events[up][ip]!.add(day: e.date.ordinal, submitted: e.count, qualified: e.count)
        }

        public mutating func noteEarliest(week: ISOWeek) {
            guard let sp = current else { return }
            indexes[sp].noteEarlier(day: sunday(week))
        }

        private mutating func sunday(_ week: ISOWeek) -> Int {
            let key = week.year * 64 + week.week
            if let last = lastSunday, last.key == key { return last.day }
            let d = sundays[key] ?? week.sunday.ordinal
            sundays[key] = d
            lastSunday = (key, d)
            return d
        }

        /// Adds what `later` was given, as if its rows had come to this builder after its own: the
        /// halves of one read split by week, read on two threads (each builder made for the same
        /// schemes). Rows of earlier weeks in `later` are still placed right, only more slowly.
        public mutating func append(contentsOf later: consuming Builder) {
            for x in later.indexes {
                guard let sp = position[x.scheme.id] else { continue }
                indexes[sp].append(contentsOf: x)
            }
        }

        /// The finished index; the builder is left empty.
        public mutating func build() -> WeeklyIndex {
            // Finished in place: a copy would duplicate every series before its finish.
            for k in indexes.indices { indexes[k].finish() }
            var out: [String: SchemeIndex] = [:]
            for x in indexes { out[x.scheme.id] = x }
            indexes = []
            position = [:]
            return WeeklyIndex(indexes: out)
        }
    }
}
