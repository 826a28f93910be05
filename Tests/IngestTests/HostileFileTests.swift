import Foundation
import Indicators
import Testing

@testable import Ingest

/// Files crafted to crash a reader (issue 11, "Crashes"): each is refused with a message naming
/// the file (and the row and column when known), never a trap.
@Suite struct HostileWorkbooks {
    func refused(_ sheet: Data) throws -> [String] {
        let data = try WorkbookBuilder.workbook(sheet: sheet)
        return try #require(refusal(data, name: "h.xlsx"), "accepted")
    }

    @Test func theBuilderWritesAGoodWorkbook() throws {
        // Given a workbook of one good row, when checked, then it is accepted with that row
        let f = try checkBytes(
            WorkbookBuilder.workbook(sheet: WorkbookBuilder.longSheet(rows: [WorkbookBuilder.row(2)])), name: "ok.xlsx")
        #expect(f.submissions == [wc("gx-scjg", "1", "2018-W49", 3, 2)])
    }

    @Test(arguments: ["NaN", "nan", "inf", "-inf", "1e309", "9.3e18", "-9.3e18", "-1", "2958466"])
    func dateSerialsOutOfRange(serial: String) throws {
        // Given a date cell (style 1) holding a value no day can have, when checked,
        let lines = try refused(WorkbookBuilder.longSheet(rows: [WorkbookBuilder.row(2, serial: serial)]))
        // then it is refused at its cell
        #expect(lines == ["h.xlsx:2:A: 日期数值 \(serial) 超出范围 (date serial out of range)"])
    }

    @Test(arguments: ["ABCDEFGHIJKLMNO2", "A12345678901234567890", "XFE2", "A1048577", "A0", "2", "A-1"])
    func cellReferencesOutOfBounds(ref: String) throws {
        let sheet = WorkbookBuilder.longSheet(rows: ["<row r=\"2\"><c r=\"\(ref)\"><v>1</v></c></row>"])
        #expect(try refused(sheet) == ["h.xlsx:2: 单元格引用“\(ref)”无效 (invalid cell reference)"])
    }

    @Test func rowNumberAtInt64MaxThenARowWithoutNumber() throws {
        let sheet = WorkbookBuilder.longSheet(rows: [
            "<row r=\"9223372036854775807\"><c><v>1</v></c></row><row><c><v>2</v></c></row>"
        ])
        #expect(try refused(sheet) == ["h.xlsx:1: 行号“9223372036854775807”无效 (invalid row number)"])
    }

    @Test func lastExcelRowThenARowWithoutNumber() throws {
        let sheet = WorkbookBuilder.longSheet(rows: [
            "<row r=\"1048576\"><c><v>1</v></c></row><row><c><v>2</v></c></row>"
        ])
        #expect(try refused(sheet) == ["h.xlsx:1048576: 超过 1048576 行 (more rows than Excel allows)"])
    }

    @Test(arguments: ["-1", "2", "99999999999999999999", "x"])
    func styleIndexOutOfRange(style: String) throws {
        let sheet = WorkbookBuilder.longSheet(rows: ["<row r=\"2\"><c r=\"C2\" s=\"\(style)\"><v>1</v></c></row>"])
        #expect(try refused(sheet) == ["h.xlsx:2:C: 样式编号 s=\"\(style)\" 无效 (invalid style index)"])
    }

    @Test func sharedStringIndexOutOfRange() throws {
        let sheet = WorkbookBuilder.longSheet(rows: ["<row r=\"2\"><c r=\"B2\" t=\"s\"><v>6</v></c></row>"])
        #expect(try refused(sheet) == ["h.xlsx:2:B: 共享字符串编号“6”无效 (invalid shared string index)"])
    }

