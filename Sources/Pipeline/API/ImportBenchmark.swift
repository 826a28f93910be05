import Foundation
import Indicators
import Ingest
import Store

/// The import benchmark (not a test): a province-scale CSV (2,000 units × 104 weeks × 6 indicators,
/// ≈ 1.25 M rows) imported with full validation, side by side with `sqlite3 .import` of the same file.
public enum ImportBenchmark {
    public static let units = 2_000
    public static let weeks = 104
    public static let indicators = 6

    /// A synthetic catalog: one individual scheme `bench` over `units` synthetic units.
    public static func catalog(units n: Int = units) -> Catalog {
        let units = (1...n).map { i in
            Unit(id: "b\(pad4(i))", name: "单位\(pad4(i))", kind: .department, region: "bench")
        }
        let inds = (1...indicators).map { i in
            Indicator(code: String(i), short: "指标\(i)", title: "基准指标 \(i)", points: 10, requirement: "",
                      rule: i == 6 ? .rate : .quota(count: 1, period: .week))
        }
        let scheme = Scheme(id: "bench", document: "bench", title: "基准", office: "bench",
                            issued: Day(year: 2018, month: 12, day: 1)!, start: Day(year: 2018, month: 12, day: 31)!,
                            mode: .individual, notices: .weekly, count: .qualified, total: 60, region: "bench",
                            assessed: units.map(\.id), indicators: inds)
        return Catalog(registry: UnitRegistry(regions: [Region(id: "bench", name: "基准")], units: units),
                       schemes: [scheme], targets: nil)
    }

    /// Writes the CSV (long form, header `周次,单位,指标,报送数,合格数`) and returns its row count.
    @discardableResult
    public static func writeCSV(to url: URL, units n: Int = units, weeks w: Int = weeks) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let h = try FileHandle(forWritingTo: url)
        defer { try? h.close() }
        var buf: [UInt8] = []
        buf.reserveCapacity(1 << 20)
        buf.append(contentsOf: Array("周次,单位,指标,报送数,合格数\n".utf8))
        var week = ISOWeek(year: 2019, week: 1)!
        var rows = 0
        var seed: UInt64 = 42
        for _ in 0..<w {
            let ws = Array(week.description.utf8)
            for u in 1...n {
                let us = Array("b\(pad4(u))".utf8)
                for i in 1...indicators {
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    let sub = Int((seed >> 33) % 20)
                    let qual = sub == 0 ? 0 : Int((seed >> 13) % UInt64(sub + 1))
                    buf.append(contentsOf: ws); buf.append(44)
                    buf.append(contentsOf: us); buf.append(44)
                    buf.append(UInt8(48 + i)); buf.append(44)
                    buf.append(contentsOf: Array(String(sub).utf8)); buf.append(44)
                    buf.append(contentsOf: Array(String(qual).utf8)); buf.append(10)
                    rows += 1
                }
                if buf.count > (1 << 20) - 256 { h.write(Data(buf)); buf.removeAll(keepingCapacity: true) }
            }
            week = week.adding(weeks: 1)
        }
        h.write(Data(buf))
        return rows
    }

    /// Generates the file in `workDir`, times `sqlite3 .import` and our import on fresh database
    /// files, and returns printable lines (times, ratio, peak memory).
    public static func run(workDir: URL) throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(at: workDir, withIntermediateDirectories: true)
        let csv = workDir.appendingPathComponent("bench-import.csv")
        var lines: [String] = []
        var t0 = Date()
        let rows = try writeCSV(to: csv)
        let size = (try fm.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        lines.append(String(format: "import bench: %d rows, %.1f MB CSV (written in %.2f s)", rows, Double(size) / 1e6, Date().timeIntervalSince(t0)))

        // Side by side, three rounds on fresh files (the machine may be shared): sqlite3 .import,
        // then our import (read, check every row, store in one transaction).
        let catalog = catalog()
        var ratios: [Double] = []
        for round in 1...3 {
            let sqlPath = workDir.appendingPathComponent("bench-sqlite3.sqlite").path
            let ourPath = workDir.appendingPathComponent("bench-kaohe.sqlite").path
            for p in [sqlPath, ourPath] { for s in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: p + s) } }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["sqlite3", sqlPath, ".mode csv", ".import \(csv.path) t"]
            t0 = Date()
            try p.run(); p.waitUntilExit()
            let sqliteTime = Date().timeIntervalSince(t0)
            guard p.terminationStatus == 0 else { throw KaoheError(step: "bench", path: csv.path, message: "sqlite3 .import 失败 (sqlite3 .import failed)") }

            t0 = Date()
            let db = try AppDatabase.open(path: ourPath)
            let summaries = try ImportPipeline(catalog: catalog, database: db)
                .importFiles([csv], scheme: "bench", today: Day(year: 2021, month: 1, day: 31)!, now: Date())
            let ourTime = Date().timeIntervalSince(t0)
            try db.close()
            guard let s = summaries.first, !s.failed, case .imported(let r) = s.outcome, r.new == rows else {
                throw KaoheError(step: "bench", path: csv.path, message: summaries.first?.line ?? "没有导入摘要 (no summary)")
            }
            ratios.append(ourTime / sqliteTime)
            lines.append(String(format: "round %d: sqlite3 .import %.2f s, kaohe import (checked) %.2f s, ratio %.2f",
                                round, sqliteTime, ourTime, ourTime / sqliteTime))
        }
        lines.append(String(format: "median ratio kaohe / sqlite3: %.2f (goal ≤ 1.5)", ratios.sorted()[1]))
        lines.append("peak memory (VmHWM):    \(peakMemory())")
        return lines.joined(separator: "\n")
    }

    /// The process's peak resident memory from /proc/self/status, e.g. `312 MB`.
    public static func peakMemory() -> String {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
        let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        return "\(kb / 1024) MB"
    }
}

private func pad4(_ i: Int) -> String {
    let s = String(i)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
