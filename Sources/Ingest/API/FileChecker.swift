import Foundation
import Indicators

/// What the command line says about the files (all optional except today).
public struct CheckOptions: Sendable {
    /// The kind of the files; recognised from the header when nil.
    public var kind: DataKind?
    /// The scheme of rows that have no 方案 column.
    public var scheme: String?
    /// The week of rows that have no 周次 column.
    public var week: ISOWeek?
    /// Weeks and dates after today are refused.
    public var today: Day

    public init(kind: DataKind? = nil, scheme: String? = nil, week: ISOWeek? = nil, today: Day) {
        self.kind = kind
        self.scheme = scheme
        self.week = week
        self.today = today
    }
}

/// A file that passed every check: its rows, ready to store.
public struct CheckedFile: Sendable {
    /// The file's name as given.
    public let file: String
    public let kind: DataKind
    /// The scheme(s) of the rows (`gaoxin-2018`; several joined by `,`); nil for targets.
    public let scheme: String?
    /// Data rows read.
    public let rowCount: Int
    public var submissions: [WeeklyCount]
    public var events: [DeductionEvent]
    public var observations: [TargetObservation]
    /// Things worth knowing that did not reject the file (unknown columns).
    public let warnings: [Problem]
    /// Title, total and footer rows, blank and notes sheets: read past, not data.
    public let skipped: Skipped
}

/// Reads a CSV, .xlsx or .xls file (every sheet of a workbook) and checks every row against the catalog (formats.md).
public struct FileChecker: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) { self.catalog = catalog }

    /// Reads and checks the file at `url`; `name` is how messages name it (defaults to the path).
    /// Throws `IngestError` listing every problem (up to the cap) when any row is bad.
    public func check(url: URL, name: String? = nil, options: CheckOptions) throws(IngestError) -> CheckedFile {
        let display = name ?? url.path
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw IngestError(
                file: display,
                problems: [
                    Problem(
                        file: display, row: nil, column: nil,
                        message: "无法读取文件 (cannot read file): \(error.localizedDescription)")
                ])
        }
        return try check(data: data, name: display, options: options)
    }

    /// Reads and checks a file's bytes; the format comes from the name's extension or the bytes.
    public func check(data: Data, name: String, options: CheckOptions) throws(IngestError) -> CheckedFile {
        try check(data: data, name: name, options: options, sink: nil)
    }

    /// Like `check(data:name:options:)`, handing checked weekly rows to `sink` by chunks as the file
    /// is read, as long as no problem has been found; the returned file holds the rows not handed
    /// over. A problem found later still throws: whoever stored the chunks must then undo them.
    public func check(
        data: Data, name: String, options: CheckOptions,
        sink: (([WeeklyCount]) -> Void)?
    ) throws(IngestError) -> CheckedFile {
        let ext = (name as NSString).pathExtension.lowercased()
        let isZip = data.starts(with: [0x50, 0x4B, 0x03, 0x04])
        func fail(_ f: ReadFailure) -> IngestError {
            IngestError(file: name, problems: [Problem(file: name, row: f.row, column: f.column, message: f.message)])
        }
        if data.isEmpty {
            throw IngestError(
                file: name, problems: [Problem(file: name, row: nil, column: nil, message: "文件为空 (empty file)")])
        }
        var session = Session(file: name, catalog: catalog, options: options)
        session.sink = sink
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) || (ext == "xls" && !isZip) {
            let sheets: [SheetInput]
            do { sheets = try XLSReader.read(data) } catch { throw fail(error) }
            return try session.run(sheets: sheets)
        }
        if ext == "xlsx" || ext == "xlsm" || isZip {
            let sheets: [SheetInput]
            do {
                sheets = try XLSXReader.sheets(data).map { sheet in
                    SheetInput(name: sheet.name, open: { () throws(ReadFailure) -> any RowSource in try sheet.rows() })
                }
            } catch { throw fail(error) }
            return try session.run(sheets: sheets)
        }
        guard let bytes = utf8Text(of: data) else {
            throw IngestError(
                file: name,
                problems: [
                    Problem(
                        file: name, row: nil, column: nil,
                        message: "无法识别文件编码（应为 UTF-8 或 GB18030）(unknown text encoding)")
                ])
        }
        var source = CSVReader(bytes: bytes)
        return try session.run(&source)
    }
}
