import Foundation
import Indicators
import Scoring
import Testing

@testable import Site

/// One site built from the fixture, shared by the tests that only read it.
let builtSite: Result<(URL, BuildReport), Error> = Result {
    let out = Fixture.tempDir("shared").appendingPathComponent("output")
    let report = try SiteBuilder(input: try Fixture.input(last: Fixture.w("2019-W02")), templates: Fixture.templates)
        .build(into: out)
    return (out, report)
}

func site() throws -> URL { try builtSite.get().0 }

/// Width and height in pixels of a PNG of the site (from its IHDR chunk).
func pngSize(_ path: String) throws -> [Int] {
    let d = [UInt8](try Data(contentsOf: try site().appendingPathComponent(path)))
    func be32(_ i: Int) -> Int { d[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
    return [be32(16), be32(20)]
}

func read(_ path: String) throws -> String {
    let url = try site().appendingPathComponent(path)
    return try #require(String(data: try Data(contentsOf: url), encoding: .utf8), "\(path) is not UTF-8")
}

/// Every file of a folder (relative paths, sorted), the manifest included, the subset faces' cache
/// (`.fonts/`) not: which faces it holds depends on what the test process drew before
/// (`FontCacheSiteTests`).
func files(in dir: URL) -> [String] {
    let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])!
    var out: [String] = []
    for case let u as URL in e where (try? u.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        let path = String(u.standardizedFileURL.path.dropFirst(dir.standardizedFileURL.path.count + 1))
        if !path.hasPrefix(".fonts/") { out.append(path) }
    }
    return out.sorted()
}

@Suite("Masking identity numbers")
struct MaskingTests {
    @Test func masksAnIdentityNumberKeepingSixAndFour() {
        #expect(maskIdentifiers("身份证号370102199001011234，") == "身份证号370102********1234，")
        #expect(maskIdentifiers("id 11010519491231002X end") == "id 110105********002X end")
        #expect(maskIdentifiers("11010519491231002x") == "110105********002x")
    }

    @Test func masksAUnifiedSocialCreditCode() {
        #expect(maskIdentifiers("统一社会信用代码：91370100MA3C5XKL1R") == "统一社会信用代码：913701********KL1R")
    }

    @Test func leavesOtherNumbersAlone() {
        // 17 and 19 characters, a date, a phone-length number, letters I/O outside a credit code.
        for text in [
            "3701021990010112", "3701021990010112345", "37010219900101123X9", "2018-12-05", "13800000000",
            "ABCDEFGHIJKLMNOPQR",
        ] {
            #expect(maskIdentifiers(text) == text)
        }
    }
}

