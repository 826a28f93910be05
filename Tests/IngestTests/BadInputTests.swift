import Foundation
import Indicators
import Ingest
import Pipeline
import Store
import Testing

/// Every bad-input case of formats.md: the exact message, and the database exactly as it was.
@Suite struct BadInput {
    /// Imports long.csv, then the bad file; returns the bad file's problems after checking that
    /// nothing in the database changed.
    func refuse(_ name: String) throws -> [String] {
        let db = try AppDatabase.inMemory()
        _ = try importFixtures(["long.csv"], into: db)
        let before = try db.dataFingerprint()
        let importsBefore = try db.imports()
        let historyBefore = try db.replacedValues(scheme: "gaoxin-2018")
        let summary = try #require(try importFixtures([name], into: db).first)
        guard case .failed(let error) = summary.outcome else {
            Issue.record("\(name) was accepted")
            return []
        }
        #expect(try db.dataFingerprint() == before)
        #expect(try db.imports() == importsBefore)
        #expect(try db.replacedValues(scheme: "gaoxin-2018") == historyBefore)
        #expect(summary.line == error.description)
        return error.description.components(separatedBy: "\n")
    }

    @Test func unknownUnitWithSuggestion() throws {
        #expect(
            try refuse("bad_unknown_unit.csv") == ["bad_unknown_unit.csv:3:B: 未知单位“市场监官局”（是否指: 市场监管局）(unknown unit)"])
    }

    @Test func unknownIndicatorWithSuggestion() throws {
        #expect(
            try refuse("bad_unknown_indicator.csv") == [
                "bad_unknown_indicator.csv:2:C: 未知指标“双公式”（是否指: 双公示）(unknown indicator)"
            ])
    }

    @Test func unparseableWeek() throws {
        #expect(
            try refuse("bad_week.csv") == ["bad_week.csv:2:A: 无法识别的周次“2018-W60”，应为 2018-W49 或该周内的日期 (unparseable week)"]
        )
    }

    @Test func unparseableNumber() throws {
        #expect(try refuse("bad_number.csv") == ["bad_number.csv:2:D: 无法识别的数字“三” (not a number)"])
    }

    @Test func fractionalCount() throws {
        #expect(try refuse("bad_fraction.csv") == ["bad_fraction.csv:2:D: 报送数应为整数: “2.5” (not a whole number)"])
    }

    @Test func negativeCount() throws {
        #expect(try refuse("bad_negative.csv") == ["bad_negative.csv:2:D: 报送数不能为负数: -3 (negative count)"])
    }

    @Test func qualifiedAboveSubmitted() throws {
        #expect(try refuse("bad_qualified.csv") == ["bad_qualified.csv:2:E: 合格数 5 大于报送数 3 (qualified > submitted)"])
    }

    @Test func sameUnitIndicatorWeekTwice() throws {
        // 2018-12-05 lies in 2018-W49 and 市场监督管理局 is an alias of 市场监管局.
        #expect(try refuse("bad_duplicate.csv") == ["bad_duplicate.csv:4:B: 与第 2 行重复（同一单位、指标、周次）(duplicate row)"])
    }

    @Test func unitNotResponsible() throws {
        #expect(
            try refuse("bad_responsible.csv") == [
                "bad_responsible.csv:2:B: 单位“财政局”不负责方案 gaoxin-2018 的指标 1（组织领导与推进机制）(unit not responsible for indicator)"
            ])
    }

    @Test func weekBeforeTheSchemeStarts() throws {
        #expect(
            try refuse("bad_before_start.csv") == [
                "bad_before_start.csv:2:A: 周次 2018-W47 早于方案开始日期 2018-12-01 (week before the scheme starts)"
            ])
    }

    @Test func weekInTheFuture() throws {
        #expect(
            try refuse("bad_future.csv") == ["bad_future.csv:2:A: 周次 2019-W06 尚未开始（今天是 2019-01-31）(week in the future)"]
        )
    }

    @Test func truncatedCSV() throws {
        #expect(
            try refuse("bad_truncated.csv") == [
                "bad_truncated.csv:3:B: 引号未闭合，文件可能被截断 (unterminated quote: truncated file?)"
            ])
    }

    @Test func truncatedZip() throws {
        #expect(
            try refuse("bad_zip.xlsx") == [
                "bad_zip.xlsx: 不是有效的 .xlsx 文件（ZIP 损坏或被截断）(not a valid .xlsx: bad or truncated zip)"
            ])
    }

    @Test func missingSheet() throws {
        #expect(
            try refuse("bad_missing_sheet.xlsx") == [
                "bad_missing_sheet.xlsx: 工作表缺失: xl/worksheets/sheet1.xml (missing sheet)"
            ])
    }

    @Test func everyProblemListedUpToTheCap() throws {
        let lines = try refuse("bad_many.csv")
        #expect(lines.count == 101)
        #expect(lines[0] == "bad_many.csv:2:B: 未知单位“单位000” (unknown unit)")
        #expect(lines[99] == "bad_many.csv:101:B: 未知单位“单位099” (unknown unit)")
        #expect(lines[100] == "… 还有 50 个问题 (more problems)")
    }

    @Test func missingSchemeAndUnknownScheme() throws {
        let data = try Data(contentsOf: try fixture("long.csv"))
        let checker = FileChecker(catalog: catalog)
        #expect(throws: IngestError.self) {
            try checker.check(data: data, name: "long.csv", options: CheckOptions(today: today))
        }
        do {
            _ = try checker.check(
                data: data, name: "long.csv", options: CheckOptions(scheme: "gaoxin-2081", today: today))
            Issue.record("accepted")
        } catch {
            #expect(error.description == "long.csv: 未知方案“gaoxin-2081”（是否指: gaoxin-2018）(unknown scheme)")
        }
    }

    @Test func refusedFileLeavesOnDiskDatabaseByteForByte() throws {
        // Given an on-disk database holding long.csv, closed so its file is settled
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("k.sqlite").path
        let first = try AppDatabase.open(path: path)
        _ = try importFixtures(["long.csv"], into: first)
        try first.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // When bad files are imported
        let second = try AppDatabase.open(path: path)
        let s = try importFixtures(["bad_qualified.csv", "bad_zip.xlsx", "bad_truncated.csv"], into: second)
        #expect(s.allSatisfy { $0.failed })
        try second.close()
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()
        #expect(wal.isEmpty)
        // Then the file is byte-for-byte what it was
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        let diff = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(after == before, "sizes \(before.count) \(after.count), differing bytes at \(diff.prefix(20))")
    }
}
