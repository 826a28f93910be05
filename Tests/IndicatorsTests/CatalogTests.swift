import Foundation
import Testing

@testable import Indicators

/// The repository's folders, found from this file's path.
enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let indicators = root.appendingPathComponent("indicators")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
}

@Suite struct SeedTranscriptionTests {
    let catalog: Catalog

    init() throws { catalog = try CatalogLoader.load(directory: Paths.indicators) }

    @Test func zoneBreakdownMatchesSeed002() throws {
        // Given the zone's scheme transcribed from seed 002
        let s = try #require(catalog.scheme(id: "gaoxin-2018"))
        // Then it has six indicators worth 30/20/15/15/15/5 and 23 units
        #expect(s.indicators.map(\.points) == [30, 20, 15, 15, 15, 5])
        #expect(s.units.count == 23)
        #expect(s.start.description == "2018-12-01")
        #expect(s.notices == .weekly)
        #expect(s.document == "济高信用办[2018]1号")
        // indicator 1: 发展战略与宣传策划局 60 %, twelve units 40 %
        let i1 = try #require(s.indicator(code: "1"))
        #expect(i1.tiers.map(\.weight) == [60, 40])
        #expect(i1.tiers.map(\.units.count) == [1, 12])
        #expect(catalog.registry.unit(id: i1.tiers[0].units[0])?.name == "发展战略与宣传策划局")
        #expect(i1.rule == .document(required: 1))
        // indicator 2: tiers 50/30/20 % with 4, 5 and 8 units
        let i2 = try #require(s.indicator(code: "2"))
        #expect(i2.tiers.map(\.weight) == [50, 30, 20])
        #expect(i2.tiers.map(\.units.count) == [4, 5, 8])
        #expect(i2.rule == .quota(count: 1, period: .month))
        let i3 = try #require(s.indicator(code: "3"))
        #expect(i3.tiers.map(\.weight) == [40, 35, 25])
        #expect(i3.tiers.map(\.units.count) == [5, 6, 9])
        let i4 = try #require(s.indicator(code: "4"))
        #expect(i4.tiers.map(\.weight) == [50, 30, 20])
        #expect(i4.tiers.map(\.units.count) == [7, 6, 6])
        #expect(i4.rule == .quota(count: 1, period: .quarter))
        // indicator 5: a deduction over 22 units, no tiers
        let i5 = try #require(s.indicator(code: "5"))
        #expect(i5.tiers.isEmpty)
        #expect(i5.units.count == 22)
        #expect(i5.rule == .deduction(perEvent: 5))
        let i6 = try #require(s.indicator(code: "6"))
        #expect(i6.tiers.map(\.weight) == [80, 20])
        #expect(i6.tiers.map(\.units.count) == [4, 6])
        #expect(i6.rule == .rate)
        // the 23 units are 发展战略与宣传策划局 and the 22 of indicator 5
        #expect(Set(s.units) == Set(i1.tiers[0].units + i5.units))
    }

    @Test func officeAndPoliticalCommitteeAnswerOnlyForTheDeduction() throws {
        let s = try #require(catalog.scheme(id: "gaoxin-2018"))
        for name in ["办公室", "政法委"] {
            let u = try #require(catalog.registry.resolve(name))
            let answers = s.indicators.filter { s.isResponsible(unit: u.id, indicator: $0) }.map(\.code)
            #expect(answers == ["5"], "\(name)")
        }
    }

    @Test func districtsOfSeed003AndTheZone() throws {
        let s = try #require(catalog.scheme(id: "jinan-districts"))
        let names = s.units.compactMap { catalog.registry.unit(id: $0)?.name }
        #expect(names == ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区", "莱芜区", "钢城区", "平阴县", "商河县", "高新区"])
        #expect(s.mode == .individual)
        #expect(s.notices == .monthly)
        #expect(s.rollups == ["gaoxin": "gaoxin-2018"])
        #expect(s.indicator(code: "2")?.rule == .quota(count: 4, period: .month))
        #expect(s.indicator(code: "4")?.rule == .quota(count: 2, period: .quarter))
        #expect(catalog.registry.resolve("济阳县")?.id == "jiyang")
        #expect(catalog.registry.unit(id: "pingyin")?.kind == .county)
    }

    @Test func newsSchemeOfSeed000() throws {
        let s = try #require(catalog.scheme(id: "news-2017"))
        #expect(s.units.count == 57)  // 46 member units, 10 district offices and the zone
        #expect(s.count == .submitted)
        #expect(s.notices == .quarterly)
        #expect(s.start.description == "2017-01-18")
        #expect(s.indicators.count == 1)
        #expect(s.indicators[0].rule == .quota(count: 2, period: .month))
        #expect(s.indicators[0].points == 100)
        #expect(catalog.registry.units.filter { $0.kind == .member }.count == 46)
    }

