import Foundation
import Indicators
import Ingest

/// The fill-in form of one unit for one week of a scheme (`kaohe template`, formats.md 报送模板):
/// a title, the unit and week, one row per indicator the unit answers for, input cells for 报送数
/// and 合格数 with data validation, the rest of the sheet protected, A4 print set-up.
/// Hidden columns carry 方案, 周次 and 单位 so that the filled form imports with no flag but `--db`.
public struct WeeklyTemplate: Sendable {
    public let scheme: Scheme
    public let unit: Indicators.Unit
    public let week: ISOWeek

    /// The row of the header (0-based); data rows follow it.
    public static let headerRow = 3

    public init(scheme: Scheme, unit: Indicators.Unit, week: ISOWeek) {
        self.scheme = scheme
        self.unit = unit
        self.week = week
    }

    /// The indicators the unit fills in: those it answers for, deductions left out (they come as events).
    public static func indicators(of scheme: Scheme, for unit: String) -> [Indicator] {
        guard scheme.rollups[unit] == nil else { return [] }
        return scheme.indicators.filter { !$0.rule.isDeduction && scheme.isResponsible(unit: unit, indicator: $0) }
    }

    /// Units that get a template: those answering for at least one non-deduction indicator, in scheme order.
    public static func units(of scheme: Scheme) -> [String] {
        scheme.units.filter { !indicators(of: scheme, for: $0).isEmpty }
    }

    /// The file's name: the unit's name and the week, with characters no file system takes replaced.
    public var fileName: String {
        WeeklyTemplate.safeFileName("\(unit.name)_\(week)") + ".xlsx"
    }

    /// `name` with path separators, reserved and control characters replaced by `_`, no leading dot
    /// or trailing dot/space, at most 100 characters.
    public static func safeFileName(_ name: String) -> String {
        let reserved = Set("/\\:*?\"<>|")
        var s = String(
            name.map { c in
                reserved.contains(c) || c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "_" : c
            })
        while s.hasPrefix(".") { s.removeFirst() }
        while s.hasSuffix(".") || s.hasSuffix(" ") { s.removeLast() }
        if s.count > 100 { s = String(s.prefix(100)) }
        return s.isEmpty ? "_" : s
    }

    /// The form as a unit sends it back: `figures` maps indicator codes to (报送数, 合格数); the
    /// other rows stay blank. (The demo's 市场监管局 answers this way.)
    public func workbook(filledWith figures: [String: (submitted: Int, qualified: Int)]) -> Workbook {
        var book = workbook()
        var sheet = book.sheets[0]
        let rows = WeeklyTemplate.indicators(of: scheme, for: unit.id)
        for (k, i) in rows.enumerated() {
            guard let f = figures[i.code] else { continue }
            let r = WeeklyTemplate.headerRow + 1 + k
            let style = sheet.cells[CellAddress(row: r, column: TemplateForm.submittedColumn)]?.style ?? .plain
            sheet.set(.number(Double(f.submitted)), row: r, column: TemplateForm.submittedColumn, style: style)
            sheet.set(.number(Double(f.qualified)), row: r, column: TemplateForm.qualifiedColumn, style: style)
        }
        book.replaceSheet(at: 0, with: sheet)
        return book
    }

    public func workbook() -> Workbook {
        var book = Workbook(
            properties: DocumentProperties(
                title: "\(scheme.title) 数据报送表", subject: "\(unit.name) \(week)", author: scheme.office,
                comments: "由 kaohe template 生成；方案 \(scheme.id)，周次 \(week)，单位 \(unit.id)"))
        book.add(sheet())
        return book
    }

    /// The file name when another unit of the same name is in the same folder: the unit's id added.
    public var distinctFileName: String {
        WeeklyTemplate.safeFileName("\(unit.name)_\(unit.id)_\(week)") + ".xlsx"
    }

    /// Writes the form into `folder` as `name` (default `fileName`) and returns its URL.
    public func write(to folder: URL, as name: String? = nil) throws(WorkbookError) -> URL {
        let url = folder.appendingPathComponent(name ?? fileName)
        try workbook().write(to: url)
        return url
    }

