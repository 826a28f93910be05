import Charts
import Foundation
import Indicators
import Scoring
import Testing

@testable import Site

/// A unit's history chart shows finished periods only (docs/decisions.md, "History charts end at the
/// last finished period"): the running one is on the page and in the table, not in the chart.
@Suite("History charts of finished periods")
struct HistoryChartTests {
    /// The known rows and the filler through 2019-W05, cut to the weeks through `last` (one data set,
    /// so that a build with more weeks has the same rows for the earlier ones).
    static func input(through last: ISOWeek, asOf: Day? = nil) throws -> SiteInput {
        let catalog = try Fixture.catalog()
        let all = Fixture.known + Fixture.filler(catalog: catalog, last: Fixture.w("2019-W05"))
        return SiteInput(
            catalog: catalog, counts: all.filter { $0.week <= last }, events: Fixture.events,
            observations: Fixture.observations, asOf: asOf)
    }

    static func plan(_ input: SiteInput) throws -> SitePlan {
        try SitePlan(input: input, templates: try TemplateSet(directory: Fixture.templates))
    }

    /// The history chart of a unit planned from `input`, with the line under it.
    static func chart(of unit: String, in scheme: String, _ input: SiteInput) throws -> (LineChart?, String?, String?) {
        let plan = try plan(input)
        let s = try #require(plan.catalog.scheme(id: scheme))
        let (specs, note) = plan.historyCharts(
            of: unit, in: s, name: plan.unitName(unit), results: plan.series[scheme] ?? [], dir: "\(scheme)/units")
        guard let spec = specs.first else { return (nil, nil, note) }
        guard case .line(let chart) = spec.figure else { return (nil, spec.alt, note) }
        return (chart, spec.alt, note)
    }

    /// The inode of each file: a reused file is a hard link to the previous build's, a drawn one is new.
    static func inodes(_ paths: [String], in dir: URL) throws -> [UInt64] {
        try paths.map { p in
            let a = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(p).path)
            return try #require((a[.systemFileNumber] as? NSNumber)?.uint64Value)
        }
    }

    @Test func aRunningMonthIsNotInTheChartButOnThePageAndInTheTable() throws {
        // Given data through 2019-W02: as of Sunday 2019-01-13 December is finished, January running
        let (chart, alt, note) = try Self.chart(
            of: "lixia", in: "jinan-districts", try Self.input(through: Fixture.w("2019-W02")))
        // Then 历下区's chart has December only (91.50, the worked example of the monthly ranking)
        let line = try #require(chart)
        #expect(line.xLabels == ["12月"])
        #expect(line.series[0].values == [91.5])
        // And the alt text and the line under the chart say where it ends and where January is
        #expect(alt?.hasPrefix("折线图「历下区历期得分」：已结束的 1 期，图示至2018年12月（得分 91.50 分，第 ") == true)
        #expect(alt?.hasSuffix("；最高 91.50 分；2019年1月尚未结束，不在图中") == true)
        #expect(note == "图示至2018年12月；2019年1月（进行中）的得分见上文与表2。")
        // And the built page shows that line under the chart and keeps January in its history table
        let html = try read("jinan-districts/units/lixia.html")
        #expect(html.contains("</figure>\n<p class=\"note chart-note\">图示至2018年12月；2019年1月（进行中）的得分见上文与表2。</p>"))
        #expect(html.contains(">2019年1月（截至2019年1月13日）</a></td><td class=\"num\">45.00</td>"))
        #expect(html.contains("alt=\"折线图「历下区历期得分」：已结束的 1 期，图示至2018年12月"))
        let csv = try read("jinan-districts/units/lixia-history.csv")
        #expect(csv.contains("\r\n2019-01,45.00,"))
    }

    @Test func weeklyChartsShowEveryEndedWeek() throws {
        // Given the zone's weekly scheme (its first notice 2018-W48) as of 2019-01-13
        let (chart, _, note) = try Self.chart(
            of: "gx-scjg", in: "gaoxin-2018", try Self.input(through: Fixture.w("2019-W02")))
        // Then every week that ended is in the chart, the last one included
        #expect(try #require(chart).xLabels == ["第48周", "第49周", "第50周", "第51周", "第52周", "第1周", "第2周"])
        #expect(note == "图示至2019年第2周。")
    }

    @Test func withoutAFinishedPeriodThereIsNoChartAndTheLineSaysWhy() throws {
        // Given the site as of Wednesday 2018-12-12, in the districts' first month
        let input = try Self.input(through: Fixture.w("2019-W02"), asOf: Day(iso: "2018-12-12")!)
        let (chart, alt, note) = try Self.chart(of: "lixia", in: "jinan-districts", input)
        // Then 历下区 has no history chart, only the line (its score of December so far is on the page)
        #expect(chart == nil && alt == nil)
        #expect(note == "2018年12月尚未结束，暂无已结束期间的得分图；本期得分见上文与表2。")
    }

    @Test func aNewWeekInARunningMonthReusesEveryHistoryChartAndAFinishedMonthRedrawsThem() throws {
        // Given a site built with data through 2019-W02 (January running)
        let out = Fixture.tempDir("weeks").appendingPathComponent("site")
        func build(through week: String) throws -> BuildReport {
            try SiteBuilder(input: try Self.input(through: Fixture.w(week)), templates: Fixture.templates)
                .build(into: out)
        }
        _ = try build(through: "2019-W02")
        // The history charts of the monthly and the quarterly scheme (desktop and phone drawings)
        let charts = files(in: out).filter {
            ($0.hasPrefix("jinan-districts/units/") || $0.hasPrefix("news-2017/units/")) && $0.contains("-history")
                && $0.hasSuffix(".png")
        }
        #expect(charts.count > 40)
        let before = try Self.inodes(charts, in: out)
        let bytes = try charts.map { try Data(contentsOf: out.appendingPathComponent($0)) }
        let page = try Data(contentsOf: out.appendingPathComponent("jinan-districts/units/lixia.html"))
        // When week 2019-W03 arrives (January and 2019-Q1 still running)
        let week = try build(through: "2019-W03")
        // Then every one of those charts is the previous build's file (linked, not drawn), and the
        // unit pages are rendered again (January's score so far changed)
        #expect(try Self.inodes(charts, in: out) == before)
        #expect(week.chartsReused >= charts.count)
        #expect(try Data(contentsOf: out.appendingPathComponent("jinan-districts/units/lixia.html")) != page)
        // When data through 2019-W05 arrives (as of 2019-02-03: January finished)
        _ = try build(through: "2019-W05")
        // Then every chart of the monthly scheme is drawn anew, with January in it
        let monthly = charts.indices.filter { charts[$0].hasPrefix("jinan-districts/") }
        let after = try Self.inodes(charts, in: out)
        for k in monthly {
            #expect(after[k] != before[k], "\(charts[k]) reused")
            #expect(try Data(contentsOf: out.appendingPathComponent(charts[k])) != bytes[k], "\(charts[k]) unchanged")
        }
        let (chart, _, note) = try Self.chart(
            of: "lixia", in: "jinan-districts", try Self.input(through: Fixture.w("2019-W05")))
        #expect(try #require(chart).xLabels == ["12月", "1月"])
        #expect(note == "图示至2019年1月；2019年2月（进行中）的得分见上文与表2。")
    }
}
