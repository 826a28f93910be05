import Foundation
import Indicators
import Testing

@testable import Ingest

@Suite struct CSVReading {
    @Test func longFormWithEveryWeekSpelling() throws {
        // Given a long-form CSV whose weeks are written as 2018-W49, 2018-12-04, 2018/12/5 and 2018年12月10日
        let f = try check("long.csv")
        // Then every row is read with its unit resolved by name, alias or id
        #expect(f.kind == .submissions)
        #expect(f.scheme == "gaoxin-2018")
        #expect(
            f.submissions == [
                wc("gx-scjg", "1", "2018-W49", 3, 2),
                wc("gx-swj", "6", "2018-W49", 10, 9),
                wc("gx-kjjj", "6", "2018-W49", 4, 4),
                wc("gx-scjg", "6", "2018-W50", 7, 7),
            ])
        #expect(f.warnings.isEmpty)
    }

    @Test func englishHeadersInAnyOrderWithBOMAndAnExtraColumn() throws {
        let f = try check("english_bom.csv")
        #expect(f.submissions == [wc("gx-scjg", "1", "2018-W50", 1, 1), wc("gx-czj", "6", "2018-W50", 1500, 1200)])
        #expect(f.warnings.map(\.description) == ["english_bom.csv:1:F: 未知列“note”，已忽略 (unknown column ignored)"])
    }

    @Test func gb18030WithFullWidthDigitsAndBlankTrailingRows() throws {
        let f = try check("gbk.csv")
        #expect(f.rowCount == 2)
        #expect(f.submissions == [wc("gx-scjg", "6", "2018-W51", 1234, 1200), wc("gx-dongqu", "3", "2018-W51", 2, 1)])
    }

    @Test func eventsWithDefaultIndicatorAndCount() throws {
        let f = try check("events.csv")
        #expect(f.kind == .events)
        #expect(
            f.events == [
                DeductionEvent(
                    scheme: "gaoxin-2018", unit: "gx-czj", indicator: "5", date: Day(year: 2018, month: 12, day: 12)!,
                    reason: "被列入失信被执行人名单", count: 1),
                DeductionEvent(
                    scheme: "gaoxin-2018", unit: "gx-fy", indicator: "5", date: Day(year: 2018, month: 12, day: 20)!,
                    reason: "案件未及时履行", count: 1),
            ])
    }

    @Test func targetsWithPercentSignsAndThousands() throws {
        let f = try check("targets.csv", scheme: nil)
        #expect(f.kind == .targets)
        #expect(
            f.observations == [
                TargetObservation(target: "coverage-person", period: ObservationPeriod(year: 2021)!, value: 98.5),
                TargetObservation(
                    target: "query-volume", period: ObservationPeriod(year: 2021, month: 12)!, value: 1234.5),
                TargetObservation(target: "gov-dept-clearance", period: ObservationPeriod(year: 2022)!, value: 100),
            ])
    }

    @Test func quotedFieldsAndLineEnds() throws {
        var r = CSVReader(bytes: Array("a,\"b \"\"x\"\"\",c\r\n\"multi\nline\",,\rlast".utf8))
        #expect(try r.next()?.cells == [.text("a"), .text("b \"x\""), .text("c")])
        let second = try r.next()
        #expect(second?.number == 2)
        #expect(second?.cells == [.text("multi\nline"), .empty, .empty])
        #expect(try r.next()?.cells == [.text("last")])
        #expect(try r.next() == nil)
    }

    @Test func numbersAndWeeks() {
        #expect(Values.number("１，２３４") == 1234)
        #expect(Values.number("1,234.5") == 1234.5)
        #expect(Values.number("1,23") == nil)
        #expect(Values.number("９８．５％", allowPercent: true) == 98.5)
        #expect(Values.number("−3") == -3)
        #expect(Values.week("2018年第49周") == ISOWeek(year: 2018, week: 49))
        #expect(Values.week("2018-12-09 00:00:00") == ISOWeek(year: 2018, week: 49))
        #expect(Values.week("20181210") == ISOWeek(year: 2018, week: 50))
        #expect(Values.week("2018-13-01") == nil)
        #expect(columnLetter(0) == "A")
        #expect(columnLetter(27) == "AB")
    }
}

