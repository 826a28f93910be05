import Charts
import Foundation
import Indicators
import Scoring

/// Every file of the site with its input key: scores every scheme over its notice windows, builds
/// the page models, the CSV tables and the chart specs.
struct SitePlan {
    let asOf: Day
    private(set) var jobs: [FileJob] = []
    /// The input as of `asOf`.
    let input: SiteInput
    let templates: TemplateSet
    let catalog: Catalog
    let scorer: Scorer

    /// Results of each scheme over its notice windows, oldest first.
    private(set) var series: [String: [SchemeResult]] = [:]
    /// The same results by unit id, aligned with `series`.
    private(set) var byUnit: [String: [[String: UnitResult]]] = [:]
    /// Average score (rounded to 2 decimals) of each window, aligned with `series`.
    private(set) var averages: [String: [Double?]] = [:]
    /// Ranks shared by more than one unit (并列), by scheme, aligned with `series`.
    private(set) var tiedRanks: [String: [Set<Int>]] = [:]
    /// Events by scheme and unit, in input order.
    let eventsByUnit: [String: [String: [DeductionEvent]]]
    /// Weekly counts by scheme, unit, indicator and week (the scorer's index).
    let weekly: WeeklyIndex
    let footer: String
    /// Bar charts and heat maps planned so far, by path (the PDFs draw them again in vectors).
    private(set) var noticeFigures: [String: ChartSpec] = [:]
    /// Notices being planned on other cores, oldest first (`planNoticeInBackground`).
    private var notices: [Background<[FileJob]>] = []
    /// CPU seconds of the plan's work done on other cores (scores of the next windows, notices).
    private(set) var backgroundCPU = 0.0
    /// Where the plan hands its jobs over part by part (`OutputSession.write`: drawn and written at
    /// once, so that only one part's models are held); nil: every job stays in `jobs`.
    let sink: (([FileJob]) throws -> Void)?
    /// How many units' pages (with their CSVs and charts) make one part.
    static let unitsPerPart = 250
    /// The notices the previous output lists as groups (`NoticeGroups`): reused whole when their
    /// group key is unchanged.
    let previous: NoticeGroups

    init(
        input raw: SiteInput, templates: TemplateSet, previous: NoticeGroups = NoticeGroups(),
        sink: (([FileJob]) throws -> Void)? = nil
    ) throws {
        self.sink = sink
        self.previous = previous
        self.templates = templates
        self.catalog = raw.catalog
        let asOf: Day
        if let d = raw.asOf {
            asOf = d
        } else if let w = raw.index.latestWeek {
            asOf = w.sunday
        } else {
            throw KaoheError(
                step: KaoheError.Step.asOf,
                message: "没有任何报送数据：请先导入数据，或用 --as-of 指定截止日期 (no data: import some, or give --as-of)")
        }
        self.asOf = asOf
        // The site as it stood on the as-of day: events up to then. Weekly rows of later weeks stay in
        // the index; every window read from it ends by the as-of day.
        var input = raw
        input.events = raw.events.filter { $0.date <= asOf }
        self.input = input
        weekly = raw.index
        scorer = input.scorer()
        var ev: [String: [String: [DeductionEvent]]] = [:]
        for e in input.events { ev[e.scheme, default: [:]][e.unit, default: []].append(e) }
        eventsByUnit = ev
        footer = "本页由 kaohe 根据截至\(Fmt.date(asOf))的报送数据生成。"
        try plan()
    }

    /// A scheme's windows in one pass: the ranking of each window serves the rank changes of the
    /// next, so consecutive windows are scored once each (not twice); a failure names its window.
    func score(_ scheme: String, _ windows: [ScoreWindow]) throws -> [SchemeResult] {
        try Self.score(scheme, windows, by: scorer)
    }

    static func score(_ scheme: String, _ windows: [ScoreWindow], by scorer: Scorer) throws -> [SchemeResult] {
        do { return try scorer.score(scheme: scheme, windows: windows) } catch {
            for w in windows { _ = try score(scheme, w, by: scorer) }
            throw error
        }
    }

    func score(_ scheme: String, _ window: ScoreWindow) throws -> SchemeResult {
        try Self.score(scheme, window, by: scorer)
    }

