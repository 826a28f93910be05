import Indicators

/// A problem (or warning) in an input file, at a row and column as Excel shows them.
public struct Problem: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    /// The worksheet, in a workbook of several sheets; nil otherwise.
    public let sheet: String?
    /// 1-based row (the header is row 1 in a plain file); nil for the whole file.
    public let row: Int?
    /// 0-based column; shown as a letter (A, B, …); nil for a whole row or file.
    public let column: Int?
    public let message: String

    public init(file: String, sheet: String? = nil, row: Int?, column: Int?, message: String) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = message
    }

    /// `FILE[SHEET]:ROW:COLUMN: message` (parts that are not known are left out).
    public var description: String {
        var s = file
        if let sheet { s += "[\(sheet)]" }
        if let row { s += ":\(row)" }
        if let column { s += ":\(columnLetter(column))" }
        return s + ": " + message
    }
}

/// The spreadsheet name of a 0-based column: 0 → A, 25 → Z, 26 → AA.
public func columnLetter(_ index: Int) -> String {
    var n = index + 1
    var out = ""
    while n > 0 {
        let r = (n - 1) % 26
        out = String(UnicodeScalar(UInt8(65 + r))) + out
        n = (n - 1) / 26
    }
    return out
}

/// The problems that rejected a file (the file is accepted or rejected as a whole).
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public let file: String
    /// The first `IngestError.cap` problems, in file order.
    public let problems: [Problem]
    /// How many problems there were in all.
    public let total: Int

    /// At most this many problems are listed.
    public static let cap = 100

    public init(file: String, problems: [Problem], total: Int? = nil) {
        self.file = file
        self.problems = Array(problems.prefix(IngestError.cap))
        self.total = total ?? problems.count
    }

    /// One problem per line, then `… 还有 N 个问题` when more were found than listed.
    public var description: String {
        var lines = problems.map(\.description)
        if total > problems.count { lines.append("… 还有 \(total - problems.count) 个问题 (more problems)") }
        return lines.joined(separator: "\n")
    }
}
