import Foundation
import Indicators
import Workbooks

/// A file the demo hands to the import, with what `kaohe import` would be told about it.
public struct DemoFile: Sendable {
    public let url: URL
    /// `--scheme`, when the file has no 方案 column.
    public let scheme: String?
    /// What the file shows off (for the demo's log).
    public let note: String
}

/// Generates a realistic, deterministic data set as real files in the shapes of docs/formats.md:
/// Excel workbooks from some departments (written by libxlsxwriter through `Workbooks`), the filled
/// weekly template of one, UTF-8 and GB18030 CSVs from others, a wide-form sheet, a correction,
/// deduction events and 专栏1 observations.
///
/// The data tell a story: diligent and lagging units, weeks missed, a correction, departments listed
/// as defaulters, districts that climb and fall, targets on and off track.
public struct DemoData {
    public let catalog: Catalog
    public let seed: UInt64
    /// Weeks of the zone's scheme from its start (2018-W48).
    public let weeks: Int

    public init(catalog: Catalog, seed: UInt64 = 2018, weeks: Int = 30) {
        self.catalog = catalog
        self.seed = seed
        self.weeks = weeks
    }

    /// Writes every file into `folder` (created; emptied first) and returns them in import order.
    public func write(to folder: URL) throws -> [DemoFile] {
        let fm = FileManager.default
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [DemoFile] = []
        files += try zone(folder)
        files += try districts(folder)
        files += try news(folder)
        files += try events(folder)
        files += try targets(folder)
        files += try zoneCorrection(folder)
        return files
    }

    // MARK: - The zone (gaoxin-2018)

    /// How diligent a unit of the zone is in week `k` (0…1): a few named characters, the rest steady.
    func zoneDiligence(_ unit: String, week k: Int) -> Double {
        switch unit {
        case "gx-scjg", "gx-swj", "gx-fzzl": return 0.95  // 市场监管局, 税务局: model pupils
        case "gx-tzcj": return k < 12 ? 0.2 : 0.9  // 投资促进中心: wakes up in March
        case "gx-zhangjin": return 0.25  // 章锦街道办: lags throughout
        case "gx-cgj": return k < 14 ? 0.8 : 0.45  // 城市管理局: slips after its listing
        case "gx-yaoqiang": return 0.5
        default:
            var r = SplitMix64(seed: seed ^ fnv(unit))
            return 0.55 + 0.35 * r.nextDouble()
        }
    }

    var zoneWeeks: [ISOWeek] {
        let s = catalog.scheme(id: "gaoxin-2018")!
        return (0..<weeks).map { s.start.isoWeek.adding(weeks: $0) }
    }

    /// The zone's weekly counts: (week, unit, indicator code, submitted, qualified).
    func zoneRows() -> [(ISOWeek, String, String, Int, Int)] {
        let s = catalog.scheme(id: "gaoxin-2018")!
        var rng = SplitMix64(seed: seed)
        var out: [(ISOWeek, String, String, Int, Int)] = []
        var documentFiled = Set<String>()
        for (k, w) in zoneWeeks.enumerated() {
            for u in s.units {
                let p = zoneDiligence(u, week: k)
                // A lagging unit misses whole weeks.
                if rng.nextDouble() > 0.35 + 0.65 * p { continue }
                for i in s.indicators where !i.rule.isDeduction && s.isResponsible(unit: u, indicator: i) {
                    var submitted = 0
                    var qualified = 0
                    switch i.rule {
                    case .document:
                        if !documentFiled.contains(u), rng.nextDouble() < p * p * 0.6 {
                            documentFiled.insert(u)
                            submitted = 1
                            qualified = 1
                        }
                    case .quota(_, let period):
                        let rate = period == .quarter ? 0.10 : 0.32
                        if rng.nextDouble() < rate * (0.4 + p) {
                            submitted = 1 + (rng.nextDouble() < 0.2 ? 1 : 0)
                            qualified = (0..<submitted).filter { _ in rng.nextDouble() < 0.55 + 0.4 * p }.count
                        }
                    case .rate:
                        submitted = 3 + Int(rng.nextDouble() * 15)
                        let accuracy = min(1, 0.7 + 0.32 * p + 0.05 * rng.nextDouble())
                        qualified = min(submitted, Int((Double(submitted) * accuracy).rounded()))
                    case .deduction: break
                    }
                    if submitted > 0 { out.append((w, u, i.code, submitted, qualified)) }
                }
            }
        }
        return out
    }

