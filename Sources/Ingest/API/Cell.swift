import Indicators

/// A cell of an input table as the reader found it.
public enum Cell: Hashable, Sendable {
    case empty
    /// Text, trimmed of surrounding spaces.
    case text(String)
    /// An Excel number that is not a date.
    case number(Double)
    /// An Excel number formatted as a date (serial converted in the workbook's date system).
    case date(Day)

    public var isEmpty: Bool { if case .empty = self { true } else { false } }

    /// The cell as text: numbers without a needless `.0`, dates as `YYYY-MM-DD`.
    public var text: String {
        switch self {
        case .empty: ""
        case .text(let s): s
        case .number(let x): formatNumber(x)
        case .date(let d): d.description
        }
    }
}

func formatNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return String(x)
}

/// A table read from a file: rows with the numbers Excel shows; blank rows are left out.
public struct Table: Sendable {
    public var rows: [(number: Int, cells: [Cell])]
    public init(rows: [(number: Int, cells: [Cell])]) { self.rows = rows }
}

/// Reads rows one at a time (CSV streams; an .xlsx sheet is read whole).
protocol RowSource {
    /// The next non-blank row with its number, or nil at the end.
    mutating func next() throws(ReadFailure) -> (number: Int, cells: [Cell])?
}

/// A file that cannot be read at all or is cut short.
struct ReadFailure: Error {
    var row: Int?
    var column: Int?
    var message: String
}

struct TableSource: RowSource {
    var table: Table
    var index = 0
    mutating func next() throws(ReadFailure) -> (number: Int, cells: [Cell])? {
        guard index < table.rows.count else { return nil }
        defer { index += 1 }
        return table.rows[index]
    }
}
