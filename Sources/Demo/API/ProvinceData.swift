import Foundation
import Indicators

/// A synthetic province for the benchmark: 16 cities × 125 units = 2,000 units, 104 weeks and six
/// weekly indicators (1,248,000 rows), plus a deduction indicator with a few events.
///
/// It writes its own indicators folder (units.yaml and `province-2019.yaml`), so that the same
/// commands as for the real schemes load, import, score and build it.
public struct ProvinceData {
    public static let cities = [
        "济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁",
        "泰安", "威海", "日照", "临沂", "德州", "聊城", "滨州", "菏泽",
    ]
    public static let unitsPerCity = 125
    public static let schemeID = "province-2019"
    public static let start = Day(iso: "2019-01-01")!

    public let weeks: Int
    public let seed: UInt64

    public init(weeks: Int = 104, seed: UInt64 = 2019) {
        self.weeks = weeks
        self.seed = seed
    }

    public var unitIDs: [String] {
        (0..<Self.cities.count).flatMap { c in (1...Self.unitsPerCity).map { String(format: "p%02d-%03d", c + 1, $0) } }
    }

    /// Writes `units.yaml` and the scheme into `folder`.
    public func writeIndicators(to folder: URL) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        var units = "regions:\n  - {id: province, name: 山东省}\nunits:\n"
        let kinds = ["发展改革委", "市场监管局", "税务局", "财政局", "公安局"]
        for (c, city) in Self.cities.enumerated() {
            for n in 1...Self.unitsPerCity {
                let id = String(format: "p%02d-%03d", c + 1, n)
                units +=
                    "  - {id: \(id), name: \(city)市第\(n)\(kinds[n % kinds.count]), kind: department, region: province}\n"
            }
        }
        try Data(units.utf8).write(to: folder.appendingPathComponent("units.yaml"))
        let ids = unitIDs.joined(separator: ", ")
        let scheme = """
            # Synthetic: the benchmark's province (not from a seed).
            id: \(Self.schemeID)
            document: 基准测试[2019]1号
            title: 全省社会信用体系建设考核（基准测试）
            office: 基准测试办公室
            issued: 2018-12-20
            start: \(Self.start)
            mode: individual
            notices: monthly
            total: 100
            region: province
            units: [\(ids)]
            indicators:
              - {code: "1", short: 组织领导, title: 组织领导, points: 20, requirement: 报送正式文件。, rule: {type: document}}
              - {code: "2", short: 联合奖惩, title: 联合奖惩, points: 20, requirement: 每月报送。, rule: {type: quota, count: 4, period: month}}
              - {code: "3", short: 信用宣传, title: 信用宣传, points: 15, requirement: 每月报送。, rule: {type: quota, count: 4, period: month}}
              - {code: "4", short: 信用创新, title: 信用创新, points: 15, requirement: 每季度报送。, rule: {type: quota, count: 2, period: quarter}}
              - {code: "5", short: 信用承诺, title: 信用承诺, points: 10, requirement: 每周报送。, rule: {type: quota, count: 1, period: week}}
              - {code: "6", short: 双公示, title: 双公示, points: 10, requirement: 准确、及时、全量报送。, rule: {type: rate}}
              - {code: "7", short: 政务诚信, title: 政务诚信, points: 10, requirement: 扣分, rule: {type: deduction, per_event: 5}}

            """
        try Data(scheme.utf8).write(to: folder.appendingPathComponent("\(Self.schemeID).yaml"))
    }

    /// The weeks of the data set, oldest first.
    public var weekList: [ISOWeek] { (0..<weeks).map { Self.start.isoWeek.adding(weeks: $0) } }

    /// Writes the long-form CSV of weeks `range` (every unit, indicator 1–6, every week), streaming.
    /// Returns the number of rows.
    @discardableResult
    public func writeCSV(to url: URL, weeks range: Range<Int>) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let h = try FileHandle(forWritingTo: url)
        defer { try? h.close() }
        var buf = "week,unit,indicator,submitted,qualified,scheme\n"
        var rows = 0
        let ids = unitIDs
        let ws = weekList
        var rng = SplitMix64(seed: seed)
        for k in range {
            let w = ws[k].description
            for u in ids {
                for i in 1...6 {
                    var s: Int
                    var q: Int
                    switch i {
                    case 1:
                        s = k == 3 ? 1 : 0
                        q = s
                    case 6:
                        s = Int(rng.next() % 40)
                        q = s - Int(rng.next() % UInt64(max(1, s / 5 + 1)))
                    default:
                        s = Int(rng.next() % 3)
                        q = s - (rng.next() % 4 == 0 && s > 0 ? 1 : 0)
                    }
                    buf += "\(w),\(u),\(i),\(s),\(max(0, q)),\(Self.schemeID)\n"
                    rows += 1
                }
            }
            if buf.utf8.count > 1 << 20 {
                h.write(Data(buf.utf8))
                buf = ""
            }
        }
        h.write(Data(buf.utf8))
        return rows
    }
}
