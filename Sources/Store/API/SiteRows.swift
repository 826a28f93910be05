import Indicators

/// What a site build reads from the database besides the weekly rows (those go straight into the
/// index, see `siteRows(schemes:countsInto:later:)`): the deduction events of some schemes, and every
/// 专栏1 observation.
public struct SiteRows: Sendable {
    /// Deduction events of the schemes, scheme after scheme in the order asked.
    public var events: [DeductionEvent]
    /// Observations of the 专栏1 targets.
    public var observations: [TargetObservation]
}

extension AppDatabase {
    /// The rows a site build (`kaohe build`, `kaohe demo`) reads, for the schemes with these ids: the
    /// weekly rows read on two connections at once (`readCounts(schemes:into:later:)`), each scheme's
    /// earlier weeks into `early`, its later weeks into `later`; the events and observations returned.
    public func siteRows<Sink: WeeklyRowSink & Sendable>(
        schemes: [String], countsInto early: inout Sink, later: inout Sink
    ) throws -> SiteRows {
        try readCounts(schemes: schemes, into: &early, later: &later)
        return try otherSiteRows(schemes: schemes)
    }

    private func otherSiteRows(schemes: [String]) throws -> SiteRows {
        var events: [DeductionEvent] = []
        for scheme in schemes { events += try self.events(scheme: scheme) }
        return SiteRows(events: events, observations: try observations())
    }
}
