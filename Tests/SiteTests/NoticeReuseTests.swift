import Foundation
import Indicators
import Scoring
import Testing

@testable import Site

/// The monthly rankings reused whole, before their models are built (`NoticeGroups`): unchanged
/// inputs skip the ranking, any changed input of it builds it again, and a rebuild over the previous
/// site always equals a full build into an empty folder.
@Suite("Notices reused whole")
struct NoticeReuseTests {
    static let finished = "jinan-districts/2018-12"

    /// The jobs a plan of `input` makes over the site in `out`, by path.
    func plannedJobs(_ input: SiteInput, over out: URL, templates: URL = Fixture.templates) throws -> [String: FileJob]
    {
        let previous = NoticeGroups.read(manifest: OutputWriter.readManifest(out), out: out).groups
        let plan = try SitePlan(input: input, templates: try TemplateSet(directory: templates), previous: previous)
        return Dictionary(plan.jobs.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func bytes(_ dir: URL, _ path: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(path)) }

    /// Builds `input` over the site in `out` and into an empty folder; expects the two equal, file for
    /// file (the manifest included).
    func rebuildEqualsFullBuild(_ input: SiteInput, over out: URL, templates: URL = Fixture.templates) throws {
        _ = try SiteBuilder(input: input, templates: templates).build(into: out)
        let fresh = Fixture.tempDir("reuse-fresh").appendingPathComponent("site")
        _ = try SiteBuilder(input: input, templates: templates).build(into: fresh)
        let names = files(in: out)
        #expect(names == files(in: fresh))
        for n in names { #expect(try bytes(out, n) == (try bytes(fresh, n)), "\(n) differs from a full build") }
    }

    /// The fixture's counts (to 2019-W06) with `change` applied to each.
    func changed(_ input: SiteInput, _ change: (WeeklyCount) -> WeeklyCount) -> SiteInput {
        let counts = Fixture.known + Fixture.filler(catalog: input.catalog, last: Fixture.w("2019-W06"))
        return SiteInput(
            catalog: input.catalog, counts: counts.map(change), events: input.events, observations: input.observations)
    }

    /// A site of `input` in a folder of its own.
    func built(_ input: SiteInput, templates: URL = Fixture.templates) throws -> URL {
        let out = Fixture.tempDir("reuse").appendingPathComponent("site")
        _ = try SiteBuilder(input: input, templates: templates).build(into: out)
        return out
    }

    @Test func anUnchangedFinishedRankingIsReusedUnbuiltWithAllItsFiles() throws {
        // Given a built site
        let input = try Fixture.input()
        let out = try built(input)
        // When the same input is planned over it
        let jobs = try plannedJobs(input, over: out)
        // Then the finished month's page, PDF, CSVs and charts are reused without being built; the
        // running month's are built
        let group = jobs.values.filter { $0.path.hasPrefix(Self.finished) }.map(\.path).sorted()
        for suffix in [".html", ".pdf", ".csv", "-scores.png", "-gaoxin-2018.csv"] {
            #expect(group.contains(Self.finished + suffix), "\(suffix)")
        }
        for path in group { #expect(jobs[path]?.label == "reused", "\(path)") }
        // And the manifest lists each of them with its own key and the ranking's group key
        let manifest = try String(contentsOf: out.appendingPathComponent(".manifest.json"), encoding: .utf8)
        let line = manifest.split(separator: "\n").first { $0.contains("\"\(Self.finished).pdf\"") } ?? ""
        #expect(line.contains("|"))
        // And the rebuild reuses every file and equals a full build
        let report = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        #expect(report.pagesDrawn == 0 && report.documentsDrawn == 0 && report.chartsDrawn == 0)
        try rebuildEqualsFullBuild(input, over: out)
    }

    @Test func aCountInTheWindowBuildsTheRankingAgain() throws {
        // Given a site, then 历下区's item of indicator 3 in 2018-W50 found unqualified
        let input = try Fixture.input()
        let out = try built(input)
        let before = try bytes(out, Self.finished + ".html")
        let more = changed(input) { c in
            c.unit == "lixia" && c.indicator == "3" && c.week == Fixture.w("2018-W50")
                ? WeeklyCount(
                    scheme: c.scheme, unit: c.unit, indicator: c.indicator, week: c.week, submitted: 2, qualified: 1)
                : c
        }
        // When it is planned and rebuilt over the site
        #expect(try plannedJobs(more, over: out)[Self.finished + ".html"]?.label == "page ranking")
        try rebuildEqualsFullBuild(more, over: out)
        // Then the ranking was drawn again with the new count
        #expect(try bytes(out, Self.finished + ".html") != before)
    }

    @Test func aCountOfTheRolledUpSchemeBuildsTheRankingAgain() throws {
        // Given a site, then one qualified item of ten instead of nine for a 高新区 unit in 2018-W49
        // (the zone's scores roll up into the districts' ranking)
        let input = try Fixture.input()
        let out = try built(input)
        let before = try bytes(out, Self.finished + "-gaoxin-2018.csv")
        let more = changed(input) { c in
            c.unit == "gx-swj" && c.indicator == "6" && c.week == Fixture.w("2018-W49")
                ? WeeklyCount(
                    scheme: c.scheme, unit: c.unit, indicator: c.indicator, week: c.week, submitted: 10, qualified: 1)
                : c
        }
        // When it is rebuilt over the site
        #expect(try plannedJobs(more, over: out)[Self.finished + ".html"]?.label == "page ranking")
        try rebuildEqualsFullBuild(more, over: out)
        // Then the rolled-up table changed
        #expect(try bytes(out, Self.finished + "-gaoxin-2018.csv") != before)
    }

    @Test func aUnitRenamedInTheCatalogBuildsTheRankingAgain() throws {
        // Given a site, then 历下区 renamed in the registry
        let input = try Fixture.input()
        let out = try built(input)
        let c = input.catalog
        let units = c.registry.units.map { u in
            u.id == "lixia" ? Unit(id: u.id, name: "历下新区", kind: u.kind, region: u.region, aliases: u.aliases) : u
        }
        let renamed = Catalog(
            registry: UnitRegistry(regions: c.registry.regions, units: units), schemes: c.schemes, targets: c.targets)
        let more = SiteInput(
            catalog: renamed, counts: Fixture.known + Fixture.filler(catalog: renamed, last: Fixture.w("2019-W06")),
            events: input.events, observations: input.observations)
        // When it is rebuilt over the site
        #expect(try plannedJobs(more, over: out)[Self.finished + ".pdf"]?.label == "document pdf")
        try rebuildEqualsFullBuild(more, over: out)
        // Then the new name is in the finished month's page
        #expect(String(decoding: try bytes(out, Self.finished + ".html"), as: UTF8.self).contains("历下新区"))
    }

    @Test func anEditedTemplateBuildsTheRankingAgain() throws {
        // Given a site, then a copy of the templates with one more line in the ranking's template
        let input = try Fixture.input()
        let out = try built(input)
        let templates = Fixture.tempDir("reuse-templates").appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Fixture.templates, to: templates)
        let ranking = templates.appendingPathComponent("ranking.mustache")
        try (try String(contentsOf: ranking, encoding: .utf8) + "<!-- edited -->\n").write(
            to: ranking, atomically: true, encoding: .utf8)
        // When it is rebuilt over the site
        #expect(
            try plannedJobs(input, over: out, templates: templates)[Self.finished + ".html"]?.label == "page ranking")
        try rebuildEqualsFullBuild(input, over: out, templates: templates)
        // Then the page carries the edit
        #expect(String(decoding: try bytes(out, Self.finished + ".html"), as: UTF8.self).contains("<!-- edited -->"))
    }

    @Test func aNewMonthBuildsTheMonthBeforeAgainButNotTheOlderOnes() throws {
        // Given a site up to 2019-W04 (January still running), then two more weeks (February begins)
        let c = try Fixture.catalog()
        let counts = Fixture.known + Fixture.filler(catalog: c, last: Fixture.w("2019-W04"))
        let early = SiteInput(catalog: c, counts: counts, events: Fixture.events, observations: Fixture.observations)
        let out = try built(early)
        let more = Fixture.filler(catalog: c, last: Fixture.w("2019-W06")).filter { $0.week > Fixture.w("2019-W04") }
        let later = SiteInput(
            catalog: c, counts: counts + more, events: Fixture.events, observations: Fixture.observations)
        // When the later input is planned over it
        let jobs = try plannedJobs(later, over: out)
        // Then December (finished before, its neighbours unchanged) is reused unbuilt and January (now
        // finished, with a link to February) is built again
        #expect(jobs[Self.finished + ".html"]?.label == "reused")
        #expect(jobs["jinan-districts/2019-01.html"]?.label == "page ranking")
        // And the rebuild equals a full build
        try rebuildEqualsFullBuild(later, over: out)
    }

    @Test func aRankingWhoseFileWasRemovedIsBuiltAgain() throws {
        // Given a site whose finished month's bar chart was deleted by hand
        let input = try Fixture.input()
        let out = try built(input)
        try FileManager.default.removeItem(at: out.appendingPathComponent(Self.finished + "-scores.png"))
        // When it is planned and rebuilt
        #expect(try plannedJobs(input, over: out)[Self.finished + ".html"]?.label == "page ranking")
        try rebuildEqualsFullBuild(input, over: out)
        // Then the chart is back
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(Self.finished + "-scores.png").path))
    }

    @Test func theResultKeyFeedsEveryStoredFieldOfAResult() throws {
        // Given a scored window of the districts
        let input = try Fixture.input()
        let scheme = input.catalog.scheme(id: "jinan-districts")!
        let window = ScoreWindow.notices(for: scheme, through: Day(iso: "2019-01-31")!)[0]
        let r = try input.scorer().score(scheme: scheme.id, window: window)
        let u = r.units.first { $0.indicators.contains { $0.missing != nil } } ?? r.units[0]
        // Then the fields ResultKey feeds are all the stored fields of each type (a new field fails here
        // until it is fed)
        func labels(_ v: Any) -> [String] { Mirror(reflecting: v).children.compactMap(\.label) }
        #expect(labels(r) == ["scheme", "window", "units", "region"])
        #expect(labels(r.window) == ["period", "cutoff"])
        #expect(labels(r.region) == ["total", "indicators"])
        #expect(labels(r.region.indicators[0]) == ["code", "short", "points", "score"])
        #expect(
            labels(u) == [
                "unit", "name", "score", "rank", "rankChange", "responsibility", "earned", "events", "indicators",
                "pointsToNextRank", "rollup",
            ])
        #expect(
            labels(u.indicators[0]) == [
                "code", "short", "points", "rule", "tier", "weight", "responsibility", "completion", "earned",
                "events", "counted", "submitted", "qualified", "expected", "missing",
            ])
        // And changing one unit's score changes the key
        func key(_ r: SchemeResult) -> String {
            var h = StableHash()
            ResultKey.feed(r, into: &h)
            return h.hex
        }
        var units = r.units
        let v = units[1]
        units[1] = UnitResult(
            unit: v.unit, name: v.name, score: v.score + 0.001, rank: v.rank, rankChange: v.rankChange,
            responsibility: v.responsibility, earned: v.earned, events: v.events, indicators: v.indicators,
            pointsToNextRank: v.pointsToNextRank, rollup: v.rollup)
        #expect(key(r) == key(r))
        #expect(key(SchemeResult(scheme: r.scheme, window: r.window, units: units, region: r.region)) != key(r))
    }

    @Test func theReflectedKeyOfASchemeSeesEveryFieldAndNotTheDictionaryOrder() throws {
        // Given the districts' scheme
        let scheme = try Fixture.catalog().scheme(id: "jinan-districts")!
        // Then its key is the same on every call (its rollups are a dictionary) and changes with a tier's weight
        #expect(ReflectedKey.of(scheme) == ReflectedKey.of(scheme))
        #expect(ReflectedKey.of(["a": 1, "b": 2, "c": 3]) == ReflectedKey.of(["c": 3, "b": 2, "a": 1]))
        #expect(ReflectedKey.of(Tier(weight: 0.5, units: ["a"])) != ReflectedKey.of(Tier(weight: 0.6, units: ["a"])))
        #expect(ReflectedKey.of(Tier(weight: 0.5, units: ["a"])) != ReflectedKey.of(Tier(weight: 0.5, units: ["b"])))
        #expect(ReflectedKey.of(Rule.quota(count: 1, period: .month)) != ReflectedKey.of(Rule.rate))
        #expect(ReflectedKey.of(Optional<Int>.none as Any) != ReflectedKey.of(Optional(0) as Any))
    }
}