    @Test func attributeNameThatIsNotUTF8() throws {
        // Given sheet XML with the bytes FF FE as an attribute name (Foundation's parser traps on it)
        var sheet = WorkbookBuilder.longSheet(rows: [WorkbookBuilder.row(2)])
        let at = try #require(sheet.range(of: Data("<c r=\"A2\"".utf8)))
        sheet.insert(contentsOf: [0x20, 0xFF, 0xFE, 0x3D, 0x22, 0x31, 0x22], at: at.upperBound)
        // Then the file is refused as damaged before any parser sees it
        #expect(
            try refused(sheet) == [
                "h.xlsx: xl/worksheets/sheet1.xml 含有无效的 UTF-8 字节（文件损坏）(invalid UTF-8 in the workbook XML: damaged file)"
            ])
    }

    @Test func mergedRangeToTheLastCellIsBoundedByTheData() throws {
        // Given a merge A2:XFD1048576 over three rows of five columns
        let sheet = WorkbookBuilder.longSheet(
            rows: [2, 3, 4].map { WorkbookBuilder.row($0) },
            extra: "<mergeCells count=\"1\"><mergeCell ref=\"A2:XFD1048576\"/></mergeCells>")
        let book = try XLSXReader.read(WorkbookBuilder.workbook(sheet: sheet))
        // Then only the rows that hold data come out, none wider than the widest row
        #expect(book.rows.map(\.number) == [1, 2, 3, 4])
        #expect(book.rows.allSatisfy { $0.cells.count == 5 })
    }

    @Test func aCellSayingMergeCellsIsNotTakenForTheTag() throws {
        // Given a cell whose text is "x:mergeCells" before a real, prefixed merged range B2:C2
        let sheet = WorkbookBuilder.longSheet(
            rows: [
                "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x:mergeCells</t></is></c><c r=\"B2\"><v>7</v></c><c r=\"D2\"><v>1</v></c></row>"
            ],
            extra:
                "<x:mergeCells xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:mergeCell ref=\"B2:C2\"/></x:mergeCells>"
        )
        let table = try XLSXReader.read(WorkbookBuilder.workbook(sheet: sheet))
        // Then the text stays text and the merge fills C2 from B2
        #expect(table.rows.last?.cells == [.text("x:mergeCells"), .number(7), .number(7), .number(1)])
    }

    @Test func invalidMergedRange() throws {
        let sheet = WorkbookBuilder.longSheet(
            rows: [WorkbookBuilder.row(2)],
            extra: "<mergeCells><mergeCell ref=\"A2:ZZZZ9\"/></mergeCells>")
        #expect(try refused(sheet) == ["h.xlsx: 合并单元格范围“A2:ZZZZ9”无效 (invalid merged range)"])
    }

    @Test func truncatedSheetXML() throws {
        let whole = WorkbookBuilder.longSheet(rows: [2, 3].map { WorkbookBuilder.row($0) })
        let lines = try refused(whole.prefix(whole.count - 40))
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("h.xlsx:3: 工作表 XML 无法解析"))
    }
}

@Suite struct DamagedZips {
    /// A good workbook with its entries stored (not deflated), so its bytes can be aimed at.
    func stored() throws -> Data {
        try WorkbookBuilder.workbook(
            sheet: WorkbookBuilder.longSheet(rows: [WorkbookBuilder.row(2)]), compression: .none)
    }

    @Test func everyByteOfTheCentralDirectoryFlipped() throws {
        // Given every single byte of the central directory and end record inverted in turn
        let good = try stored()
        let zip = try ZipEntries(data: good)
        let start = try #require(zip.entries.values.map(\.dataStart).max())
        var refused = 0
        var accepted = 0
        for i in start..<good.count {
            var bad = good
            bad[i] ^= 0xFF
            // Then each copy is accepted or refused with a message naming the file; none traps
            if let lines = refusal(bad, name: "z.xlsx") {
                #expect(lines.allSatisfy { $0.hasPrefix("z.xlsx") && $0.contains("(") }, "byte \(i): \(lines)")
                refused += 1
            } else {
                accepted += 1
            }
        }
        #expect(refused > (good.count - start) / 2)
    }

    @Test func damagedEntryIsCaughtByItsCRC() throws {
        // Given a stored workbook whose sheet text has one letter changed (sizes and CRC left alone)
        var bad = try stored()
        let at = try #require(bad.range(of: Data("<v>3</v>".utf8)))
        bad[at.lowerBound + 3] = UInt8(ascii: "4")
        // Then the file is refused as damaged (it was accepted with 4 before CRCs were checked)
        #expect(
            refusal(bad, name: "c.xlsx") == [
                "c.xlsx: 无法解压 xl/worksheets/sheet1.xml（文件损坏或被截断）(cannot unzip: damaged or truncated)"
            ])
    }

    @Test func entryInflatingPastTheCapIsRefusedAsAZipBomb() throws {
        // Given an entry of 3 MB of spaces (deflated to a few KB) and a cap of 1 MB
        let sheet = WorkbookBuilder.longSheet(
            rows: [WorkbookBuilder.row(2)] + [String(repeating: " ", count: 3_000_000)])
        let zip = try ZipEntries(data: try WorkbookBuilder.workbook(sheet: sheet))
        let entry = try #require(zip.entries["xl/worksheets/sheet1.xml"])
        #expect(entry.compressedSize < 100_000)
        // When inflated under the cap, then it stops with a message that says what happened
        var seen = 0
        #expect {
            try zip.inflate(entry, cap: 1_000_000) { seen += $0.count }
        } throws: { error in
            (error as? ReadFailure)?.message
                == "xl/worksheets/sheet1.xml 解压后超过 1 MB 的上限，可能是“ZIP 炸弹” (entry inflates past the 1 MB cap: zip bomb?)"
        }
        #expect(seen <= 1_000_000)
    }

    @Test func entryInflatingPastItsDeclaredSizeStopsThere() throws {
        // Given an entry of 3 MB whose directory record claims 1,000 bytes (a bomb that lies)
        let sheet = WorkbookBuilder.longSheet(rows: [String(repeating: " ", count: 3_000_000)])
        let zip = try ZipEntries(data: try WorkbookBuilder.workbook(sheet: sheet))
        let e = try #require(zip.entries["xl/worksheets/sheet1.xml"])
        let lying = ZipEntries.Entry(
            name: e.name, method: e.method, crc: e.crc, compressedSize: e.compressedSize,
            size: 1_000, dataStart: e.dataStart)
        // Then inflating stops within one chunk past the claim, as damaged
        var seen = 0
        #expect(throws: ReadFailure.self) { try zip.inflate(lying, cap: ZipEntries.sheetCap) { seen += $0.count } }
        #expect(seen <= 1_000)
    }

    @Test func truncatedDeflateStreamDoesNotHang() throws {
        // Given a deflated workbook whose sheet entry claims fewer compressed bytes than it has
        let good = try WorkbookBuilder.workbook(sheet: WorkbookBuilder.longSheet(rows: [WorkbookBuilder.row(2)]))
        let zip = try ZipEntries(data: good)
        let e = try #require(zip.entries["xl/worksheets/sheet1.xml"])
        let cut = ZipEntries.Entry(
            name: e.name, method: e.method, crc: e.crc, compressedSize: e.compressedSize / 2,
            size: e.size, dataStart: e.dataStart)
        // Then inflating it ends with "damaged" (ZIPFoundation's loop is not left waiting for more input)
        #expect(throws: ReadFailure.self) { try zip.inflate(cut, cap: 1_000_000) { _ in } }
    }
}

