import Indicators

/// The columns a header may name (formats.md).
enum Field: String, CaseIterable {
    case week, unit, indicator, submitted, qualified, scheme, date, reason, count, period, value

    var label: String {
        switch self {
        case .week: "周次"
        case .unit: "单位"
        case .indicator: "指标"
        case .submitted: "报送数"
        case .qualified: "合格数"
        case .scheme: "方案"
        case .date: "日期"
        case .reason: "事由"
        case .count: "次数"
        case .period: "期间"
        case .value: "数值"
        }
    }

    var ordinal: Int {
        switch self {
        case .week: 0
        case .unit: 1
        case .indicator: 2
        case .submitted: 3
        case .qualified: 4
        case .scheme: 5
        case .date: 6
        case .reason: 7
        case .count: 8
        case .period: 9
        case .value: 10
        }
    }

    static let names: [String: Field] = {
        var m: [String: Field] = [:]
        for f in Field.allCases {
            m[f.rawValue] = f
            m[f.label] = f
        }
        m["target"] = .indicator
        m["目标"] = .indicator
        return m
    }()

    /// The field a header cell names: full-width forms, spaces, case and a trailing `(…)` ignored.
    static func named(_ text: String) -> Field? {
        var t = text.halfWidth.filter { !$0.isWhitespace }.lowercased()
        if t.hasSuffix(")"), let i = t.lastIndex(of: "(") { t = String(t[..<i]) }
        return names[t]
    }
}

/// A scheme with what the row checks ask of it many times, computed once.
final class SchemeContext {
    let scheme: Scheme
    let index: Int
    /// Names and aliases of the scheme's units, for suggestions.
    let unitNames: [String]
    let indicatorNames: [String]
    let codes: [String]
    let isDeduction: [Bool]
    /// [indicator][registry index of a unit]: 0 unknown, 1 responsible, 2 not.
    private var responsible: [[UInt8]]
    private let assessed: Set<String>
    /// Whether a row of this scheme was kept.
    var used = false

    /// First row of each (indicator, unit, week since the scheme's start), 0 when not seen yet: a
    /// dense table for the duplicate check (weeks outside the scheme's life are refused before).
    var firstRows: [Int32] = []
    private let startMonday: Int
    private let weekSpan: Int
    private let unitCount: Int

    /// Weeks from the scheme's first week to `week`.
    func weekOffset(_ week: ISOWeek) -> Int { (week.monday.ordinal - startMonday) / 7 }

    /// The slot of a row in `firstRows` (its week as `weekOffset`); nil when the table would be too
    /// large (then a hash table is used).
    @inline(__always)
    func denseSlot(unit: Int, indicator: Int, weekOffset offset: Int) -> Int? {
        guard weekSpan > 0 else { return nil }
        guard offset >= 0, offset < weekSpan else { return nil }
        return (indicator * unitCount + unit) * weekSpan + offset
    }

    init(scheme: Scheme, index: Int, registry: UnitRegistry, today: Day) {
        let start = scheme.start.isoWeek.monday
        startMonday = start.ordinal
        unitCount = registry.units.count
        let span = max(0, (today.ordinal - start.ordinal) / 7 + 2)
        let size = span * unitCount * scheme.indicators.count
        weekSpan = size <= 16_000_000 ? span : 0
        if weekSpan > 0 { firstRows = Array(repeating: 0, count: size) }
        self.scheme = scheme
        self.index = index
        let units = scheme.units.compactMap { registry.unit(id: $0) }
        unitNames = units.flatMap { [$0.name] + $0.aliases }
        indicatorNames = scheme.indicators.map(\.short)
        codes = scheme.indicators.map(\.code)
        isDeduction = scheme.indicators.map(\.rule.isDeduction)
        responsible = Array(repeating: Array(repeating: 0, count: registry.units.count), count: scheme.indicators.count)
        assessed = Set(scheme.assessed)
    }

    /// `Scheme.isResponsible`, asked once per unit and indicator.
    func isResponsible(unit: Int, id: String, indicator: Int) -> Bool {
        let v = responsible[indicator][unit]
        if v != 0 { return v == 1 }
        // Scheme.isResponsible, with the individual scheme's list as a set (2,000 units in the benchmark).
        let r =
            scheme.mode == .individual
            ? assessed.contains(id) : scheme.isResponsible(unit: id, indicator: scheme.indicators[indicator])
        responsible[indicator][unit] = r ? 1 : 2
        return r
    }
}

