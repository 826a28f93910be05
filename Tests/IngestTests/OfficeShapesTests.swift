import Foundation
import Indicators
import Pipeline
import Store
import Testing

@testable import Ingest

/// The shapes of files offices really send (issue #12): titles, 合计 rows, footers, a sheet per week,
/// notes and blank sheets, old .xls, WPS CSV.
@Suite struct OfficeShapes {
    /// The rows of title_total_footer.xlsx and of its LibreOffice .xls.
    let titleTotalRows = [
        wc("gx-scjg", "1", "2018-W49", 3, 2), wc("gx-scjg", "6", "2018-W49", 10, 9),
        wc("gx-swj", "6", "2018-W49", 7, 7),
    ]

    @Test func titleTotalAndFooterRowsAreSkippedAndTheTotalChecked() throws {
        // Given a sheet with a merged title, a 填报单位 line, 3 rows, a correct 合 计 row (cached formulas),
        // a blank row, 填表人/审核人/联系电话 and 注 lines, and two blank sheets after it
        let f = try check("title_total_footer.xlsx")
        // Then the 3 rows are read and everything else is skipped and counted
        #expect(f.submissions == titleTotalRows)
        #expect(f.rowCount == 3)
        var skipped = Skipped()
        skipped.titleRows = 2
        skipped.totalRows = 1
        skipped.footerRows = 2
        skipped.blankSheets = ["Sheet2", "Sheet3"]
        #expect(f.skipped == skipped)
        #expect(f.warnings.isEmpty)
    }

