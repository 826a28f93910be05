import Charts
import Foundation
import Indicators
import Mustache
import Testing

@testable import Site

/// Page models with a different value in every field (so that a field read under the wrong name shows),
/// every optional part present.
private final class Sample {
    var n = 0
    func s() -> String {
        n += 1
        return "v\(n)"
    }
    func i() -> Int {
        n += 1
        return n
    }
    func b() -> Bool {
        n += 1
        return n % 2 == 0
    }
    func link() -> Link { Link(href: s(), text: s()) }
    func chart() -> ChartRef {
        ChartRef(
            src: s(), alt: s(), width: i(), height: i(), phoneSrc: s(), phoneWidth: i(), phoneHeight: i(),
            phoneMedia: s())
    }
    func cell() -> Cell { Cell(text: s(), cls: s()) }
    func column() -> Column { Column(text: s(), sub: s(), span: i()) }
    func row() -> RankRow {
        RankRow(
            rank: s(), name: s(), href: s(), cells: [cell(), cell()], score: s(), change: s(), changeClass: s(),
            rowClass: s())
    }
    func event() -> EventRow { EventRow(date: s(), unit: s(), href: s(), indicator: s(), count: s(), reason: s()) }
    func head() -> Masthead {
        Masthead(
            office: s(), kind: s(), issue: s(), date: s(), title: s(), mark: s(), number: s(), addressees: s(),
            pdf: s(),
            copies: s(), printer: s(), printDate: s())
    }
    func nav() -> Nav { Nav(prev: link(), next: link()) }
    func table() -> RankTable {
        RankTable(
            caption: s(), note: s(), groups: [column()], columns: [column(), column()], rows: [row(), row()], csv: s(),
            scoreHeader: s())
    }
    func targetRow() -> TargetRow {
        TargetRow(
            group: s(), title: s(), target: s(), latest: s(), period: s(), status: s(), statusClass: s(), ratio: s(),
            bullet: chart(), trend: chart())
    }
    func crumbs() -> [Crumb] { [Crumb(href: s(), text: s(), isLink: b()), Crumb(href: s(), text: s(), isLink: b())] }
    func indicatorRow() -> UnitIndicatorRow {
        UnitIndicatorRow(
            code: s(), short: s(), rule: s(), tier: s(), points: s(), responsibility: s(),
            completion: s(), earned: s(), missing: s(), rowClass: s())
    }
    func status() -> StatusCount { StatusCount(label: s(), cls: s(), count: i()) }
    func unitGroup() -> UnitIndexGroup { UnitIndexGroup(heading: s(), anchor: s(), links: [link()]) }

    func frame() -> PageFrame { PageFrame(root: s(), pageTitle: s(), crumbs: crumbs(), hasTargets: b(), footer: s()) }

    func notice() -> NoticePage {
        NoticePage(
            frame: frame(), head: head(), summary: [s(), s()], table: table(), silent: s(), events: [event()],
            eventsCSV: s(), charts: [chart()], nav: nav())
    }
    func ranking() -> RankingPage {
        RankingPage(
            frame: frame(), head: head(), summary: [s()],
            sections: [RankingSection(heading: s(), intro: s(), table: table(), charts: [chart()])], nav: nav())
    }
    func unit() -> UnitPage {
        UnitPage(
            frame: frame(), name: s(), kind: s(), scheme: s(), schemeTitle: s(), aliases: s(), window: s(),
            windowHref: s(), score: s(), rank: s(), of: s(), change: s(), changeClass: s(), nextRank: s(), rollup: s(),
            indicators: [indicatorRow()], totals: indicatorRow(), conversion: s(), indicatorsCSV: s(),
            events: [event()],
            history: [HistoryRow(window: s(), href: s(), score: s(), rank: s(), change: s(), changeClass: s())],
            historyCSV: s(), charts: [chart()], chartNote: s(), related: [link()])
    }
    func targets() -> TargetsPage {
        TargetsPage(
            frame: frame(), document: s(), column: s(), asOf: s(), rows: [targetRow()], statuses: [status()], csv: s())
    }
    func home() -> HomePage {
        HomePage(
            frame: frame(), asOf: s(), notice: link(), noticeDate: s(), noticeSummary: [s()], noticeCharts: [chart()],
            ranking: link(), rankingRows: [row()], statuses: [status()], targetsRows: [targetRow()],
            archives: [ArchiveGroup(heading: s(), links: [link()])], units: [unitGroup()])
    }
    func scheme() -> SchemePage {
        SchemePage(frame: frame(), title: s(), document: s(), office: s(), notices: [link()], groups: [unitGroup()])
    }
    func pages() -> [any PageModel] { [notice(), ranking(), unit(), targets(), home(), scheme()] }
}

