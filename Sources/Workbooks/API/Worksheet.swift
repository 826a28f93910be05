import Indicators

/// A value to put in a cell.
public enum CellValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    /// A date, stored as an Excel serial (1900 system) and shown with the style's date format
    /// (`yyyy/m/d`, Excel's built-in format 14, unless the style says otherwise).
    case date(Day)
    /// A formula (without the leading `=`) with the value Excel would cache for it.
    case formula(String, cached: Double)
    /// No value: the cell only carries its style (e.g. an unlocked input cell).
    case blank
}

/// A cell position, zero-based (row 0 is Excel's row 1, column 0 is column A).
public struct CellAddress: Sendable, Hashable, Comparable {
    public let row: Int
    public let column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// `A1`-style reference, e.g. `D4`; `absolute` gives `$D$4`.
    public func reference(absolute: Bool = false) -> String {
        let d = absolute ? "$" : ""
        return "\(d)\(CellAddress.columnName(column))\(d)\(row + 1)"
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(65 + r)!) + s
            n = (n - 1) / 26
        }
        return s
    }

    public static func < (a: CellAddress, b: CellAddress) -> Bool { (a.row, a.column) < (b.row, b.column) }
}

/// A rectangle of cells, both corners included.
public struct CellRange: Sendable, Hashable {
    public let first: CellAddress
    public let last: CellAddress

    public init(_ first: CellAddress, _ last: CellAddress) {
        self.first = first
        self.last = last
    }
    public init(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        first = CellAddress(row: rows.lowerBound, column: columns.lowerBound)
        last = CellAddress(row: rows.upperBound, column: columns.upperBound)
    }

    /// `A1:C3`.
    public var reference: String { "\(first.reference()):\(last.reference())" }
}

/// One worksheet: cells with styles, merged ranges, column widths, row heights, data validation,
/// protection and print set-up.
public struct Worksheet: Sendable {
    public var name: String
    public private(set) var cells: [CellAddress: (value: CellValue, style: CellStyle)] = [:]
    public private(set) var merges: [(range: CellRange, value: CellValue, style: CellStyle)] = []
    public private(set) var columns: [Int: ColumnSetup] = [:]
    public private(set) var rowHeights: [Int: Double] = [:]
    public private(set) var validations: [(range: CellRange, rule: Validation)] = []
    /// Protects the sheet (no password): only cells whose style is `unlocked` can be edited.
    public var protected = false
    public var page: PageSetup?
    /// Rows repeated at the top of every printed page.
    public var repeatedRows: ClosedRange<Int>?
    /// Rows above this one stay in view when scrolling.
    public var frozenRows = 0

    public init(name: String) { self.name = name }

    /// The number of rows used so far (one more than the last row with a cell or a merge).
    public private(set) var rowCount = 0

    public mutating func set(_ value: CellValue, row: Int, column: Int, style: CellStyle = .plain) {
        cells[CellAddress(row: row, column: column)] = (value, style)
        rowCount = max(rowCount, row + 1)
    }

    /// Writes `values` as the next row (after `rowCount`), from column A.
    public mutating func append(_ values: [CellValue], style: CellStyle = .plain) {
        let r = rowCount
        for (c, v) in values.enumerated() { set(v, row: r, column: c, style: style) }
    }

    /// Merges `range` into one cell holding `value` (e.g. a title across the table).
    public mutating func merge(_ range: CellRange, value: CellValue, style: CellStyle = .plain) {
        merges.append((range, value, style))
        rowCount = max(rowCount, range.last.row + 1)
    }

    /// Sets a column's width (in Excel's character units) and whether it is hidden.
    public mutating func setColumn(_ column: Int, width: Double, hidden: Bool = false) {
        columns[column] = ColumnSetup(width: width, hidden: hidden)
    }

    public mutating func setRow(_ row: Int, height: Double) {
        rowHeights[row] = height
    }

