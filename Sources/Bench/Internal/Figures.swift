import Foundation

/// The values one measure took over the rounds: median and range, as the goal table prints them.
struct Spread: Sendable, Equatable {
    let values: [Double]

    init(_ values: [Double]) { self.values = values.sorted() }

    /// The middle value (the mean of the two middle values for an even count); 0 when empty.
    var median: Double {
        guard !values.isEmpty else { return 0 }
        let m = values.count / 2
        return values.count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2
    }

    var low: Double { values.first ?? 0 }
    var high: Double { values.last ?? 0 }

    /// `3.35 s (3.30–3.41)`: the median, then the range when there was more than one round.
    func text(_ format: (Double) -> String, unit: String) -> String {
        let range = values.count > 1 && format(low) != format(high) ? " (\(format(low))–\(format(high)))" : ""
        return format(median) + unit + range
    }

    func seconds() -> String { text(Spread.seconds, unit: " s") }

    /// Seconds with two decimals below 10 s, one above.
    static func seconds(_ s: Double) -> String { String(format: s < 10 ? "%.2f" : "%.1f", s) }
    static func fixed2(_ v: Double) -> String { String(format: "%.2f", v) }
    static func megabytes(_ kb: Int) -> String { "\(Int((Double(kb) / 1024).rounded())) MB" }
}

/// One goal of issue #15 next to what was measured.
struct GoalRow: Sendable, Equatable {
    var goal: String
    var budget: String
    var measured: String
    var met: Bool

    var verdict: String { met ? "met" : "MISSED" }
}

/// Left-aligned columns separated by two spaces, widths from the longest cell (every cell of these
/// tables is one terminal column per character), no trailing spaces.
func textTable(_ rows: [[String]]) -> [String] {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    return rows.map { row in
        let line = row.enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - cell.count) }
            .joined(separator: "  ")
        return String(line.reversed().drop { $0 == " " }.reversed())
    }
}
