import Foundation
import Testing

@testable import Charts

/// Runs a poppler-utils program on PDF bytes and returns its output.
private func poppler(_ tool: String, _ args: [String], pdf: [UInt8]) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-doc-\(UUID().uuidString).pdf")
    try Data(pdf).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try output(of: [tool] + args.map { $0 == "PDF" ? url.path : $0 })
}

/// Runs a program (found on PATH) and returns its standard output.
private func output(of args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite("OfficialDocument (GB/T 9704 PDF)")
struct OfficialDocumentTests {
    func document(paragraphs: Int, rows: Int) -> OfficialDocument {
        let body = (0..<paragraphs).map { k in
            OfficialDocument.Paragraph.text("第\(k + 1)段：" + String(repeating: "各单位按要求报送信用信息，", count: 5))
        }
        let table = DocumentTable(
            caption: "", header: [[.init("排名"), .init("单位"), .init("得分")]],
            rows: (1...max(rows, 1)).prefix(rows).map { ["\($0)", "第\($0)号单位", "\(100 - $0).00"] })
        let chart = RankedBarChart(title: "得分", items: [("甲单位", 90), ("乙单位", 80)])
        return OfficialDocument(
            mark: "测试领导小组办公室", number: "测信办〔2019〕3号", title: "关于测试的通报", addressees: "各成员单位",
            body: body, signature: "测试领导小组办公室", date: "2019年3月10日",
            attachments: [
                .init(title: "各单位得分", parts: [.table(table)]),
                .init(
                    title: "附图",
                    parts: [.figure(DocumentFigure(chart: .bars(chart), width: 680, height: 200, caption: "附图1  得分"))]),
            ],
            copies: ["上级办公室"], printer: "测试领导小组办公室", printDate: "2019年3月10日", metadataDate: "2019-03-10T00:00:00")
    }

    @Test func aLongTableRepeatsItsHeaderAndNeverSplitsARow() throws {
        // Given a table of 80 rows (several pages)
        let pdf = try document(paragraphs: 1, rows: 80).pdf()
        let pages = try poppler("pdftotext", ["-raw", "PDF", "-"], pdf: pdf).split(separator: "\u{0C}").map(String.init)
        let tablePages = pages.filter { $0.contains("号单位") }
        #expect(tablePages.count >= 3)
        // Then every page of it starts with the header, and each row's three cells are on one page
        for p in tablePages {
            #expect(p.contains("排名") && p.contains("单位 得分") || p.contains("排名\n单位\n得分"), "\(p.prefix(60))")
        }
        for n in 1...80 {
            let holding = tablePages.filter { $0.contains("第\(n)号单位") }
            #expect(holding.count == 1 && holding[0].contains("\(100 - n).00"), "row \(n)")
        }
    }

    @Test func theSignatureNeverStandsAloneOnAPage() throws {
        // Given bodies of every length around a page's end
        for n in 1...9 {
            let pdf = try document(paragraphs: n, rows: 3).pdf()
            let pages = try poppler("pdftotext", ["-raw", "PDF", "-"], pdf: pdf).split(separator: "\u{0C}").map(
                String.init)
            // Then the page of the signature also holds text of the body (or the 附件说明) above it
            let marker = "测试领导小组办公室\n2019年3月10日\n"
            let page = try #require(pages.first { $0.contains(marker) }, "\(n) paragraphs: no signature in \(pages)")
            let before = page[..<page.range(of: marker)!.lowerBound]
            #expect(before.contains("报送信用信息") || before.contains("附件"), "\(n) paragraphs: \(page.prefix(80))")
        }
    }

    @Test func chartsAreVectorsAndFontsEmbedded() throws {
        let pdf = try document(paragraphs: 2, rows: 3).pdf()
        #expect(try poppler("pdfimages", ["-list", "PDF"], pdf: pdf).split(separator: "\n").count == 2)
        let fonts = try poppler("pdffonts", ["PDF"], pdf: pdf).split(separator: "\n").dropFirst(2)
        #expect(fonts.count == 4)
        for f in fonts { #expect(f.split(separator: " ").reversed()[4] == "yes") }
        // The chart's labels are text in the PDF, not pixels.
        let text = try poppler("pdftotext", ["-raw", "PDF", "-"], pdf: pdf)
        #expect(text.contains("甲单位") && text.contains("90.00"))
    }

    @Test func theSameDocumentGivesTheSameBytes() throws {
        #expect(try document(paragraphs: 3, rows: 30).pdf() == document(paragraphs: 3, rows: 30).pdf())
    }

    @Test func aThreadsEarlierDocumentsDoNotChangeTheBytes() throws {
        // Given a document written first on a thread of its own (nothing laid out on it before)
        final class Box: @unchecked Sendable { var bytes: [UInt8] = [] }
        let first = Box()
        let thread = Thread { first.bytes = (try? self.document(paragraphs: 2, rows: 40).pdf()) ?? [] }
        thread.start()
        while !thread.isFinished { usleep(1000) }
        // When this thread writes other documents sharing most of its texts, and then the same one
        _ = try document(paragraphs: 5, rows: 60).pdf()
        _ = try document(paragraphs: 1, rows: 3).pdf()
        let later = try document(paragraphs: 2, rows: 40).pdf()
        // Then its bytes are those of the first writing
        #expect(!first.bytes.isEmpty)
        #expect(later == first.bytes)
    }

    @Test func releasingResidentMemoryBetweenDocumentsChangesNoByte() throws {
        // Given a document written, its fonts read by cairo's subsetter
        let before = try document(paragraphs: 2, rows: 40).pdf()
        // When the memory the PDFs left resident is given back, and the document is written again
        ResidentMemory.releaseDocumentLayouts()
        ResidentMemory.releaseFontPages()
        let after = try document(paragraphs: 2, rows: 40).pdf()
        // Then its bytes are those of the first writing
        #expect(!before.isEmpty)
        #expect(after == before)
    }

    @Test func aDocumentOfManyRowsWrittenWithItsFontPagesDroppedFromTheStartKeepsItsBytes() throws {
        // Given a document of more table rows than `largeRows` (its fonts' pages dropped after each page
        // from its first), written once
        let rows = DocumentWriter.largeRows + 20
        let first = try document(paragraphs: 1, rows: rows).pdf()
        // When the memory the PDFs left resident is given back and it is written again
        ResidentMemory.releaseDocumentLayouts()
        ResidentMemory.releaseFontPages()
        let second = try document(paragraphs: 1, rows: rows).pdf()
        // Then both have every row and the same bytes
        let text = try poppler("pdftotext", ["-raw", "PDF", "-"], pdf: first)
        #expect(text.contains("第\(rows)号单位"))
        #expect(second == first)
    }

    #if os(Linux)
    @Test func theFontFilesAPDFReadAreFoundAmongTheMappings() throws {
        // Given a document written (its Noto CJK fonts subset)
        _ = try document(paragraphs: 1, rows: 3).pdf()
        // When the process's mappings are read, then the font files are among them
        #expect(ResidentMemory.fontMappings().count >= 2)
    }
    #endif

    @Test func onlyReadOnlyMappingsOfFontFilesAreReleased() throws {
        // Given lines of /proc/self/maps
        let font = "7f1c2a000000-7f1c2b9c4000 r--p 00000000 fe:01 1234   /usr/share/fonts/noto/NotoSerifCJK-Regular.ttc"
        let writable = "7f1c2a000000-7f1c2b9c4000 rw-p 00000000 fe:01 1234   /usr/share/fonts/x/Font.otf"
        let shared = "7f1c2a000000-7f1c2b9c4000 r--s 00000000 fe:01 1234   /usr/share/fonts/x/Font.TTF"
        let library = "7f1c2c000000-7f1c2c100000 r-xp 00000000 fe:01 99   /usr/lib/x86_64-linux-gnu/libcairo.so.2"
        let anonymous = "7f1c2d000000-7f1c2d100000 rw-p 00000000 00:00 0"
        let upper = "1000-3000 r--p 00000000 fe:01 7   /fonts/A Font.TTF"
        // When each is read, then only the private read-only font files give a range, with its length
        let range = ResidentMemory.fontMapping(Substring(font))
        #expect(range?.start == 0x7f1c_2a00_0000 && range?.length == 0x19c_4000)
        #expect(ResidentMemory.fontMapping(Substring(writable)) == nil)
        #expect(ResidentMemory.fontMapping(Substring(shared)) == nil)
        #expect(ResidentMemory.fontMapping(Substring(library)) == nil)
        #expect(ResidentMemory.fontMapping(Substring(anonymous)) == nil)
        #expect(ResidentMemory.fontMapping(Substring(upper))?.length == 0x2000)
        #expect(ResidentMemory.fontMapping("zz-3000 r--p 0 fe:01 7 /a.ttf") == nil)
    }

    @Test func aMissingCharacterIsAnErrorAfterItsTextsWereLaidOut() throws {
        // Given a thread that laid out every text of a document
        _ = try document(paragraphs: 1, rows: 1).pdf()
        // When a text with a character the fonts lack comes in a table cell
        var d = document(paragraphs: 1, rows: 1)
        if case .table(var t) = d.attachments[0].parts[0] {
            t.rows[0][1] = "第\u{1F600}号单位"
            d.attachments[0].parts[0] = .table(t)
        }
        // Then it is still an error naming the text
        #expect(throws: ChartError.missingGlyph(chart: "公文「关于测试的通报」", text: "第\u{1F600}号单位")) {
            try d.pdf()
        }
    }

    @Test func aCharacterTheFontsLackIsAnError() throws {
        var d = document(paragraphs: 1, rows: 1)
        d.title = "关于\u{1F600}的通报"
        #expect(throws: ChartError.self) { try d.pdf() }
    }

    @Test func aPagesTableRulesAreABoxPerRowAndPerColumn() {
        // Given three rows of three columns, the third below a gap (the next table on the page)
        var pending = PendingRows()
        let xs: ArraySlice<Double> = [10, 20, 50, 60]
        pending.addRow(top: 100, bottom: 110, xs: xs)
        pending.addRow(top: 110, bottom: 125, xs: xs)
        pending.addRow(top: 140, bottom: 150, xs: xs[0...2])
        // Then each row is one box over the table's width, each column one box over the rows that touch
        typealias B = PendingRows.Box
        #expect(
            pending.boxes == [
                B(x0: 10, y0: 100, x1: 60, y1: 110), B(x0: 10, y0: 110, x1: 60, y1: 125),
                B(x0: 10, y0: 140, x1: 50, y1: 150),
                B(x0: 10, y0: 100, x1: 20, y1: 125), B(x0: 20, y0: 100, x1: 50, y1: 125),
                B(x0: 50, y0: 100, x1: 60, y1: 125),
                B(x0: 10, y0: 140, x1: 20, y1: 150), B(x0: 20, y0: 140, x1: 50, y1: 150),
            ])
    }

    @Test func aPagesTableTextsAreDrawnColumnByColumnInRowOrder() throws {
        // Given the texts of two rows of two columns, added row by row
        // (a layout only kept and handed back here, never drawn)
        let layout = try #require(OpaquePointer(bitPattern: 0x1000))
        var pending = PendingRows()
        for (row, y) in [(0, 100.0), (1, 110.0)] {
            for column in 0..<2 { pending.addText(layout, column: column, x: Double(10 + 20 * column + row), y: y) }
        }
        // Then they are drawn down the first column, then down the second
        #expect(pending.textsByColumn.map { [$0.x, $0.y] } == [[10, 100], [11, 110], [30, 100], [31, 110]])
    }
}

