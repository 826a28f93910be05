import Foundation
import Indicators
import Scoring

/// `kaohe score --month/--quarter` starts its catalog load and its read ahead (`ReadAhead`) before
/// anything else, from a strict reading of the arguments: `score` and then only `--name value` pairs
/// of its options (each at most once, no value starting with `-`) and one of its two flags, with a
/// valid month or quarter (and `--as-of`). That plain form is run as read (`ScoreRequest`), without
/// swift-argument-parser (≈ 5–9 ms of reflection); any other form is parsed, and `Score.run` takes
/// what was started only when the parsed options give the same `Key`; otherwise it starts afresh, so
/// a wrong guess here costs time, never a different result. The threads only read (the YAML files
/// and the database, read-only).
final class EarlyScore: @unchecked Sendable {
    /// What the work started depends on.
    struct Key: Equatable {
        let scheme: String
        let window: ScoreWindow
        let asOf: Day?
        let db: String
        let indicators: String
    }

    let key: Key
    let ahead: ReadAhead
    /// The catalog and the index of the rows read ahead (`ReadAhead.index`).
    let loading: InBackground<(Catalog, ReadAhead.Indexed?)>
    /// The read ahead (`ReadAhead.read`), on a thread of its own.
    let reading: InBackground<Void>

    private static let lock = NSLock()
    nonisolated(unsafe) private static var started: EarlyScore?

    private init(key: Key) {
        self.key = key
        let ahead = ReadAhead(scheme: key.scheme, window: key.window, asOf: key.asOf)
        self.ahead = ahead
        loading = Self.load(indicators: key.indicators, ahead: ahead)
        reading = InBackground { [db = key.db] in ahead.read(database: db) }
    }

    /// The catalog of `indicators` loaded on a second thread, which then indexes the rows `ahead` reads.
    static func load(indicators: String, ahead: ReadAhead) -> InBackground<(Catalog, ReadAhead.Indexed?)> {
        InBackground {
            let catalog = try CatalogLoader.load(directory: URL(fileURLWithPath: indicators))
            return (catalog, ahead.index(catalog: catalog))
        }
    }

    /// Starts the work of `kaohe score` when `arguments` (without the program's name) are plainly one,
    /// and gives what they ask (nil for anything else).
    static func start(arguments: [String]) -> ScoreRequest? {
        guard let request = request(arguments), let key = request.earlyKey else { return nil }
        let early = EarlyScore(key: key)
        lock.withLock { started = early }
        return request
    }

    /// The work started for `key`, nil when none was or it was started for other arguments.
    static func take(key: Key) -> EarlyScore? {
        lock.withLock {
            defer { started = nil }
            return started?.key == key ? started : nil
        }
    }

    /// The request of `score` arguments in the one plain form, nil for anything else: what
    /// swift-argument-parser would parse them into, and valid (`Score.validate`) for a month or a quarter.
    static func request(_ arguments: [String]) -> ScoreRequest? {
        guard arguments.first == "score" else { return nil }
        var values: [String: String] = [:]
        var flags: Set<String> = []
        let named: Set<String> = ["--scheme", "--month", "--quarter", "--unit", "--as-of", "--db", "--indicators"]
        var k = 1
        while k < arguments.count {
            let a = arguments[k]
            if a == "--json" || a == "--csv" {
                guard flags.insert(a).inserted else { return nil }
                k += 1
            } else if named.contains(a), k + 1 < arguments.count, !arguments[k + 1].hasPrefix("-"),
                values[a] == nil
            {
                values[a] = arguments[k + 1]
                k += 2
            } else {
                return nil
            }
        }
        guard flags.count < 2, let scheme = values["--scheme"] else { return nil }
        var (month, quarter): (YearMonth?, Quarter?)
        switch (values["--month"], values["--quarter"]) {
        case (let m?, nil):
            guard let value = YearMonth(argument: m) else { return nil }
            month = value
        case (nil, let q?):
            guard let value = Quarter(argument: q) else { return nil }
            quarter = value
        default:
            return nil
        }
        var asOf: Day?
        if let text = values["--as-of"] {
            guard let day = Day(argument: text) else { return nil }
            asOf = day
        }
        return ScoreRequest(
            scheme: scheme, month: month, week: nil, quarter: quarter, unit: values["--unit"],
            json: flags.contains("--json"), csv: flags.contains("--csv"), asOf: asOf,
            db: values["--db"] ?? defaultDatabasePath, indicators: values["--indicators"] ?? "indicators")
    }
}
