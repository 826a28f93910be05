import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Indicators
import ZIPFoundation

/// Reads the first worksheet of an .xlsx workbook into a table: shared and inline strings,
/// numbers, dates (1900 and 1904 systems, built-in and custom date formats), cached formula
/// values; a merged range's value fills its whole span.
enum XLSXReader {
    static func read(_ data: Data) throws(ReadFailure) -> Table {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw ReadFailure(message: "不是有效的 .xlsx 文件（ZIP 损坏或被截断）(not a valid .xlsx: bad or truncated zip)")
        }
        func entry(_ path: String) throws(ReadFailure) -> Data? {
            guard let e = archive[path] else { return nil }
            var out = Data()
            do { _ = try archive.extract(e, skipCRC32: false) { out.append($0) } } catch {
                throw ReadFailure(message: "无法解压 \(path)（文件损坏或被截断）(cannot unzip: damaged or truncated)")
            }
            return out
        }
        guard let wbData = try entry("xl/workbook.xml") else {
            throw ReadFailure(message: "不是有效的 .xlsx 文件：缺少 xl/workbook.xml (not a workbook)")
        }
        let wb = WorkbookParser(); parse(wbData, wb)
        guard let firstSheet = wb.sheetRelIDs.first else {
            throw ReadFailure(message: "工作簿中没有工作表 (no worksheet)")
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let relData = try entry("xl/_rels/workbook.xml.rels") {
            let rels = RelsParser(); parse(relData, rels)
            if let t = rels.targets[firstSheet] {
                sheetPath = t.hasPrefix("/") ? String(t.dropFirst()) : "xl/" + t
            }
        }
        guard let sheetData = try entry(sheetPath) else {
            throw ReadFailure(message: "工作表缺失: \(sheetPath) (missing sheet)")
        }
        var shared: [String] = []
        if let s = try entry("xl/sharedStrings.xml") { let p = SharedStringsParser(); parse(s, p); shared = p.strings }
        var dateStyles: [Bool] = []
        if let s = try entry("xl/styles.xml") { let p = StylesParser(); parse(s, p); dateStyles = p.dateStyles }
        let sheet = SheetParser(shared: shared, dateStyles: dateStyles, date1904: wb.date1904)
        guard parse(sheetData, sheet) else {
            throw ReadFailure(message: "工作表 XML 无法解析（文件损坏）(sheet XML unreadable)")
        }
        return sheet.table()
    }

    @discardableResult
    private static func parse(_ data: Data, _ delegate: XMLParserDelegate) -> Bool {
        let p = XMLParser(data: data)
        p.delegate = delegate
        return p.parse()
    }

    /// A date serial as a day: 1900 system (with Excel's phantom 1900-02-29) or 1904 system.
    static func day(serial: Double, date1904: Bool) -> Day {
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
        var inQuote = false, inBracket = false, escape = false
        var hasYD = false
        for ch in code.lowercased() {
            if escape { escape = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket { if ch == "]" { inBracket = false }; continue }
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
    var sheetRelIDs: [String] = []
    var date1904 = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "workbookPr":
            if let v = attributes["date1904"] { date1904 = v == "1" || v.lowercased() == "true" }
        case "sheet":
            if let id = attributes.first(where: { $0.key == "r:id" || $0.key.hasSuffix(":id") || $0.key == "id" })?.value {
                sheetRelIDs.append(id)
            }
        default: break
        }
    }
}

private final class RelsParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if localName(name) == "Relationship", let id = attributes["Id"], let t = attributes["Target"] { targets[id] = t }
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inT = false, inPhonetic = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
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
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { custom[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            if let code = custom[id] { dateStyles.append(XLSXReader.isDateFormat(code)) }
            else { dateStyles.append(XLSXReader.builtInDateFormats.contains(id)) }
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if localName(name) == "cellXfs" { inCellXfs = false }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    var cells: [Int: [Int: Cell]] = [:]
    var merges: [(r0: Int, c0: Int, r1: Int, c1: Int)] = []
    var row = 0, col = -1
    var type = "n", style = 0
    var text = ""
    var capture = false
    var inlineText = ""

    init(shared: [String], dateStyles: [Bool], date1904: Bool) {
        self.shared = shared; self.dateStyles = dateStyles; self.date1904 = date1904
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "row":
            row = attributes["r"].flatMap(Int.init) ?? row + 1
            col = -1
        case "c":
            if let r = attributes["r"], let (rr, cc) = cellRef(r) { row = rr; col = cc } else { col += 1 }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            text = ""; inlineText = ""
        case "v": capture = true; text = ""
        case "t": capture = true; text = ""
        case "mergeCell":
            if let ref = attributes["ref"] {
                let parts = ref.split(separator: ":")
                if parts.count == 2, let a = cellRef(String(parts[0])), let b = cellRef(String(parts[1])) {
                    merges.append((min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1)))
                }
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if capture { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "t": inlineText += text; capture = false
        case "v": capture = false; store(raw: text)
        case "c":
            if type == "inlineStr" { set(.text(inlineText)) }
        default: break
        }
    }

    private func store(raw: String) {
        switch type {
        case "s":
            if let i = Int(raw), i >= 0, i < shared.count { set(.text(shared[i])) }
        case "str", "e", "inlineStr": set(.text(raw))
        case "b": set(.text(raw == "1" ? "TRUE" : "FALSE"))
        default:
            guard let x = Double(raw.trimmingSpaces) else { set(.text(raw)); return }
            if style < dateStyles.count, dateStyles[style] { set(.date(XLSXReader.day(serial: x, date1904: date1904))) }
            else { set(.number(x)) }
        }
    }

    private func set(_ cell: Cell) {
        var c = cell
        if case .text(let s) = cell { let t = s.trimmingSpaces; c = t.isEmpty ? .empty : .text(t) }
        if c.isEmpty { return }
        cells[row, default: [:]][col] = c
    }

    func table() -> Table {
        for m in merges {
            guard let v = cells[m.r0]?[m.c0] else { continue }
            for r in m.r0...m.r1 { for c in m.c0...m.c1 where cells[r]?[c] == nil { cells[r, default: [:]][c] = v } }
        }
        var rows: [(number: Int, cells: [Cell])] = []
        for r in cells.keys.sorted() {
            let byCol = cells[r]!
            let width = (byCol.keys.max() ?? -1) + 1
            var out = [Cell](repeating: .empty, count: width)
            for (c, v) in byCol { out[c] = v }
            rows.append((r, out))
        }
        return Table(rows: rows)
    }
}

private func localName(_ name: String) -> Substring {
    if let i = name.lastIndex(of: ":") { return name[name.index(after: i)...] }
    return Substring(name)
}

/// `B3` → (row 3, column 1).
private func cellRef(_ ref: String) -> (Int, Int)? {
    var col = 0, row = 0, seenDigit = false
    for u in ref.utf8 {
        switch u {
        case 65...90 where !seenDigit: col = col * 26 + Int(u - 64)
        case 97...122 where !seenDigit: col = col * 26 + Int(u - 96)
        case 48...57: seenDigit = true; row = row * 10 + Int(u - 48)
        case 36: continue
        default: return nil
        }
    }
    return col > 0 && row > 0 ? (row, col - 1) : nil
}
