import Indicators
import Testing

@testable import Scoring

@Suite struct TextTests {
    static func december() throws -> (SchemeResult, Scheme) {
        let r = try Scorer(catalog: realCatalog, input: WorkedExampleTests.input).score(
            scheme: "gaoxin-2018", window: month("2018-12"))
        return (r, try #require(realCatalog.scheme(id: "gaoxin-2018")))
    }

    @Test func rankingTableAlignsChineseNamesAndShowsTwoDecimals() throws {
        let (r, s) = try Self.december()
        let lines = ScoreReport.table(r, scheme: s).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        #expect(lines[0] == "关于落实济南市社会信用体系建设考核工作的通知（济高信用办[2018]1号）")
        #expect(lines[1] == "窗口 2018-12：2018-12-01 至 2018-12-31，23 个单位")
        #expect(lines[3] == "排名  变化  单位                    得分  1 组织领导与推进机制  2 联合奖惩  3 信用宣传  4 信用应用与创新  5 政务诚信  6 双公示")
        #expect(lines[4] == "   1  新    发展战略与宣传策划局  100.00                 18.00")
        #expect(
            lines[10]
                == "   7  新    市场监管局             14.77                  1.00        0.00        0.00              0.00        0.00      0.00"
        )
        #expect(
            lines.last(where: { !$0.isEmpty })
                == "区域得分 (region) 38.00：1 23.00/30，2 0.00/20，3 0.00/15，4 0.00/15，5 15.00/15，6 0.00/5")
    }

    @Test func unitBreakdownSaysWhatIsMissingAndHowFarTheNextRankIs() throws {
        let (r, s) = try Self.december()
        let text = ScoreReport.breakdown(try #require(r.unit("gx-scjg")), of: r, scheme: s)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "市场监管局（gx-scjg） gaoxin-2018 2018-12（2018-12-01 至 2018-12-31）")
        // 检察院 (6th) has 23.19: 23.19 − 14.77 + 0.01; another unit also has 14.77, so the place is shared (并列)
        #expect(r.units.filter { $0.rank == 7 }.count > 1)
        #expect(lines[1] == "得分 14.77，并列第7名 / 23，变化 新，距上一名次还差 8.43 分")
        #expect(lines[3] == "1 组织领导与推进机制  报送正式文件                2（40%）  1.00      1/1        –     100.0%  1.00  –")
        // An expected count that is whole is shown without decimals (not 1.00).
        #expect(
            lines[4]
                == "2 联合奖惩            每月 1 件                   1（50%）  2.50      0/0        1     0.0%    0.00  还需报送合格案例 1 件"
        )
        #expect(
            lines[8] == "6 双公示              准确、及时、全量（合格率）  1（80%）  1.00      0/0        –     0.0%    0.00  本期尚未报送双公示信息"
        )
        #expect(lines[9] == "合计：责任分值 6.77，实得 1.00")
    }

    @Test func displayHelpers() {
        #expect(
            ScoreText.change(nil) == "新" && ScoreText.change(0) == "–" && ScoreText.change(3) == "↑3"
                && ScoreText.change(-2) == "↓2")
        #expect(
            ScoreText.fixed(87.125, digits: 2) == "87.13" && ScoreText.fixed(-0.004, digits: 2) == "0.00"
                && ScoreText.fixed(-1.5, digits: 1) == "-1.5")
        #expect(ScoreText.width("高新区 A") == 8)
        #expect(ScoreText.pad("区", 4) == "区  " && ScoreText.pad("7", 3, right: true) == "  7")
    }
}