/// One file's check: for each sheet (a CSV is one), the header, then every row; problems
/// collected, rows kept when all is well.
struct Session {
    let file: String
    let catalog: Catalog
    let options: CheckOptions
    var problems: [Problem] = []
    /// The sheet (its ordinal) of each problem kept, to list them sheet by sheet.
    var problemSheets: [Int] = []
    var total = 0
    var warnings: [Problem] = []

    /// The sheet messages name (`file[sheet]:…`): the current one in a workbook of several sheets, else nil.
    var currentSheet: String?
    /// The ordinal of the sheet being read (0 in a CSV).
    var sheetOrdinal = 0
    /// Whether sheets are named in messages (a workbook with more than one sheet).
    var namesSheets = false
    var sheetNames: [String] = []
    /// The kind of the file (the first sheet read decides; every other sheet must agree).
    var kind: DataKind?
    /// Data rows read in all sheets.
    var rowCount = 0
    var skipped = Skipped()
    var records = Records()

    // Caches (imports have millions of rows and few distinct texts).
    var unitIndex: [String: Int] = [:]
    let unitIDs: [String]
    var unitCache: [String: Int?] = [:]
    var weekCache: [String: ISOWeek?] = [:]
    var contexts: [Int: SchemeContext] = [:]
    var schemeCache: [String: Int?] = [:]
    var indicatorCache: [Int: [String: Int?]] = [:]
    var usedSchemes = Set<String>()
    /// Receives checked weekly rows by chunks while the file is read (streaming imports).
    var sink: (([WeeklyCount]) -> Void)?
    /// Small enough that the writer starts at once and the last chunk is soon written.
    static let chunk = 8_192
    var lastUnit: (text: String, index: Int?) = ("", nil)
    var lastWeek: (text: String, week: ISOWeek?) = ("", nil)
    var lastScheme: (text: String, index: Int?) = ("", nil)
    /// The last week that passed the checks of a scheme's dates (the scheme by its index), with its
    /// `weekOffset`.
    var lastWeekPassed: (week: ISOWeek?, scheme: Int, offset: Int) = (nil, -1, 0)
    /// The first indicator texts met in each scheme (by index), with what they resolve to.
    var recentIndicators: [(scheme: Int, text: String, index: Int?)] = []
    static let recentLimit = 32
    /// Where in `recentIndicators` the last indicator was found.
    var lastIndicator = 0

    init(file: String, catalog: Catalog, options: CheckOptions) {
        self.file = file
        self.catalog = catalog
        self.options = options
        for (i, u) in catalog.registry.units.enumerated() { unitIndex[u.id] = i }
        unitIDs = catalog.registry.units.map(\.id)
    }

    mutating func problem(_ row: Int?, _ column: Int?, _ message: String) {
        total += 1
        if problems.count < IngestError.cap {
            problems.append(Problem(file: file, sheet: currentSheet, row: row, column: column, message: message))
            problemSheets.append(sheetOrdinal)
        }
    }

    /// The problems so far, sheet by sheet, by row then column (sheet-wide ones first).
    func failure() -> IngestError {
        let sorted = problems.indices.sorted { a, b in
            let pa = problems[a]
            let pb = problems[b]
            return (problemSheets[a], pa.row ?? 0, pa.column ?? -1, a) < (
                problemSheets[b], pb.row ?? 0, pb.column ?? -1, b
            )
        }.map { problems[$0] }
        return IngestError(file: file, problems: sorted, total: total)
    }

    // MARK: Row keys (a row of any sheet as one number, for the duplicate checks)

    /// Rows of a sheet fit in 21 bits (a worksheet has at most 1,048,576 rows).
    static let rowBits = 21
    /// At most this many sheets are read from one workbook (row keys are 32-bit).
    static let maxSheets = 1023

    /// The row `r` of the current sheet as a key that tells sheets apart (the row itself in a CSV).
    func rowKey(_ r: Int) -> Int { namesSheets ? sheetOrdinal << Session.rowBits | r : r }

    /// `第 N 行`, or `工作表“X”第 N 行` when the row is in another sheet than the current one.
    func rowName(_ key: Int) -> String {
        guard namesSheets else { return "第 \(key) 行" }
        let sheet = key >> Session.rowBits
        let row = key & (1 << Session.rowBits - 1)
        if sheet == sheetOrdinal || sheet >= sheetNames.count { return "第 \(row) 行" }
        return "工作表“\(sheetNames[sheet])”第 \(row) 行"
    }

