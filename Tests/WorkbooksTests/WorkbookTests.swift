import Foundation
import Indicators
import Testing
import Workbooks

/// The text of one part of an .xlsx (a zip), read by Python's zipfile.
private func part(_ url: URL, _ name: String) throws -> String {
    let p = Process()
    let out = Pipe()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
        "python3", "-c",
        "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
        url.path, name,
    ]
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

private func folder() throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-wb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

private func sample(inline: Bool = false) -> Workbook {
    var book = Workbook(properties: DocumentProperties(title: "报送表", author: "信用办"))
    book.inlineStrings = inline
    var s = Worksheet(name: "3月报送")
    s.merge(
        CellRange(rows: 0...0, columns: 0...2), value: .text("标题 & <说明>"),
        style: CellStyle(bold: true, alignment: .center))
    s.append([.text("周次"), .text("报送数"), .text("合格数")])
    s.append([.date(Day(year: 2019, month: 3, day: 4)!), .number(3.5), .formula("MIN(B3,3)", cached: 3)])
    s.set(.blank, row: 2, column: 3, style: CellStyle(fill: 0xFFF2CC, unlocked: true))
    s.setColumn(4, width: 8, hidden: true)
    s.validate(
        CellRange(rows: 2...9, columns: 2...2),
        with: Validation(
            minimum: .number(0), maximum: .formula("B3"),
            inputTitle: "合格数", inputMessage: "不大于报送数"))
    s.protected = true
    s.page = PageSetup(paper: .a4, fitToPagesWide: 1)
    book.add(s)
    return book
}

@Suite struct WorkbookTests {
    @Test func cellsStylesAndSheetSettingsReachTheFile() throws {
        // Given a sheet with every kind of cell, a merged title, validation, protection and print set-up
        let url = try folder().appendingPathComponent("a.xlsx")
        try sample().write(to: url)
        let sheet = try part(url, "xl/worksheets/sheet1.xml")
        let strings = try part(url, "xl/sharedStrings.xml")
        // Then the date is serial 43528 with the date style, the number and formula as given
        #expect(sheet.contains("<c r=\"A3\" s=\"") && sheet.contains("<v>43528</v>"))
        #expect(sheet.contains("<c r=\"B3\"><v>3.5</v></c>"))
        #expect(sheet.contains("<f>MIN(B3,3)</f><v>3</v>"))
        #expect(strings.contains("<t>标题 &amp; &lt;说明&gt;</t>"))
        #expect(sheet.contains("<mergeCell ref=\"A1:C1\"/>"))
        #expect(sheet.contains("<col min=\"5\" max=\"5\" width=\"8.7109375\" hidden=\"1\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\"/>"))
        #expect(
            sheet.contains(
                "<dataValidation type=\"whole\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" promptTitle=\"合格数\" prompt=\"不大于报送数\" sqref=\"C3:C10\"><formula1>0</formula1><formula2>B3</formula2></dataValidation>"
            ))
        #expect(sheet.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"portrait\"/>"))
        #expect(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"))
        let styles = try part(url, "xl/styles.xml")
        #expect(styles.contains("<protection locked=\"0\"/>"))
        #expect(styles.contains("numFmtId=\"14\""))
        let core = try part(url, "docProps/core.xml")
        #expect(core.contains("<dc:title>报送表</dc:title>"))
        #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2018-12-01T00:00:00Z</dcterms:created>"))
    }

    @Test func theSameWorkbookGivesTheSameBytesAndInlineStringsWhenAsked() throws {
        let dir = try folder()
        let a = dir.appendingPathComponent("a.xlsx")
        let b = dir.appendingPathComponent("b.xlsx")
        try sample().write(to: a)
        Thread.sleep(forTimeInterval: 2.1)
        try sample().write(to: b)
        #expect(FileManager.default.contents(atPath: a.path) == FileManager.default.contents(atPath: b.path))
        // Writing over an existing file replaces it
        try sample(inline: true).write(to: a)
        #expect(FileManager.default.contents(atPath: a.path) != FileManager.default.contents(atPath: b.path))
        #expect(try part(a, "xl/worksheets/sheet1.xml").contains("t=\"inlineStr\"><is><t>周次</t></is>"))
    }

    @Test func badSheetNamesAndFoldersAreRefusedLeavingNothingBehind() throws {
        let dir = try folder()
        for name in ["a/b", String(repeating: "长", count: 32), ""] {
            var book = Workbook()
            book.add(Worksheet(name: name))
            #expect(throws: WorkbookError.self) { try book.write(to: dir.appendingPathComponent("x.xlsx")) }
        }
        var twice = Workbook()
        twice.add(Worksheet(name: "表"))
        twice.add(Worksheet(name: "表"))
        let error = #expect(throws: WorkbookError.self) { try twice.write(to: dir.appendingPathComponent("x.xlsx")) }
        #expect(error?.description == "工作表名“表”无效或重复 (invalid or duplicate sheet name)")
        #expect(throws: WorkbookError.self) { try Workbook().write(to: dir.appendingPathComponent("x.xlsx")) }
        #expect(throws: WorkbookError.self) { try sample().write(to: dir.appendingPathComponent("no/such/x.xlsx")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func templateFileNamesAreSafeOnAnyFileSystem() {
        #expect(WeeklyTemplate.safeFileName("市场监管局_2019-W10") == "市场监管局_2019-W10")
        #expect(WeeklyTemplate.safeFileName("../a/b:c*?\"<>|\u{7}. ") == "_a_b_c_______")
        #expect(WeeklyTemplate.safeFileName("...") == "_")
        #expect(WeeklyTemplate.safeFileName(String(repeating: "局", count: 300)).count == 100)
    }
}

