import Foundation
import Indicators
import Testing

@testable import Site

@Suite("Build profile")
struct ProfileTests {
    /// The lines under the parallel file phase whose name starts with `prefix`, summed.
    func drawn(_ profile: BuildProfile, _ prefix: String) -> Int {
        profile.phases.filter { $0.name.hasPrefix("  " + prefix) }.map(\.count).reduce(0, +)
    }

    @Test func aBuildSaysWhereItsTimeWentPerKindOfFile() throws {
        // Given a site built from the fixture into a fresh folder
        let out = Fixture.tempDir("profile").appendingPathComponent("site")
        let input = try Fixture.input(last: Fixture.w("2019-W02"))
        let report = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        let profile = report.profile
        // Then the serial steps and the parallel file phase are named, in the order they ran
        let top = profile.phases.filter { !$0.name.hasPrefix(" ") }.map(\.name)
        #expect(top.prefix(2) == ["templates", "plan: scoring, page models, chart specs"])
        #expect(top.contains { $0.hasPrefix("files: draw and write (") })
        #expect(top.suffix(2) == ["output: manifest", "output: swap"])
        // And the lines under it count exactly the files the report counts, by kind
        #expect(drawn(profile, "page ") == report.pagesDrawn)
        #expect(drawn(profile, "chart ") == report.chartsDrawn)
        #expect(drawn(profile, "document pdf") == report.documentsDrawn)
        #expect(drawn(profile, "chart line (phone)") > 0 && drawn(profile, "chart bars (phone)") > 0)
        #expect(drawn(profile, "of those: PNG encoding") == report.chartsDrawn)
        #expect(drawn(profile, "file writes") == report.paths.count)
        #expect(drawn(profile, "files reused") == 0)
        // And every time is a real measurement: not negative, the parts within the whole
        #expect(profile.phases.allSatisfy { $0.cpuSeconds >= 0 && ($0.wallSeconds ?? 0) >= 0 })
        let encoding = try #require(profile.phases.first { $0.name == "  of those: PNG encoding" })
        let charts = profile.phases.filter { $0.name.hasPrefix("  chart ") }.map(\.cpuSeconds).reduce(0, +)
        #expect(encoding.cpuSeconds > 0 && encoding.cpuSeconds <= charts)
        #expect(profile.cpuSeconds > 0 && profile.wallSeconds > 0)

        // When the same input is built again into the same folder
        let again = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out).profile
        // Then nothing is drawn and every file is counted as reused
        #expect(drawn(again, "chart ") == 0 && drawn(again, "page ") == 0)
        #expect(drawn(again, "files reused") == report.paths.count)
    }

    @Test func theStepsBeforeTheBuildComeFirstInItsProfile() throws {
        // Given the steps of a command before its site is built, measured into a profile
        var earlier = BuildProfile()
        let input = try earlier.measure("database: read counts, events, observations") {
            try Fixture.input(last: Fixture.w("2019-W02"))
        }
        let sum = earlier.measure("busy", count: 7) { (0..<200_000).reduce(0, &+) }
        #expect(sum == 19_999_900_000)
        #expect(earlier.phases.map(\.name) == ["database: read counts, events, observations", "busy"])
        #expect(earlier.phases.map(\.count) == [1, 7])
        #expect(earlier.wallSeconds == earlier.phases.compactMap(\.wallSeconds).reduce(0, +))
        #expect(earlier.cpuSeconds == earlier.phases.map(\.cpuSeconds).reduce(0, +))
        // When the site is built after them
        let out = Fixture.tempDir("profile-after").appendingPathComponent("site")
        let profile = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out, after: earlier)
            .profile
        // Then its profile starts with those steps, then the build's own, and its totals include them
        let top = profile.phases.filter { !$0.name.hasPrefix(" ") }.map(\.name)
        #expect(
            Array(top.prefix(4)) == earlier.phases.map(\.name) + [
                "templates", "plan: scoring, page models, chart specs",
            ])
        #expect(top.last == "output: swap")
        #expect(profile.wallSeconds > earlier.wallSeconds && profile.cpuSeconds > earlier.cpuSeconds)
    }

    @Test func theSummaryIsATableWithTheTotalAndTheCoresBusy() {
        // Given a profile of two serial phases and one part of a parallel phase
        let profile = BuildProfile(
            phases: [
                .init(name: "templates", count: 1, cpuSeconds: 0.0125, wallSeconds: 0.0125),
                .init(name: "files: draw and write (2 workers)", count: 3, cpuSeconds: 3, wallSeconds: 1.5),
                .init(name: "  chart line", count: 2, cpuSeconds: 2.5, wallSeconds: nil),
            ], cpuSeconds: 3.0125, wallSeconds: 1.5125)
        // Then the summary has a header, one line per phase (– for no wall time), the total and the cores busy
        let lines = profile.summary.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "build phase                                     count     CPU s    wall s",
                "templates                                           1     0.013     0.013",
                "files: draw and write (2 workers)                   3     3.000     1.500",
                "  chart line                                        2     2.500         –",
                "total                                                     3.013     1.512",
                "cores busy on average: 1.99",
            ])
    }
}