    // MARK: Files

    /// A CSV file: one table.
    mutating func run<S: RowSource>(_ source: inout S) throws(IngestError) -> CheckedFile {
        switch try readSheet(&source) {
        case .blank:
            problem(nil, nil, "文件没有内容 (no rows)")
            throw failure()
        case .noHeader(let row):
            problem(row, nil, Session.noHeader)
            throw failure()
        case .headerOnly(let row, let template):
            problem(row, nil, Session.noData(template: template))
            throw failure()
        case .read: return try finish()
        }
    }

    /// A workbook: every sheet with a header is read as part of the file; blank and notes sheets
    /// are skipped (and said so); a sheet with content but no header refuses the file.
    mutating func run(sheets: [SheetInput]) throws(IngestError) -> CheckedFile {
        if sheets.count > Session.maxSheets {
            problem(nil, nil, "工作表太多（\(sheets.count) 个，最多 \(Session.maxSheets) 个）(too many sheets)")
            throw failure()
        }
        namesSheets = sheets.count > 1
        var headerOnly: [(name: String, row: Int, template: Bool)] = []
        for (i, sheet) in sheets.enumerated() {
            sheetOrdinal = i
            sheetNames.append(sheet.name)
            currentSheet = namesSheets ? sheet.name : nil
            if Session.isNotesSheet(sheet.name) {
                skipped.notesSheets.append(sheet.name)
                continue
            }
            var source: any RowSource
            do { source = try sheet.open() } catch { throw readFailure(error) }
            switch try readSheet(&source) {
            case .blank: skipped.blankSheets.append(sheet.name)
            case .noHeader(let row):
                problem(
                    row, nil,
                    "工作表“\(sheet.name)”有内容但找不到表头（若是说明，请将工作表命名为“说明”）"
                        + "(sheet has content but no header row)")
            case .headerOnly(let row, let template): headerOnly.append((sheet.name, row, template))
            case .read: break
            }
        }
        currentSheet = nil
        if total == 0 && rowCount == 0 {
            if let first = headerOnly.first {
                if namesSheets { currentSheet = first.name }
                problem(first.row, nil, Session.noData(template: first.template))
            } else {
                problem(nil, nil, "工作簿中没有数据（工作表均为空白或说明）(no data in any sheet)")
            }
            throw failure()
        }
        skipped.headerOnlySheets = headerOnly.map(\.name)
        return try finish()
    }

    mutating func finish() throws(IngestError) -> CheckedFile {
        if total > 0 { throw failure() }
        let schemeText = usedSchemes.isEmpty ? nil : usedSchemes.sorted().joined(separator: ",")
        return CheckedFile(
            file: file, kind: kind ?? .submissions, scheme: schemeText, rowCount: rowCount,
            submissions: records.submissions, events: records.events, observations: records.observations,
            warnings: warnings, skipped: skipped)
    }

    static let noHeader = "找不到表头：应有“单位”“周次”“指标”等列 (no header row found)"

    static func noData(template: Bool) -> String {
        template ? "模板中没有填写任何数字 (nothing filled in the template)" : "表头之后没有数据行 (no data rows)"
    }

    // MARK: Sheets

    /// `headerOnly`: no data row under the header (`template`: a kaohe template left unfilled).
    enum SheetOutcome {
        case blank
        case noHeader(row: Int)
        case headerOnly(row: Int, template: Bool)
        case read
    }

