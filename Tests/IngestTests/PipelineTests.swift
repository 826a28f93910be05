import Foundation
import Indicators
import Ingest
import Pipeline
import Store
import Testing

@Suite struct Imports {
    @Test func correctionsReplaceAndKeepHistory() throws {
        // Given long.csv imported
        let db = try AppDatabase.inMemory()
        let first = try importFixtures(["long.csv"], into: db)
        #expect(first.map(\.line) == ["long.csv: 新增 4 行，更正 0 行，未变 0 行"])
        // When a correction changes one row, repeats one and adds one
        let second = try importFixtures(["correction.csv"], into: db)
        #expect(second.map(\.line) == ["correction.csv: 新增 1 行，更正 1 行，未变 1 行"])
        // Then the value is replaced and the old one kept with the time and the replacing file
        let rows = try db.weeklyCounts(scheme: "gaoxin-2018")
        #expect(rows.contains(wc("gx-scjg", "1", "2018-W49", 3, 3)))
        #expect(!rows.contains(wc("gx-scjg", "1", "2018-W49", 3, 2)))
        #expect(rows.count == 5)
        let history = try db.replacedValues(scheme: "gaoxin-2018")
        #expect(history.count == 1)
        let h = try #require(history.first)
        #expect(h.unit == "gx-scjg" && h.indicator == "1" && h.period == "2018-W49")
        #expect(h.oldSubmitted == 3 && h.oldQualified == 2)
        #expect(h.fileName == "correction.csv")
        #expect(h.replacedAt == "2019-01-31T00:00:00Z")
        let imports = try db.imports()
        #expect(imports.map(\.outcome) == ["imported", "corrected"])
        #expect(h.importId == imports[1].id && h.oldImportId == imports[0].id)
        #expect(imports[1].rowsNew == 1 && imports[1].rowsReplaced == 1 && imports[1].rowsUnchanged == 1)
    }

    @Test func theSameFileTwiceChangesNothingAndSaysSo() throws {
        let db = try AppDatabase.inMemory()
        _ = try importFixtures(["long.csv"], into: db)
        let fingerprint = try db.dataFingerprint()
        let again = try importFixtures(["long.csv"], into: db)
        #expect(
            again.map(\.line) == [
                "long.csv: 新增 0 行，更正 0 行，未变 4 行（与第 1 次导入的文件相同，数据库未改动）(same file as import #1: unchanged)"
            ])
        #expect(try db.imports().count == 1)
        #expect(try db.dataFingerprint() == fingerprint)
    }

    @Test func dryRunWritesNothing() throws {
        let db = try AppDatabase.inMemory()
        let s = try importFixtures(["wide_merged.xlsx"], into: db, dryRun: true)
        #expect(
            s.map(\.line) == [
                "wide_merged.xlsx: 新增 11 行，更正 0 行，未变 0 行（试运行，未写入）(dry run)"
                    + "；跳过：标题 1 行 (skipped: 1 title row(s))"
            ])
        #expect(try db.imports().isEmpty)
        #expect(try db.weeklyCounts(scheme: "gaoxin-2018").isEmpty)
    }

    @Test func everyKindThroughTheSamePath() throws {
        let db = try AppDatabase.inMemory()
        let s = try importFixtures(["events.csv", "gbk.csv", "dates_1904.xlsx", "formulas.xlsx"], into: db)
        #expect(!s.contains { $0.failed })
        _ = try importFixtures(["targets.csv"], into: db, scheme: nil)
        #expect(try db.events(scheme: "gaoxin-2018").count == 2)
        #expect(try db.observations().count == 3)
        #expect(try db.weeks(scheme: "gaoxin-2018") == [week("2018-W49"), week("2018-W50"), week("2018-W51")])
        #expect(try db.imports().map(\.kind) == ["events", "submissions", "submissions", "submissions", "targets"])
    }

    @Test func weekOptionFillsAMissingWeekColumn() throws {
        let data = Data("单位,1,双公示\n市场监管局,1,4\n".utf8)
        let f = try FileChecker(catalog: catalog).check(
            data: data, name: "w.csv",
            options: CheckOptions(scheme: "gaoxin-2018", week: week("2019-W02"), today: today))
        #expect(f.submissions == [wc("gx-scjg", "1", "2019-W02", 1, 1), wc("gx-scjg", "6", "2019-W02", 4, 4)])
    }
}

