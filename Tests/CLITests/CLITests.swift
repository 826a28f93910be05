import Foundation
import Testing

/// Runs the built `kaohe` executable the way a user does, in a temporary folder.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/IngestTests/Fixtures")

    /// The `kaohe` binary beside the test bundle (`swift test` builds both into the same folder).
    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("kaohe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/kaohe")
    }

    struct Result {
        let status: Int32
        let out: String
        let err: String
    }

    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func run(_ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        p.currentDirectoryURL = CLI.root
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
            err: String(decoding: e, as: UTF8.self))
    }

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
}

@Suite(.serialized) struct CLITests {
    @Test func checkPrintsTheSummaryAndRefusesABrokenScheme() throws {
        let cli = try CLI()
        // Given the repository's schemes, when checked, then the summary ends with the counts
        let ok = try cli.run(["check"])
        #expect(ok.status == 0)
        #expect(ok.out.contains("    第1档 50%（4 个单位）: 服务业促进局、市场监管局、税务局、国土规划建设管理局"))
        #expect(ok.out.hasSuffix("检查通过: 3 个方案，92 个单位，12 项目标。\n"))
        // Given a broken fixture, then exit 1 and a message naming file and line
        let dir = CLI.root.appendingPathComponent("Tests/IndicatorsTests/Fixtures/broken/tier-weights").path
        let bad = try cli.run(["check", "--indicators", dir])
        #expect(bad.status == 1)
        #expect(bad.err.contains("\(dir)/mini.yaml:19: 指标 1 各档权重之和为 90%，应为 100%"))
    }

