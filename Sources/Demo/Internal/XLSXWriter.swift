import Foundation
import Indicators
import ZIPFoundation

/// A cell of a generated worksheet.
enum XLSXCell {
    case text(String)
    case number(Double)
    /// A date shown with the built-in format 14 (yyyy/m/d), stored as a serial number.
    case date(Day)
    /// A formula with its cached value, as Excel saves it.
    case formula(String, cached: Double)
    case empty
}

/// Writes minimal but genuine Office Open XML workbooks (one sheet), the way offices' Excel saves
/// them: shared strings (or inline strings), date serials in the 1900 or 1904 system, merged cells.
/// The zip entries carry a fixed date so the same data gives the same bytes.
struct XLSXWriter {
    var sheetName = "Sheet1"
    var rows: [[XLSXCell]] = []
    /// Merged ranges such as `C1:E1`.
    var merges: [String] = []
    var date1904 = false
    var inlineStrings = false

    static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(65 + r)!) + s; n = (n - 1) / 26 }
        return s
    }

    func serial(_ d: Day) -> Double {
        // 1900 system: serial 25569 is 1970-01-01 (Excel's fictitious 1900-02-29 included);
        // 1904 system: serial 0 is 1904-01-01, 24107 is 1970-01-01.
        Double(d.ordinal + (date1904 ? 24107 : 25569))
    }

    func write(to url: URL) throws {
        var strings: [String] = [], index: [String: Int] = [:]
        func sst(_ s: String) -> Int {
            if let i = index[s] { return i }
            index[s] = strings.count; strings.append(s); return strings.count - 1
        }
        var sheet = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>
        """
        for (r, row) in rows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = "\(XLSXWriter.column(c))\(r + 1)"
                switch cell {
                case .text(let s):
                    if inlineStrings {
                        sheet += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(escape(s))</t></is></c>"
                    } else {
                        sheet += "<c r=\"\(ref)\" t=\"s\"><v>\(sst(s))</v></c>"
                    }
                case .number(let x): sheet += "<c r=\"\(ref)\"><v>\(number(x))</v></c>"
                case .date(let d): sheet += "<c r=\"\(ref)\" s=\"1\"><v>\(number(serial(d)))</v></c>"
                case .formula(let f, let v): sheet += "<c r=\"\(ref)\"><f>\(escape(f))</f><v>\(number(v))</v></c>"
                case .empty: break
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData>"
        if !merges.isEmpty {
            sheet += "<mergeCells count=\"\(merges.count)\">" + merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
        }
        sheet += "</worksheet>"

        let sharedStrings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(strings.count)" uniqueCount="\(strings.count)">\(strings.map { "<si><t>\(escape($0))</t></si>" }.joined())</sst>
        """
        let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets><sheet name="\(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
        let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
        """
        let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
        """
        let rels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """
        let workbookRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
        """
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        let fixed = Date(timeIntervalSince1970: 1_543_622_400) // 2018-12-01, so the bytes do not depend on today
        for (path, text) in [("[Content_Types].xml", contentTypes), ("_rels/.rels", rels), ("xl/workbook.xml", workbook),
                             ("xl/_rels/workbook.xml.rels", workbookRels), ("xl/styles.xml", styles),
                             ("xl/sharedStrings.xml", sharedStrings), ("xl/worksheets/sheet1.xml", sheet)] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixed,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    private func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
