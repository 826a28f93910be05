import Foundation
import Indicators
import Testing
import ZIPFoundation

@testable import Ingest

/// Writes small .xlsx workbooks around a given sheet XML (written by ZIPFoundation, a real zip
/// writer), for the hostile-file and fuzz tests: the parts a reader needs and nothing else.
/// Style 1 is a date format (14); shared string 0 is 周次, 1 单位, 2 指标, 3 报送数, 4 合格数, 5 市场监管局.
enum WorkbookBuilder {
    static let shared = ["周次", "单位", "指标", "报送数", "合格数", "市场监管局"]

    /// A header row and `rows` data rows of the long form (`<row>` elements), as sheet XML.
    static func longSheet(rows: [String], extra: String = "") -> Data {
        let header =
            "<row r=\"1\">" + (0..<5).map { "<c r=\"\(columnLetter($0))1\" t=\"s\"><v>\($0)</v></c>" }.joined()
            + "</row>"
        return Data(
            ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + header + rows.joined() + "</sheetData>" + extra + "</worksheet>").utf8)
    }

    /// A data row: week (a date serial with the date style), unit (shared 5), indicator 1, counts.
    static func row(_ r: Int, serial: String = "43437", submitted: String = "3", qualified: String = "2") -> String {
        "<row r=\"\(r)\"><c r=\"A\(r)\" s=\"1\"><v>\(serial)</v></c><c r=\"B\(r)\" t=\"s\"><v>5</v></c>"
            + "<c r=\"C\(r)\"><v>1</v></c><c r=\"D\(r)\"><v>\(submitted)</v></c><c r=\"E\(r)\"><v>\(qualified)</v></c></row>"
    }

    static func workbook(sheet: Data, compression: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ data: Data) throws {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression
            ) { pos, size in
                data.subdata(in: Int(pos)..<(Int(pos) + size))
            }
        }
        let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
        let rel = "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        try add(
            "[Content_Types].xml",
            Data(
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
                    .utf8))
        try add(
            "xl/workbook.xml",
            Data(
                "<?xml version=\"1.0\"?><workbook \(ns) \(rel)><sheets><sheet name=\"周报\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                    .utf8))
        try add(
            "xl/_rels/workbook.xml.rels",
            Data(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
                    .utf8))
        try add(
            "xl/styles.xml",
            Data(
                "<?xml version=\"1.0\"?><styleSheet \(ns)><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"
                    .utf8))
        let si = shared.map { "<si><t>\($0)</t></si>" }.joined()
        try add("xl/sharedStrings.xml", Data("<?xml version=\"1.0\"?><sst \(ns)>\(si)</sst>".utf8))
        try add("xl/worksheets/sheet1.xml", sheet)
        return try #require(archive.data)
    }
}

/// Checks a file's bytes as `kaohe import` would (scheme gaoxin-2018, the tests' today).
func checkBytes(_ data: Data, name: String) throws(IngestError) -> CheckedFile {
    try FileChecker(catalog: catalog).check(
        data: data, name: name, options: CheckOptions(scheme: "gaoxin-2018", today: today))
}

/// The refusal's lines, or nil when the file was accepted.
func refusal(_ data: Data, name: String) -> [String]? {
    do {
        _ = try checkBytes(data, name: name)
        return nil
    } catch { return error.description.components(separatedBy: "\n") }
}