    static func score(_ scheme: String, _ window: ScoreWindow, by scorer: Scorer) throws -> SchemeResult {
        do { return try scorer.score(scheme: scheme, window: window) } catch {
            throw KaoheError(
                step: KaoheError.Step.score, path: "\(scheme) \(window.label)",
                message: (error as? KaoheError)?.message ?? "\(error)")
        }
    }

    // MARK: paths

    static func noticePath(_ scheme: String, _ w: ScoreWindow) -> String { "\(scheme)/\(w.label).html" }
    static func unitPath(_ scheme: String, _ unit: String) -> String { "\(scheme)/units/\(unit).html" }
    static func schemePath(_ scheme: String) -> String { "\(scheme)/index.html" }

    /// Whether the site has a 专栏1 targets page (the navigation links it only then).
    var hasTargets: Bool { catalog.targets != nil }

    /// Breadcrumbs from the home page: `steps` are (text, site path) pairs; the last is the page itself.
    func crumbs(_ steps: [(text: String, path: String)], from dir: String) -> [Crumb] {
        let all = [(text: "首页", path: "index.html")] + steps
        return all.enumerated().map { k, step in
            k == all.count - 1
                ? Crumb(href: "", text: step.text, isLink: false)
                : Crumb(href: relative(step.path, from: dir), text: step.text, isLink: true)
        }
    }

    /// The frame of a page in the folder `dir`: its title and breadcrumbs, and the site's footer unless
    /// the page has its own (a notice's names its own window's last day).
    func frame(title: String, crumbs: [Crumb], in dir: String, footer: String? = nil) -> PageFrame {
        PageFrame(
            root: relative("", from: dir), pageTitle: title, crumbs: crumbs, hasTargets: hasTargets,
            footer: footer ?? self.footer)
    }

    /// Breadcrumbs of a page inside a scheme: 首页 › the scheme › `title`.
    func schemeCrumbs(_ s: Scheme, page title: String, from dir: String) -> [Crumb] {
        crumbs([(s.title, Self.schemePath(s.id)), (title, "")], from: dir)
    }

    func unitName(_ id: String) -> String { catalog.registry.unit(id: id)?.name ?? id }

    /// `（截至2018年12月27日）` after a window still running; empty for a complete one.
    func cutNote(_ w: ScoreWindow) -> String { w.isComplete ? "" : "（截至\(Fmt.date(w.range.to))）" }

    /// What a scheme's units are called in prose: 区县, 部门, 街道办 when all are of that kind, else 单位.
    func unitNoun(_ s: Scheme) -> String {
        let kinds = Set(s.units.compactMap { catalog.registry.unit(id: $0)?.kind })
        if !kinds.isEmpty, kinds.isSubset(of: [.district, .county]) { return "区县" }
        if kinds == [.department] { return "部门" }
        if kinds == [.subdistrict] { return "街道办" }
        return "单位"
    }

    /// `并列第1` when the rank is shared in window `k` of the scheme, else `第1`.
    func place(_ scheme: String, window k: Int, rank: Int) -> String {
        ((tiedRanks[scheme]?[k].contains(rank)) == true ? "并列" : "") + "第\(rank)"
    }

    func windowTitle(_ w: ScoreWindow) -> String {
        if let wk = w.week { return Fmt.week(wk) }
        if let m = w.month { return Fmt.month(m) }
        if let q = w.quarter { return Fmt.quarter(q) }
        return w.label
    }

    /// A notice's footer names only its own window's last day, so that past notices stay unchanged
    /// (and are reused) when later data arrives.
    func noticeFooter(_ w: ScoreWindow) -> String { "本通报由 kaohe 根据截至\(Fmt.date(reportDay(w)))的报送数据生成。" }

    /// The last day a notice window reports on (its end, or the as-of day when earlier).
    func reportDay(_ w: ScoreWindow) -> Day { min(w.range.to, asOf) }

    mutating func add(_ job: FileJob) { jobs.append(job) }

    /// Attaches `key` as the group of every job added since the `first`th (`NoticeGroups`).
    mutating func group(jobsFrom first: Int, under key: String) {
        for k in first..<jobs.count { jobs[k] = NoticeGroups.grouped(jobs[k], under: key) }
    }