@Suite("The built site")
struct BuiltSiteTests {
    @Test func weeklyNoticeHasTheIssueTitleSummaryAndExactRow() throws {
        // Given the known rows of 2018-W49 (the scheme starts on Saturday 2018-12-01, in W48: 第1期)
        let html = try read("gaoxin-2018/2018-W49.html")
        // Then the head is that of an official notice
        #expect(html.contains("<div class=\"office\">济南高新区社会信用体系建设工作领导小组办公室</div>"))
        #expect(html.contains("<div class=\"doc-number\">济高信用办〔2018〕2号</div>"))
        #expect(html.contains("<p class=\"addressees\">社会信用体系建设工作领导小组各成员单位：</p>"))
        #expect(html.contains("<a class=\"pdf\" href=\"2018-W49.pdf\" download>下载PDF</a>"))
        // And it is a document: no generator credit, the 版记 at the end, attachments after the signature
        #expect(!html.contains("kaohe"))
        #expect(
            html.contains("<div class=\"printed\"><span>济南高新区社会信用体系建设工作领导小组办公室</span><span>2018年12月9日印发</span></div>"))
        // And the 附件说明 names the attachments after a head of its own (GB/T 9704 7.3.3: 附件：1. ……)
        #expect(
            html.contains(
                "<div class=\"attachments\"><span class=\"attachments-head\">附件：</span><ol class=\"attachment-list\"><li>表1  各单位2018年第49周信用信息报送情况及累计得分</li>"
            ))
        let signature = try #require(html.range(of: "<div class=\"signature\">"))
        let table = try #require(html.range(of: "<table class=\"rank\">"))
        #expect(signature.lowerBound < table.lowerBound)
        #expect(html.contains("<h1 class=\"doc-title\">关于2018年第49周各单位信用信息报送情况的通报</h1>"))
        // And the summary is written from the data
        #expect(
            html.contains(
                "<p>2018年第49周（2018年12月3日至12月9日），应报送信用信息的21个单位中，有4个单位报送信用信息15条，经审核合格12条，合格率80.0%；17个单位本周未报送任何信息（名单附后）。</p>"
            ))
        // And the names of the silent units are printed once: in the list after the table, not in the prose
        #expect(html.components(separatedBy: "社会事务局、公安分局、检察院、法院、环保分局、东区街道办").count == 2)
        #expect(html.contains("<h2>本周未报送单位</h2>\n<p>社会事务局、公安分局、"))
        // And 发展战略与宣传策划局 (document handed in: 100 points, from a tie at place 3 to a tie at place 1)
        #expect(
            html.contains(
                "<tr class=\"\"><td class=\"num rank\">1</td><td class=\"name\"><a href=\"../gaoxin-2018/units/gx-fzzl.html\">发展战略与宣传策划局</a></td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"na\">—</td><td class=\"num score\">100.00</td><td class=\"chg up\">↑2</td></tr>"
            ))
        // And the CSV of the table is linked next to it
        #expect(html.contains("<a class=\"csv\" href=\"2018-W49.csv\" download>"))
    }

    @Test func monthlyRankingHasTheExactRowOfLixia() throws {
        // 历下区, December 2018: document 30, 4 of 4 cases 20, 2 of 4 publicity 7.50, innovation 15, no events 15,
        // 8 of 10 double publicity 4.00: 91.50; the previous month is before the start: 新.
        let html = try read("jinan-districts/2018-12.html")
        #expect(
            html.contains(
                "<td class=\"name\"><a href=\"../jinan-districts/units/lixia.html\">历下区</a></td><td class=\"num\">30.00</td><td class=\"num\">20.00</td><td class=\"num\">7.50</td><td class=\"num\">15.00</td><td class=\"num\">15.00</td><td class=\"num\">4.00</td><td class=\"num score\">91.50</td><td class=\"chg new\">新</td></tr>"
            ))
        #expect(html.contains("<h1 class=\"doc-title\">关于2018年12月各区县社会信用体系建设考核排名情况的通报</h1>"))
        // The zone's own units for the month follow, with their CSV.
        #expect(html.contains("二、高新区各单位2018年12月考核得分"))
        #expect(html.contains("href=\"2018-12-gaoxin-2018.csv\""))
    }

    @Test func unitPageShowsLatestWindowIndicatorsAndShortfall() throws {
        // 历下区 in January 2019: only the document (it does not expire) and the deduction indicator count.
        // January is still running on the as-of day (Sunday 2019-01-13): the quota of 4 a month is
        // prorated to 13 of 31 days, 1.68, so 2 cases are missing (not 4, the whole month's quota).
        let html = try read("jinan-districts/units/lixia.html")
        #expect(
            html.contains("<div class=\"card\"><div class=\"label\">得分</div><div class=\"value\">45.00</div></div>"))
        #expect(
            html.contains(
                "<tr class=\"\"><td class=\"num\">1</td><td>组织领导与推进机制</td><td class=\"rule\">报送正式文件</td><td class=\"tier\">全额</td><td class=\"num\">30</td><td class=\"num\">30.00</td><td class=\"num\">100.0%</td><td class=\"num\">30.00</td><td class=\"missing\">已完成</td></tr>"
            ))
        #expect(html.contains("<td class=\"missing\">还需报送合格案例 2 件</td>"))
        #expect(html.contains("2019年1月（截至2019年1月13日，本期尚未结束）"))
        #expect(
            html.contains(
                "<td><a href=\"../../jinan-districts/2018-12.html\">2018年12月</a></td><td class=\"num\">91.50</td>"))
        #expect(html.contains("<img src=\"../../jinan-districts/units/lixia-history.png\""))
    }

    @Test func aliasAndReasonWithScriptComeOutEscapedAndMasked() throws {
        let unit = try read("gaoxin-2018/units/gx-fzzl.html")
        #expect(unit.contains("又称：发展战略局、&lt;script&gt;alert(&#39;alias&#39;)&lt;/script&gt;"))
        let notice = try read("gaoxin-2018/2018-W49.html")
        #expect(
            notice.contains(
                "<td class=\"reason\">&lt;script&gt;alert(1)&lt;/script&gt;法院被列为失信被执行人，身份证号370102********1234</td>"))
        let fy = try read("gaoxin-2018/units/gx-fy.html")
        #expect(fy.contains("身份证号370102********1234"))
        // Nowhere on the site: no raw script, no unmasked number (pages and CSV downloads).
        for path in files(in: try site()) where path.hasSuffix(".html") || path.hasSuffix(".csv") {
            let text = try read(path)
            if path.hasSuffix(".html") { #expect(!text.contains("<script"), "\(path)") }
            #expect(!text.contains("370102199001011234"), "\(path)")
        }
        let csv = try read("gaoxin-2018/2018-W49-events.csv")
        #expect(csv.contains("370102********1234"))
    }

    @Test func newsNoticeShowsSubmissionsAndAdoptions() throws {
        // 市委组织部 handed in 3 items in 2018-Q4, 2 adopted; the quota is 2 a month: 6 expected (a whole number, not 6.0), 50.0%.
        let html = try read("news-2017/2018-Q4.html")
        #expect(
            html.contains(
                "<td class=\"name\"><a href=\"../news-2017/units/jn-m01.html\">市委组织部</a></td><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">66.7%</td><td class=\"num\">6</td><td class=\"num\">50.0%</td><td class=\"num score\">50.00</td>"
            ))
        #expect(html.contains("<h1 class=\"doc-title\">关于2018年第四季度“信用济南”网站新闻信息报送和采用情况的通报</h1>"))
        // news-2017 starts on 2017-01-18: 2017-Q1 is 第1期, 2018-Q4 第8期.
        #expect(html.contains("<div class=\"doc-number\">济信用办〔2018〕8号</div>"))
    }

    @Test func targetsPageShowsTextValueAndStatus() throws {
        let html = try read("targets.html")
        #expect(
            html.contains(
                "<tr><td class=\"group\">第三方评估</td><td>市民对社会信用体系建设满意度</td><td class=\"target\">95%以上</td><td class=\"num\">96%<br><span class=\"period\">2023年</span></td><td><span class=\"badge st-achieved\">已达成</span></td>"
            ))
        #expect(html.contains("<span class=\"badge st-unknown\">数据不足</span>"))
        #expect(html.contains("<img src=\"targets/satisfaction-bullet.png\""))
    }

    @Test func templatesNeverSkipEscaping() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixture.templates.path)
        where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: Fixture.templates.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name)")
        }
    }

    @Test func csvDownloadsStartWithABOM() throws {
        let data = try Data(contentsOf: try site().appendingPathComponent("jinan-districts/2018-12.csv"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("排名,单位,组织领导与推进机制（满分30分）,"))
        #expect(text.contains(",历下区,30.00,20.00,7.50,15.00,15.00,4.00,91.50,新\r\n"))
    }

    @Test func everyRelativeLinkResolvesAndNothingComesFromTheInternet() throws {
        let root = try site()
        let all = Set(files(in: root))
        var checked = 0
        let pattern = try NSRegularExpression(pattern: "(?:href|src|srcset)=\"([^\"]*)\"")
        for path in all where path.hasSuffix(".html") {
            let html = try read(path)
            #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"), "\(path)")
            #expect(!html.contains("<script"), "\(path)")
            let ns = html as NSString
            for m in pattern.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
                let full = ns.substring(with: m.range(at: 1))
                #expect(!full.isEmpty && !full.hasPrefix("/") && !full.contains(":"), "\(path): \(full)")
                // A link to a place in a page (`index.html#kind-department`): the page exists and has that id.
                let parts = full.split(separator: "#", maxSplits: 1).map(String.init)
                let link = parts[0]
                let target = URL(fileURLWithPath: root.appendingPathComponent(path).deletingLastPathComponent().path)
                    .appendingPathComponent(link).standardizedFileURL.path
                let rel = String(target.dropFirst(root.standardizedFileURL.path.count + 1))
                #expect(all.contains(rel), "\(path) links to missing \(link)")
                if parts.count == 2, all.contains(rel) {
                    #expect(try read(rel).contains("id=\"\(parts[1])\""), "\(path) links to a missing place \(full)")
                }
                checked += 1
            }
        }
        #expect(checked > 1000)
        #expect(all.contains("index.html") && all.contains("assets/style.css") && all.contains("targets.html"))
    }

    @Test func aChartHasAPhoneDrawingChosenByTheScreenWidthAndBothAreSharp() throws {
        // Given the unit page of 历下区
        let html = try read("jinan-districts/units/lixia.html")
        // Then below 640 px the browser takes the 360 px phone drawing, elsewhere (and in print) the 680 px one
        #expect(
            html.contains(
                "<picture><source media=\"screen and (max-width: 640px)\" srcset=\"../../jinan-districts/units/lixia-history-phone.png\" width=\"360\" height=\"300\"><img src=\"../../jinan-districts/units/lixia-history.png\""
            ))
        // And both are drawn at twice their CSS size (sharp on a phone's screen and on paper)
        #expect(try pngSize("jinan-districts/units/lixia-history.png") == [1360, 520])
        #expect(try pngSize("jinan-districts/units/lixia-history-phone.png") == [720, 600])
        // And a notice's ranked bars have one too, the small charts of the targets page none
        #expect(try read("gaoxin-2018/2018-W49.html").contains("srcset=\"../gaoxin-2018/2018-W49-scores-phone.png\""))
        #expect(!(try read("targets.html")).contains("<picture>"))
    }

    @Test func theHistoryChartNamesItsPeriodsInChinese() throws {
        // 2019-W04, 2019-06 and 2019-Q2 under a chart's x axis
        #expect(ChartSpec.axisLabel(.week(Fixture.w("2019-W04"), start: Day(iso: "2018-12-01")!)) == "第4周")
        #expect(ChartSpec.axisLabel(.month(YearMonth("2019-06")!)) == "6月")
        #expect(ChartSpec.axisLabel(.quarter(Quarter(year: 2019, quarter: 2)!)) == "第2季度")
    }

    @Test func reportCountsWhatWasDrawn() throws {
        let report = try builtSite.get().1
        let paths = files(in: try site()).filter { $0 != ".manifest.json" }
        #expect(report.paths == paths)
        #expect(report.pagesDrawn == paths.filter { $0.hasSuffix(".html") }.count)
        #expect(report.chartsDrawn == paths.filter { $0.hasSuffix(".png") }.count)
        #expect(report.pagesReused == 0 && report.chartsReused == 0)
        #expect(report.asOf == Day(iso: "2019-01-13"))
    }
}

