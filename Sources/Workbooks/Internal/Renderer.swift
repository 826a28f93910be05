import CXLSXWriter
import Foundation
import Indicators

/// Hands a `Workbook` to libxlsxwriter: the only place C types are seen.
final class Renderer {
    let workbook: Workbook
    private var book: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [FormatKey: UnsafeMutablePointer<lxw_format>] = [:]
    /// C strings handed to libxlsxwriter, freed once the file is closed.
    private var strings: [UnsafeMutablePointer<CChar>] = []

    private struct FormatKey: Hashable {
        let style: CellStyle
        let isDate: Bool
    }

    init(workbook: Workbook) { self.workbook = workbook }

    deinit { for string in strings { free(string) } }

    func render(to path: String) throws(WorkbookError) {
        var options = lxw_workbook_options()
        options.constant_memory = workbook.inlineStrings ? 1 : 0
        guard let book = workbook_new_opt(path, &options) else {
            throw WorkbookError("\(path): 无法创建工作簿 (cannot create workbook)")
        }
        self.book = book
        var props = lxw_doc_properties()
        let p = workbook.properties
        props.title = c(p.title)
        props.subject = c(p.subject)
        props.author = c(p.author)
        props.company = c(p.company)
        props.comments = c(p.comments)
        props.created = time_t(p.created.timeIntervalSince1970)
        workbook_set_properties(book, &props)
        var failure: WorkbookError?
        for sheet in workbook.sheets {
            do { try render(sheet) } catch {
                failure = error
                break
            }
        }
        let closed = workbook_close(book)
        self.book = nil
        if let failure { throw failure }
        if closed != LXW_NO_ERROR {
            throw WorkbookError("\(path): 写入失败 (cannot write workbook): \(String(cString: lxw_strerror(closed)))")
        }
    }

    private func c(_ s: String?) -> UnsafeMutablePointer<CChar>? {
        guard let s else { return nil }
        let p = strdup(s)!
        strings.append(p)
        return p
    }

    private func check(_ e: lxw_error, _ sheet: String, _ what: String) throws(WorkbookError) {
        if e != LXW_NO_ERROR {
            throw WorkbookError("[\(sheet)] \(what): \(String(cString: lxw_strerror(e)))")
        }
    }

    private func render(_ sheet: Worksheet) throws(WorkbookError) {
        guard !sheet.name.isEmpty, let ws = workbook_add_worksheet(book, sheet.name) else {
            throw WorkbookError("工作表名“\(sheet.name)”无效或重复 (invalid or duplicate sheet name)")
        }
        for (column, setup) in sheet.columns.sorted(by: { $0.key < $1.key }) {
            var o = lxw_row_col_options()
            o.hidden = setup.hidden ? 1 : 0
            try check(
                worksheet_set_column_opt(ws, lxw_col_t(column), lxw_col_t(column), setup.width, nil, &o),
                sheet.name, "列宽 (column width)")
        }
        let merged = Set(
            sheet.merges.flatMap { m in
                (m.range.first.row...m.range.last.row).flatMap { r in
                    (m.range.first.column...m.range.last.column).map { CellAddress(row: r, column: $0) }
                }
            })
        // Rows in order (constant-memory mode writes each row once): cells, then the merges starting there.
        var heightsLeft = sheet.rowHeights
        let cells = sheet.cells.sorted(by: { $0.key < $1.key }).filter { !merged.contains($0.key) }
        let merges = sheet.merges.sorted { $0.range.first < $1.range.first }
        var ci = 0
        var mi = 0
        while ci < cells.count || mi < merges.count {
            let row = min(
                ci < cells.count ? cells[ci].key.row : .max, mi < merges.count ? merges[mi].range.first.row : .max)
            if let h = heightsLeft.removeValue(forKey: row) {
                try check(worksheet_set_row(ws, lxw_row_t(row), h, nil), sheet.name, "行高 (row height)")
            }
            while ci < cells.count, cells[ci].key.row == row {
                try write(cells[ci].value.value, at: cells[ci].key, style: cells[ci].value.style, ws, sheet.name)
                ci += 1
            }
            while mi < merges.count, merges[mi].range.first.row == row {
                try merge(merges[mi], ws, sheet.name)
                mi += 1
            }
        }
        for (row, h) in heightsLeft.sorted(by: { $0.key < $1.key }) {
            try check(worksheet_set_row(ws, lxw_row_t(row), h, nil), sheet.name, "行高 (row height)")
        }
        for v in sheet.validations { try validate(v.range, v.rule, ws, sheet.name) }
        if sheet.frozenRows > 0 { worksheet_freeze_panes(ws, lxw_row_t(sheet.frozenRows), 0) }
        if let rows = sheet.repeatedRows {
            try check(
                worksheet_repeat_rows(ws, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), sheet.name,
                "打印标题行 (repeat rows)")
        }
        if let page = sheet.page { setUp(page, ws) }
        if sheet.protected {
            var o = lxw_protection()
            worksheet_protect(ws, nil, &o)
        }
    }