    /// Reads one table: finds the header below any title rows, then checks every row; total rows
    /// (合计/总计/小计) are checked against the rows they total, footer rows (填表人…) skipped.
    mutating func readSheet<S: RowSource>(_ source: inout S) throws(IngestError) -> SheetOutcome {
        var buffered: [(number: Int, cells: [Cell])] = []
        var pending: ReadFailure?
        do {
            while buffered.count < 12, let r = try source.next() { buffered.append(r) }
        } catch { pending = error }
        if let pending, buffered.isEmpty { throw readFailure(pending) }
        guard !buffered.isEmpty else { return .blank }
        guard let found = findHeader(in: buffered) else { return .noHeader(row: buffered[0].number) }
        var layout = try header(found.names, row: found.row)
        let template = recogniseTemplate(found.names, headerRow: found.row)
        if let kind, kind != layout.kind {
            problem(
                found.row, nil,
                "本工作表的数据类型（\(layout.kind.label)）与前面的工作表（\(kind.label)）不同，请分成两个文件 (sheets of different kinds)")
            return .read
        }
        kind = layout.kind
        skipped.titleRows += found.titleRows
        var rows = buffered[found.dataStart...].makeIterator()
        var count = 0
        func nextRow(_ s: inout S) throws(ReadFailure) -> (number: Int, cells: [Cell])? {
            if let r = rows.next() { return r }
            if pending != nil { return nil }
            return try s.next()
        }
        var totals = TotalCheck(columns: layout.summedColumns)
        do {
            while let r = try nextRow(&source) {
                if template && TemplateForm.isUnfilled(r.cells, layout: layout) { continue }
                switch RowRole(r.cells, unitColumn: layout.columns[.unit]) {
                case .footer:
                    skipped.footerRows += 1
                    continue
                case .total(let level, let label):
                    skipped.totalRows += 1
                    for m in totals.close(level: level, label: label, cells: r.cells) {
                        problem(r.number, m.column, m.message)
                    }
                    continue
                case .data: break
                }
                count += 1
                totals.add(r.cells)
                row(r.number, r.cells, &layout)
                if let sink, records.submissions.count >= Session.chunk, total == 0 {
                    sink(records.submissions)
                    records.submissions.removeAll(keepingCapacity: true)
                }
            }
        } catch { pending = error }
        if let pending {
            problem(pending.row, pending.column, pending.message)
            throw failure()
        }
        rowCount += count
        return count == 0 ? .headerOnly(row: found.row, template: template) : .read
    }

    /// Where a table's header is, among its first rows: rows above it are a title and skipped.
    /// (A filled kaohe template — `kaohe template` — is to be recognised here too: its scheme and
    /// week would be read from its title rows before the header is interpreted.)
    func findHeader(in buffered: [(number: Int, cells: [Cell])]) -> FoundHeader? {
        guard let h = buffered.firstIndex(where: { isHeader($0.cells) }) else { return nil }
        var names = buffered[h].cells.map(\.text)
        var dataStart = h + 1
        if h + 1 < buffered.count, isContinuation(buffered[h].cells, buffered[h + 1].cells) {
            let next = buffered[h + 1].cells
            for c in 0..<max(names.count, next.count) {
                let a = c < names.count ? names[c] : ""
                let b = c < next.count ? next[c].text : ""
                let name = (!b.isEmpty && b != a) ? b : a
                if c < names.count { names[c] = name } else { names.append(name) }
            }
            dataStart = h + 2
        }
        return FoundHeader(row: buffered[h].number, names: names, dataStart: dataStart, titleRows: h)
    }

    func readFailure(_ f: ReadFailure) -> IngestError {
        IngestError(
            file: file,
            problems: problems + [
                Problem(file: file, sheet: currentSheet, row: f.row, column: f.column, message: f.message)
            ],
            total: total + 1)
    }

    func isHeader(_ cells: [Cell]) -> Bool {
        var known = 0
        var nonEmpty = 0
        var unit = false
        for c in cells where !c.isEmpty {
            nonEmpty += 1
            if case .text(let t) = c, let f = Field.named(t) {
                known += 1
                if f == .unit { unit = true }
            }
        }
        return known >= 2 || (unit && nonEmpty >= 2)
    }

    /// A second header row: blank or the same (a merged cell) under the 单位 column, and different
    /// somewhere else (e.g. indicator codes under a merged 合格数).
    func isContinuation(_ a: [Cell], _ b: [Cell]) -> Bool {
        guard let uc = a.firstIndex(where: { if case .text(let t) = $0 { Field.named(t) == .unit } else { false } })
        else { return false }
        let under = uc < b.count ? b[uc] : .empty
        guard under.isEmpty || under == a[uc] else { return false }
        return b.enumerated().contains { c, cell in !cell.isEmpty && cell != (c < a.count ? a[c] : .empty) }
    }