@Suite struct WeeklyTemplateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func aUnitsFormHasItsIndicatorsInputCellsValidationProtectionAndA4() throws {
        // Given the zone's scheme and 东区街道办, which answers for four non-deduction indicators
        let catalog = try CatalogLoader.load(directory: Self.root.appendingPathComponent("indicators"))
        let scheme = try #require(catalog.scheme(id: "gaoxin-2018"))
        let unit = try #require(catalog.registry.unit(id: "gx-dongqu"))
        #expect(WeeklyTemplate.indicators(of: scheme, for: unit.id).map(\.code) == ["1", "2", "3", "4"])
        #expect(WeeklyTemplate.units(of: scheme).count == 21)
        // When its form for 2019-W10 is written
        let form = WeeklyTemplate(scheme: scheme, unit: unit, week: ISOWeek("2019-W10")!)
        #expect(form.fileName == "东区街道办_2019-W10.xlsx")
        #expect(form.distinctFileName == "东区街道办_gx-dongqu_2019-W10.xlsx")
        let url = try form.write(to: try folder())
        let sheet = try part(url, "xl/worksheets/sheet1.xml")
        let strings = try part(url, "xl/sharedStrings.xml")
        // Then the unit and the week are filled in, the header is row 4 and rows 5–8 hold the indicators
        #expect(strings.contains("填报单位：东区街道办　　周次：2019-W10（2019年3月4日至3月10日）　　方案：gaoxin-2018"))
        #expect(strings.contains("数据报送表（2019年第10周）"))
        #expect(sheet.contains("<row r=\"8\""))
        #expect(!sheet.contains("<row r=\"9\""))
        // The input cells are blank and unlocked, the sheet protected, both columns validated
        #expect(sheet.contains("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\"/>"))
        #expect(sheet.contains("sqref=\"D5:D8\"><formula1>0</formula1></dataValidation>"))
        #expect(sheet.contains("operator=\"greaterThanOrEqual\""))
        #expect(
            sheet.contains(
                "prompt=\"其中合格的件数：不小于 0 的整数，且不大于报送数。\" sqref=\"E5:E8\"><formula1>0</formula1><formula2>D5</formula2>"))
        #expect(try part(url, "xl/styles.xml").contains("<protection locked=\"0\"/>"))
        // The hidden columns F–I, A4 fitted to one page wide, the header repeated on each page
        #expect(sheet.contains("<col min=\"6\" max=\"6\" width=\"12.7109375\" hidden=\"1\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<col min=\"9\" max=\"9\" width=\"12.7109375\" hidden=\"1\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"portrait\"/>"))
        #expect(
            try part(url, "xl/workbook.xml").contains(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'10周报送'!$4:$4</definedName>"))
    }
}