    func sheet() -> Worksheet {
        typealias F = TemplateForm
        let rows = WeeklyTemplate.indicators(of: scheme, for: unit.id)
        var s = Worksheet(name: "\(week.week)周报送")
        let visible = 0...F.qualifiedColumn
        s.merge(
            CellRange(rows: 0...0, columns: visible),
            value: .text("\(scheme.title)\n数据报送表（\(week.year)年第\(week.week)周）"),
            style: CellStyle(bold: true, fontSize: 15, alignment: .center, verticalCenter: true, wrap: true))
        s.setRow(0, height: 44)
        let (mon, sun) = (week.monday.components, week.sunday.components)
        s.merge(
            CellRange(rows: 1...1, columns: visible),
            value: .text(
                "填报单位：\(unit.name)　　周次：\(week)（\(mon.year)年\(mon.month)月\(mon.day)日至\(sun.month)月\(sun.day)日）　　方案：\(scheme.id)"
            ),
            style: CellStyle(alignment: .left, verticalCenter: true))
        s.setRow(1, height: 22)
        s.merge(
            CellRange(rows: 2...2, columns: visible),
            value: .text("填写说明：只填黄色单元格；报送数、合格数为不小于 0 的整数，合格数不大于报送数；本周没有的填 0；留空的行不导入。其他内容请勿改动。"),
            style: CellStyle(fontSize: 9, alignment: .left, verticalCenter: true, wrap: true))
        s.setRow(2, height: 30)
        let head = CellStyle(
            bold: true, alignment: .center, verticalCenter: true, wrap: true, border: true, fill: 0xD9E1F2)
        for (c, h) in F.headers.enumerated() { s.set(.text(h), row: WeeklyTemplate.headerRow, column: c, style: head) }
        let text = CellStyle(verticalCenter: true, wrap: true, border: true)
        let code = CellStyle(alignment: .center, verticalCenter: true, border: true)
        let input = CellStyle(
            alignment: .center, verticalCenter: true, border: true, fill: 0xFFF2CC, unlocked: true, numberFormat: "0")
        for (k, i) in rows.enumerated() {
            let r = WeeklyTemplate.headerRow + 1 + k
            s.set(.text(i.code), row: r, column: F.indicatorColumn, style: code)
            s.set(.text(i.short), row: r, column: F.nameColumn, style: text)
            s.set(.text(i.requirement), row: r, column: F.requirementColumn, style: text)
            s.set(.blank, row: r, column: F.submittedColumn, style: input)
            s.set(.blank, row: r, column: F.qualifiedColumn, style: input)
            s.set(.text(scheme.id), row: r, column: F.schemeColumn)
            s.set(.text(week.description), row: r, column: F.weekColumn)
            s.set(.text(unit.id), row: r, column: F.unitColumn)
        }
        for (c, w) in [
            (F.indicatorColumn, 6.0), (F.nameColumn, 22), (F.requirementColumn, 48),
            (F.submittedColumn, 10), (F.qualifiedColumn, 10),
        ] { s.setColumn(c, width: w) }
        for c in F.schemeColumn...F.markerColumn { s.setColumn(c, width: 12, hidden: true) }
        if !rows.isEmpty { addValidation(&s, lastRow: WeeklyTemplate.headerRow + rows.count) }
        s.protected = true
        s.frozenRows = WeeklyTemplate.headerRow + 1
        s.repeatedRows = WeeklyTemplate.headerRow...WeeklyTemplate.headerRow
        s.page = PageSetup(paper: .a4, landscape: false, fitToPagesWide: 1, footer: "&C第 &P 页，共 &N 页")
        return s
    }

    func addValidation(_ s: inout Worksheet, lastRow: Int) {
        typealias F = TemplateForm
        let first = WeeklyTemplate.headerRow + 1
        let submitted = CellAddress(row: first, column: F.submittedColumn)
        s.validate(
            CellRange(rows: first...lastRow, columns: F.submittedColumn...F.submittedColumn),
            with: Validation(
                minimum: .number(0), inputTitle: "报送数", inputMessage: "本周报送的件数：不小于 0 的整数。本周没有填 0。",
                errorTitle: "报送数有误", errorMessage: "报送数应为不小于 0 的整数。"))
        s.validate(
            CellRange(rows: first...lastRow, columns: F.qualifiedColumn...F.qualifiedColumn),
            with: Validation(
                minimum: .number(0), maximum: .formula(submitted.reference()),
                inputTitle: "合格数", inputMessage: "其中合格的件数：不小于 0 的整数，且不大于报送数。",
                errorTitle: "合格数有误", errorMessage: "合格数应为整数，不小于 0 且不大于同一行的报送数。"))
    }
}
