import GRDB
import Indicators

/// Keeps `cumulative_key` right while an import writes (docs/benchmarks.md, "Wave 2: score").
///
/// The invariant, for every (scheme, indicator) of `cumulative_indicator`: every `submission` row of
/// it with `submitted > 0` has its key in `cumulative_key`. A key may outlive its count (a row
/// corrected to 0 keeps its key): readers join `submission` and test `submitted > 0` again. A pair is
/// registered in the transaction of an import, with the keys of its rows already stored; from then
/// on every import notes the keys of the rows it writes of every registered pair, whatever the scheme
/// files say now (a rule changed back and forth must not leave a pair with missing keys).
struct CumulativeKeys {
    private let db: Database
    /// Registered indicator codes by scheme.
    private var tracked: [String: [String]] = [:]
    /// The codes of the scheme of the last row noted (rows come grouped by scheme).
    private var lastScheme: String?
    private var lastCodes: [String] = []

    /// Registers the pairs of `cumulative` (scheme id → indicator codes) not registered yet, with
    /// the keys of their rows already stored, and loads every registered pair.
    init(db: Database, registering cumulative: [String: [String]]) throws {
        self.db = db
        for (scheme, codes) in cumulative.sorted(by: { $0.key < $1.key }) {
            var added: [String] = []
            for code in codes {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO cumulative_indicator (scheme, indicator) VALUES (?, ?)",
                    arguments: [scheme, code])
                if db.changesCount > 0 { added.append(code) }
            }
            guard !added.isEmpty else { continue }
            let marks = Array(repeating: "?", count: added.count).joined(separator: ", ")
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO cumulative_key (scheme, indicator, week, unit)
                    SELECT scheme, indicator, week, unit FROM submission
                    WHERE scheme = ? AND indicator IN (\(marks)) AND submitted > 0
                    """, arguments: StatementArguments([scheme] + added))
        }
        let pairs = try Row.fetchAll(db, sql: "SELECT scheme, indicator FROM cumulative_indicator")
        for pair in pairs { tracked[pair[0] as String, default: []].append(pair[1]) }
    }

    /// Notes the keys of the rows of registered pairs that have a count (rows just written).
    mutating func note(_ rows: [WeeklyCount]) throws {
        guard !tracked.isEmpty else { return }
        for r in rows where r.submitted > 0 {
            if r.scheme != lastScheme {
                lastScheme = r.scheme
                lastCodes = tracked[r.scheme] ?? []
            }
            guard lastCodes.contains(r.indicator) else { continue }
            let insert = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO cumulative_key (scheme, indicator, week, unit) VALUES (?, ?, ?, ?)")
            try insert.execute(arguments: [r.scheme, r.indicator, r.week.description, r.unit])
        }
    }
}
