import Foundation
import Testing

/// `kaohe score --json` and the pages of `kaohe demo` show the same scores and ranks (issue 13): one
/// rounding path, and a window still running scored to the same last day in both.
@Suite("Score and pages agree")
struct NumbersAgreeTests {
    /// Scores rounded half away from zero to 2 decimals, as every page shows them.
    static func shown(_ x: Double) -> String {
        let n = (abs(x) * 100).rounded(.toNearestOrAwayFromZero)
        let s = String(Int(n / 100)) + "." + String(format: "%02d", Int(n.truncatingRemainder(dividingBy: 100)))
        return x < 0 && n > 0 ? "-" + s : s
    }

    @Test func theDemoPagesShowTheScoresAndRanksOfKaoheScoreJSON() throws {
        // Given the demo's site and database (10 weeks from 2018-12-01: the last month is still running)
        let cli = try CLI()
        let db = cli.path("demo.sqlite")
        let out = cli.path("site")
        let data = cli.path("data")
        let demo = try cli.run(["demo", "--weeks", "10", "--db", db, "--data", data, "--out", out])
        #expect(demo.status == 0, "\(demo.err)")
        func latest(_ scheme: String, _ pattern: String) throws -> String {
            try FileManager.default.contentsOfDirectory(atPath: out + "/" + scheme)
                .filter { $0.range(of: pattern, options: .regularExpression) != nil }.sorted().last!
                .replacingOccurrences(of: ".html", with: "")
        }
        let month = try latest("jinan-districts", "^[0-9]{4}-[0-9]{2}\\.html$")
        let week = try latest("gaoxin-2018", "^[0-9]{4}-W[0-9]{2}\\.html$")
        var checked = 0
        for (scheme, flag, label) in [("jinan-districts", "--month", month), ("gaoxin-2018", "--week", week)] {
            // When `kaohe score --json` scores the window of the latest page
            let score = try cli.run(["score", "--scheme", scheme, flag, label, "--json", "--db", db])
            #expect(score.status == 0, "\(score.err)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(score.out.utf8)) as? [String: Any])
            let page = try String(contentsOfFile: "\(out)/\(scheme)/\(label).html", encoding: .utf8)
            // Then every unit's row on the page has the JSON's rank and its score as shown
            for u in try #require(json["units"] as? [[String: Any]]) {
                let id = u["id"] as! String
                let name = u["name"] as! String
                let rank = u["rank"] as! Int
                let score = Self.shown((u["score"] as! NSNumber).doubleValue)
                let head =
                    "<td class=\"num rank\">\(rank)</td><td class=\"name\"><a href=\"../\(scheme)/units/\(id).html\">\(name)</a></td>"
                #expect(page.contains(head), "\(scheme) \(label) \(id)")
                let row =
                    page.components(separatedBy: head).dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
                #expect(row.contains("<td class=\"num score\">\(score)</td>"), "\(scheme) \(label) \(id): \(score)")
                checked += 1
            }
        }
        #expect(checked == 13 + 23)
        // And the running month (February 2019, data to Sunday the 3rd) is said to be cut on the page and in
        // the terminal alike
        #expect(month == "2019-02")
        let table = try cli.run(["score", "--scheme", "jinan-districts", "--month", month, "--db", db])
        let page = try String(contentsOfFile: "\(out)/jinan-districts/\(month).html", encoding: .utf8)
        #expect(table.out.contains("窗口 2019-02：2019-02-01 至 2019-02-03（截至 2019-02-03，未满整期）"))
        #expect(page.contains("<p>2019年2月（截至2月3日，本月尚未结束），13个区县参加排名"))
    }
}