    @Test func importReportsNewUnchangedAndRefusesABadFileLeavingTheDatabaseAsItWas() throws {
        let cli = try CLI()
        let db = cli.path("k.sqlite")
        let good = CLI.fixtures.appendingPathComponent("long.csv").path
        // When a good file is imported, then a summary line names what went in
        let first = try cli.run(["import", good, "--scheme", "gaoxin-2018", "--db", db])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("long.csv: 新增 "))
        // When the same file comes again, then nothing changes and it says so
        let again = try cli.run(["import", good, "--scheme", "gaoxin-2018", "--db", db])
        #expect(again.status == 0)
        #expect(again.out.contains("新增 0 行，更正 0 行"))
        #expect(again.out.contains("数据库未改动"))
        // When a bad file comes, then FILE:ROW:COLUMN, exit 1, and the database file is byte-for-byte the same
        let before = try #require(cli.bytes(db))
        let badFile = CLI.fixtures.appendingPathComponent("bad_unknown_unit.csv").path
        let bad = try cli.run(["import", badFile, "--scheme", "gaoxin-2018", "--db", db])
        #expect(bad.status == 1)
        #expect(bad.err.contains("bad_unknown_unit.csv:"))
        #expect(bad.err.contains("是否指"))
        #expect(cli.bytes(db) == before)
        // A refused file or a dry run does not leave a new, empty database behind
        let fresh = cli.path("new.sqlite")
        #expect(try cli.run(["import", badFile, "--scheme", "gaoxin-2018", "--db", fresh]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try cli.run(["import", good, "--scheme", "gaoxin-2018", "--db", fresh, "--dry-run"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // A usage error is a usage error
        let usage = try cli.run(["import", good, "--week", "2018-W60", "--db", db])
        #expect(usage.status == 64)
        #expect(usage.err.contains("--week"))
    }

    @Test func everyCommandSaysAnUnknownSchemeAndAMissingDatabaseInOneWay() throws {
        let cli = try CLI()
        let none = cli.path("none.sqlite")
        let good = CLI.fixtures.appendingPathComponent("long.csv").path
        let unknown = "--scheme: 未知方案“gaoxin-2019”（是否指: gaoxin-2018）(unknown scheme)\n"
        // Given a scheme that does not exist, when score, template, status and import are asked for it,
        // then each says it in the same words (import as a usage error, the others as a refusal)
        for args in [
            ["score", "--month", "2019-01", "--db", none], ["template", "--week", "2019-W10", "--out", cli.path("t")],
            ["status", "--week", "2019-W10", "--db", none],
        ] {
            let r = try cli.run(args + ["--scheme", "gaoxin-2019"])
            #expect(r.status == 1, "\(args)")
            #expect(r.err == "kaohe: " + unknown, "\(args)")
        }
        let imp = try cli.run(["import", good, "--scheme", "gaoxin-2019", "--db", none])
        #expect(imp.status == 64)
        #expect(imp.err == "Error: " + unknown)
        #expect(!FileManager.default.fileExists(atPath: none))
        // Given no database, when score, status and build read it, then one message names the file and what to do
        let missing =
            "\(none): 打开数据库 (open): 数据库不存在 (no database): "
            + "先运行 kaohe import 或 kaohe demo，或用 --db 指定 (run kaohe import or kaohe demo first, or give --db)\n"
        let score = try cli.run(["score", "--scheme", "gaoxin-2018", "--month", "2019-01", "--db", none])
        #expect(score.status == 1)
        #expect(score.err == "kaohe: " + missing)
        let status = try cli.run(["status", "--scheme", "gaoxin-2018", "--week", "2019-W10", "--db", none])
        #expect(status.err == "kaohe: " + missing)
        let build = try cli.run(["build", "--db", none, "--out", cli.path("site")])
        #expect(build.status == 1)
        #expect(build.err == "kaohe build: " + missing)
        #expect(
            !FileManager.default.fileExists(atPath: none) && !FileManager.default.fileExists(atPath: cli.path("site")))
    }

    @Test func demoBuildsTheSiteAndScoreAnswersFromItsDatabase() throws {
        let cli = try CLI()
        let db = cli.path("demo.sqlite")
        let out = cli.path("site")
        let data = cli.path("data")
        // When the demo runs, then it ends with a complete site and says where to open it
        let demo = try cli.run(["demo", "--weeks", "26", "--db", db, "--data", data, "--out", out])
        #expect(demo.status == 0, "\(demo.err)")
        #expect(demo.out.contains("打开 \(out)/index.html"))
        #expect(demo.out.contains("税务局更正.csv: 新增 0 行，更正 1 行"))
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains("济南高新区社会信用体系建设工作领导小组办公室"))
        // Then `kaohe score --json` answers for the zone's first month with the formats.md keys
        let score = try cli.run(["score", "--scheme", "gaoxin-2018", "--month", "2018-12", "--json", "--db", db])
        #expect(score.status == 0, "\(score.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(score.out.utf8)) as? [String: Any])
        #expect(json["scheme"] as? String == "gaoxin-2018")
        #expect((json["window"] as? [String: String]) == ["from": "2018-12-01", "to": "2018-12-31"])
        let units = try #require(json["units"] as? [[String: Any]])
        #expect(units.count == 23)
        #expect(units.first?["rank"] as? Int == 1)
        let region = try #require(json["region"] as? [String: Any])
        #expect((region["indicators"] as? [Any])?.count == 6)
        // And the city's ranking rolls the zone up
        let city = try cli.run(["score", "--scheme", "jinan-districts", "--month", "2019-03", "--db", db])
        #expect(city.status == 0)
        #expect(city.out.contains("高新区"))
        // And what `score` starts before its arguments are parsed changes nothing: the plain form (started
        // early), the `--name=value` form (started after parsing) and a wrong early guess print the same
        let unit = try #require(units.first?["id"] as? String)
        let forms: [[String]] = [
            ["--month", "2019-01", "--json"], ["--month", "2019-02", "--csv"], ["--quarter", "2019-Q1"],
            ["--month", "2019-01", "--unit", unit], ["--month", "2019-02", "--as-of", "2019-02-10", "--json"],
        ]
        for form in forms {
            let plain = try cli.run(["score", "--scheme", "gaoxin-2018", "--db", db] + form)
            #expect(plain.status == 0, "\(form): \(plain.err)")
            #expect(plain.out.count > 100, "\(form)")
            let joined = try cli.run(["score", "--scheme=gaoxin-2018", "--db=\(db)"] + form)
            #expect(joined.out == plain.out && joined.err == plain.err && joined.status == 0, "\(form)")
            let guessed = try cli.run(["score", "--scheme", "gaoxin-2018", "--db", db, "--db", db] + form)
            #expect(guessed.out == plain.out && guessed.err == plain.err && guessed.status == 0, "\(form)")
        }
        // And a catalog that fails is reported the same way either way
        let broken = ["--indicators", cli.path("no-such-folder"), "--month", "2019-01"]
        let early = try cli.run(["score", "--scheme", "gaoxin-2018", "--db", db] + broken)
        let late = try cli.run(["score", "--scheme=gaoxin-2018", "--db=\(db)"] + broken)
        #expect(early.status == late.status && early.status != 0)
        #expect(early.err == late.err && early.err.contains("no-such-folder"))
        // And `kaohe build` from the same database gives a byte-identical site
        let out2 = cli.path("site2")
        let build = try cli.run(["build", "--db", db, "--out", out2])
        #expect(build.status == 0, "\(build.err)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: out2).sorted()))
        for f in files where !f.hasPrefix(".") {
            #expect(cli.bytes(out + "/" + f) == cli.bytes(out2 + "/" + f), "\(f)")
        }
    }
}