    private func merge(
        _ m: (range: CellRange, value: CellValue, style: CellStyle),
        _ ws: UnsafeMutablePointer<lxw_worksheet>, _ name: String
    ) throws(WorkbookError) {
        let f = format(m.style, isDate: false)
        let text: String
        if case .text(let t) = m.value { text = t } else { text = "" }
        try check(
            worksheet_merge_range(
                ws, lxw_row_t(m.range.first.row), lxw_col_t(m.range.first.column),
                lxw_row_t(m.range.last.row), lxw_col_t(m.range.last.column), text, f),
            name, "合并单元格 \(m.range.reference) (merge)")
        if case .text = m.value {} else { try write(m.value, at: m.range.first, style: m.style, ws, name) }
    }

    private func write(
        _ value: CellValue, at a: CellAddress, style: CellStyle,
        _ ws: UnsafeMutablePointer<lxw_worksheet>, _ name: String
    ) throws(WorkbookError) {
        let r = lxw_row_t(a.row)
        let col = lxw_col_t(a.column)
        let e: lxw_error
        switch value {
        case .text(let s): e = worksheet_write_string(ws, r, col, s, format(style, isDate: false))
        case .number(let x): e = worksheet_write_number(ws, r, col, x, format(style, isDate: false))
        case .date(let d):
            e = worksheet_write_number(ws, r, col, Double(d.ordinal + 25569), format(style, isDate: true))
        case .formula(let f, let v):
            e = worksheet_write_formula_num(ws, r, col, "=" + f, format(style, isDate: false), v)
        case .blank: e = worksheet_write_blank(ws, r, col, format(style, isDate: false))
        }
        try check(e, name, "单元格 \(a.reference()) (cell)")
    }

    private func format(_ style: CellStyle, isDate: Bool) -> UnsafeMutablePointer<lxw_format>? {
        if style == .plain && !isDate { return nil }
        let key = FormatKey(style: style, isDate: isDate)
        if let f = formats[key] { return f }
        let f = workbook_add_format(book)!
        if style.bold { format_set_bold(f) }
        if let s = style.fontSize { format_set_font_size(f, s) }
        if let n = style.fontName { format_set_font_name(f, n) }
        switch style.alignment {
        case .general: break
        case .left: format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        if style.verticalCenter { format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)) }
        if style.wrap { format_set_text_wrap(f) }
        if style.border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
        if let fill = style.fill {
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(f, lxw_color_t(fill))
        }
        if style.unlocked { format_set_unlocked(f) }
        if let n = style.numberFormat {
            format_set_num_format(f, n)
        } else if isDate {
            format_set_num_format_index(f, 14)
        }
        formats[key] = f
        return f
    }

    private func validate(
        _ range: CellRange, _ rule: Validation, _ ws: UnsafeMutablePointer<lxw_worksheet>,
        _ name: String
    ) throws(WorkbookError) {
        var v = lxw_data_validation()
        let usesFormula = [rule.minimum, rule.maximum].contains { if case .formula = $0 { true } else { false } }
        v.validate = UInt8((usesFormula ? LXW_VALIDATION_TYPE_INTEGER_FORMULA : LXW_VALIDATION_TYPE_INTEGER).rawValue)
        func formula(_ b: Validation.Bound) -> UnsafeMutablePointer<CChar>? {
            switch b {
            case .number(let x): c("=\(x == x.rounded() ? String(Int(x)) : String(x))")
            case .formula(let f): c("=" + f)
            }
        }
        func number(_ b: Validation.Bound) -> Double { if case .number(let x) = b { x } else { 0 } }
        switch (rule.minimum, rule.maximum) {
        case (let lo?, let hi?):
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            if usesFormula {
                v.minimum_formula = formula(lo)
                v.maximum_formula = formula(hi)
            } else {
                v.minimum_number = number(lo)
                v.maximum_number = number(hi)
            }
        case (let lo?, nil):
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            if usesFormula { v.value_formula = formula(lo) } else { v.value_number = number(lo) }
        case (nil, let hi?):
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO.rawValue)
            if usesFormula { v.value_formula = formula(hi) } else { v.value_number = number(hi) }
        case (nil, nil):
            v.validate = UInt8(LXW_VALIDATION_TYPE_ANY.rawValue)
        }
        v.input_title = c(rule.inputTitle)
        v.input_message = c(rule.inputMessage)
        v.error_title = c(rule.errorTitle)
        v.error_message = c(rule.errorMessage)
        try check(
            worksheet_data_validation_range(
                ws, lxw_row_t(range.first.row), lxw_col_t(range.first.column),
                lxw_row_t(range.last.row), lxw_col_t(range.last.column), &v),
            name, "数据验证 \(range.reference) (data validation)")
    }

    private func setUp(_ page: PageSetup, _ ws: UnsafeMutablePointer<lxw_worksheet>) {
        switch page.paper {
        case .a4: worksheet_set_paper(ws, 9)
        }
        if page.landscape { worksheet_set_landscape(ws) }
        if let wide = page.fitToPagesWide { worksheet_fit_to_pages(ws, UInt16(wide), 0) }
        worksheet_set_margins(ws, page.margins.left, page.margins.right, page.margins.top, page.margins.bottom)
        if page.centeredHorizontally { worksheet_center_horizontally(ws) }
        if let footer = page.footer { _ = worksheet_set_footer(ws, footer) }
    }
}