    func zone(_ folder: URL) throws -> [DemoFile] {
        let reg = catalog.registry
        let rows = zoneRows()
        var files: [DemoFile] = []
        let months = Array(Set(rows.map { $0.0.sunday.yearMonth })).sorted()
        // Departments split in two offices' habits; sub-district offices keep a wide sheet;
        // 市场监管局 sends back the weekly template of `kaohe template`, filled in.
        // 行政服务与审批管理局 and 国土规划建设管理局 send a weekly .xls (title, 合计, 填表人; committed
        // resources, see Resources/xls/make_xls.py); 城市管理局 a monthly workbook with a sheet per week.
        let excelDepartments: Set<String> = ["gx-fzzl", "gx-rlzy", "gx-kjjj", "gx-fwy", "gx-czj"]
        let ownFiles: Set<String> = ["gx-scjg", "gx-xzsp", "gx-gtgh", "gx-cgj"]
        let templateUnit = "gx-scjg"
        for m in months {
            let monthRows = rows.filter { $0.0.sunday.yearMonth == m }
            // 1. Excel long form, shared strings, the week as a date cell (the Monday), 合格数 as a formula.
            var x = Worksheet(name: "\(m.month)月报送")
            x.append([.text("周次"), .text("单位"), .text("指标"), .text("报送数"), .text("合格数")])
            for r in monthRows where excelDepartments.contains(r.1) {
                x.append([
                    .date(r.0.monday), .text(reg.unit(id: r.1)!.name), .text(r.2),
                    .number(Double(r.3)), .formula("MIN(D\(x.rowCount + 1),\(r.4))", cached: Double(r.4)),
                ])
            }
            let xu = folder.appendingPathComponent("gaoxin-2018_\(m)_部门报送.xlsx")
            try write([x], to: xu)
            files.append(DemoFile(url: xu, scheme: "gaoxin-2018", note: "Excel, 共享字符串, 日期单元格, 公式缓存值"))

            // 2. UTF-8 CSV with BOM, English headers in another order, ids, a 方案 column.
            var csv = "\u{FEFF}unit,week,indicator,submitted,qualified,scheme\n"
            for r in monthRows
            where !excelDepartments.contains(r.1) && !ownFiles.contains(r.1) && reg.unit(id: r.1)!.kind == .department {
                csv += "\(r.1),\(r.0),\(r.2),\(r.3),\(r.4),gaoxin-2018\n"
            }
            let cu = folder.appendingPathComponent("gaoxin-2018_\(m)_部门导出.csv")
            try Data(csv.utf8).write(to: cu)
            files.append(DemoFile(url: cu, scheme: nil, note: "UTF-8 CSV (BOM), 英文表头"))

            // 3. Wide form: the sub-district offices' sheet, one column per indicator (qualified counts).
            let streets = catalog.scheme(id: "gaoxin-2018")!.units.filter { reg.unit(id: $0)!.kind == .subdistrict }
            let s = catalog.scheme(id: "gaoxin-2018")!
            let codes = s.indicators.filter { i in
                !i.rule.isDeduction && streets.contains { s.isResponsible(unit: $0, indicator: i) }
            }
            var wide = Worksheet(name: "街道报送")
            wide.append([.text("周次"), .text("单位")] + codes.map { .text($0.short) })
            let weeksOfMonth = Array(Set(monthRows.map(\.0))).sorted()
            for w in weeksOfMonth {
                for u in streets {
                    let mine = monthRows.filter { $0.0 == w && $0.1 == u }
                    if mine.isEmpty { continue }
                    var line: [CellValue] = [
                        .text(w.description), .text(reg.unit(id: u)!.aliases.first ?? reg.unit(id: u)!.name),
                    ]
                    for i in codes {
                        if !s.isResponsible(unit: u, indicator: i) {
                            line.append(.blank)
                            continue
                        }
                        line.append(.number(Double(mine.first { $0.2 == i.code }?.4 ?? 0)))
                    }
                    wide.append(line)
                }
            }
            let wu = folder.appendingPathComponent("gaoxin-2018_\(m)_街道汇总（宽表）.xlsx")
            try write([wide], to: wu, inlineStrings: true)
            files.append(DemoFile(url: wu, scheme: "gaoxin-2018", note: "宽表: 每个指标一列, 行内字符串"))
            files += try sheetPerWeek(of: "gx-cgj", month: m, rows: monthRows, folder)
        }
        files += try filledTemplates(of: templateUnit, rows: rows, folder)
        files += try oldExcelFiles(folder)
        return files
    }