/// A stored value as Mustache sees it: an optional's content, or nil.
private func unwrapped(_ value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    return mirror.children.first.map { unwrapped($0.value) } ?? nil
}

private func names(of model: some PageModel) -> [String] { type(of: model).fields.all.map(\.name) }

/// Checks, against `Mirror` (in this test only), that `value` and every model inside it lists each of
/// its stored fields under its own name and reads that field's value (so that the field also feeds the
/// page's key), and answers nil for other names. Returns the field names of every model type seen.
private func checkFields(_ value: Any, path: String = "") -> [String: Set<String>] {
    guard let value = unwrapped(value) else { return [:] }
    let mirror = Mirror(reflecting: value)
    var seen: [String: Set<String>] = [:]
    if mirror.displayStyle == .struct {
        let type = "\(type(of: value))"
        guard let model = value as? any PageModel else {
            Issue.record("\(type) at \(path) is not a PageModel")
            return [:]
        }
        seen[type] = Set(names(of: model))
        for c in mirror.children {
            let label = c.label!
            let got = model.child(named: label)
            #expect(
                got.map { String(reflecting: $0) } == unwrapped(c.value).map { String(reflecting: $0) },
                "\(type).\(label) at \(path)")
            #expect(got != nil, "\(type).\(label) at \(path) is not listed")
        }
        #expect(model.child(named: "noSuchField") == nil)
    }
    for (k, c) in mirror.children.enumerated() {
        seen.merge(checkFields(c.value, path: path + "/" + (c.label ?? "\(k)"))) { $0.union($1) }
    }
    return seen
}

/// Every name the templates look up (`{{a.b}}`, `{{#a}}`, `{{^empty(a)}}`), by template.
private func templateNames() throws -> [String: Set<String>] {
    let tag = try Regex(#"\{\{([#^/]?)\s*([^}>!%]+?)\s*\}\}"#)
    var found: [String: Set<String>] = [:]
    let files = try FileManager.default.contentsOfDirectory(at: Fixture.templates, includingPropertiesForKeys: nil)
    for file in files where file.pathExtension == "mustache" {
        let text = try String(contentsOf: file, encoding: .utf8)
        for match in text.matches(of: tag) {
            var name = String(match.output[2].substring ?? "")
            if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
                name = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
            }
            guard name != "." else { continue }
            for part in name.split(separator: ".") { found[file.lastPathComponent, default: []].insert(String(part)) }
        }
    }
    return found
}

private func key(_ value: some StableKeyed) -> String {
    var h = StableHash()
    value.feed(into: &h)
    return h.hex
}
private func fed(_ value: some StableKeyed) -> Int {
    var h = StableHash()
    value.feed(into: &h)
    return h.values
}

/// How many texts, numbers and flags a value holds (what its key must be fed), by `Mirror`.
private func leafCount(_ value: Any) -> Int {
    switch value {
    case is String, is Int, is Double, is Bool: return 1
    default: break
    }
    let m = Mirror(reflecting: value)
    if m.displayStyle == .enum && m.children.isEmpty { return 1 }
    if m.displayStyle == .optional { return m.children.first.map { leafCount($0.value) } ?? 0 }
    return m.children.reduce(0) { $0 + leafCount($1.value) }
}