    mutating func header(_ names: [String], row: Int) throws(IngestError) -> Layout {
        var columns: [Field: Int] = [:]
        var unknown: [(Int, String)] = []
        for (c, n) in names.enumerated() where !n.isEmpty {
            if let f = Field.named(n) {
                if columns[f] != nil { problem(row, c, "重复的列“\(n)” (duplicate column)") } else { columns[f] = c }
            } else {
                unknown.append((c, n))
            }
        }
        // Columns headed by an indicator (wide form).
        let indicatorColumns = unknown.filter { u in catalog.schemes.contains { $0.resolveIndicator(u.1) != nil } }
        let kind: DataKind
        var wide = false
        if let k = options.kind {
            kind = k
        } else if columns[.period] != nil || columns[.value] != nil {
            kind = .targets
        } else if columns[.reason] != nil || columns[.count] != nil || (columns[.date] != nil && columns[.week] == nil)
        {
            kind = .events
        } else if columns[.submitted] != nil || columns[.indicator] != nil || columns[.unit] != nil {
            kind = .submissions
        } else {
            problem(row, nil, "无法从表头识别文件类型，请用 --kind (cannot tell the kind from the header)")
            throw failure()
        }
        if kind == .submissions && columns[.indicator] == nil && columns[.submitted] == nil && !indicatorColumns.isEmpty
        {
            wide = true
        }

        var required: [Field]
        switch kind {
        case .submissions: required = wide ? [.unit] : [.unit, .indicator, .submitted]
        case .events: required = [.date, .unit]
        case .targets: required = [.period, .indicator, .value]
        }
        if kind == .submissions && options.week == nil { required.insert(.week, at: 0) }
        for f in required where columns[f] == nil {
            problem(row, nil, "缺少列“\(f.label)”(\(f.rawValue)) (missing column)")
        }
        let wideColumns = wide ? indicatorColumns.map(\.0) : []
        for (c, n) in unknown where !wideColumns.contains(c) {
            warnings.append(
                Problem(
                    file: file, sheet: currentSheet, row: row, column: c,
                    message: "未知列“\(n)”，已忽略 (unknown column ignored)"))
        }
        if kind == .targets && catalog.targets == nil {
            problem(nil, nil, "没有目标定义（indicators/ 中缺少专栏1目标文件）(no targets defined)")
        }
        // The scheme given on the command line.
        var defaultScheme: Int?
        if kind != .targets {
            if let s = options.scheme {
                if let i = catalog.schemes.firstIndex(where: { $0.id == s }) {
                    defaultScheme = i
                } else {
                    problem(nil, nil, unknownScheme(s))
                }
            } else if columns[.scheme] == nil {
                problem(nil, nil, "未指定方案：请用 --scheme 或加“方案”列 (no scheme given)")
            }
        }
        if total > 0 { throw failure() }
        var cols = [Int](repeating: -1, count: Field.allCases.count)
        for (f, c) in columns { cols[f.ordinal] = c }
        return Layout(
            kind: kind, wide: wide, columns: columns, cols: cols, wideColumns: wideColumns.map { ($0, names[$0]) },
            defaultScheme: defaultScheme)
    }

    func unknownScheme(_ s: String) -> String { Message.unknownScheme(s, in: catalog) }
}

/// The columns found in the header and the rows checked so far.
struct Layout {
    let kind: DataKind
    let wide: Bool
    let columns: [Field: Int]
    /// Column of each field by `Field.ordinal`, -1 when absent.
    let cols: [Int]
    let wideColumns: [(Int, String)]
    let defaultScheme: Int?

    /// The columns whose numbers a 合计/总计/小计 row totals: the counts (报送数, 合格数, 次数, or
    /// the indicator columns of the wide form); none in a targets file (values are not additive).
    var summedColumns: [Int] {
        switch kind {
        case .targets: []
        case .events: [columns[.count]].compactMap { $0 }
        case .submissions: wide ? wideColumns.map(\.0) : [columns[.submitted], columns[.qualified]].compactMap { $0 }
        }
    }
}

/// The rows kept from every sheet of a file, and what the duplicate checks have seen.
struct Records {
    var submissions: [WeeklyCount] = []
    var events: [DeductionEvent] = []
    var observations: [TargetObservation] = []
    /// Key → first row (`Session.rowKey`), to find the same unit/indicator/week twice.
    var seen = RowTable()
    var seenEvents: [String: Int] = [:]
    var seenTargets: [String: Int] = [:]
}

/// A header found among a table's first rows.
struct FoundHeader {
    /// The header's row number (the first one when it spans two rows).
    let row: Int
    /// The column names (two header rows merged into one).
    let names: [String]
    /// Index in the buffered rows of the first row under the header.
    let dataStart: Int
    /// Non-blank rows above the header (a title).
    let titleRows: Int
}
