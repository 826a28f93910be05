import Charts
import Foundation
import Indicators
import Mustache
import Testing
@testable import Site

/// Page models with a different value in every field (so that a field read under the wrong name shows).
private final class Sample {
    var n = 0
    func s() -> String { n += 1; return "v\(n)" }
    func i() -> Int { n += 1; return n }
    func b() -> Bool { n += 1; return n % 2 == 0 }
    func link() -> Link { Link(href: s(), text: s()) }
    func chart() -> ChartRef { ChartRef(src: s(), alt: s(), width: i(), height: i()) }
    func cell() -> Cell { Cell(text: s(), cls: s()) }
    func column() -> Column { Column(text: s(), sub: s(), span: i()) }
    func row() -> RankRow {
        RankRow(rank: s(), name: s(), href: s(), cells: [cell(), cell()], score: s(), change: s(), changeClass: s(), rowClass: s())
    }
    func event() -> EventRow { EventRow(date: s(), unit: s(), href: s(), indicator: s(), count: s(), reason: s()) }
    func head() -> Masthead { Masthead(office: s(), kind: s(), issue: s(), date: s(), title: s()) }
    func nav() -> Nav { Nav(hasPrev: b(), prev: link(), hasNext: b(), next: link()) }
    func table() -> RankTable {
        RankTable(caption: s(), note: s(), groups: [column()], hasGroups: b(), columns: [column(), column()],
                  rows: [row(), row()], csv: s(), scoreHeader: s())
    }
    func targetRow() -> TargetRow {
        TargetRow(group: s(), title: s(), target: s(), latest: s(), period: s(), status: s(), statusClass: s(), ratio: s(),
                  bullet: chart(), hasBullet: b(), trend: chart(), hasTrend: b())
    }
    func crumbs() -> [Crumb] { [Crumb(href: s(), text: s(), isLink: b()), Crumb(href: s(), text: s(), isLink: b())] }
    func indicatorRow() -> UnitIndicatorRow {
        UnitIndicatorRow(code: s(), short: s(), rule: s(), tier: s(), points: s(), responsibility: s(),
                         completion: s(), earned: s(), missing: s(), rowClass: s())
    }
    func status() -> StatusCount { StatusCount(label: s(), cls: s(), count: i()) }

    func notice() -> NoticePage {
        NoticePage(root: s(), pageTitle: s(), head: head(), summary: [s(), s()], table: table(), silent: s(), hasSilent: b(),
                   events: [event()], hasEvents: b(), eventsCSV: s(), charts: [chart()], nav: nav(), footer: s(),
                   crumbs: crumbs(), hasTargets: b())
    }
    func ranking() -> RankingPage {
        RankingPage(root: s(), pageTitle: s(), head: head(), summary: [s()],
                    sections: [RankingSection(heading: s(), intro: s(), table: table(), charts: [chart()])], nav: nav(), footer: s(),
                    crumbs: crumbs(), hasTargets: b())
    }
    func news() -> NewsPage {
        NewsPage(root: s(), pageTitle: s(), head: head(), summary: [s()], table: table(), silent: s(), hasSilent: b(),
                 charts: [chart()], nav: nav(), footer: s(), crumbs: crumbs(), hasTargets: b())
    }
    func unit() -> UnitPage {
        UnitPage(root: s(), pageTitle: s(), name: s(), kind: s(), scheme: s(), schemeTitle: s(), aliases: s(), hasAliases: b(),
                 window: s(), windowHref: s(), score: s(), rank: s(), of: s(), change: s(), changeClass: s(), nextRank: s(),
                 rollup: s(), hasRollup: b(),
                 indicators: [indicatorRow()],
                 indicatorsCSV: s(), events: [event()], hasEvents: b(),
                 history: [HistoryRow(window: s(), href: s(), score: s(), rank: s(), change: s(), changeClass: s())],
                 historyCSV: s(), charts: [chart()], footer: s(), crumbs: crumbs(), hasTargets: b(),
                 totals: indicatorRow(), hasTotals: b(), conversion: s(), related: [link()], hasRelated: b())
    }
    func targets() -> TargetsPage {
        TargetsPage(root: s(), pageTitle: s(), document: s(), column: s(), asOf: s(), rows: [targetRow()], statuses: [status()],
                    csv: s(), footer: s(), crumbs: crumbs(), hasTargets: b())
    }
    func home() -> HomePage {
        HomePage(root: s(), pageTitle: s(), asOf: s(), hasNotice: b(), notice: link(), noticeDate: s(), noticeSummary: [s()],
                 noticeCharts: [chart()], hasRanking: b(), ranking: link(), rankingRows: [row()], hasTargets: b(),
                 statuses: [status()], targetsRows: [targetRow()],
                 archives: [ArchiveGroup(heading: s(), links: [link()])], units: [UnitIndexGroup(heading: s(), anchor: s(), links: [link()])],
                 footer: s(), crumbs: crumbs())
    }
    func scheme() -> SchemePage {
        SchemePage(root: s(), pageTitle: s(), crumbs: crumbs(), hasTargets: b(), title: s(), document: s(), office: s(),
                   notices: [link()], hasNotices: b(), groups: [UnitIndexGroup(heading: s(), anchor: s(), links: [link()])],
                   footer: s())
    }
}

