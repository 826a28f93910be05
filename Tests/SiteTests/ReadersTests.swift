import Foundation
import Indicators
import Scoring
import Testing

@testable import Site

/// The text of a page without its tags (what a reader sees; attributes such as links and alt left out).
private func visibleText(_ html: String) -> String {
    html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
}

@Suite("Numbers that add up, ways to find your own row")
struct ReadersTests {
    @Test func aUnitThatMetEveryRequirementIsNeitherSilentNorWarned() throws {
        // Given 发展战略与宣传策划局, whose one indicator (the document) was filed in 2018-W49, and who hands
        // in nothing in 2018-W50
        let html = try read("gaoxin-2018/2018-W50.html")
        // Then the notice counts it apart, and lists the 16 silent units once, after the table
        #expect(
            html.contains(
                "<p>2018年第50周（2018年12月10日至12月16日），应报送信用信息的21个单位中，有4个单位报送信用信息12条，经审核合格10条，合格率83.3%；1个单位已完成各项考核要求，本周未再报送；16个单位本周未报送任何信息（名单附后）。</p>"
            ))
        let list = try #require(
            html.components(separatedBy: "<h2>本周未报送单位</h2>\n<p>").dropFirst().first?.components(separatedBy: "</p>")
                .first)
        #expect(list.split(separator: "、").count == 16)
        #expect(!list.contains("发展战略与宣传策划局"))
        #expect(
            html.contains(
                "<tr class=\"\"><td class=\"num rank\">1</td><td class=\"name\"><a href=\"../gaoxin-2018/units/gx-fzzl.html\">发展战略与宣传策划局</a></td>"
            ))
        #expect(html.components(separatedBy: "本周未报送单位").count == 2)
    }

    @Test func tiesAreSaidAsShared() throws {
        // Three units at 100.00 in 2018-W50: 并列第一 in the prose, not "位列前三"
        let notice = try read("gaoxin-2018/2018-W50.html")
        #expect(notice.contains("<p>截至2018年12月16日，23个单位累计平均得分17.34分，发展战略与宣传策划局、办公室、政法委以100.00分并列第一，"))
        #expect(notice.contains("等16个单位以0.00分并列末位。</p>"))
        #expect(!notice.contains("位列前三"))
        // And on a unit page: 并列第1, no points to a better place
        let unit = try read("gaoxin-2018/units/gx-fzzl.html")
        #expect(
            unit.contains(
                "<div class=\"card\"><div class=\"label\">名次</div><div class=\"value\">并列第1<span class=\"of\">/23</span></div></div>"
            ))
        #expect(unit.contains("<div class=\"next-rank\">与其他单位并列第一</div>"))
        #expect(unit.contains("<td class=\"num\">100.00</td><td class=\"num\">并列第1/23</td>"))
    }

    @Test func aUnitPageShowsHowItsScoreIsMade() throws {
        // Given 市场监管局 (a shared scheme): its 得分 column adds up to the totals row, turned into the headline
        let html = try read("gaoxin-2018/units/gx-scjg.html")
        let body = try #require(
            html.components(separatedBy: "<tbody>").dropFirst().first?.components(separatedBy: "</tbody>").first)
        let earned = body.components(separatedBy: "<tr").dropFirst().compactMap { row -> Double? in
            let cells = row.components(separatedBy: "<td class=\"num\">").dropFirst().map {
                $0.components(separatedBy: "<").first ?? ""
            }
            // code, points, 应得分, 完成率, 得分; the deduction row (完成率 "事件 n 次") is not in the total
            return cells.count >= 5 && !cells[3].hasPrefix("事件") ? Double(cells[4]) : nil
        }
        #expect(earned.count == 5)
        let sum = earned.reduce(0, +)
        #expect(
            html.contains(
                "<tfoot><tr class=\"total\"><th scope=\"row\" colspan=\"4\">合计（不含扣分项）</th><td class=\"num\"></td><td class=\"num\">6.77</td><td class=\"num\"></td><td class=\"num\">\(Numbers.score(sum))</td>"
            ))
        #expect(
            html.contains("<p class=\"note conversion\">百分制得分 = 得分合计 6.67 ÷ 应得分合计 6.77 × 100 = 98.52分（按未舍入的数值计算）。</p>"))
        #expect(
            html.contains("<div class=\"card\"><div class=\"label\">得分</div><div class=\"value\">98.52</div></div>"))
        // And the CSV has the same totals row
        let csv = try read("gaoxin-2018/units/gx-scjg-indicators.csv")
        #expect(csv.contains(",合计（不含扣分项）,,,,6.77,,6.67,百分制得分 = 得分合计 6.67 ÷ 应得分合计 6.77 × 100 = 98.52分（按未舍入的数值计算）。\r\n"))
        // And an individual scheme's total is the sum of its items, out of the scheme's total
        let lixia = try read("jinan-districts/units/lixia.html")
        #expect(lixia.contains("<p class=\"note conversion\">得分 = 各项得分之和 = 45.00分（满分100分）。</p>"))
    }

    @Test func table2IsHeadedByWhatItsCellsAre() throws {
        // The zone's units in the monthly ranking carry apportioned shares, not the districts' maxima
        let csv = try read("jinan-districts/2019-01-gaoxin-2018.csv")
        #expect(
            csv.contains("排名,单位,组织领导与推进机制（分摊得分）,联合奖惩（分摊得分）,信用宣传（分摊得分）,信用应用与创新（分摊得分）,政务诚信（扣分）,双公示（分摊得分）,百分制得分,名次变化\r\n"))
        let html = try read("jinan-districts/2019-01.html")
        #expect(html.contains("<br><span class=\"pts\">分摊得分</span></th>"))
        #expect(html.contains("<th>组织领导与推进机制<br><span class=\"pts\">满分30分</span></th>"))
        // Short headings keep their characters together (WORD JOINER), so 联合奖惩 never breaks inside
        #expect(html.contains("<th>联\u{2060}合\u{2060}奖\u{2060}惩<br>"))
    }

    @Test func theRankedBarsAverageIsTheMeanOfAllUnits() throws {
        // 57 units in the news scheme, 41 drawn (the first and last 20, widened to a tie at the edge):
        // the average is the mean of all 57
        let input = try Fixture.input(last: Fixture.w("2019-W02"))
        let scorer = input.scorer()
        let r = try scorer.score(scheme: "news-2017", window: .quarter(Quarter("2018-Q4")!))
        let mean = r.units.map(\.score).reduce(0, +) / Double(r.units.count)
        let html = try read("news-2017/2018-Q4.html")
        #expect(r.units.count == 57)
        #expect(
            html.contains(
                "（前20名与后20名，含并列，共57个单位）」：41 个单位按得分从高到低排列，最高为市委宣传部 100.00 分，最低为高新区 0.00 分，57个单位平均 \(Numbers.score(mean)) 分\""
            ))
    }

    @Test func everyPageHasBreadcrumbsAndNoInternalIds() throws {
        let root = try site()
        var pages = 0
        for path in files(in: root) where path.hasSuffix(".html") {
            let html = try read(path)
            #expect(html.contains("<nav class=\"breadcrumbs\" aria-label=\"当前位置\">"), "\(path)")
            if path != "index.html" {
                #expect(
                    html.contains("<a href=\"\(relative("index.html", from: dirname(path)))\">首页</a> › "), "\(path)")
            }
            let text = visibleText(html)
            for id in ["gaoxin-2018", "jinan-districts", "news-2017"] {
                #expect(!text.contains(id), "\(path) shows \(id)")
            }
            // No full-width digits mixed with half-width ones
            #expect(text.range(of: "[０-９％]", options: .regularExpression) == nil, "\(path)")
            pages += 1
        }
        #expect(pages > 100)
        let unit = try read("gaoxin-2018/units/gx-scjg.html")
        #expect(
            unit.contains(
                "<nav class=\"breadcrumbs\" aria-label=\"当前位置\"><a href=\"../../index.html\">首页</a> › <a href=\"../../gaoxin-2018/index.html\">关于落实济南市社会信用体系建设考核工作的通知</a> › <a href=\"../../gaoxin-2018/index.html#units\">各单位</a> › <span aria-current=\"page\">市场监管局</span></nav>"
            ))
        #expect(
            try read("jinan-districts/units/gaoxin.html").contains("<td class=\"missing\">由本区考核（济高信用办[2018]1号）汇总：得分 "))
    }

    @Test func eachSchemeHasAUnitIndexByKindAndTheHomePageLinksIt() throws {
        let gaoxin = try read("gaoxin-2018/index.html")
        #expect(gaoxin.contains("<h3 id=\"kind-department\">部门（18个）</h3>"))
        #expect(gaoxin.contains("<h3 id=\"kind-subdistrict\">街道办（5个）</h3>"))
        #expect(gaoxin.contains("<li><a href=\"../gaoxin-2018/units/gx-scjg.html\">市场监管局：98.52分</a></li>"))
        #expect(gaoxin.contains("<li><a href=\"../gaoxin-2018/2019-W02.html\">第7期 2019年第2周</a></li>"))
        let districts = try read("jinan-districts/index.html")
        #expect(districts.contains("<h3 id=\"kind-district\">区县（13个）</h3>"))
        let home = try read("index.html")
        #expect(
            home.contains(
                "<ul class=\"unit-list\"><li><a href=\"gaoxin-2018/index.html#kind-department\">部门（18个）</a></li><li><a href=\"gaoxin-2018/index.html#kind-subdistrict\">街道办（5个）</a></li></ul>"
            ))
        // The running month is named as such, and districts are called 区县
        #expect(home.contains("<a href=\"jinan-districts/2019-01.html\">2019年1月各区县考核排名（截至2019年1月13日）</a>"))
        #expect(home.contains("<li><a href=\"jinan-districts/2019-01.html\">第2期 2019年1月（截至2019年1月13日）</a></li>"))
    }

    @Test func weeklyAndMonthlyViewsOfTheZoneLinkBothWays() throws {
        let weekly = try read("gaoxin-2018/units/gx-scjg.html")
        #expect(
            weekly.contains(
                "<li><a href=\"../../jinan-districts/units/gaoxin.html\">高新区在济南市区县社会信用体系建设考核月度排名中的得分与名次</a></li>"))
        #expect(
            weekly.contains("<li><a href=\"../../jinan-districts/2019-01.html\">济南市区县社会信用体系建设考核月度排名：2019年1月</a></li>"))
        let monthly = try read("jinan-districts/units/gaoxin.html")
        #expect(
            monthly.contains("<li><a href=\"../../gaoxin-2018/index.html\">关于落实济南市社会信用体系建设考核工作的通知：各单位每期通报与得分</a></li>"))
        #expect(monthly.contains("<li><a href=\"../../gaoxin-2018/2019-W02.html\">最新一期：2019年第2周</a></li>"))
    }

    @Test func targetsPageDatesItsValuesByTheirOwnPeriod() throws {
        let html = try read("targets.html")
        #expect(html.contains("<p class=\"asof\">指标数据截至2023年</p>"))
        #expect(!html.contains("数据截至2019年"))
        #expect(html.contains("<td class=\"target\">100%</td>") && !html.contains("１００％"))
    }

    @Test func aSiteWithoutTargetsNeverLinksTheTargetsPage() throws {
        // Given a catalog without 专栏1
        var input = try Fixture.input(last: Fixture.w("2018-W50"))
        input.catalog = Catalog(registry: input.catalog.registry, schemes: input.catalog.schemes, targets: nil)
        let out = Fixture.tempDir("notargets").appendingPathComponent("output")
        _ = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        // Then no targets page is written and no page links one
        let names = files(in: out)
        #expect(!names.contains("targets.html"))
        for path in names where path.hasSuffix(".html") {
            let html = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
            #expect(!html.contains("targets.html"), "\(path)")
        }
    }

    @Test func numbersAgreeWithKaoheScoreJSON() throws {
        // Given the scores `kaohe score --json` prints for the same data and last day (2019-01-13, a running month)
        let input = try Fixture.input(last: Fixture.w("2019-W02"))
        let scorer = input.scorer()
        let lastDay = Day(iso: "2019-01-13")!
        let cases: [(scheme: String, window: ScoreWindow, page: String)] = [
            (
                "jinan-districts", ScoreWindow.month(YearMonth("2019-01")!).through(lastDay),
                "jinan-districts/2019-01.html"
            ),
            (
                "gaoxin-2018", ScoreWindow.week(ISOWeek("2019-W02")!, scheme: input.catalog.scheme(id: "gaoxin-2018")!),
                "gaoxin-2018/2019-W02.html"
            ),
            ("news-2017", ScoreWindow.quarter(Quarter("2019-Q1")!).through(lastDay), "news-2017/2019-Q1.html"),
        ]
        var checked = 0
        for c in cases {
            let r = try scorer.score(scheme: c.scheme, window: c.window)
            let json = try #require(
                JSONSerialization.jsonObject(with: Data(ScoreReport.json(r).utf8)) as? [String: Any])
            let units = try #require(json["units"] as? [[String: Any]])
            let page = try read(c.page)
            let table = ScoreReport.table(r, scheme: input.catalog.scheme(id: c.scheme)!)
            for u in units {
                let id = u["id"] as! String
                let name = u["name"] as! String
                let score = Numbers.score((u["score"] as! NSNumber).doubleValue)
                let rank = u["rank"] as! Int
                // Then the ranking row shows the same rank and score as the JSON (rounded by the one path)
                #expect(
                    page.contains(
                        "<td class=\"num rank\">\(rank)</td><td class=\"name\"><a href=\"../\(c.scheme)/units/\(id).html\">\(name)</a></td>"
                    ), "\(c.page) \(id)")
                let row =
                    page.components(separatedBy: "units/\(id).html\">\(name)</a></td>").dropFirst().first?.components(
                        separatedBy: "</tr>"
                    ).first ?? ""
                #expect(row.contains("<td class=\"num score\">\(score)</td>"), "\(c.page) \(id)")
                // And the terminal table prints the same digits
                #expect(table.contains(" \(name)") && table.contains(score))
                checked += 1
            }
            // And the unit pages of the latest window show them too
            if let first = units.first {
                let unit = try read("\(c.scheme)/units/\(first["id"] as! String).html")
                #expect(
                    unit.contains(
                        "<div class=\"value\">\(Numbers.score((first["score"] as! NSNumber).doubleValue))</div>"))
            }
        }
        #expect(checked > 80)
    }
}