/// The documents' fonts embedded from HarfBuzz subsets of the Noto CJK faces (`DocumentFonts`).
@Suite("OfficialDocument fonts (subset faces)")
struct DocumentFontsTests {
    let base = OfficialDocumentTests()

    /// Every page of `pdf` as a PPM at 100 dpi (poppler's pdftoppm), and its text (default and -layout).
    func rendering(_ pdf: [UInt8]) throws -> (pages: [Data], text: String, layout: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-fonts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("d.pdf")
        try Data(pdf).write(to: file)
        _ = try output(of: ["pdftoppm", "-r", "100", file.path, dir.appendingPathComponent("p").path])
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".ppm") }
            .sorted()
        let pages = try names.map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        return (
            pages, try output(of: ["pdftotext", file.path, "-"]),
            try output(of: ["pdftotext", "-layout", file.path, "-"])
        )
    }

    @Test func theSubsetFacesDrawTheSamePixelsAndTextAsTheSystemFaces() throws {
        // Given a document of body text, a table over pages and a chart, every glyph in the subsets
        let document = base.document(paragraphs: 3, rows: 60)
        // When it is written with the subset faces and with the system faces
        let subset = try document.pdf()
        let system = try DocumentWriter(document: document).writeWithSystemFaces()
        // Then the font programs differ, the subset one is no larger, and every page draws the same
        // pixels and gives the same text
        #expect(subset != system)
        #expect(subset.count <= system.count)
        let a = try rendering(subset)
        let b = try rendering(system)
        #expect(a.pages.count >= 3)
        #expect(a.pages == b.pages)
        #expect(a.text == b.text && a.layout == b.layout)
        #expect(a.text.contains("第60号单位") && a.text.contains("甲单位"))
    }

    @Test func aCharacterOutsideTheSubsetsIsDrawnWithTheSystemFaces() throws {
        // Given documents with 國 (not in GB 2312, in Noto CJK SC): in the body, in a table cell and in a
        // chart's label
        var body = base.document(paragraphs: 2, rows: 5)
        body.body.append(.text("國"))
        var cell = base.document(paragraphs: 2, rows: 5)
        if case .table(var t) = cell.attachments[0].parts[0] {
            t.rows[2][1] = "第國号单位"
            cell.attachments[0].parts[0] = .table(t)
        }
        var label = base.document(paragraphs: 2, rows: 5)
        let chart = RankedBarChart(title: "得分", items: [("國单位", 90), ("乙单位", 80)])
        label.attachments[1].parts = [
            .figure(DocumentFigure(chart: .bars(chart), width: 680, height: 200, caption: "附图1  得分"))
        ]
        for d in [body, cell, label] {
            // When each is written
            let pdf = try d.pdf()
            // Then it is the document drawn with the system faces, byte for byte, and 國 is in its text
            #expect(pdf == (try DocumentWriter(document: d).writeWithSystemFaces()))
            #expect(try rendering(pdf).text.contains("國"))
        }
    }

    @Test func aDocumentsBytesDoNotDependOnTheDocumentsWrittenBefore() throws {
        // Given a document written first in a fresh process's tables
        ResidentMemory.releaseDocumentLayouts()
        ResidentMemory.releaseFontPages()
        let document = base.document(paragraphs: 2, rows: 20)
        let first = try document.pdf()
        // When documents drawn with the subsets and with the system faces (a character outside the
        // subsets) are written, and then the first one again
        _ = try base.document(paragraphs: 4, rows: 50).pdf()
        var other = base.document(paragraphs: 1, rows: 3)
        other.title = "关于國的通报"
        _ = try other.pdf()
        let again = try document.pdf()
        // Then its bytes are those of the first writing
        #expect(again == first)
    }

    @Test func theSubsetsHoldGB2312AndThePunctuation() {
        // Given the characters of the subsets
        let characters = Set(DocumentFonts.characters())
        // Then they hold GB 2312's hanzi and symbols, ASCII, and the CJK punctuation, not traditional forms
        for c in "国鑫齄，。、：；（）【】—…“”《》〔〕①ⅠA9%℃" {
            #expect(characters.contains(c.unicodeScalars.first!.value), "\(c)")
        }
        #expect(!characters.contains(0x570B))  // 國
        #expect(characters.count > 7_445)
    }
}