@Suite struct XLSXReading {
    @Test func wideFormWithMergedTwoRowHeaderAndTitle() throws {
        // Given an office's sheet: a merged title row, 单位/周次 merged down, 合格数 merged across the codes
        let f = try check("wide_merged.xlsx")
        // Then each filled cell is one row (qualified = submitted); 0 in a column the unit does not answer for is skipped
        #expect(
            f.submissions == [
                wc("gx-scjg", "1", "2018-W49", 1, 1), wc("gx-scjg", "2", "2018-W49", 2, 2),
                wc("gx-scjg", "3", "2018-W49", 0, 0),
                wc("gx-scjg", "6", "2018-W49", 5, 5),
                wc("gx-swj", "2", "2018-W49", 1, 1), wc("gx-swj", "3", "2018-W49", 1, 1),
                wc("gx-swj", "4", "2018-W49", 1, 1),
                wc("gx-swj", "6", "2018-W49", 3, 3),
                wc("gx-dongqu", "1", "2018-W49", 0, 0), wc("gx-dongqu", "2", "2018-W49", 0, 0),
                wc("gx-dongqu", "3", "2018-W49", 2, 2),
            ])
        #expect(f.warnings.isEmpty)
    }

    @Test func dateCellsOfThe1904SystemAndSharedStrings() throws {
        let f = try check("dates_1904.xlsx")
        #expect(f.submissions == [wc("gx-scjg", "1", "2018-W49", 3, 2), wc("gx-swj", "6", "2018-W50", 5, 5)])
        #expect(f.warnings.map(\.description) == ["dates_1904.xlsx:1:F: 未知列“备注”，已忽略 (unknown column ignored)"])
    }

    @Test func cachedFormulaValuesInlineStringsAndChineseDateFormat31() throws {
        let f = try check("formulas.xlsx")
        #expect(f.submissions == [wc("gx-scjg", "6", "2018-W49", 4, 3), wc("gx-swj", "6", "2018-W49", 8, 5)])
    }

    @Test func targetsWorkbook() throws {
        let f = try check("targets.xlsx", scheme: nil)
        #expect(
            f.observations == [
                TargetObservation(target: "coverage-person", period: ObservationPeriod(year: 2021)!, value: 99.1),
                TargetObservation(
                    target: "xinyidai-loans", period: ObservationPeriod(year: 2022, month: 6)!, value: 6123.4),
            ])
    }

    @Test func dateSerialsAndFormats() {
        #expect(XLSXReader.day(serial: 43437, date1904: false) == Day(year: 2018, month: 12, day: 3))
        #expect(XLSXReader.day(serial: 41975, date1904: true) == Day(year: 2018, month: 12, day: 3))
        #expect(XLSXReader.day(serial: 1, date1904: false) == Day(year: 1900, month: 1, day: 1))
        #expect(XLSXReader.day(serial: 61, date1904: false) == Day(year: 1900, month: 3, day: 1))
        #expect(XLSXReader.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        #expect(XLSXReader.isDateFormat("[$-804]yyyy/m/d"))
        #expect(!XLSXReader.isDateFormat("0.00%"))
        #expect(!XLSXReader.isDateFormat("mm:ss"))
        #expect(!XLSXReader.isDateFormat("\"day\" 0"))
        #expect(!XLSXReader.isDateFormat("General"))
    }
}

@Suite struct DuplicateTables {
    @Test func rowTableRemembersTheFirstRowThroughGrowth() {
        var t = RowTable()
        for k in 0..<5_000 { #expect(t.firstRow(k * 7_919, row: k + 2) == nil) }
        #expect(t.firstRow(0, row: 9_999) == 2)
        #expect(t.firstRow(4_999 * 7_919, row: 9_999) == 5_001)
        #expect(t.firstRow(1, row: 3) == nil)
    }
}
