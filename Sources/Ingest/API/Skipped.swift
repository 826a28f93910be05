/// What a file held that is not data and was skipped (the summary line of the file says it).
public struct Skipped: Hashable, Sendable {
    /// Non-blank rows above a header (titles), in all sheets.
    public var titleRows = 0
    /// 合计/总计/小计 rows, each checked against the rows it totals.
    public var totalRows = 0
    /// 填表人, 审核人, 联系电话, 注… lines.
    public var footerRows = 0
    /// Sheets with nothing in them.
    public var blankSheets: [String] = []
    /// Sheets named as notes (说明, 填表说明…), skipped whatever they hold.
    public var notesSheets: [String] = []
    /// Sheets with a header and no data row under it (an unfilled week).
    public var headerOnlySheets: [String] = []

    public init() {}

    public var isEmpty: Bool { self == Skipped() }

    /// `跳过：标题 1 行、合计 1 行（已核对）、表尾 2 行、空白工作表“Sheet3” (skipped: …)`; empty when nothing was skipped.
    public var description: String {
        var zh: [String] = []
        var en: [String] = []
        func sheets(_ names: [String]) -> String { names.map { "“\($0)”" }.joined(separator: "") }
        if titleRows > 0 {
            zh.append("标题 \(titleRows) 行")
            en.append("\(titleRows) title row(s)")
        }
        if totalRows > 0 {
            zh.append("合计 \(totalRows) 行（已核对）")
            en.append("\(totalRows) total row(s), checked")
        }
        if footerRows > 0 {
            zh.append("表尾 \(footerRows) 行")
            en.append("\(footerRows) footer row(s)")
        }
        if !blankSheets.isEmpty {
            zh.append("空白工作表\(sheets(blankSheets))")
            en.append("\(blankSheets.count) blank sheet(s)")
        }
        if !notesSheets.isEmpty {
            zh.append("说明工作表\(sheets(notesSheets))")
            en.append("\(notesSheets.count) notes sheet(s)")
        }
        if !headerOnlySheets.isEmpty {
            zh.append("只有表头的工作表\(sheets(headerOnlySheets))")
            en.append("\(headerOnlySheets.count) sheet(s) with a header only")
        }
        if zh.isEmpty { return "" }
        return "跳过：" + zh.joined(separator: "、") + " (skipped: " + en.joined(separator: ", ") + ")"
    }
}