@Suite("Rebuilds")
struct RebuildTests {
    @Test func twoBuildsAreByteIdenticalAndASecondBuildReusesEverything() throws {
        // Given the shared site and a second build of the same input into another folder
        let first = try site()
        let second = Fixture.tempDir("second").appendingPathComponent("site")
        let input = try Fixture.input(last: Fixture.w("2019-W02"))
        _ = try SiteBuilder(input: input, templates: Fixture.templates).build(into: second)
        // Then every file is the same, byte for byte
        let names = files(in: first)
        #expect(names == files(in: second))
        for n in names {
            let a = try Data(contentsOf: first.appendingPathComponent(n))
            let b = try Data(contentsOf: second.appendingPathComponent(n))
            #expect(a == b, "\(n) differs")
        }
        // When building again into the same folder with the same input
        let again = try SiteBuilder(input: input, templates: Fixture.templates).build(into: second)
        // Then nothing is drawn again
        #expect(again.chartsDrawn == 0 && again.pagesDrawn == 0 && again.filesWritten == 0)
        #expect(again.chartsReused == names.filter { $0.hasSuffix(".png") }.count)
        #expect(files(in: second) == names)
        // When an event in the last week is added for one unit of the zone
        var more = input
        more.events.append(
            DeductionEvent(
                scheme: "gaoxin-2018", unit: "gx-scjg", indicator: "5", date: Day(iso: "2019-01-10")!,
                reason: "被列为失信被执行人"))
        let changed = try SiteBuilder(input: more, templates: Fixture.templates).build(into: second)
        // Then the earlier weeks' charts are reused and only what depends on that week is drawn again
        #expect(changed.chartsDrawn > 0 && changed.chartsReused > changed.chartsDrawn)
        let w49 = try Data(contentsOf: second.appendingPathComponent("gaoxin-2018/2018-W49-scores.png"))
        #expect(w49 == (try Data(contentsOf: first.appendingPathComponent("gaoxin-2018/2018-W49-scores.png"))))
        // And past notices are not rendered again: 2018-W48 … 2019-W01 are reused, the last week is not
        #expect(changed.pagesReused > 0 && changed.pagesDrawn > 0)
        let page = "gaoxin-2018/2018-W49.html"
        #expect(
            try Data(contentsOf: second.appendingPathComponent(page))
                == (try Data(contentsOf: first.appendingPathComponent(page))))
        let last = "gaoxin-2018/2019-W02.html"
        #expect(
            try Data(contentsOf: second.appendingPathComponent(last))
                != (try Data(contentsOf: first.appendingPathComponent(last))))
    }

    @Test func aFailedBuildLeavesThePreviousSiteIntact() throws {
        // Given a built site (a copy of the shared one) and templates that lack the notice template
        let parent = Fixture.tempDir("failed")
        let out = parent.appendingPathComponent("output")
        try FileManager.default.copyItem(at: try site(), to: out)
        let before = files(in: out)
        let broken = parent.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Fixture.templates, to: broken)
        try FileManager.default.removeItem(at: broken.appendingPathComponent("notice.mustache"))
        // When building with them
        let input = try Fixture.input(last: Fixture.w("2019-W02"))
        #expect(throws: KaoheError.self) { try SiteBuilder(input: input, templates: broken).build(into: out) }
        // Then the old site is all there and no temporary folder is left behind
        #expect(files(in: out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["output", "templates"])
        // And a failure while writing (a file in the way of a folder) also leaves it intact
        let blocked = parent.appendingPathComponent("blocked")
        try FileManager.default.copyItem(at: try site(), to: blocked)
        let index = try Data(contentsOf: blocked.appendingPathComponent("index.html"))
        let badTemplates = parent.appendingPathComponent("bad")
        try FileManager.default.copyItem(at: Fixture.templates, to: badTemplates)
        try "{{#unclosed}}".write(
            to: badTemplates.appendingPathComponent("unit.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: KaoheError.self) { try SiteBuilder(input: input, templates: badTemplates).build(into: blocked) }
        #expect(try Data(contentsOf: blocked.appendingPathComponent("index.html")) == index)
    }

    @Test func anAsOfDayShowsTheSiteAsItStoodThen() throws {
        // Given --as-of on Wednesday 2018-12-12 (in 2018-W50)
        let out = Fixture.tempDir("asof").appendingPathComponent("output")
        let input = try Fixture.input(last: Fixture.w("2019-W02"), asOf: Day(iso: "2018-12-12")!)
        let report = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        // Then weekly notices run to the last week that ended, months to date
        #expect(report.asOf == Day(iso: "2018-12-12"))
        let names = files(in: out)
        #expect(names.contains("gaoxin-2018/2018-W49.html") && !names.contains("gaoxin-2018/2018-W50.html"))
        #expect(names.contains("jinan-districts/2018-12.html") && !names.contains("jinan-districts/2019-01.html"))
        // And December is scored to the as-of day (docs/scoring.md, "Running windows"): 历下区's 2 cases of
        // 2018-W49 meet the quota prorated to 12 of 31 days (4 × 12/31 = 1.55): 30 + 20 + 0 + 0 + 15 + 4 = 69.00
        let html = try String(contentsOf: out.appendingPathComponent("jinan-districts/2018-12.html"), encoding: .utf8)
        #expect(
            html.contains(
                "历下区</a></td><td class=\"num\">30.00</td><td class=\"num\">20.00</td><td class=\"num\">0.00</td><td class=\"num\">0.00</td><td class=\"num\">15.00</td><td class=\"num\">4.00</td><td class=\"num score\">69.00</td>"
            ))
        // And the page says the month is not complete
        #expect(html.contains("<p>2018年12月（截至12月12日，本月尚未结束），13个区县参加排名"))
        #expect(html.contains("<div class=\"signature\"><div>济南市社会信用体系建设工作领导小组办公室</div><div>2018年12月12日</div></div>"))
        #expect(html.contains("<div class=\"doc-number\">济信用办〔2018〕1号</div>"))
    }

    @Test func noDataAndNoAsOfIsAClearError() throws {
        let input = SiteInput(catalog: try Fixture.catalog(), counts: [])
        let out = Fixture.tempDir("empty").appendingPathComponent("output")
        #expect {
            try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        } throws: { e in
            (e as? KaoheError)?.message == "没有任何报送数据：请先导入数据，或用 --as-of 指定截止日期 (no data: import some, or give --as-of)"
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

@Suite("Output writer")
struct OutputWriterTests {
    struct Boom: Error {}

    @Test func aFailureWhileWritingLeavesTheOldSiteAndNoTemporaryFolder() throws {
        // Given an output written by the writer
        let parent = Fixture.tempDir("writer")
        let out = parent.appendingPathComponent("output")
        let writer = OutputWriter(out: out)
        let day = Day(iso: "2018-12-09")!
        func job(_ path: String, _ text: String, fail: Bool = false) -> FileJob {
            FileJob(
                path: path, kind: .page, key: StableHash.of(text),
                produce: {
                    if fail { throw Boom() }
                    return Data(text.utf8)
                })
        }
        let first = try writer.write([job("a.html", "A"), job("b/c.html", "C")], asOf: day, progress: nil)
        #expect(first.pagesDrawn == 2)
        // When a later build fails on its third file (after two were produced)
        #expect(throws: Boom.self) {
            try writer.write(
                [job("a.html", "A2"), job("b/c.html", "C2"), job("d.html", "D", fail: true)], asOf: day, progress: nil)
        }
        // Then the old files are there unchanged and nothing else is left beside the output
        #expect(try String(contentsOf: out.appendingPathComponent("a.html"), encoding: .utf8) == "A")
        #expect(try String(contentsOf: out.appendingPathComponent("b/c.html"), encoding: .utf8) == "C")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("d.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["output"])
        // And an unchanged file is copied, a changed one produced, a vanished one dropped
        var progress: [Int] = []
        let third = try writer.write(
            [job("a.html", "A"), job("e.html", "E")], asOf: day, progress: { d, _ in progress.append(d) })
        #expect(third.pagesReused == 1 && third.pagesDrawn == 1)
        #expect(progress == [1, 2])
        #expect(files(in: out) == [".manifest.json", "a.html", "e.html"])
        // And the output folder's README (kept in the repository) survives a build
        try "generated".write(to: out.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        _ = try writer.write([job("a.html", "A")], asOf: day, progress: nil)
        #expect(files(in: out) == [".manifest.json", "README.md", "a.html"])
    }
}

@Suite("Output in parts")
struct OutputSessionTests {
    func job(_ path: String, _ text: String) -> FileJob {
        FileJob(path: path, kind: .page, key: StableHash.of(text), produce: { Data(text.utf8) })
    }

    @Test func partsMakeOneSiteAndTheManifestReadsBackEveryKey() throws {
        // Given a site written in two parts, one path with a quote and Chinese in it
        let out = Fixture.tempDir("parts").appendingPathComponent("output")
        let odd = "单位/a\"b.html"
        let session = try OutputSession(out: out, progress: nil)
        try session.write([job("z.html", "Z"), job(odd, "odd")])
        try session.write([job("a.html", "A")])
        var profile = ProfileRecorder()
        let report = try session.finish(asOf: Day(iso: "2019-01-06")!, profile: &profile)
        // Then the report lists every file in path order and the manifest gives each its key back
        #expect(report.paths == ["a.html", "z.html", odd])
        #expect(report.pagesDrawn == 3)
        #expect(
            OutputWriter.readManifest(out) == [
                "a.html": StableHash.of("A"), "z.html": StableHash.of("Z"), odd: StableHash.of("odd"),
            ])
        // And a second build reuses the unchanged files and draws the changed one
        let again = try OutputSession(out: out, progress: nil)
        try again.write([job("a.html", "A2")])
        try again.write([job("z.html", "Z"), job(odd, "odd")])
        let second = try again.finish(asOf: Day(iso: "2019-01-06")!, profile: &profile)
        #expect(second.pagesReused == 2 && second.pagesDrawn == 1)
        #expect(try String(contentsOf: out.appendingPathComponent("a.html"), encoding: .utf8) == "A2")
    }

    @Test func aPathGivenTwiceInTwoPartsIsRefusedAndNothingIsLeft() throws {
        let parent = Fixture.tempDir("twice")
        let session = try OutputSession(out: parent.appendingPathComponent("output"), progress: nil)
        try session.write([job("a.html", "A")])
        let e = try #require(throws: KaoheError.self) { try session.write([job("a.html", "B")]) }
        #expect(e.message == "同一路径生成了两次 (one path produced twice)")
        session.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }
}