    /// The unit's month in one workbook: a 填表说明 sheet, then one sheet per week (第10周 …).
    func sheetPerWeek(of unit: String, month: YearMonth, rows: [(ISOWeek, String, String, Int, Int)], _ folder: URL)
        throws -> [DemoFile]
    {
        let mine = rows.filter { $0.1 == unit }
        guard !mine.isEmpty else { return [] }
        let name = catalog.registry.unit(id: unit)!.name
        var notes = Worksheet(name: "填表说明")
        notes.append([.text("每周一张工作表；报送数、合格数填整数。")])
        var sheets = [notes]
        for w in Array(Set(mine.map(\.0))).sorted() {
            var s = Worksheet(name: "第\(w.week)周")
            s.append([.text("周次"), .text("单位"), .text("指标"), .text("报送数"), .text("合格数")])
            for r in mine where r.0 == w {
                s.append([.text(w.description), .text(name), .text(r.2), .number(Double(r.3)), .number(Double(r.4))])
            }
            sheets.append(s)
        }
        let url = folder.appendingPathComponent("gaoxin-2018_\(month)_\(name)（每周一张表）.xlsx")
        try write(sheets, to: url)
        return [DemoFile(url: url, scheme: "gaoxin-2018", note: "每周一张工作表, 填表说明页跳过")]
    }

