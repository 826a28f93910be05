import CFreeXL
import Foundation
import Indicators

/// A worksheet to check: its name as the workbook shows it, and how to read its rows (a sheet is
/// only read when its turn comes).
struct SheetInput {
    let name: String
    let open: () throws(ReadFailure) -> any RowSource

    /// A sheet already read whole.
    init(name: String, table: Table) {
        self.name = name
        open = { () throws(ReadFailure) -> any RowSource in TableSource(table: table) }
    }

    init(name: String, open: @escaping () throws(ReadFailure) -> any RowSource) {
        self.name = name
        self.open = open
    }
}

/// Reads every worksheet of an old Excel .xls workbook (BIFF5 and BIFF8, as Excel 97–2003 and
/// WPS write it; BIFF2–4 too) through libfreexl: numbers, texts (converted from the workbook's
/// code page to UTF-8 by freexl), date and date-time cells (freexl applies the 1900/1904 system),
/// cached formula results. freexl does not expose merged ranges: a merged cell's value is in its
/// first cell only (the header logic does not need more; see formats.md). No C type leaves here.
enum XLSReader {
    /// The largest sheet read (BIFF8's own limits are 65,536 × 256).
    static let maxRows = 65_536, maxColumns = 256

    static func read(_ data: Data) throws(ReadFailure) -> [SheetInput] {
        let file = try InMemoryFile(data)
        defer { file.close() }
        var handle: UnsafeRawPointer?
        let rc = freexl_open(file.path, &handle)
        guard rc == FREEXL_OK, let handle else {
            if let handle { freexl_close(handle) }
            throw ReadFailure(message: openMessage(rc))
        }
        defer { freexl_close(handle) }
        var info: UInt32 = 0
        if freexl_get_info(handle, UInt16(FREEXL_BIFF_PASSWORD), &info) == FREEXL_OK,
            info == UInt32(FREEXL_BIFF_OBFUSCATED)
        {
            throw ReadFailure(message: "文件受密码保护，请去掉密码后再导入 (password-protected workbook)")
        }
        guard freexl_get_info(handle, UInt16(FREEXL_BIFF_SHEET_COUNT), &info) == FREEXL_OK, info > 0 else {
            throw ReadFailure(message: "工作簿中没有工作表 (no worksheet)")
        }
        var sheets: [SheetInput] = []
        for index in 0..<UInt16(clamping: info) {
            sheets.append(try sheet(handle, index: index))
        }
        return sheets
    }

    private static func sheet(_ handle: UnsafeRawPointer, index: UInt16) throws(ReadFailure) -> SheetInput {
        var namePointer: UnsafePointer<CChar>?
        var name = "Sheet\(index + 1)"
        if freexl_get_worksheet_name(handle, index, &namePointer) == FREEXL_OK, let namePointer {
            name = String(cString: namePointer)
        }
        guard freexl_select_active_worksheet(handle, index) == FREEXL_OK else {
            throw ReadFailure(message: "无法读取工作表“\(name)”（文件损坏）(cannot read sheet: damaged file)")
        }
        var rowCount: UInt32 = 0
        var columnCount: UInt16 = 0
        guard freexl_worksheet_dimensions(handle, &rowCount, &columnCount) == FREEXL_OK else {
            throw ReadFailure(message: "无法读取工作表“\(name)”的大小（文件损坏）(cannot read sheet size: damaged file)")
        }
        let rows = min(Int(rowCount), maxRows)
        let columns = min(Int(columnCount), maxColumns)
        var out: [(number: Int, cells: [Cell])] = []
        var cells = [Cell](repeating: .empty, count: columns)
        for r in 0..<rows {
            var last = -1
            for c in 0..<columns {
                let cell = try value(handle, row: UInt32(r), column: UInt16(c), sheet: name)
                cells[c] = cell
                if !cell.isEmpty { last = c }
            }
            if last >= 0 { out.append((r + 1, Array(cells[...last]))) }
        }
        return SheetInput(name: name, table: Table(rows: out))
    }

    private static func value(
        _ handle: UnsafeRawPointer, row: UInt32, column: UInt16,
        sheet: String
    ) throws(ReadFailure) -> Cell {
        var v = FreeXL_CellValue()
        guard freexl_get_cell_value(handle, row, column, &v) == FREEXL_OK else {
            throw ReadFailure(
                row: Int(row) + 1, column: Int(column),
                message: "工作表“\(sheet)”的单元格无法读取（文件损坏）(unreadable cell: damaged file)")
        }
        switch Int32(v.type) {
        case FREEXL_CELL_INT: return .number(Double(v.value.int_value))
        case FREEXL_CELL_DOUBLE:
            let x = v.value.double_value
            return x.isFinite ? .number(x) : .text(String(x))
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT, FREEXL_CELL_TIME:
            guard let p = v.value.text_value else { return .empty }
            let t = String(cString: p).trimmingSpaces
            return t.isEmpty ? .empty : .text(t)
        case FREEXL_CELL_DATE, FREEXL_CELL_DATETIME:
            guard let p = v.value.text_value else { return .empty }
            let t = String(cString: p)
            if let d = Values.day(t) { return .date(d) }
            return .text(t)
        default: return .empty
        }
    }

    private static func openMessage(_ rc: Int32) -> String {
        switch rc {
        case FREEXL_INSUFFICIENT_MEMORY: "内存不足，无法读取 .xls 文件 (out of memory reading .xls)"
        case FREEXL_UNSUPPORTED_CHARSET: "无法识别 .xls 文件的字符集 (unsupported code page in .xls)"
        case FREEXL_FILE_NOT_FOUND: "无法读取文件 (cannot read file)"
        default: "不是有效的 .xls 文件（文件损坏或被截断）(not a valid .xls: damaged or truncated)"
        }
    }
}

/// The bytes of a file as a path freexl can open: an anonymous memory file on Linux (nothing
/// written to disk), else a private temporary file removed at once after use.
private struct InMemoryFile {
    let path: String
    private let fd: Int32
    private let temporary: Bool

    init(_ data: Data) throws(ReadFailure) {
        var fd = cfreexl_memfd("kaohe-xls")
        var path = "/proc/self/fd/\(fd)"
        var temporary = false
        if fd < 0 {
            var template = Array((NSTemporaryDirectory() + "/kaohe-xls-XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            path = String(cString: template)
            temporary = true
        }
        guard fd >= 0 else { throw ReadFailure(message: "无法读取 .xls 文件 (cannot buffer the .xls file)") }
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        self.path = path
        self.fd = fd
        self.temporary = temporary
        guard written else {
            close()
            throw ReadFailure(message: "无法读取 .xls 文件 (cannot buffer the .xls file)")
        }
    }

    func close() {
        if temporary { unlink(path) }
        _ = Foundation.close(fd)
    }
}