    @Test func theSummaryLineSaysWhatWasSkipped() throws {
        let db = try AppDatabase.inMemory()
        let s = try #require(try importFixtures(["title_total_footer.xlsx"], into: db).first)
        #expect(
            s.line == "title_total_footer.xlsx: 新增 3 行，更正 0 行，未变 0 行；跳过：标题 2 行、合计 1 行（已核对）、表尾 2 行、"
                + "空白工作表“Sheet2”“Sheet3” (skipped: 2 title row(s), 1 total row(s), checked, 2 footer row(s), 2 blank sheet(s))"
        )
        // And a file with nothing to skip keeps its plain line
        let plain = try #require(try importFixtures(["long.csv"], into: try AppDatabase.inMemory()).first)
        #expect(plain.line == "long.csv: 新增 4 行，更正 0 行，未变 0 行")
    }

    @Test func theSameSheetSavedAsXLSByLibreOffice() throws {
        // Given title_total_footer.xlsx converted to .xls (BIFF8) by LibreOffice Calc
        let f = try check("office_title_total.xls")
        #expect(f.submissions == titleTotalRows)
        #expect(f.skipped.totalRows == 1 && f.skipped.footerRows == 2 && f.skipped.titleRows == 2)
        #expect(f.skipped.blankSheets == ["Sheet2", "Sheet3"])
    }

    @Test func aWrongTotalRefusesTheFileNamingBothFigures() throws {
        // Given 27 rows whose 报送数 add up to 60 under a 合计 row that says 61 (its 合格数 27 is right)
        let problems = try refuse("bad_total.xlsx")
        #expect(
            problems == [
                "bad_total.xlsx:30:D: 合计 61 与上方各行之和 60 不符 (total 61 does not match the sum 60 of the rows above)"
            ])
    }

    let weeklyRows = [
        wc("gx-scjg", "1", "2018-W49", 3, 2), wc("gx-swj", "6", "2018-W49", 4, 4),
        wc("gx-scjg", "1", "2018-W50", 1, 1), wc("gx-swj", "6", "2018-W50", 5, 3),
        wc("gx-kjjj", "6", "2018-W51", 2, 2),
    ]

    func expectWeekly(_ f: CheckedFile) {
        #expect(f.submissions == weeklyRows)
        var skipped = Skipped()
        skipped.titleRows = 4
        skipped.totalRows = 1
        skipped.notesSheets = ["填表说明"]
        skipped.blankSheets = ["Sheet4"]
        skipped.headerOnlySheets = ["第52周"]
        #expect(f.skipped == skipped)
    }

    @Test func everySheetOfAWorkbookIsRead() throws {
        // Given a sheet per week (第50周 with a 小计 row), a 填表说明 sheet holding an example row, a blank
        // sheet, and an unfilled week (header only)
        // Then every week's rows are read, and the notes' example is not
        expectWeekly(try check("weekly_sheets.xlsx"))
    }

    @Test func everySheetOfAnXLSWorkbookSavedByLibreOffice() throws {
        expectWeekly(try check("office_weekly_sheets.xls"))
    }

    @Test func messagesNameTheSheetAndDuplicatesAcrossSheetsAreFound() throws {
        // Given 第50周 with an unknown unit and a row of 第49周 again, and a sheet 汇总 of numbers with no header
        let problems = try refuse("bad_weekly_sheets.xlsx")
        #expect(
            problems == [
                "bad_weekly_sheets.xlsx[第50周]:3:B: 未知单位“市场监官局”（是否指: 市场监管局）(unknown unit)",
                "bad_weekly_sheets.xlsx[第50周]:5:B: 与工作表“第49周”第 3 行重复（同一单位、指标、周次）(duplicate row)",
                "bad_weekly_sheets.xlsx[汇总]:1: 工作表“汇总”有内容但找不到表头（若是说明，请将工作表命名为“说明”）(sheet has content but no header row)",
            ])
    }

    @Test func xlsLongFormWithDateCells() throws {
        // Given an xlwt .xls: merged title, weeks as date and date-time cells, codes as text and number, 合计, 填表人
        let f = try check("xls_long_dates.xls")
        #expect(
            f.submissions == [
                wc("gx-scjg", "1", "2018-W49", 3, 2), wc("gx-swj", "6", "2018-W50", 5, 5),
                wc("gx-kjjj", "6", "2018-W51", 4, 3),
            ])
        #expect(f.skipped.titleRows == 1 && f.skipped.totalRows == 1 && f.skipped.footerRows == 1)
        #expect(f.skipped.blankSheets == ["Sheet2"])
    }

    @Test func biff5WorkbookInCodePage936() throws {
        // Given an Excel 95 (BIFF5) workbook, texts in GBK: 第49周 with a title, a date-cell week, 合计 and
        // 填表人, and a 填表说明 sheet
        let f = try check("biff5_weekly.xls")
        #expect(f.submissions == [wc("gx-scjg", "1", "2018-W49", 3, 2), wc("gx-swj", "6", "2018-W49", 4, 4)])
        var skipped = Skipped()
        skipped.titleRows = 1
        skipped.totalRows = 1
        skipped.footerRows = 1
        skipped.notesSheets = ["填表说明"]
        #expect(f.skipped == skipped)
    }

    /// The rows of wide_merged.xlsx (ReaderTests), the same sheet in every format.
    let wideRows = [
        wc("gx-scjg", "1", "2018-W49", 1, 1), wc("gx-scjg", "2", "2018-W49", 2, 2),
        wc("gx-scjg", "3", "2018-W49", 0, 0),
        wc("gx-scjg", "6", "2018-W49", 5, 5),
        wc("gx-swj", "2", "2018-W49", 1, 1), wc("gx-swj", "3", "2018-W49", 1, 1), wc("gx-swj", "4", "2018-W49", 1, 1),
        wc("gx-swj", "6", "2018-W49", 3, 3),
        wc("gx-dongqu", "1", "2018-W49", 0, 0), wc("gx-dongqu", "2", "2018-W49", 0, 0),
        wc("gx-dongqu", "3", "2018-W49", 2, 2),
    ]

    @Test func xlsWideFormWithATwoRowMergedHeader() throws {
        // Given an xlwt .xls: 单位/周次 merged down two rows, 合格数 merged across the codes, a date cell, a "-"
        let f = try check("xls_wide_merged.xls")
        #expect(f.submissions == wideRows)
        #expect(f.skipped.titleRows == 1)
        #expect(f.warnings.isEmpty)
    }

    @Test func theWideSheetSavedAsXLSXByLibreOffice() throws {
        #expect(try check("office_wide_merged.xlsx").submissions == wideRows)
    }

    @Test func wpsCSVWithTrailingEmptyColumnsAndBareCommaLines() throws {
        // Given a GB18030 CSV as WPS saves it: a title, every line 8 fields wide, lines of bare commas, 合计, 填表人
        let f = try check("wps.csv")
        #expect(f.submissions == [wc("gx-scjg", "1", "2018-W50", 3, 2), wc("gx-swj", "6", "2018-W50", 4, 4)])
        #expect(f.warnings.isEmpty)
        #expect(f.skipped.titleRows == 1 && f.skipped.totalRows == 1 && f.skipped.footerRows == 1)
    }

    @Test func aDamagedXLSIsACleanRefusal() throws {
        let message = "不是有效的 .xls 文件（文件损坏或被截断）(not a valid .xls: damaged or truncated)"
        #expect(try refuse("bad_truncated.xls") == ["bad_truncated.xls: " + message])
        #expect(try refuse("bad_garbage.xls") == ["bad_garbage.xls: " + message])
    }

    /// Imports long.csv, then `name`; checks the database did not change; returns the problems.
    func refuse(_ name: String) throws -> [String] {
        let db = try AppDatabase.inMemory()
        _ = try importFixtures(["long.csv"], into: db)
        let before = try db.dataFingerprint()
        let summary = try #require(try importFixtures([name], into: db).first)
        guard case .failed(let error) = summary.outcome else {
            Issue.record("\(name) was accepted")
            return []
        }
        #expect(try db.dataFingerprint() == before)
        return error.description.components(separatedBy: "\n")
    }
}