    /// Hands the jobs planned so far to the sink (when there is one).
    mutating func flush() throws {
        guard let sink, !jobs.isEmpty else { return }
        try sink(jobs)
        jobs = []
    }

    mutating func addPage<M: StableKeyed & Sendable>(_ path: String, template: String, model: M) {
        var h = StableHash()
        h.add(templates.fingerprint)
        h.add(template)
        model.feed(into: &h)
        let key = h.hex
        let t = templates
        jobs.append(
            FileJob(
                path: path, kind: .page, key: key, label: "page \(template)",
                produce: { try t.render(model, template: template) }))
    }

    mutating func addCSV(_ path: String, table: CSVTable) {
        let data = table.data
        var h = StableHash()
        h.add(data)
        jobs.append(FileJob(path: path, kind: .other, key: h.hex, label: "file csv", produce: { data }))
    }

    mutating func addChart(_ spec: ChartSpec) {
        jobs.append(contentsOf: spec.jobs)
        // The figures of notices and rankings, for their PDFs (documentFigures).
        switch spec.figure {
        case .bars, .heat: noticeFigures[spec.path] = spec
        default: break
        }
    }

    /// The figures planned for the sections of a ranking page in `dir`, in page order.
    func documentFigures(_ sections: [RankingSection], dir: String) -> [ChartSpec] {
        sections.flatMap(\.charts).compactMap { noticeFigures[dir.isEmpty ? $0.src : "\(dir)/\($0.src)"] }
    }

    // MARK: the whole site

    mutating func plan() throws {
        var h = StableHash()
        h.add(templates.stylesheet)
        let css = templates.stylesheet
        add(FileJob(path: "assets/style.css", kind: .other, key: h.hex, produce: { css }))
        for s in catalog.schemes { try scoreAndPlanNotices(of: s) }
        for s in catalog.schemes {
            for (k, u) in s.units.enumerated() {
                try planUnit(u, of: s)
                if (k + 1) % Self.unitsPerPart == 0 { try flush() }
            }
            try flush()
        }
        try planTargets()
        try planHome()
        try flush()
    }

