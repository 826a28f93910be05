import Indicators

/// Everything the scorer reads: weekly counts and deduction events of all schemes, mixed.
public struct ScoringInput: Sendable {
    public let counts: [WeeklyCount]
    public let events: [DeductionEvent]

    public init(counts: [WeeklyCount], events: [DeductionEvent] = []) { self.counts = counts; self.events = events }
}

/// What went wrong while scoring: the step and the cause.
public struct ScoringError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "scoring: \(message)" }
}

/// Scores schemes over windows (docs/scoring.md). Indexes the input once; scoring is then cheap.
public struct Scorer: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog, input: ScoringInput) {
        self.catalog = catalog
    }

    /// Scores one scheme over one window, with rank changes against `window.previous()`.
    public func score(scheme: String, window: ScoreWindow) throws -> SchemeResult {
        throw ScoringError("not implemented yet")
    }
}

/// Progress of every target of the set as of a month (nil: every observation counts).
public func targetProgress(targets: TargetSet, observations: [TargetObservation], asOf: YearMonth? = nil) -> [TargetProgress] {
    []
}