@Suite struct TotalRows {
    func checkCSV(_ text: String) throws(IngestError) -> CheckedFile {
        try FileChecker(catalog: catalog).check(
            data: Data(text.utf8), name: "t.csv",
            options: CheckOptions(scheme: "gaoxin-2018", today: today))
    }

    static let head = "周次,单位,指标,报送数,合格数\n"

    @Test func subtotalsThenATotalThenAGrandTotal() throws {
        // Given two groups with 小计, a 合计 over both, then a second section with its 合计, and a 总计 over all
        let f = try checkCSV(
            TotalRows.head + """
                2018-W49,市场监管局,1,3,2
                2018-W49,税务局,6,4,4
                ,小计,,7,6
                2018-W50,市场监管局,1,1,1
                ,小 计：,,1,
                ,合计,,8,7
                2018-W51,税务局,6,2,2
                ,合计,,2,2
                ,总计,,10,9
                """)
        // Then each total is checked against the rows it totals and all five rows are kept
        #expect(f.submissions.count == 4)
        #expect(f.skipped.totalRows == 5)
    }

    @Test func aWrongSubtotalAndAWrongGrandTotal() {
        #expect(throws: IngestError.self) { try checkCSV(TotalRows.head + "2018-W49,市场监管局,1,3,2\n,小计,,4,2\n") }
        do {
            _ = try checkCSV(
                TotalRows.head + "2018-W49,市场监管局,1,3,2\n,合计,,3,2\n2018-W50,市场监管局,1,1,1\n,合计,,1,1\n总计,,,4,2\n")
            Issue.record("accepted")
        } catch {
            #expect(
                error.description == "t.csv:6:E: 总计 2 与上方各行之和 3 不符 (total 2 does not match the sum 3 of the rows above)"
            )
        }
    }

    @Test func rowRoles() {
        #expect(RowRole([.empty, .text("合　计")], unitColumn: nil) == .total(level: 2, label: "合计"))
        #expect(RowRole([.text("2018-W49"), .text("小计:")], unitColumn: 1) == .total(level: 1, label: "小计"))
        #expect(RowRole([.text("填表人：某某"), .empty, .text("审核人：")], unitColumn: nil) == .footer)
        #expect(RowRole([.text("注1：本表每周五报送")], unitColumn: nil) == .footer)
        #expect(RowRole([.text("备注")], unitColumn: nil) == .footer)
        #expect(RowRole([.text("注册登记中心"), .number(1)], unitColumn: 0) == .data)
        #expect(RowRole([.number(3), .text("合计数")], unitColumn: nil) == .data)
        #expect(Session.isNotesSheet("填表说明") && Session.isNotesSheet(" 说明 ") && !Session.isNotesSheet("第49周"))
    }
}