    /// Scores a scheme over its notice windows, oldest first, and plans each window's notice as soon
    /// as the next window is scored (its navigation links to it), then hands the notices over. Once its
    /// notice is planned, a window is needed only for its scores and ranks (unit pages show the latest
    /// window's indicators), so its per-indicator results, most of the scores' memory at province
    /// scale, are dropped at once: no more than two runs of windows (`windowsPerRun`) and the windows of
    /// the notices being planned (`noticesInFlight`) are held whole.
    mutating func scoreAndPlanNotices(of s: Scheme) throws {
        // Weekly notices only for weeks that have ended; months and quarters to date.
        // A month or quarter still running is scored to the as-of day (docs/scoring.md, "Running windows").
        let windows = ScoreWindow.notices(for: s, through: asOf).filter {
            $0.week.map { $0.sunday <= asOf } ?? true
        }
        .map { $0.through(asOf) }
        var results: [SchemeResult] = []
        averages[s.id] = []
        tiedRanks[s.id] = []
        // Scored in runs of `windowsPerRun` (each run in one pass: a window's ranking serves the next
        // one's rank changes), so that only two runs' whole results are held at a time: the next run
        // is scored on another core while this thread plans the notices of the run before it.
        let runs = stride(from: 0, to: windows.count, by: Self.windowsPerRun).map {
            Array(windows[$0..<min($0 + Self.windowsPerRun, windows.count)])
        }
        let (scheme, scorer) = (s.id, scorer)
        var next = runs.first.map { run in Background { try Self.score(scheme, run, by: scorer) } }
        for k in runs.indices {
            let scored = try take(next!)
            next = (k + 1 < runs.count ? runs[k + 1] : nil).map { run in
                Background { try Self.score(scheme, run, by: scorer) }
            }
            for r in scored { try addScored(r, of: s, to: &results) }
        }
        try collectNotices()
        if !results.isEmpty { try planWindowNotice(of: s, results: results, at: results.count - 1) }
        series[s.id] = results
        byUnit[s.id] = results.map { r in Dictionary(r.units.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a }) }
        try flush()
        noticeFigures = [:]
    }

    /// How many windows are scored in one pass (each pass scores the window before its first again,
    /// for the rank changes: about 10 ms at province scale).
    static let windowsPerRun = 3

    /// Adds a scored window to a scheme's results and plans the notice of the window before it.
    mutating func addScored(_ r: SchemeResult, of s: Scheme, to results: inout [SchemeResult]) throws {
        results.append(r)
        averages[s.id]!.append(Self.average(r).map(Numbers.roundedScore))
        var seen: [Int: Int] = [:]
        for u in r.units { seen[u.rank, default: 0] += 1 }
        tiedRanks[s.id]!.append(Set(seen.filter { $0.value > 1 }.keys))
        if results.count > 1 { try planNoticeAndSlim(of: s, results: &results, at: results.count - 2) }
    }

    /// Plans the notice of window `i` on another core and drops that window's per-indicator results
    /// here (the notice being planned holds them until it is done). No more than `noticesInFlight`
    /// notices are planned at a time; their jobs are added in window order.
    mutating func planNoticeAndSlim(of s: Scheme, results: inout [SchemeResult], at i: Int) throws {
        planNoticeInBackground(of: s, results: results, at: i)
        let r = results[i]
        results[i] = SchemeResult(scheme: r.scheme, window: r.window, units: r.units.map(Self.slim), region: r.region)
        while notices.count > Self.noticesInFlight {
            jobs += try take(notices.removeFirst())
            try handOverNotice(of: s)
        }
    }

    /// How many notices wait on other cores while this thread goes on (each holds its window's whole
    /// results): one, so that two are planned at once, one per core.
    static let noticesInFlight = 1

    /// Plans window `i`'s notice from a copy of the plan as it stands now: a notice only adds its jobs
    /// and the figures its PDF draws again, and reads the results up to the next window, all known.
    mutating func planNoticeInBackground(of s: Scheme, results: [SchemeResult], at i: Int) {
        var copy = self
        copy.jobs = []
        copy.noticeFigures = [:]
        copy.notices = []
        // The copy's sink is never called (a notice does not flush); nothing else in it is shared mutably.
        let snapshot = UncheckedSendable(copy)
        notices.append(
            Background {
                var plan = snapshot.value
                try plan.planWindowNotice(of: s, results: results, at: i)
                return plan.jobs
            })
    }

    /// Waits for the notices planned on other cores and adds their jobs, in window order.
    mutating func collectNotices() throws {
        defer { notices = [] }
        for notice in notices { jobs += try take(notice) }
    }

    /// Waits for work done on another core and counts its CPU time as the plan's.
    mutating func take<Value>(_ work: Background<Value>) throws -> Value {
        let (value, cpu) = try work.value()
        backgroundCPU += cpu
        return value
    }

    /// The notice of window `i` of a scheme, by its cadence.
    mutating func planWindowNotice(of s: Scheme, results: [SchemeResult], at i: Int) throws {
        switch s.notices {
        case .weekly: try planNotice(of: s, results: results, at: i)
        case .monthly: try planRanking(of: s, results: results, at: i)
        case .quarterly: try planNews(of: s, results: results, at: i)
        }
    }

    /// A unit's result without its per-indicator results.
    static func slim(_ u: UnitResult) -> UnitResult {
        UnitResult(
            unit: u.unit, name: u.name, score: u.score, rank: u.rank, rankChange: u.rankChange,
            responsibility: u.responsibility, earned: u.earned, events: u.events, indicators: [],
            pointsToNextRank: u.pointsToNextRank, rollup: u.rollup)
    }

    func nav(of scheme: Scheme, results: [SchemeResult], at i: Int, from dir: String) -> Nav {
        func link(_ j: Int) -> Link? {
            guard results.indices.contains(j) else { return nil }
            return Link(
                href: relative(Self.noticePath(scheme.id, results[j].window), from: dir),
                text: windowTitle(results[j].window))
        }
        return Nav(prev: link(i - 1), next: link(i + 1))
    }

    func eventRows(_ events: [DeductionEvent], in scheme: Scheme, from dir: String) -> [EventRow] {
        events.sorted { ($0.date, $0.unit, $0.reason) < ($1.date, $1.unit, $1.reason) }.map { e in
            EventRow(
                date: Fmt.date(e.date), unit: unitName(e.unit),
                href: relative(Self.unitPath(scheme.id, e.unit), from: dir),
                indicator: scheme.indicator(code: e.indicator)?.short ?? e.indicator,
                count: String(e.count), reason: maskIdentifiers(e.reason))
        }
    }

    func barChart(
        path: String, title: String, source: String, result: SchemeResult, highlight: String? = nil,
        maxValue: Double = 100
    ) -> ChartSpec {
        let (shown, note) = Self.chartRows(result.units)
        let title = title + note
        let items = shown.map { (label: $0.name, value: Numbers.roundedScore($0.score)) }
        // The dashed 平均 line is the mean of all units, the same the notice's text gives, also when
        // the chart shows only the first and the last of many.
        let avg = Self.average(result).map(Numbers.roundedScore)
        let chart = RankedBarChart(
            title: title, source: source, items: items, highlight: highlight,
            average: avg, maxValue: maxValue, decimals: 2, valueUnit: "分")
        var alt = "条形图「\(title)」：\(items.count) 个单位按得分从高到低排列"
        if let top = result.units.first {
            alt += "，最高为\(top.name) \(Fmt.score(top.score)) 分"
        }
        if let last = result.units.last, result.units.count > 1 {
            alt += "，最低为\(last.name) \(Fmt.score(last.score)) 分"
        }
        if let avg { alt += "，\(result.units.count)个单位平均 \(Fmt.score(avg)) 分" }
        return ChartSpec(
            path: path, figure: .bars(chart), width: 680, height: max(160, 70 + 22 * items.count), alt: alt)
    }

    func heatChart(path: String, title: String, source: String, scheme: Scheme, result: SchemeResult) -> ChartSpec {
        let inds = scheme.indicators.filter { !$0.rule.isDeduction }
        let (units, note) = Self.chartRows(
            result.units.filter { u in inds.contains { scheme.isResponsible(unit: u.unit, indicator: $0) } })
        let title = title + note
        let values: [[Double?]] = units.map { u in inds.map { i in u.indicator(i.code)?.completion } }
        let chart = HeatMap(
            title: title, source: source, rows: units.map(\.name), columns: inds.map(\.short), values: values)
        let all = values.flatMap { $0 }.compactMap { $0 }
        var alt = "热力图「\(title)」：\(units.count) 个单位 × \(inds.count) 项指标的完成率"
        if !all.isEmpty {
            alt += "，平均 \(Fmt.percent(all.reduce(0, +) / Double(all.count)))，\(all.filter { $0 >= 1 }.count) 格达到 100%"
        }
        return ChartSpec(
            path: path, figure: .heat(chart), width: 680,
            height: chart.fittedHeight(width: 680, minimum: max(180, 110 + 22 * units.count)), alt: alt)
    }

    /// The mean score of all units of a result (unrounded); nil without units.
    static func average(_ r: SchemeResult) -> Double? {
        r.units.isEmpty ? nil : r.units.map(\.score).reduce(0, +) / Double(r.units.count)
    }

    /// Charts of many units show the first and the last 20 (a chart stays readable and drawable).
    static let chartLimit = 40
    static func chartRows(_ units: [UnitResult]) -> ([UnitResult], String) {
        ChartSpec.firstAndLast(units, half: chartLimit / 2)
    }
}

/// A value computed on another thread (`DispatchQueue.global()`), waited for where it is needed.
/// Unchecked Sendable: `result` and `cpu` are written once by the work and read only after
/// `done.wait()`.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Result<Value, any Error>?
    /// The CPU seconds of the work's thread while it ran (for the build profile).
    private var cpu = 0.0

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async(group: done) {
            let t0 = ProfileRecorder.threadCPU()
            self.result = Result { try work() }
            self.cpu = ProfileRecorder.threadCPU() - t0
        }
    }

    /// Waits for the work and returns its value (or throws its error) with its CPU seconds.
    func value() throws -> (value: Value, cpuSeconds: Double) {
        done.wait()
        return (try result!.get(), cpu)
    }
}

/// A value handed to another thread that the compiler cannot prove safe to share: the code that
/// wraps it says why it is (nothing in it is changed while the other thread reads it).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
