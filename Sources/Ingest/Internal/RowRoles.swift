import Indicators

/// What a row under the header is: data, a total (合计/总计/小计) or a footer (填表人…).
enum RowRole: Equatable {
    case data
    /// `level` 1 = 小计, 2 = 合计, 3 = 总计; `label` as normalised (spaces and a trailing colon removed).
    case total(level: Int, label: String)
    case footer

    /// The role of a row: its first text cell (or its 单位 cell) names a total; its first text
    /// cell starts a footer line.
    init(_ cells: [Cell], unitColumn: Int?) {
        self = .data
        guard let first = cells.first(where: { if case .text = $0 { true } else { false } })?.text else { return }
        if RowRole.mayStart(first) {
            let key = RowRole.normalised(first)
            if let level = RowRole.totalLevels[key] {
                self = .total(level: level, label: key)
                return
            }
            if RowRole.isFooter(key) {
                self = .footer
                return
            }
        }
        if let uc = unitColumn, uc < cells.count, case .text(let t) = cells[uc], RowRole.mayStart(t) {
            let k = RowRole.normalised(t)
            if let level = RowRole.totalLevels[k] { self = .total(level: level, label: k) }
        }
    }

    /// The first characters of every total and footer word (most rows are ruled out by this alone).
    static let initials: Set<Character> = Set(
        (Array(totalLevels.keys) + footerPrefixes + noteWords).compactMap(\.first))

    static let asciiInitials = initials.contains { $0.isASCII }

    static func mayStart(_ text: String) -> Bool {
        guard let b = text.utf8.first else { return false }
        // The initials are Chinese characters: a text starting with an ASCII byte is data.
        if b < 0x80 && !asciiInitials { return false }
        guard let c = text.first else { return false }
        return initials.contains(c)
    }

    static let totalLevels = ["小计": 1, "合计": 2, "总计": 3]

    /// Footer lines: who filled in, checked or answers for the sheet, a phone, the date, notes.
    static let footerPrefixes = ["填表人", "填报人", "审核人", "负责人", "联系人", "联系电话", "制表", "填报日期", "填表日期"]
    static let noteWords = ["注", "备注", "说明"]

    /// A text without spaces (also full-width ones) and without a trailing `:`/`：`.
    static func normalised(_ text: String) -> String {
        var t = text.filter { !$0.isWhitespace }
        while let last = t.last, last == ":" || last == "：" { t.removeLast() }
        return t
    }

    static func isFooter(_ key: String) -> Bool {
        if footerPrefixes.contains(where: { key.hasPrefix($0) }) { return true }
        // 注/备注/说明 alone or followed by a colon, a 、, a bracket or a number (注1：…), not 注册….
        for word in noteWords where key.hasPrefix(word) {
            let rest = key.dropFirst(word.count)
            guard let next = rest.first else { return true }
            if ":：、,，.．(（[【".contains(next) || next.isNumber { return true }
        }
        return false
    }
}

extension Session {
    /// A notes sheet, skipped whatever it holds: a name (spaces ignored) ending in 说明 or 须知,
    /// or 备注 / 注意事项.
    static func isNotesSheet(_ name: String) -> Bool {
        let n = name.filter { !$0.isWhitespace }
        return n.hasSuffix("说明") || n.hasSuffix("须知") || n == "备注" || n == "注意事项"
    }
}

/// The sums a total row is checked against: 小计 totals the data rows since the last total of any
/// level, 合计 those since the last 合计 or 总计, 总计 those since the last 总计 (or the header).
struct TotalCheck {
    let columns: [Int]
    /// The sum of level l (1–3) and column index i at `(l - 1) * columns.count + i`.
    private var sums: [Double]

    init(columns: [Int]) {
        self.columns = columns
        sums = Array(repeating: 0, count: 3 * columns.count)
    }

    /// Adds a data row's numbers (empty and non-number cells count 0, as a spreadsheet's SUM does).
    mutating func add(_ cells: [Cell]) {
        let n = columns.count
        for (i, c) in columns.enumerated() {
            guard c < cells.count, let x = TotalCheck.amount(cells[c]) else { continue }
            sums[i] += x
            sums[n + i] += x
            sums[2 * n + i] += x
        }
    }

    /// Checks a total row against the rows it totals, then starts its level (and those below) again.
    /// Cells of the total row that hold no number are not checked.
    mutating func close(level: Int, label: String, cells: [Cell]) -> [(column: Int, message: String)] {
        var out: [(column: Int, message: String)] = []
        for (i, c) in columns.enumerated() {
            guard c < cells.count, let shown = TotalCheck.amount(cells[c]) else { continue }
            let sum = sums[(level - 1) * columns.count + i]
            if abs(shown - sum) > 1e-9 * max(1, abs(sum)) {
                let a = formatNumber(shown)
                let b = formatNumber(sum)
                out.append(
                    (c, "\(label) \(a) 与上方各行之和 \(b) 不符 (total \(a) does not match the sum \(b) of the rows above)"))
            }
        }
        for k in 0..<(level * columns.count) { sums[k] = 0 }
        return out
    }

    static func amount(_ cell: Cell) -> Double? {
        switch cell {
        case .number(let x): x
        case .text(let t): Values.number(t)
        default: nil
        }
    }
}