@Suite struct HostileCells {
    @Test func nulInAUnitName() throws {
        // Given a unit name with a NUL byte in it (the unknown-unit suggestions trapped on it)
        let csv = Data("周次,单位,指标,报送数,合格数\n2018-W49,市场监管\u{0}局,1,3,2\n".utf8)
        // Then the row is refused as an unknown unit, with the suggestion
        #expect(refusal(csv, name: "n.csv") == ["n.csv:2:B: 未知单位“市场监管\u{0}局”（是否指: 市场监管局、市场监督管理局）(unknown unit)"])
    }

    @Test(arguments: [
        ("9223372036854775807", "报送数 9223372036854775807 超过上限 1000000 (count over the limit of 1000000)"),
        ("1000001", "报送数 1000001 超过上限 1000000 (count over the limit of 1000000)"),
        ("99999999999999999999", "报送数 99999999999999999999 超过上限 1000000 (count over the limit of 1000000)"),
        ("1e309", "无法识别的数字“1e309” (not a number)"),
    ])
    func countsOverTheLimit(count: String, message: String) throws {
        // Given a count over the 1,000,000 limit (Int.max was accepted and broke scoring)
        let csv = Data("周次,单位,指标,报送数,合格数\n2018-W49,市场监管局,1,\(count),2\n".utf8)
        // Then it is refused at its cell
        #expect(refusal(csv, name: "n.csv") == ["n.csv:2:D: " + message])
    }

    @Test func eventCountOverTheLimit() throws {
        let csv = Data("日期,单位,事由,次数\n2018-12-12,财政局,x,9223372036854775807\n".utf8)
        #expect(
            refusal(csv, name: "e.csv") == [
                "e.csv:2:D: 次数 9223372036854775807 超过上限 1000000 (count over the limit of 1000000)"
            ])
    }

    @Test func countAtTheLimitIsAccepted() throws {
        let csv = Data("周次,单位,指标,报送数,合格数\n2018-W49,市场监管局,1,1000000,1000000\n".utf8)
        #expect(
            try checkBytes(csv, name: "n.csv").submissions == [wc("gx-scjg", "1", "2018-W49", 1_000_000, 1_000_000)])
    }

    @Test func targetValueThatOverflowsADouble() throws {
        let csv = Data("期间,指标,数值\n2021,自然人覆盖率,\(String(repeating: "9", count: 400))\n".utf8)
        let lines = try #require(refusal(csv, name: "t.csv"))
        #expect(lines == ["t.csv:2:C: 无法识别的数字“\(String(repeating: "9", count: 400))” (not a number)"])
    }
}

@Suite struct LargeSheets {
    @Test func aHundredAndFiftyThousandRowsStreamThrough() throws {
        // Given a sheet of 150,000 rows (~14 MB of sheet XML: the old reader refused past ~10 MB)
        let head = WorkbookBuilder.longSheet(rows: [])
        let close = Data("</sheetData></worksheet>".utf8)
        var xml = Data(head.prefix(head.count - close.count))
        for r in 2...150_001 {
            xml.append(
                Data("<row r=\"\(r)\"><c r=\"A\(r)\" t=\"s\"><v>5</v></c><c r=\"B\(r)\"><v>\(r)</v></c></row>".utf8))
        }
        xml.append(close)
        // When its rows are read
        let sheets = try XLSXReader.sheets(WorkbookBuilder.workbook(sheet: xml))
        var rows = try sheets[0].rows()
        var n = 0
        var last = 0
        while let r = try rows.next() {
            n += 1
            last = r.number
        }
        // Then every row comes out, in order
        #expect(n == 150_001)
        #expect(last == 150_001)
        #expect(sheets.map(\.name) == ["周报"])
    }

    @Test func aOneMegabyteCell() throws {
        let big = String(repeating: "信", count: 350_000)
        let sheet = WorkbookBuilder.longSheet(rows: [
            "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>\(big)</t></is></c></row>"
        ])
        let table = try XLSXReader.read(WorkbookBuilder.workbook(sheet: sheet))
        #expect(table.rows.last?.cells.first == .text(big))
    }
}