/// Checks, against `Mirror`, that `value` (and every model inside it) answers each of its stored
/// fields by name with that field's value, and answers nil for other names. Returns the types seen.
private func checkFields(_ value: Any, path: String = "") -> Set<String> {
    let mirror = Mirror(reflecting: value)
    var seen: Set<String> = []
    if mirror.displayStyle == .struct {
        let type = "\(type(of: value))"
        guard let parent = value as? MustacheParent else {
            Issue.record("\(type) at \(path) is not a MustacheParent")
            return []
        }
        seen.insert(type)
        for c in mirror.children {
            let label = c.label!
            let got = parent.child(named: label)
            #expect(got.map { String(reflecting: $0) } == String(reflecting: c.value), "\(type).\(label) at \(path)")
        }
        #expect(parent.child(named: "noSuchField") == nil)
    }
    for (k, c) in mirror.children.enumerated() { seen.formUnion(checkFields(c.value, path: path + "/" + (c.label ?? "\(k)"))) }
    return seen
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

private func key(_ value: some StableKeyed) -> String { var h = StableHash(); value.feed(into: &h); return h.hex }
private func fed(_ value: some StableKeyed) -> Int { var h = StableHash(); value.feed(into: &h); return h.values }

@Suite("Model fields and input keys")
struct ModelKeyTests {
    @Test func everyModelAnswersEachFieldByNameWithoutMirror() {
        // Given one page of every kind with a distinct value in each field
        let s = Sample()
        let pages: [Any] = [s.notice(), s.ranking(), s.news(), s.unit(), s.targets(), s.home(), s.scheme()]
        // When each model is asked for each of its stored fields by name
        var types: Set<String> = []
        for p in pages { types.formUnion(checkFields(p)) }
        // Then every field answers its own value, and all 24 model types were walked
        #expect(types.count == 24, "\(types.sorted())")
    }

    @Test func everyModelFeedsEachOfItsValuesIntoItsKey() {
        // Given one page of every kind and one chart of every figure
        let s = Sample()
        let bars = RankedBarChart(title: "t", source: "s", items: [(label: "a", value: 1.5), (label: "b", value: 2)],
                                  highlight: "a", average: 1.75, maxValue: 100, decimals: 2, valueUnit: "分")
        let heat = HeatMap(title: "t", source: nil, rows: ["a", "b"], columns: ["x"], values: [[0.5], [nil]])
        let line = LineChart(title: "t", source: "s", xLabels: ["1", "2"], series: [(name: "a", values: [1, nil])],
                             yRange: 0...100, decimals: 2, valueUnit: "分")
        let bullet = TargetBullet(title: "t", value: 3, target: 5, lowerIsBetter: true, status: .onTrack, valueText: "3",
                                  targetText: "5", range: 0...10)
        let spark = Sparkline(values: [1, nil, 3], highlightLast: false, range: 0...5, decimals: 1)
        // Then each feeds exactly as many values as Mirror finds in it (no field left out)
        #expect(fed(s.notice()) == leafCount(s.notice()))
        #expect(fed(s.ranking()) == leafCount(s.ranking()))
        #expect(fed(s.news()) == leafCount(s.news()))
        #expect(fed(s.unit()) == leafCount(s.unit()))
        #expect(fed(s.targets()) == leafCount(s.targets()))
        #expect(fed(s.home()) == leafCount(s.home()))
        #expect(fed(s.scheme()) == leafCount(s.scheme()))
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
        // When one field anywhere changes, or two values swap places, the key changes
        var p = page; p.indicators[0].earned = "99.00"
        #expect(key(p) != key(page))
        p = page; p.hasAliases.toggle()
        #expect(key(p) != key(page))
        p = page; p.charts[0].width += 1
        #expect(key(p) != key(page))
        p = page; p.history.append(p.history[0])
        #expect(key(p) != key(page))
        #expect(key(Link(href: "a", text: "b")) != key(Link(href: "b", text: "a")))
        #expect(key(Link(href: "ab", text: "")) != key(Link(href: "a", text: "b")))

        // And a chart's key changes with its data, size or scale, not with its alt text
        let chart = RankedBarChart(title: "t", items: [(label: "a", value: 1.5)], maxValue: 100, decimals: 2, valueUnit: "分")
        let spec = ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 160, alt: "alt")
        var other = chart; other.items[0].value = 1.25
        #expect(ChartSpec(path: "x.png", figure: .bars(other), width: 680, height: 160, alt: "alt").key != spec.key)
        #expect(ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 161, alt: "alt").key != spec.key)
        #expect(ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 160, alt: "alt", scale: 1).key != spec.key)
        #expect(ChartSpec(path: "x.png", figure: .bars(chart), width: 680, height: 160, alt: "other").key == spec.key)
    }
}
