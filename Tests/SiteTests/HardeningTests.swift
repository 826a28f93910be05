import Foundation
import Indicators
import Testing

@testable import Site

@Suite struct CSVInjection {
    @Test func textCellsThatASpreadsheetWouldRunAreNeutralised() {
        // Given event reasons crafted as formulas (OWASP "CSV injection"), and numbers
        let cells = [
            "=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "-3", "+2", "-0.5", "12.5%", "-", "--", "法院被列为失信被执行人", "",
        ]
        // When written as a CSV table
        let text = String(decoding: CSVTable(header: ["事由"], rows: cells.map { [$0] }).data, as: UTF8.self)
        // Then every text cell that starts with = + - @ tab or CR gets a leading ', and numbers stay numbers
        #expect(
            text == "\u{FEFF}事由\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
                + "'+1+cmd|' /C calc'!A0\r\n"
                + "'-2+3+cmd|' /C calc'!A0\r\n"
                + "'@SUM(A1:A9)\r\n"
                + "'\t=1+1\r\n"
                + "\"'\r=1+1\"\r\n"
                + "-3\r\n+2\r\n-0.5\r\n12.5%\r\n"
                + "'-\r\n'--\r\n"
                + "法院被列为失信被执行人\r\n\r\n")
    }

    @Test func aCellWithALineBreakIsQuotedWhateverTheBreak() {
        // Given reasons broken over lines by LF, CR and CR LF (one Character in Swift)
        let cells = ["甲\n乙", "甲\r乙", "甲\r\n乙"]
        // When written as a CSV table
        let text = String(decoding: CSVTable(header: ["事由"], rows: cells.map { [$0] }).data, as: UTF8.self)
        // Then each stays one quoted cell, so no break starts a row of its own
        #expect(text == "\u{FEFF}事由\r\n\"甲\n乙\"\r\n\"甲\r乙\"\r\n\"甲\r\n乙\"\r\n")
    }

    @Test func numbersAreRecognisedStrictly() {
        for n in ["0", "-3", "+2", "-0.5", "12.5%", "-12.5%", "100"] { #expect(CSVTable.isNumber(n), "\(n)") }
        for t in ["-", "-.5", "1.", "-2+3", "1e5", "--1", "1.2.3", "-１", "%", "-%"] {
            #expect(!CSVTable.isNumber(t), "\(t)")
        }
    }
}

@Suite struct MaskingTheWaysPeopleTypeNumbers {
    @Test(arguments: [
        // full-width digits
        ("身份证号３７０１０２１９９００１０１１２３４。", "身份证号３７０１０２********１２３４。"),
        // spaces between digit groups
        ("身份证号 370102 19900101 1234 已核实", "身份证号 370102 ******** 1234 已核实"),
        // hyphens between digit groups
        ("370102-19900101-1234", "370102-********-1234"),
        // a zero-width space inside the number
        ("370102\u{200B}199001011234", "370102\u{200B}********1234"),
        // a lower-case credit code
        ("统一社会信用代码：91370100ma3c5xkl1r", "统一社会信用代码：913701********kl1r"),
        // a credit code with a space
        ("代码 91370100 MA3C5XKL1R 的企业", "代码 913701** ******KL1R 的企业"),
        // the plain forms still
        ("身份证号370102199001011234，", "身份证号370102********1234，"),
        ("ID-11010519491231002x", "ID-110105********002x"),
    ])
    func masks(_ c: (String, String)) {
        #expect(maskIdentifiers(c.0) == c.1)
    }

    @Test(arguments: [
        "电话 138 0013 8000", "2019-01-01 至 2019-12-31", "第 3 周 第 12 期 共 45 家",
        "3701021990010112345", "编号 ABCDEFGHIJKLMNOPQR", "370102 19900101 12345",
    ])
    func leavesOtherTextAlone(_ text: String) {
        #expect(maskIdentifiers(text) == text)
    }
}

@Suite struct OutputStaysInside {
    @Test(arguments: [
        "../evil.html", "a/../../evil.html", "/etc/evil", "a//b.html", "./a.html", "a\\..\\b", "", "a/\u{0}b",
    ])
    func aPathThatCouldLeaveTheOutputIsRefused(_ path: String) {
        #expect(throws: KaoheError.self) { try OutputWriter.checkInside(path) }
    }