    /// The committed .xls files (Excel 97–2003) of the weeks this demo covers.
    func oldExcelFiles(_ folder: URL) throws -> [DemoFile] {
        guard let source = Bundle.module.url(forResource: "xls", withExtension: nil) else {
            throw KaoheError(step: KaoheError.Step.demoData, message: "缺少演示 .xls 资源 (demo .xls resources missing)")
        }
        let weeks = Set(zoneWeeks.map(\.description))
        var files: [DemoFile] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted()
        where name.hasSuffix(".xls") {
            // gaoxin-2018_2019-W10_单位.xls
            let parts = name.split(separator: "_")
            guard parts.count == 3, weeks.contains(String(parts[1])) else { continue }
            let url = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: url)
            files.append(DemoFile(url: url, scheme: "gaoxin-2018", note: ".xls (Excel 97–2003): 标题、合计行、填表人"))
        }
        return files
    }

    /// The unit's filled `kaohe template` form, one file a week it sent something.
    func filledTemplates(of unit: String, rows: [(ISOWeek, String, String, Int, Int)], _ folder: URL) throws
        -> [DemoFile]
    {
        let s = catalog.scheme(id: "gaoxin-2018")!
        let u = catalog.registry.unit(id: unit)!
        var byWeek: [ISOWeek: [String: (submitted: Int, qualified: Int)]] = [:]
        for r in rows where r.1 == unit { byWeek[r.0, default: [:]][r.2] = (r.3, r.4) }
        var files: [DemoFile] = []
        for (w, figures) in byWeek.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent("gaoxin-2018_\(w)_\(u.name)（报送模板）.xlsx")
            do { try WeeklyTemplate(scheme: s, unit: u, week: w).workbook(filledWith: figures).write(to: url) } catch {
                throw KaoheError(step: KaoheError.Step.demoData, path: url.path, message: error.description)
            }
            files.append(DemoFile(url: url, scheme: nil, note: "kaohe template 的报送模板, 由单位填好交回"))
        }
        return files
    }

    /// Writes sheets as one workbook through libxlsxwriter.
    func write(_ sheets: [Worksheet], to url: URL, inlineStrings: Bool = false) throws {
        var book = Workbook(properties: DocumentProperties(author: "kaohe demo"))
        book.inlineStrings = inlineStrings
        for s in sheets { book.add(s) }
        do { try book.write(to: url) } catch {
            throw KaoheError(step: KaoheError.Step.demoData, path: url.path, message: error.description)
        }
    }

    /// A correction: 税务局 hands in its December figures again, higher after a recount.
    func zoneCorrection(_ folder: URL) throws -> [DemoFile] {
        let rows = zoneRows().filter {
            $0.1 == "gx-swj" && $0.0.sunday.yearMonth == YearMonth("2018-12")! && $0.2 != "6"
        }
        guard let first = rows.first else { return [] }
        var csv = "周次,单位,指标,报送数,合格数\n"
        csv += "\(first.0),税务局,\(first.2),\(first.3 + 1),\(first.4 + 1)\n"
        let u = folder.appendingPathComponent("gaoxin-2018_2018-12_税务局更正.csv")
        try Data(csv.utf8).write(to: u)
        return [DemoFile(url: u, scheme: "gaoxin-2018", note: "更正: 替换已导入的一行, 保留历史")]
    }

    // MARK: - The districts (jinan-districts)

    func districtDiligence(_ unit: String, month k: Int) -> Double {
        let t = Double(k) / 6
        switch unit {
        case "licheng": return min(0.97, 0.35 + 0.6 * t)  // 历城区 climbs
        case "gangcheng": return max(0.3, 0.92 - 0.6 * t)  // 钢城区 falls
        case "lixia": return 0.95
        case "shanghe": return 0.45
        default:
            var r = SplitMix64(seed: seed ^ fnv(unit) ^ 0x5eed)
            return 0.5 + 0.45 * r.nextDouble()
        }
    }

    func districts(_ folder: URL) throws -> [DemoFile] {
        let s = catalog.scheme(id: "jinan-districts")!
        let reg = catalog.registry
        var rng = SplitMix64(seed: seed &+ 1)
        let weeks = zoneWeeks
        let firstMonth = weeks[0].sunday.yearMonth
        var byMonth: [YearMonth: String] = [:]
        var filed = Set<String>()
        for w in weeks {
            let m = w.sunday.yearMonth
            let k = (m.year - firstMonth.year) * 12 + m.month - firstMonth.month
            for u in s.units where s.rollups[u] == nil {
                let p = districtDiligence(u, month: k)
                for i in s.indicators where !i.rule.isDeduction {
                    var sub = 0
                    var q = 0
                    switch i.rule {
                    case .document:
                        if !filed.contains(u), rng.nextDouble() < p * 0.5 {
                            filed.insert(u)
                            sub = 1
                            q = 1
                        }
                    case .quota(let c, let period):
                        let perWeek = period == .quarter ? c / 13 : c * 12 / 52
                        // floor(λ + U) has mean λ: about the quota for a diligent district.
                        let n = Int((perWeek * (0.25 + 0.85 * p) + rng.nextDouble()).rounded(.down))
                        sub = n
                        q = (0..<n).filter { _ in rng.nextDouble() < 0.5 + 0.45 * p }.count
                    case .rate:
                        sub = 20 + Int(rng.nextDouble() * 60)
                        q = min(sub, Int((Double(sub) * min(1, 0.75 + 0.25 * p + 0.03 * rng.nextDouble())).rounded()))
                    case .deduction: break
                    }
                    if sub > 0 {
                        // GB18030 CSV as Chinese Excel saves it: Chinese headers, dates 2018年12月3日,
                        // full-width digits from one district's old template.
                        let date = w.monday.components
                        var subText = String(sub)
                        var qText = String(q)
                        if u == "shanghe" {
                            subText = subText.fullWidth
                            qText = qText.fullWidth
                        }
                        byMonth[m, default: ""] +=
                            "\(date.year)年\(date.month)月\(date.day)日,\(reg.unit(id: u)!.name),\(i.code),\(subText),\(qText)\n"
                    }
                }
            }
        }
        var files: [DemoFile] = []
        let gb = String.Encoding(rawValue: 0x8000_0632)
        for (m, body) in byMonth.sorted(by: { $0.key < $1.key }) {
            let text = "周次,单位,指标,报送数,合格数\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")
            guard let data = text.data(using: gb) else {
                throw KaoheError(step: KaoheError.Step.demoData, message: "GB18030 编码失败 (cannot encode as GB18030)")
            }
            let u = folder.appendingPathComponent("jinan-districts_\(m)_区县报送（GB18030）.csv")
            try data.write(to: u)
            files.append(DemoFile(url: u, scheme: "jinan-districts", note: "GB18030 CSV, 中文日期, 全角数字"))
        }
        return files
    }

    // MARK: - News (news-2017) from its start to the zone's last week, one workbook a quarter

    func news(_ folder: URL) throws -> [DemoFile] {
        let s = catalog.scheme(id: "news-2017")!
        let reg = catalog.registry
        var rng = SplitMix64(seed: seed &+ 2)
        var files: [DemoFile] = []
        let first = s.start.isoWeek
        var byQuarter: [Quarter: Worksheet] = [:]
        var w = first
        let end = zoneWeeks.last!.sunday
        while w.sunday <= end {
            let q = Quarter(containing: w.sunday)
            if byQuarter[q] == nil {
                var x = Worksheet(name: "信息报送")
                x.append([.text("方案"), .text("周次"), .text("单位"), .text("指标"), .text("报送数"), .text("合格数")])
                byQuarter[q] = x
            }
            for u in s.units {
                var r = SplitMix64(seed: seed ^ fnv(u) ^ 0x6e65_7773)
                let p = 0.2 + 0.8 * r.nextDouble()
                let n = Int((rng.nextDouble() * 1.5 * p + rng.nextDouble() * 0.75).rounded(.down))
                guard n > 0 else { continue }
                let adopted = (0..<n).filter { _ in rng.nextDouble() < 0.35 + 0.4 * p }.count
                byQuarter[q]!.append([
                    .text("news-2017"), .date(w.monday), .text(reg.unit(id: u)!.name),
                    .text("信用新闻报送"), .number(Double(n)), .number(Double(adopted)),
                ])
            }
            w = w.adding(weeks: 1)
        }
        for (q, x) in byQuarter.sorted(by: { $0.key < $1.key }) {
            let u = folder.appendingPathComponent("news-2017_\(q)_信息报送.xlsx")
            try write([x], to: u)
            files.append(DemoFile(url: u, scheme: nil, note: "Excel, 方案列, 日期单元格"))
        }
        return files
    }

    // MARK: - Events and targets

    func events(_ folder: URL) throws -> [DemoFile] {
        // Synthetic identity number (valid shape, made up) to show masking on the pages.
        let csv = """
            日期,单位,指标,事由,次数
            2019-03-14,城市管理局,5,因工程款纠纷被法院列为失信被执行人（案号（2019）鲁0191执 1234 号）,1
            2019-05-20,遥墙街道办,5,村委会被列为失信被执行人，涉及当事人身份证号 370102198001011234,1
            2019-06-03,城市管理局,5,再次被列为失信被执行人，统一社会信用代码 11370100MB1234567X,1

            """
        let u = folder.appendingPathComponent("gaoxin-2018_失信被执行人通报.csv")
        try Data(csv.utf8).write(to: u)
        let csv2 = """
            date,unit,reason,count
            2019-04-09,钢城区,区属事业单位被列为失信被执行人,1
            2019-02-18,商河县,村委会被列为失信被执行人,2

            """
        let u2 = folder.appendingPathComponent("jinan-districts_失信被执行人通报.csv")
        try Data(csv2.utf8).write(to: u2)
        return [
            DemoFile(url: u, scheme: "gaoxin-2018", note: "扣分事件, 事由含身份证号（页面打码）"),
            DemoFile(url: u2, scheme: "jinan-districts", note: "扣分事件, 英文表头, 默认扣分指标"),
        ]
    }

    func targets(_ folder: URL) throws -> [DemoFile] {
        let csv = """
            期间,指标,数值
            2021,各级政府部门失信案件清理率,92％
            2022,各级政府部门失信案件清理率,97％
            2023,各级政府部门失信案件清理率,100％
            2021,各级事业单位失信案件清理率,80%
            2022,各级事业单位失信案件清理率,84%
            2024,各级事业单位失信案件清理率,88%
            2021,信用信息覆盖情况/企业法人覆盖率,96.5%
            2022,信用信息覆盖情况/企业法人覆盖率,98.2%
            2023,信用信息覆盖情况/企业法人覆盖率,99.4%
            2024,信用信息覆盖情况/企业法人覆盖率,100%
            2021,信用信息覆盖情况/非企业法人覆盖率,90%
            2024,信用信息覆盖情况/非企业法人覆盖率,91%
            2021,自然人覆盖率,70%
            2022,自然人覆盖率,78%
            2023,自然人覆盖率,86%
            2024,自然人覆盖率,93%
            2021,信用分级分类监管情况/企业法人覆盖率,60%
            2022,信用分级分类监管情况/企业法人覆盖率,72%
            2023,信用分级分类监管情况/企业法人覆盖率,81%
            2022,信用分级分类监管情况/非企业法人覆盖率,50%
            2021,信用信息年均查询量,"３２０"
            2022,信用信息年均查询量,360
            2023,信用信息年均查询量,395
            2024,信用信息年均查询量,"  410  "
            2021,行政管理事项中应用信用记录覆盖率,85%
            2023,行政管理事项中应用信用记录覆盖率,82%
            2021,信用贷款余额规模,"２，８００"
            2022,信用贷款余额规模,"3,500"
            2023,信用贷款余额规模,"4,400"
            2024-06,信用贷款余额规模,"5,050"
            2021,36个直辖市、省会、副省级城市信用监测排名,15
            2022,36个直辖市、省会、副省级城市信用监测排名,12
            2023,36个直辖市、省会、副省级城市信用监测排名,9
            2021,市民对社会信用体系建设满意度,91%
            2022,市民对社会信用体系建设满意度,92.5%
            2023,市民对社会信用体系建设满意度,92%

            """
        let u = folder.appendingPathComponent("fyp14-targets_专栏1监测数据.csv")
        try Data(csv.utf8).write(to: u)
        return [DemoFile(url: u, scheme: nil, note: "专栏1 观测值: 百分号、全角数字、千位分隔符")]
    }
}

extension String {
    var fullWidth: String {
        String(
            String.UnicodeScalarView(
                unicodeScalars.map { s in
                    (0x30...0x39).contains(s.value) ? Unicode.Scalar(s.value + 0xFEE0)! : s
                }))
    }
}

/// FNV-1a of a string: a stable per-unit seed.
func fnv(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}