@Suite struct Streaming {
    @Test func aProblemAfterStreamedChunksRollsEverythingBack() throws {
        // Given a generated file of 72,000 good rows (more than one streamed chunk) and one bad last row
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("big.csv")
        #expect(try BigImport.writeCSV(to: csv) == 72_000)
        let h = try FileHandle(forWritingTo: csv)
        try h.seekToEnd()
        h.write(Data("2019-W02,b0001,1,3,4\n".utf8))
        try h.close()
        let db = try AppDatabase.inMemory()
        let pipeline = ImportPipeline(catalog: BigImport.catalog, database: db)
        let today = Day(year: 2021, month: 1, day: 31)!
        // When it is imported
        let s = try pipeline.importFiles([csv], scheme: "bench", today: today, now: now)
        // Then only the problem is reported and nothing at all was kept
        #expect(s.map(\.line) == ["\(csv.path):72002:E: 合格数 4 大于报送数 3 (qualified > submitted)"])
        #expect(try db.imports().isEmpty)
        #expect(try db.weeklyCounts(scheme: "bench").isEmpty)
        // And the good part alone goes in whole
        try FileHandle(forWritingTo: csv).truncate(atOffset: UInt64(try Data(contentsOf: csv).count - 21))
        let ok = try pipeline.importFiles([csv], scheme: "bench", today: today, now: now)
        #expect(ok.map(\.line) == ["\(csv.path): 新增 72000 行，更正 0 行，未变 0 行"])
        #expect(try db.weeklyCounts(scheme: "bench").count == 72_000)
    }
}

/// A generated long-form file of 200 units × 60 weeks × 6 indicators (72,000 good rows) and its
/// one-scheme catalog, for the streaming import.
enum BigImport {
    static let unitIDs = (1...200).map { "b" + String(format: "%04d", $0) }

    static var catalog: Catalog {
        let units = unitIDs.map { Unit(id: $0, name: "单位" + $0.dropFirst(), kind: .department, region: "bench") }
        let indicators = (1...6).map { i in
            Indicator(
                code: String(i), short: "指标\(i)", title: "指标 \(i)", points: 10, requirement: "",
                rule: i == 6 ? .rate : .quota(count: 1, period: .week))
        }
        let scheme = Scheme(
            id: "bench", document: "bench", title: "基准", office: "bench",
            issued: Day(year: 2018, month: 12, day: 1)!, start: Day(year: 2018, month: 12, day: 31)!,
            mode: .individual, notices: .weekly, count: .qualified, total: 60, region: "bench",
            assessed: unitIDs, indicators: indicators)
        return Catalog(
            registry: UnitRegistry(regions: [Region(id: "bench", name: "基准")], units: units),
            schemes: [scheme], targets: nil)
    }

    /// Writes the file (header `周次,单位,指标,报送数,合格数`, weeks from 2019-W01) and returns its row count.
    static func writeCSV(to url: URL) throws -> Int {
        var text = "周次,单位,指标,报送数,合格数\n"
        var rows = 0
        var week = ISOWeek(year: 2019, week: 1)!
        for _ in 0..<60 {
            for (u, unit) in unitIDs.enumerated() {
                for i in 1...6 {
                    let submitted = (u * 7 + i * 3 + week.week) % 20
                    text += "\(week),\(unit),\(i),\(submitted),\(submitted / 2)\n"
                    rows += 1
                }
            }
            week = week.adding(weeks: 1)
        }
        try Data(text.utf8).write(to: url)
        return rows
    }
}