    @Test func theWriterRefusesAnEscapingJobAndWritesNothing() throws {
        // Given jobs of which one would land beside the output folder
        let dir = Fixture.tempDir("escape")
        let out = dir.appendingPathComponent("output")
        let jobs = [
            FileJob(path: "index.html", kind: .page, key: "a", produce: { Data("ok".utf8) }),
            FileJob(path: "x/../../evil.html", kind: .page, key: "b", produce: { Data("evil".utf8) }),
        ]
        // When written, then refused, saying the path leaves --out, and nothing is written anywhere
        let e = try #require(throws: KaoheError.self) {
            try OutputWriter(out: out).write(jobs, asOf: Day(iso: "2019-01-06")!, progress: nil)
        }
        #expect(e.description == "x/../../evil.html: 生成站点 (build): 路径超出输出目录，拒绝写入 (path leaves --out: refused)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func leftoversOfKilledBuildsAreRecovered() throws {
        // Given what kills leave: no output, a retired site and a half-written one of dead processes,
        // and a temporary folder of a build that is still running (this process)
        let dir = Fixture.tempDir("recover")
        let fm = FileManager.default
        let out = dir.appendingPathComponent("output")
        let dead: Int32 = 2_147_483_600
        for (name, text) in [
            ("output.old-\(dead)-1", "old"), ("output.tmp-\(dead)-2", "half"),
            ("output.tmp-\(getpid())-3", "running"),
        ] {
            try fm.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: dir.appendingPathComponent(name).appendingPathComponent("index.html"))
        }
        // When the next build starts, then the retired site is back, the dead builds' folders are gone
        OutputWriter.recover(out)
        #expect(fm.contents(atPath: out.appendingPathComponent("index.html").path) == Data("old".utf8))
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == ["output", "output.tmp-\(getpid())-3"])
        // And with the output in place, a retired copy of a dead build is just removed
        try fm.createDirectory(
            at: dir.appendingPathComponent("output.old-\(dead)-4"), withIntermediateDirectories: true)
        OutputWriter.recover(out)
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == ["output", "output.tmp-\(getpid())-3"])
        #expect(fm.contents(atPath: out.appendingPathComponent("index.html").path) == Data("old".utf8))
    }

    @Test func theRemoverTakesAWholeTreeButNothingALinkPointsTo() throws {
        // Given a tree of nested folders, one with 300 files (unlinked by several threads), a hard link
        // to a file outside it, and symbolic links to a folder and a file outside it
        let dir = Fixture.tempDir("remover")
        let fm = FileManager.default
        let tree = dir.appendingPathComponent("site")
        let outside = dir.appendingPathComponent("kept")
        try fm.createDirectory(at: tree.appendingPathComponent("a/units/deep"), withIntermediateDirectories: true)
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        for k in 0..<300 { try Data("\(k)".utf8).write(to: tree.appendingPathComponent("a/units/\(k).html")) }
        try Data("deep".utf8).write(to: tree.appendingPathComponent("a/units/deep/x.png"))
        try Data("index".utf8).write(to: tree.appendingPathComponent("index.html"))
        try Data("kept".utf8).write(to: outside.appendingPathComponent("file.txt"))
        try fm.linkItem(at: outside.appendingPathComponent("file.txt"), to: tree.appendingPathComponent("linked.txt"))
        try fm.createSymbolicLink(at: tree.appendingPathComponent("a/folder-link"), withDestinationURL: outside)
        try fm.createSymbolicLink(
            at: tree.appendingPathComponent("file-link"), withDestinationURL: outside.appendingPathComponent("file.txt")
        )
        // When it is removed
        #expect(TreeRemover.remove(tree.path))
        // Then nothing of it is left, and what its links pointed to is untouched
        #expect(!fm.fileExists(atPath: tree.path))
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["kept"])
        #expect(try fm.contentsOfDirectory(atPath: outside.path) == ["file.txt"])
        #expect(fm.contents(atPath: outside.appendingPathComponent("file.txt").path) == Data("kept".utf8))
        // And a path with nothing there counts as removed; a single file is removed too
        #expect(TreeRemover.remove(tree.path))
        #expect(TreeRemover.remove(outside.appendingPathComponent("file.txt").path))
        #expect(try fm.contentsOfDirectory(atPath: outside.path).isEmpty)
    }
}
