import Foundation
import Testing

/// Fills a template's input cells with openpyxl, as an office would in Excel or WPS:
/// `values` maps an indicator code to (报送数, 合格数); other rows stay blank.
private func fill(_ path: String, _ values: [String: (Int, Int?)]) throws {
    let pairs = values.map { code, v in "'\(code)': (\(v.0), \(v.1.map(String.init) ?? "None"))" }.joined(
        separator: ", ")
    let script = """
        import openpyxl, sys
        wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
        values = {\(pairs)}
        for row in ws.iter_rows(min_row=5):
            code = row[0].value
            if code in values:
                row[3].value, row[4].value = values[code]
        wb.save(sys.argv[1])
        """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, path]
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "openpyxl could not fill \(path)")
}

@Suite(.serialized) struct TemplateTests {
    @Test func filledTemplatesImportWithNoFlagAndScoreAsIfTypedByHand() throws {
        let cli = try CLI()
        let forms = cli.path("forms")
        // Given the week's templates of two units
        let made = try cli.run([
            "template", "--scheme", "gaoxin-2018", "--week", "2019-W10",
            "--unit", "市场监督管理局", "--unit", "gx-dongqu", "--out", forms,
        ])
        #expect(made.status == 0, "\(made.err)")
        #expect(made.out.contains("2 个模板已写入"))
        let scjg = forms + "/市场监管局_2019-W10.xlsx"
        let dongqu = forms + "/东区街道办_2019-W10.xlsx"
        // When they are filled in (one indicator left blank, one 合格数 left empty, one 0)
        try fill(scjg, ["1": (1, 1), "2": (5, 4), "3": (2, nil)])
        try fill(dongqu, ["2": (3, 3), "3": (0, 0)])
        // Then they import with no flag but --db, blank rows skipped, without warnings
        let db = cli.path("t.sqlite")
        let imported = try cli.run(["import", scjg, dongqu, "--db", db])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(!imported.err.contains("未知列"))
        #expect(imported.out.contains("市场监管局_2019-W10.xlsx: 新增 3 行"))
        #expect(imported.out.contains("东区街道办_2019-W10.xlsx: 新增 2 行"))
        // And score exactly as the same figures typed by hand in a CSV
        let csv = cli.path("hand.csv")
        try """
        周次,单位,指标,报送数,合格数
        2019-W10,市场监管局,1,1,1
        2019-W10,市场监管局,2,5,4
        2019-W10,市场监管局,3,2,2
        2019-W10,东区街道办,2,3,3
        2019-W10,东区街道办,3,0,0

        """.write(toFile: csv, atomically: true, encoding: .utf8)
        let hand = cli.path("hand.sqlite")
        #expect(try cli.run(["import", csv, "--scheme", "gaoxin-2018", "--db", hand]).status == 0)
        let a = try cli.run(["score", "--scheme", "gaoxin-2018", "--week", "2019-W10", "--json", "--db", db])
        let b = try cli.run(["score", "--scheme", "gaoxin-2018", "--week", "2019-W10", "--json", "--db", hand])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.out == b.out)
        #expect(a.out.contains("\"gx-scjg\""))
        // And status (催报) lists the two as sent, the other 19 as missing
        let status = try cli.run(["status", "--scheme", "gaoxin-2018", "--week", "2019-W10", "--json", "--db", db])
        #expect(status.status == 0, "\(status.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
        #expect(json["expected"] as? Int == 21)
        #expect(json["sentCount"] as? Int == 2)
        #expect(json["missingCount"] as? Int == 19)
        let sent = try #require(json["sent"] as? [[String: Any]])
        #expect(sent.map { $0["unit"] as? String } == ["gx-scjg", "gx-dongqu"])
        #expect(sent[0]["submitted"] as? Int == 8 && sent[0]["qualified"] as? Int == 7 && sent[0]["rows"] as? Int == 3)
        #expect(sent[1]["files"] as? [String] == ["东区街道办_2019-W10.xlsx"])
        let missing = try #require(json["missing"] as? [[String: Any]])
        #expect(!missing.contains { $0["unit"] as? String == "gx-scjg" })
        #expect(missing.contains { $0["unit"] as? String == "gx-zhangjin" && $0["name"] as? String == "章锦街道办" })
        let table = try cli.run(["status", "--scheme", "gaoxin-2018", "--week", "2019-W10", "--db", db])
        #expect(table.out.hasPrefix("gaoxin-2018 2019-W10（2019-03-04 至 2019-03-10）：应报 21 个单位，已报 2，未报 19"))
        #expect(table.out.contains("  gx-zhangjin     章锦街道办（4 项指标）\n"))
    }

    @Test func aFilledTemplateWithABadFigureIsRefusedNamingTheCell() throws {
        let cli = try CLI()
        let forms = cli.path("forms")
        #expect(
            try cli.run([
                "template", "--scheme", "gaoxin-2018", "--week", "2019-W10", "--unit", "gx-scjg", "--out", forms,
            ]).status == 0)
        let file = forms + "/市场监管局_2019-W10.xlsx"
        let db = cli.path("t.sqlite")
        // Given a template nobody filled in, then it is refused as such
        let blank = try cli.run(["import", file, "--db", db])
        #expect(blank.status == 1)
        #expect(blank.err.contains("市场监管局_2019-W10.xlsx:4: 模板中没有填写任何数字 (nothing filled in the template)"))
        // Given 合格数 above 报送数 (typed past Excel's validation, e.g. pasted), then FILE:ROW:COLUMN
        try fill(file, ["2": (2, 3)])
        let bad = try cli.run(["import", file, "--db", db])
        #expect(bad.status == 1)
        #expect(bad.err.contains("市场监管局_2019-W10.xlsx:6:E: 合格数 3 大于报送数 2 (qualified > submitted)"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func templateWritesTheSameBytesAndRefusesBadArguments() throws {
        let cli = try CLI()
        let a = cli.path("a")
        let b = cli.path("b")
        // Given the same scheme and week twice, then every template is byte-identical
        #expect(try cli.run(["template", "--scheme", "jinan-districts", "--week", "2019-W10", "--out", a]).status == 0)
        Thread.sleep(forTimeInterval: 2.1)
        #expect(try cli.run(["template", "--scheme", "jinan-districts", "--week", "2019-W10", "--out", b]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: a).sorted()
        #expect(!files.isEmpty)
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: b).sorted()))
        for f in files { #expect(cli.bytes(a + "/" + f) == cli.bytes(b + "/" + f), "\(f)") }
        // Bad input: a clear message and exit 1, nothing written
        let c = cli.path("c")
        let cases: [([String], String)] = [
            (["--scheme", "gaoxin-2019", "--week", "2019-W10"], "未知方案“gaoxin-2019”（是否指: gaoxin-2018）"),
            (["--scheme", "gaoxin-2018", "--week", "2019-10"], "--week 应为 YYYY-Www，而不是“2019-10”"),
            (["--scheme", "gaoxin-2018", "--week", "2018-W10"], "早于方案 gaoxin-2018 的开始日期"),
            (["--scheme", "gaoxin-2018", "--week", "2019-W10", "--unit", "火星局"], "未知单位“火星局”"),
            (["--scheme", "gaoxin-2018", "--week", "2019-W10", "--unit", "licheng"], "没有需要填报的指标"),
        ]
        for (args, message) in cases {
            let r = try cli.run(["template"] + args + ["--out", c])
            #expect(r.status != 0, "\(args)")
            #expect(r.err.contains(message), "\(args): \(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: c))
        // status without a database says so
        let s = try cli.run([
            "status", "--scheme", "gaoxin-2018", "--week", "2019-W10", "--db", cli.path("none.sqlite"),
        ])
        #expect(s.status == 1)
        #expect(s.err.contains("数据库不存在 (no database)"))
        let early = try cli.run([
            "status", "--scheme", "gaoxin-2018", "--week", "2018-W40", "--db", cli.path("none.sqlite"),
        ])
        #expect(early.status == 1)
        #expect(early.err.contains("kaohe: --week: 2018-W40 早于方案 gaoxin-2018 的开始日期 2018-12-01"))
    }
}
