import Indicators

/// The fill-in template `kaohe template` hands to units (formats.md, 报送模板): the header row's
/// labels, and how a filled template is recognised when it comes back.
///
/// The header row carries, in hidden columns, 方案, 周次 and 单位 (filled on every row, so the file
/// needs no `--scheme` or `--week`) and the marker column. A header with the marker is a template:
/// its descriptive columns are not "unknown columns", and rows left blank (neither 报送数 nor 合格数
/// typed) mean "nothing to report" and are skipped.
public enum TemplateForm {
    /// The header of the hidden column that marks a template (its cells below are empty).
    public static let marker = "kaohe报送模板"
    /// The columns from A, in order: the visible ones, then the hidden ones.
    public static let indicatorColumn = 0, nameColumn = 1, requirementColumn = 2
    public static let submittedColumn = 3, qualifiedColumn = 4
    public static let schemeColumn = 5, weekColumn = 6, unitColumn = 7, markerColumn = 8
    /// The header row's labels, one per column above.
    public static let headers = ["指标", "指标名称", "考核要求", "报送数", "合格数", "方案", "周次", "单位", marker]
    /// The columns that only describe the indicator for whoever fills the form in.
    static let descriptive: Set<String> = ["指标名称", "考核要求", marker]

    /// Whether a header row (its cell texts) is the template's.
    static func isTemplate(_ names: [String]) -> Bool {
        names.contains(marker)
    }

    /// Whether a data row of a template was left blank: no input in 报送数 or 合格数.
    static func isUnfilled(_ cells: [Cell], layout: Layout) -> Bool {
        [Field.submitted, .qualified].allSatisfy { f in
            let c = layout.cols[f.ordinal]
            return c < 0 || c >= cells.count || cells[c].isEmpty
        }
    }
}

extension Session {
    /// Recognises a template's header: forgets the unknown-column warnings about its descriptive
    /// columns and says whether blank rows are to be skipped.
    mutating func recogniseTemplate(_ names: [String], headerRow: Int) -> Bool {
        guard TemplateForm.isTemplate(names) else { return false }
        warnings.removeAll { w in
            w.row == headerRow
                && w.column.map { $0 < names.count && TemplateForm.descriptive.contains(names[$0]) } == true
        }
        return true
    }
}