    /// Checks what is typed into `range`; formulas in the rule are relative to its first cell.
    public mutating func validate(_ range: CellRange, with rule: Validation) {
        validations.append((range, rule))
    }
}

public struct ColumnSetup: Sendable, Hashable {
    public var width: Double
    public var hidden: Bool
}

/// What a cell looks like (and whether it stays editable on a protected sheet).
public struct CellStyle: Sendable, Hashable {
    public enum Alignment: Sendable, Hashable { case general, left, center, right }

    public var bold = false
    /// Points; nil keeps the default (11).
    public var fontSize: Double?
    public var fontName: String?
    public var alignment = Alignment.general
    public var verticalCenter = false
    public var wrap = false
    public var border = false
    /// Background colour as 0xRRGGBB.
    public var fill: UInt32?
    /// Editable when the sheet is protected.
    public var unlocked = false
    /// A number format such as `0.0%`; nil uses Excel's default (or `yyyy/m/d` for dates).
    public var numberFormat: String?

    public init(
        bold: Bool = false, fontSize: Double? = nil, fontName: String? = nil, alignment: Alignment = .general,
        verticalCenter: Bool = false, wrap: Bool = false, border: Bool = false, fill: UInt32? = nil,
        unlocked: Bool = false, numberFormat: String? = nil
    ) {
        self.bold = bold
        self.fontSize = fontSize
        self.fontName = fontName
        self.alignment = alignment
        self.verticalCenter = verticalCenter
        self.wrap = wrap
        self.border = border
        self.fill = fill
        self.unlocked = unlocked
        self.numberFormat = numberFormat
    }

    public static let plain = CellStyle()
}

/// A data-validation rule: whole numbers within bounds, with the messages Excel shows.
public struct Validation: Sendable, Hashable {
    public enum Bound: Sendable, Hashable {
        case number(Double)
        /// A formula without `=`, relative to the range's first cell, e.g. `D4`.
        case formula(String)
    }

    /// Whole numbers only.
    public var minimum: Bound?
    public var maximum: Bound?
    public var inputTitle: String?
    public var inputMessage: String?
    public var errorTitle: String?
    public var errorMessage: String?

    public init(
        minimum: Bound? = nil, maximum: Bound? = nil, inputTitle: String? = nil, inputMessage: String? = nil,
        errorTitle: String? = nil, errorMessage: String? = nil
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
    }

    /// A whole number in `minimum…maximum` (either open).
    public static func wholeNumber(minimum: Bound? = nil, maximum: Bound? = nil) -> Validation {
        Validation(minimum: minimum, maximum: maximum)
    }
}

/// How the sheet prints.
public struct PageSetup: Sendable, Hashable {
    public enum Paper: Sendable, Hashable { case a4 }
    public var paper = Paper.a4
    public var landscape = false
    /// Scales the print to this many pages across (any number down).
    public var fitToPagesWide: Int? = 1
    /// Margins in inches: left, right, top, bottom.
    public var margins = (left: 0.5, right: 0.5, top: 0.6, bottom: 0.6)
    public var centeredHorizontally = true
    /// The page footer, in Excel's header/footer codes (e.g. `&C第 &P 页，共 &N 页`).
    public var footer: String?

    public init(paper: Paper = .a4, landscape: Bool = false, fitToPagesWide: Int? = 1, footer: String? = nil) {
        self.paper = paper
        self.landscape = landscape
        self.fitToPagesWide = fitToPagesWide
        self.footer = footer
    }

    public static func == (a: PageSetup, b: PageSetup) -> Bool {
        a.paper == b.paper && a.landscape == b.landscape && a.fitToPagesWide == b.fitToPagesWide
            && a.margins == b.margins && a.centeredHorizontally == b.centeredHorizontally && a.footer == b.footer
    }

    public func hash(into h: inout Hasher) {
        h.combine(paper)
        h.combine(landscape)
        h.combine(fitToPagesWide)
        h.combine(footer)
    }
}
