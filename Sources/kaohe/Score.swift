import ArgumentParser
import Foundation
import Indicators
import Scoring
import Store

/// `kaohe score`: a scheme's ranking over one window, one unit's breakdown, or the JSON of formats.md.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a scheme over a month, a week (cumulative from the scheme's start) or a quarter.")

    @Option(help: "Scheme id (gaoxin-2018, jinan-districts, news-2017).")
    var scheme: String

    @Option(help: "Calendar month, YYYY-MM.", transform: YearMonth.parsed { "--month \($0): expected YYYY-MM" })
    var month: YearMonth?

    @Option(
        help: "ISO week, YYYY-Www: the window from the scheme's start to that week's Sunday.",
        transform: ISOWeek.parsed { "--week \($0): expected YYYY-Www" })
    var week: ISOWeek?

    @Option(help: "Calendar quarter, YYYY-Qn.", transform: Quarter.parsed { "--quarter \($0): expected YYYY-Qn" })
    var quarter: Quarter?

    @Option(help: "Show one unit's breakdown (id, name or alias).")
    var unit: String?

    @Flag(help: "Print the JSON object of the formats spec (every unit) instead of a table.")
    var json = false

    @Flag(help: "Print the ranking as CSV (the site's download) instead of a table.")
    var csv = false

    @Option(
        name: .customLong("as-of"),
        help:
            "Last day with data, YYYY-MM-DD: a window still running is scored to it (default: the Sunday of the latest week with data, as kaohe build).",
        transform: Day.parsed { "--as-of \($0): 日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD)" })
    var asOf: Day?

    @OptionGroup var options: DatabaseOptions

    func validate() throws {
        let given = [month != nil, week != nil, quarter != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError(
                "--month YYYY-MM、--week YYYY-Www、--quarter YYYY-Qn 须且只须给一个 (give exactly one of --month, --week, --quarter)"
            )
        }
        guard !(json && csv) else { throw ValidationError("--json 与 --csv 至多给一个 (give at most one of --json, --csv)") }
    }

    func run() throws {
        try Self.run(
            ScoreRequest(
                scheme: scheme, month: month, week: week, quarter: quarter, unit: unit, json: json, csv: csv,
                asOf: asOf, db: options.db, indicators: options.catalog.indicators))
    }

    /// Scores as `request` asks and prints the result; the process ends there.
    static func run(_ request: ScoreRequest) throws -> Never {
        let r = request
        // The catalog loads on a second thread, which then indexes the rows that this one reads ahead;
        // both may have started before the arguments were parsed (`EarlyScore`).
        let ahead: ReadAhead
        let loading: InBackground<(Catalog, ReadAhead.Indexed?)>
        if let started = r.earlyKey.flatMap(EarlyScore.take) {
            (ahead, loading) = (started.ahead, started.loading)
            try started.reading.value()
        } else {
            ahead = ReadAhead(scheme: r.scheme, window: r.earlyWindow, asOf: r.asOf)
            loading = EarlyScore.load(indicators: r.indicators, ahead: ahead)
            ahead.read(database: r.db)
        }
        let (catalog, early) = try loading.value()
        guard let s = catalog.scheme(id: r.scheme) else { throw KaoheError.unknownScheme(r.scheme, in: catalog) }
        // Exactly one of --month, --week and --quarter (`validate`, or the plain form's reading).
        let window = r.earlyWindow ?? .week(r.week!, scheme: s)
        var target: Indicators.Unit?
        if let u = r.unit {
            guard let found = catalog.registry.resolve(u), s.units.contains(found.id) else {
                let names = s.units.compactMap { catalog.registry.unit(id: $0) }.flatMap { [$0.id, $0.name] }
                throw Refusal.failure("--unit: " + Message.unknown(.unit, u, among: names))
            }
            target = found
        }
        let database = try ahead.database ?? DatabaseOptions.openReadOnly(path: r.db)
        // The scheme's rows and those of every scheme it rolls up from.
        var ids = [s.id]
        var k = 0
        while k < ids.count {
            for sub in (catalog.scheme(id: ids[k])?.rollups.values.sorted() ?? []) where !ids.contains(sub) {
                ids.append(sub)
            }
            k += 1
        }
        // A window still running is scored to the last day with data (docs/scoring.md, "Running windows"),
        // the same day `kaohe build` takes: the latest week with data of any scheme.
        let lastDay = try r.asOf ?? catalog.schemes.compactMap { try database.latestWeek(scheme: $0.id) }.max()?.sunday
        let scored = lastDay.map { window.through($0) } ?? window
        // Only the rows the window and the previous one (for rank changes) read: the scheme's as read
        // ahead when that read's arguments are those of this scoring.
        let read = ReadAhead.read(
            scheme: s.id, window: window, lastDay: lastDay, cumulative: s.cumulativeCodes.sorted())
        let (from, through) = (read.from, read.through)
        let indexed = early.flatMap { $0.read == read ? $0.builder : nil }
        var builder = indexed ?? WeeklyIndex.Builder(schemes: catalog.schemes)
        for id in ids where !(id == s.id && indexed != nil) {
            try database.readWindow(
                scheme: id, from: from, through: through, cumulative: catalog.scheme(id: id)?.cumulativeCodes ?? [],
                into: &builder)
        }
        let result = try Scorer(catalog: catalog, index: builder.build()).score(scheme: s.id, window: scored)
        if r.json {
            // The parts as they are, and the line's end (as `print` would end it); a failed write
            // is ignored, as `print` ignores it.
            for part in ScoreReport.jsonParts(result) + [[0x0A]] where !part.isEmpty {
                try? FileHandle.standardOutput.write(contentsOf: part)
            }
        } else if r.csv {
            print(ScoreReport.csv(result), terminator: "")
        } else if let target, let u = result.unit(target.id) {
            print(ScoreReport.breakdown(u, of: result, scheme: s), terminator: "")
        } else {
            print(ScoreReport.table(result, scheme: s), terminator: "")
        }
        // Done: the process ends here rather than free the index and the result object by object
        // (≈ 5 ms at province scale); `exit` flushes standard output.
        Foundation.exit(EXIT_SUCCESS)
    }
}

/// What `kaohe score` is asked: its options as swift-argument-parser parsed them, or as `EarlyScore`
/// read the plain form.
struct ScoreRequest: Equatable {
    let scheme: String
    let month: YearMonth?
    let week: ISOWeek?
    let quarter: Quarter?
    let unit: String?
    let json: Bool
    let csv: Bool
    let asOf: Day?
    let db: String
    let indicators: String

    /// What `EarlyScore` must have started with for its work to serve here.
    var earlyKey: EarlyScore.Key? {
        earlyWindow.map { EarlyScore.Key(scheme: scheme, window: $0, asOf: asOf, db: db, indicators: indicators) }
    }

    /// The window of `--month` or `--quarter` (nil for `--week`: its window starts with the scheme).
    var earlyWindow: ScoreWindow? {
        if let month { return .month(month) }
        if let quarter { return .quarter(quarter) }
        return nil
    }
}
