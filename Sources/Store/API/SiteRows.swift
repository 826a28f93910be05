import Indicators

/// What a site build reads from the database: the weekly counts and deduction events of some
/// schemes, and every 专栏1 observation.
public struct SiteRows: Sendable {
    /// Weekly counts of the schemes, scheme after scheme in the order asked.
    public var counts: [WeeklyCount]
    /// Deduction events of the schemes, scheme after scheme in the order asked.
    public var events: [DeductionEvent]
    /// Observations of the 专栏1 targets.
    public var observations: [TargetObservation]
}

extension AppDatabase {
    /// The rows a site build (`kaohe build`, `kaohe demo`) reads, for the schemes with these ids.
    public func siteRows(schemes: [String]) throws -> SiteRows {
        var counts: [WeeklyCount] = [], events: [DeductionEvent] = []
        for scheme in schemes {
            counts += try weeklyCounts(scheme: scheme)
            events += try self.events(scheme: scheme)
        }
        return SiteRows(counts: counts, events: events, observations: try observations())
    }
}