    @Test func column1Targets() throws {
        let t = try #require(catalog.targets)
        #expect(t.targets.count == 12)
        let rank = try #require(t.resolve("36个直辖市、省会、副省级城市信用监测排名"))
        #expect(rank.comparator == .le)
        #expect(rank.value == 10)
        #expect(rank.lowerIsBetter)
        let loans = try #require(t.resolve("信用贷款余额规模"))
        #expect(loans.comparator == .gt && loans.value == 6000 && loans.measure == "亿元" && loans.method == .cagr)
        // 企业法人覆盖率 appears under two primary indicators: the title alone is ambiguous
        #expect(t.resolve("企业法人覆盖率") == nil)
        #expect(t.resolve("信用分级分类监管情况/企业法人覆盖率")?.id == "supervision-enterprise")
        #expect(t.targets.allSatisfy { $0.year == 2025 })
    }

    @Test func theFirstOfEqualIdsNamesOrAliasesIsTheOneFound() {
        // Given a registry built directly (without the loader's checks) where an id and names repeat
        let r = UnitRegistry(
            regions: [Region(id: "r", name: "区")],
            units: [
                Unit(id: "a", name: "甲", kind: .department, region: "r", aliases: ["乙"]),
                Unit(id: "b", name: "乙", kind: .department, region: "r"),
                Unit(id: "a", name: "丙", kind: .department, region: "r", aliases: ["甲"]),
            ])
        // Then an id, a name or an alias finds the first unit that has it
        #expect(r.unit(id: "a")?.name == "甲")
        #expect(r.unit(id: "b")?.name == "乙")
        #expect(r.resolve("乙")?.id == "a")
        #expect(r.resolve("甲")?.name == "甲")
        #expect(r.resolve("丙")?.name == "丙")
        #expect(r.resolve("丁") == nil)
    }

    @Test func unitsResolveByIdNameAndAlias() throws {
        let r = catalog.registry
        #expect(r.resolve("gx-scjg")?.name == "市场监管局")
        #expect(r.resolve(" 市场监管局 ")?.id == "gx-scjg")
        #expect(r.resolve("舜华路街道办事处")?.id == "gx-shunhualu")
        #expect(r.resolve("不存在的局") == nil)
        #expect(suggestions("市场监官局", among: r.units.map(\.name)).first == "市场监管局")
    }

    @Test func summaryNamesSchemesTiersAndTargets() throws {
        let text = CatalogSummary.render(catalog)
        #expect(text.contains("方案 gaoxin-2018: 关于落实济南市社会信用体系建设考核工作的通知"))
        #expect(text.contains("    第2档 40%（12 个单位）: 市场监管局、社会事务局"))
        #expect(text.contains("  高新区 由方案 gaoxin-2018 汇总"))
        #expect(text.hasSuffix("检查通过: 3 个方案，92 个单位，12 项目标。\n"))
    }
}

@Suite struct BrokenFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String, file: String, line: Int, message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let text = (try? String(contentsOf: Paths.fixtures.appendingPathComponent("cases.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { row in
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(name: f[0], file: f[1], line: Int(f[2])!, message: f[3])
        }
    }()

    @Test func everyCaseIsListed() { #expect(Self.cases.count == 16) }

    @Test func validFixtureLoads() throws {
        let c = try CatalogLoader.load(directory: Paths.fixtures.appendingPathComponent("valid"))
        #expect(c.schemes.map(\.id) == ["mini"])
    }

    @Test(arguments: cases)
    func brokenFixtureReportsExactlyItsProblem(_ c: Case) throws {
        // Given a fixture with one defect, when it is loaded
        let dir = Paths.fixtures.appendingPathComponent("broken").appendingPathComponent(c.name)
        let error = try #require(throws: CatalogError.self) { try CatalogLoader.load(directory: dir) }
        // Then exactly one problem names the file, the line and what is wrong
        #expect(error.problems.count == 1, "\(error.problems)")
        let p = try #require(error.problems.first)
        #expect((p.file as NSString).lastPathComponent == c.file)
        #expect(p.line == c.line)
        #expect(p.message.contains(c.message), "\(p.message)")
        #expect(p.description.hasPrefix(dir.appendingPathComponent(c.file).path + ":\(c.line): "))
    }
}