@Suite("Charts of many units")
struct ChartRowsTests {
    @Test func showsTheFirstAndLastTwentyOfALargeScheme() {
        let units = (1...100).map { i in
            UnitResultFixture.make(id: "u\(i)", rank: i)
        }
        let (rows, note) = SitePlan.chartRows(units)
        #expect(rows.count == 40)
        #expect(
            rows.first?.unit == "u1" && rows[19].unit == "u20" && rows[20].unit == "u81" && rows.last?.unit == "u100")
        #expect(note == "（前20名与后20名，共100个单位）")
        let (few, none) = SitePlan.chartRows(Array(units.prefix(40)))
        #expect(few.count == 40 && none == "")
    }

    @Test func neverCutsThroughATie() {
        // Given 100 units where ranks 19–22 are a four-way tie at 19 and ranks 80–82 a three-way tie at 80
        let ranks = (1...100).map { i in (19...22).contains(i) ? 19 : (80...82).contains(i) ? 80 : i }
        let units = ranks.enumerated().map { k, r in UnitResultFixture.make(id: "u\(k + 1)", rank: r) }
        // When the chart's rows are chosen
        let (rows, note) = SitePlan.chartRows(units)
        // Then the top group runs to the end of the tie at 19 (22 units) and the bottom one starts
        // at the start of the tie at 80 (21 units), and the note says ties are included
        #expect(rows.count == 43)
        #expect(rows[21].unit == "u22" && rows[22].unit == "u80" && rows.last?.unit == "u100")
        #expect(note == "（前20名与后20名，含并列，共100个单位）")
    }

    @Test func showsEveryUnitWhenTheTiedGroupsMeet() {
        // Given 45 units with ranks 20…26 all tied at 20: the groups widened to their ties meet
        let units = (1...45).map { i in UnitResultFixture.make(id: "u\(i)", rank: (20...26).contains(i) ? 20 : i) }
        let (rows, note) = SitePlan.chartRows(units)
        #expect(rows.count == 45 && note == "")
    }
}
