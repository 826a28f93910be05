import Foundation
import Indicators
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first worksheet of an .xlsx workbook into a table: shared and inline strings,
/// numbers, dates (1900 and 1904 systems, built-in and custom date formats), cached formula
/// values; a merged range's value fills its whole span.
enum XLSXReader {
    /// Every worksheet of the workbook, in workbook order, with its name. Nothing of a sheet is
    /// read until its `rows()` is asked for.
    static func sheets(_ data: Data) throws(ReadFailure) -> [NamedSheet] {
        let zip = try ZipEntries(data: data)
        guard let wbData = try zip.contents("xl/workbook.xml") else {
            throw ReadFailure(message: "不是有效的 .xlsx 文件：缺少 xl/workbook.xml (not a workbook)")
        }
        let wb = WorkbookParser()
        try parse(wbData, wb, part: "xl/workbook.xml")
        guard !wb.sheets.isEmpty else { throw ReadFailure(message: "工作簿中没有工作表 (no worksheet)") }
        var targets: [String: String] = [:]
        if let relData = try zip.contents("xl/_rels/workbook.xml.rels") {
            let rels = RelsParser()
            try parse(relData, rels, part: "xl/_rels/workbook.xml.rels")
            targets = rels.targets
        }
        var shared: [String] = []
        if let s = try zip.contents("xl/sharedStrings.xml") {
            let p = SharedStringsParser()
            try parse(s, p, part: "xl/sharedStrings.xml")
            shared = p.strings
        }
        var dateStyles: [Bool] = []
        if let s = try zip.contents("xl/styles.xml") {
            let p = StylesParser()
            try parse(s, p, part: "xl/styles.xml")
            dateStyles = p.dateStyles
        }
        let book = Workbook(zip: zip, shared: shared, dateStyles: dateStyles, date1904: wb.date1904)
        return wb.sheets.enumerated().map { i, sheet in
            var path = "xl/worksheets/sheet\(i + 1).xml"
            if let t = targets[sheet.relID] { path = t.hasPrefix("/") ? String(t.dropFirst()) : "xl/" + t }
            return NamedSheet(name: sheet.name, path: path, book: book)
        }
    }

    /// The first worksheet, read whole (small workbooks and tests; imports stream `sheets(_:)`).
    static func read(_ data: Data) throws(ReadFailure) -> Table {
        guard let first = try sheets(data).first else { throw ReadFailure(message: "工作簿中没有工作表 (no worksheet)") }
        var rows = try first.rows()
        var table = Table(rows: [])
        while let r = try rows.next() { table.rows.append(r) }
        return table
    }

    /// Parses a part read whole, after checking that it is UTF-8 (Foundation's parser traps on some
    /// invalid bytes in names).
    static func parse(_ data: Data, _ delegate: XMLParserDelegate, part: String) throws(ReadFailure) {
        guard isUTF8(data) else { throw notUTF8(part) }
        let p = XMLParser(data: data)
        p.delegate = delegate
        _ = p.parse()
    }

    static func notUTF8(_ part: String) -> ReadFailure {
        ReadFailure(message: "\(part) 含有无效的 UTF-8 字节（文件损坏）(invalid UTF-8 in the workbook XML: damaged file)")
    }

    static func isUTF8(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) != nil }
    }

    /// A date serial as a day: 1900 system (with Excel's phantom 1900-02-29) or 1904 system.
    /// Nil outside 1900-01-00…9999-12-31 (and for NaN or infinities).
    static func day(serial: Double, date1904: Bool) -> Day? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let n = Int(serial.rounded(.down))
        if date1904 { return Day(year: 1904, month: 1, day: 1)!.adding(days: n) }
        if n < 61 { return Day(year: 1899, month: 12, day: 31)!.adding(days: n) }
        return Day(year: 1899, month: 12, day: 30)!.adding(days: n)
    }

    /// Built-in number formats that show dates (incl. the Chinese ones 27–36, 50–58).
    static let builtInDateFormats: Set<Int> = Set(14...17).union([22]).union(27...36).union(50...58)

    /// Whether a custom format code shows a date: it has y, m or d outside quotes, brackets and escapes,
    /// and is not only a time (h, m, s).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escape = false
        var hasYD = false
        // "General" (LibreOffice writes it as custom format 164) has an e but is no date.
        for ch in code.lowercased().replacingOccurrences("general", "") {
            if escape {
                escape = false
                continue
            }
            if inQuote {
                if ch == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if ch == "]" { inBracket = false }
                continue
            }
            switch ch {
            case "\\": escape = true
            case "\"": inQuote = true
            case "[": inBracket = true
            case "y", "d", "e": hasYD = true
            case "0", "#", "?": if !hasYD { return false }
            default: break
            }
        }
        return hasYD
    }
}

private final class WorkbookParser: NSObject, XMLParserDelegate {
    var sheets: [(name: String, relID: String)] = []
    var date1904 = false
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch localName(name) {
        case "workbookPr":
            if let v = attributes["date1904"] { date1904 = v == "1" || v.lowercased() == "true" }
        case "sheet":
            if let id = attributes.first(where: { $0.key == "r:id" || $0.key.hasSuffix(":id") || $0.key == "id" })?
                .value
            {
                sheets.append((attributes["name"] ?? "", id))
            }
        default: break
        }
    }
}

private final class RelsParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if localName(name) == "Relationship", let id = attributes["Id"], let t = attributes["Target"] {
            targets[id] = t
        }
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inT = false, inPhonetic = false
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch localName(name) {
        case "si": current = ""
        case "t": inT = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "si": strings.append(current)
        case "t": inT = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inT { current += string } }
}

private final class StylesParser: NSObject, XMLParserDelegate {
    var custom: [Int: String] = [:]
    var dateStyles: [Bool] = []
    var inCellXfs = false
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch localName(name) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                custom[id] = code
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            if let code = custom[id] {
                dateStyles.append(XLSXReader.isDateFormat(code))
            } else {
                dateStyles.append(XLSXReader.builtInDateFormats.contains(id))
            }
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if localName(name) == "cellXfs" { inCellXfs = false }
    }
}

func localName(_ name: String) -> Substring {
    if let i = name.lastIndex(of: ":") { return name[name.index(after: i)...] }
    return Substring(name)
}

/// `B3` → (row 3, column 1); nil unless the column is A…XFD and the row 1…1,048,576.
func cellRef(_ ref: String) -> (row: Int, column: Int)? {
    var col = 0
    var row = 0
    var letters = 0
    var digits = 0
    for u in ref.utf8 {
        switch u {
        case 65...90 where digits == 0:
            col = col * 26 + Int(u - 64)
            letters += 1
        case 97...122 where digits == 0:
            col = col * 26 + Int(u - 96)
            letters += 1
        case 48...57:
            row = row * 10 + Int(u - 48)
            digits += 1
        case 36: continue
        default: return nil
        }
        if letters > 3 || digits > 7 { return nil }
    }
    guard col >= 1, col <= Sheet.maxColumns, row >= 1, row <= Sheet.maxRows else { return nil }
    return (row, col - 1)
}
