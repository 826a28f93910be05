import Foundation
import Indicators
import Testing

@testable import Site

/// Runs a poppler-utils program (Debian `poppler-utils`) and returns its standard output.
func poppler(_ tool: String, _ args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "\(tool) \(args) failed")
    return String(decoding: data, as: UTF8.self)
}

/// A word of `pdftotext -bbox`: its page (from 1), text and box in points.
struct PDFWord {
    var page: Int
    var text: String
    var xMin, yMin, xMax, yMax: Double
}

func words(_ pdf: URL) throws -> [PDFWord] {
    let xml = try poppler("pdftotext", ["-bbox", pdf.path, "-"])
    var out: [PDFWord] = []
    var page = 0
    for line in xml.split(separator: "\n") {
        if line.contains("<page ") {
            page += 1
            continue
        }
        guard line.contains("<word ") else { continue }
        func attr(_ name: String) -> Double {
            let r = line.range(of: "\(name)=\"")!
            return Double(line[r.upperBound...].prefix { $0 != "\"" })!
        }
        let text = line[line.range(of: ">")!.upperBound...].prefix { $0 != "<" }
        out.append(
            PDFWord(
                page: page, text: String(text), xMin: attr("xMin"), yMin: attr("yMin"), xMax: attr("xMax"),
                yMax: attr("yMax")))
    }
    return out
}

@Suite("The notices as GB/T 9704 PDFs")
struct DocumentTests {
    let mm = 72.0 / 25.4
    /// 2018-W49 of the zone (第2期): 23 units, table over two pages, events in the week.
    var pdf: URL { get throws { try site().appendingPathComponent("gaoxin-2018/2018-W49.pdf") } }

    @Test func everyNoticeRankingAndNewsPageHasItsPDF() throws {
        let all = files(in: try site())
        let documents = all.filter { $0.hasSuffix(".html") && ($0.contains("/20")) && !$0.contains("/units/") }
        #expect(!documents.isEmpty)
        for page in documents { #expect(all.contains(String(page.dropLast(4)) + "pdf"), "\(page)") }
        #expect(
            all.contains("jinan-districts/2018-12.pdf")
                && all.contains { $0.hasPrefix("news-2017/") && $0.hasSuffix(".pdf") })
    }

    @Test func isA4WithEmbeddedFontsAndNoImage() throws {
        let info = try poppler("pdfinfo", [try pdf.path])
        #expect(info.contains("Page size:       595.276 x 841.89 pts (A4)"))
        #expect(info.contains("CreationDate:    Sun Dec  9 00:00:00 2018"))
        let fonts = try poppler("pdffonts", [try pdf.path]).split(separator: "\n").dropFirst(2)
        #expect(
            Set(fonts.map { $0.split(separator: " ")[0].split(separator: "+").last! }) == [
                "NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold",
            ])
        // Columns from the right: emb sub uni object-id generation.
        for f in fonts { #expect(f.split(separator: " ").reversed()[4] == "yes", "not embedded: \(f)") }
        // The charts are vectors: no image at all.
        #expect(try poppler("pdfimages", ["-list", try pdf.path]).split(separator: "\n").count == 2)
    }

    @Test func headHasTheNumberTheRedLineAndTheAddressees() throws {
        let w = try words(try pdf)
        let number = try #require(w.first { $0.text == "济高信用办〔2018〕2号" })
        #expect(number.page == 1)
        // Centred in the 版心.
        #expect(abs((number.xMin + number.xMax) / 2 - (28 * mm + 78 * mm)) < 1)
        let addressees = try #require(w.first { $0.text == "社会信用体系建设工作领导小组各成员单位：" })
        #expect(abs(addressees.xMin - 28 * mm) < 0.5 && addressees.yMin > number.yMax)
        let mark = try #require(w.first { $0.text == "济南高新区社会信用体系建设工作领导小组办公室" && $0.page == 1 })
        #expect(mark.yMax < number.yMin)
    }

    @Test func everyWordOfTheBodyIsInsideTheTypeArea() throws {
        let w = try words(try pdf)
        let left = 28 * mm
        let right = left + 156 * mm
        let top = 37 * mm
        let bottom = top + 225 * mm
        let pages = Set(w.map(\.page))
        for word in w where word.yMin < bottom {
            #expect(
                word.xMin >= left - 0.5 && word.xMax <= right + 0.5 && word.yMin >= top - 0.5,
                "outside the 版心 on page \(word.page): \(word.text) \(word.xMin) \(word.yMin) \(word.xMax)")
        }
        // Below the 版心, only the page numbers: — N —, right on odd pages, left on even.
        for p in pages {
            let below = w.filter { $0.page == p && $0.yMin >= bottom }
            #expect(below.map(\.text) == ["—", String(p), "—"], "page \(p): \(below.map(\.text))")
            let n = try #require(below.first { $0.text == String(p) })
            #expect(n.yMin > bottom + 5 * mm)
            #expect(p % 2 == 1 ? n.xMin > 150 * mm : n.xMax < 60 * mm, "page \(p) number at \(n.xMin)")
        }
    }

    @Test func everyUnitOfTheTableIsThereAndItsHeaderRepeats() throws {
        let text = try poppler("pdftotext", ["-raw", try pdf.path, "-"])
        let flat = text.filter { !$0.isWhitespace }
        let s = try #require(try Fixture.catalog().scheme(id: "gaoxin-2018"))
        for u in s.units {
            #expect(flat.contains(try #require(try Fixture.catalog().registry.unit(id: u)).name), "\(u)")
        }
        // The attachment list, the signature and the 版记
        #expect(flat.contains("附件：1.各单位2018年第49周信用信息报送情况及累计得分"))
        // The list the body refers to (名单附后), in the first attachment
        #expect(flat.contains("本周未报送单位：社会事务局、公安分局、"))
        #expect(flat.contains("济南高新区社会信用体系建设工作领导小组办公室2018年12月9日印发"))
        // Pages of the table (those with rows) all start with its header.
        let pages = text.split(separator: "\u{0C}")
        let first = try #require(pages.firstIndex { $0.contains("附件1") })
        let figures = try #require(pages.firstIndex { $0.contains("附件2") })
        let tablePages = pages[first..<figures].filter {
            $0.contains("市场监管局") || $0.contains("财政局") || $0.contains("法院")
        }
        #expect(!tablePages.isEmpty)
        for p in tablePages { #expect(p.filter { !$0.isWhitespace }.contains("排名单位"), "\(p.prefix(80))") }
    }

    @Test func theSameDataGivesByteIdenticalPDFs() throws {
        // Given a second build of the same input into another folder
        let other = Fixture.tempDir("again").appendingPathComponent("output")
        _ = try SiteBuilder(input: try Fixture.input(last: Fixture.w("2019-W02")), templates: Fixture.templates).build(
            into: other)
        let pdfs = files(in: try site()).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count > 10)
        // Then every PDF has the same bytes
        for p in pdfs {
            let a = try Data(contentsOf: try site().appendingPathComponent(p))
            let b = try Data(contentsOf: other.appendingPathComponent(p))
            #expect(a == b, "\(p) differs")
        }
    }
}