@Suite("Model fields and input keys")
struct ModelKeyTests {
    @Test func everyStoredFieldIsListedOnceUnderItsOwnName() {
        // Given one page of every kind with a distinct value in each field
        // When each model is asked for each of its stored fields by name
        var types: [String: Set<String>] = [:]
        for page in Sample().pages() { types.merge(checkFields(page)) { $0.union($1) } }
        // Then every field answers its own value, and all 24 model types were walked
        #expect(types.count == 24, "\(types.keys.sorted())")
        // And no model lists a name twice
        for page in Sample().pages() { #expect(Set(names(of: page)).count == names(of: page).count) }
    }

    @Test func everyNameTheTemplatesUseIsAFieldOfAModel() throws {
        // Given the field names of every page model
        var fields: Set<String> = []
        for page in Sample().pages() { for (_, names) in checkFields(page) { fields.formUnion(names) } }
        // When the templates' tags are read
        let used = try templateNames()
        // Then every name they look up is a model's field (a renamed or removed field cannot leave a
        // silently empty tag behind), and the templates were found
        #expect(used.count >= 14)
        for (file, names) in used.sorted(by: { $0.key < $1.key }) {
            #expect(names.subtracting(fields).isEmpty, "\(file): \(names.subtracting(fields).sorted())")
        }
    }

    @Test func anAbsentPartIsAnEmptyMustacheSection() throws {
        // Given a template that shows a previous link, a silent list and an events block only when there are some
        let template = try MustacheTemplate(
            string: "{{#nav}}{{#prev}}<{{href}}>{{/prev}}{{^next}}末{{/next}}{{/nav}}"
                + "{{#silent}}[{{.}}]{{/silent}}{{^empty(events)}}E{{/empty(events)}}")
        let s = Sample()
        var page = s.notice()
        // When every part is there, it shows
        page.nav = Nav(prev: Link(href: "p.html", text: "p"), next: s.link())
        #expect(template.render(page) == "<p.html>[\(page.silent!)]E")
        // And when the parts are nil or empty, their sections are skipped (or their inverted ones shown)
        page.nav = Nav(prev: nil, next: nil)
        page.silent = nil
        page.events = []
        #expect(template.render(page) == "末")
    }

    @Test func chartsFeedEachOfTheirValuesIntoTheirKey() {
        // Given one chart of every figure
        let bars = RankedBarChart(
            title: "t", source: "s", items: [(label: "a", value: 1.5), (label: "b", value: 2)],
            highlight: "a", average: 1.75, maxValue: 100, decimals: 2, valueUnit: "分")
        let heat = HeatMap(title: "t", source: nil, rows: ["a", "b"], columns: ["x"], values: [[0.5], [nil]])
        let line = LineChart(
            title: "t", source: "s", xLabels: ["1", "2"], series: [(name: "a", values: [1, nil])],
            yRange: 0...100, decimals: 2, valueUnit: "分")
        let bullet = TargetBullet(
            title: "t", value: 3, target: 5, lowerIsBetter: true, status: .onTrack, valueText: "3",
            targetText: "5", range: 0...10)
        let spark = Sparkline(values: [1, nil, 3], highlightLast: false, range: 0...5, decimals: 1)
        // Then each feeds exactly as many values as Mirror finds in it (no field left out)
        #expect(fed(bars) == leafCount(bars))
        #expect(fed(heat) == leafCount(heat))
        #expect(fed(line) == leafCount(line))
        #expect(fed(bullet) == leafCount(bullet))
        #expect(fed(spark) == leafCount(spark))
    }

    @Test func aKeyIsTheSameInEveryProcessAndChangesWithAnyShownField() {
        // Given a unit page and a bar chart
        let page = Sample().unit()
        // Then its key is fixed (no per-process seed): the same value this test was written with
        #expect(key(Link(href: "a.html", text: "甲")) == "0d80cd2a20adf018d58deae51c102019")
        #expect(key(page) == key(Sample().unit()))
        // When one field anywhere changes, an optional part goes, or two values swap places, the key changes
        var p = page
        p.indicators[0].earned = "99.00"
        #expect(key(p) != key(page))
        p = page
        p.aliases = nil
        #expect(key(p) != key(page))
        p = page
        p.aliases = ""
        #expect(key(p) != key(page))
        p = page
        p.totals = nil
        #expect(key(p) != key(page))
        p = page
        p.charts[0].width += 1
        #expect(key(p) != key(page))
        p = page
        p.history.append(p.history[0])
        #expect(key(p) != key(page))
        #expect(key(Link(href: "a", text: "b")) != key(Link(href: "b", text: "a")))
        #expect(key(Link(href: "ab", text: "")) != key(Link(href: "a", text: "b")))

        // And a chart's key changes with its data, size or scale, not with its alt text
        let chart = RankedBarChart(
            title: "t", items: [(label: "a", value: 1.5)], maxValue: 100, decimals: 2, valueUnit: "分")
        let spec = ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 160, alt: "alt")
        var other = chart
        other.items[0].value = 1.25
        #expect(ChartSpec(path: "x.png", figure: .bars(other), width: 680, height: 160, alt: "alt").key != spec.key)
        #expect(ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 161, alt: "alt").key != spec.key)
        #expect(
            ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 160, alt: "alt", scale: 1).key
                != spec.key)
        #expect(ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 160, alt: "other").key == spec.key)
    }
}
