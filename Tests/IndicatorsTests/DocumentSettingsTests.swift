import Foundation
import Testing

@testable import Indicators

/// The `document_settings:` block of a scheme file (docs/documents.md).
@Suite struct DocumentSettingsTests {
    /// The valid fixture's files, the scheme's text changed by `edit`.
    func load(_ edit: (String) -> String) throws -> Catalog {
        let dir = Paths.fixtures.appendingPathComponent("valid")
        let files = try ["mini.yaml", "targets.yaml", "units.yaml"].map { name in
            let url = dir.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            return (path: url.path, text: name == "mini.yaml" ? edit(text) : text)
        }
        return try CatalogLoader.load(files: files)
    }

    func withSettings(_ block: String) -> (String) -> String {
        { $0.replacingOccurrences(of: "region: zone\n", with: "region: zone\ndocument_settings:\n" + block) }
    }

    @Test func defaultsComeFromTheOfficeAndTheDocumentNumber() throws {
        // Given a scheme without settings, when it is loaded
        let s = try #require(try load { $0 }.schemes.first)
        // Then the office is the mark and the printer, the 机关代字 is that of its own document number
        #expect(
            s.documentSettings
                == DocumentSettings(
                    mark: "测试办公室", code: "测试", addressees: "各成员单位",
                    copies: [], printer: "测试办公室"))
        #expect(s.documentSettings.number(year: 2019, serial: 30) == "测试〔2019〕30号")
    }

    @Test func theRepositorySchemesFollowTheSeeds() throws {
        let c = try CatalogLoader.load(directory: Paths.indicators)
        let zone = try #require(c.scheme(id: "gaoxin-2018")).documentSettings
        #expect(zone.number(year: 2018, serial: 1) == "济高信用办〔2018〕1号")
        #expect(zone.addressees == "社会信用体系建设工作领导小组各成员单位")
        #expect(try #require(c.scheme(id: "news-2017")).documentSettings.code == "济信用办")
        #expect(DocumentSettings.agencyCode(of: "济信用办〔2017〕42号") == "济信用办")
        #expect(DocumentSettings.agencyCode(of: "济南市社会信用体系建设考核（区县信用监测月报）") == nil)
    }

    @Test func givenSettingsReplaceTheDefaults() throws {
        let s = try #require(try load(withSettings("  code: 测信办\n  copies: [甲单位, 乙单位]\n")).schemes.first)
        #expect(
            s.documentSettings
                == DocumentSettings(
                    mark: "测试办公室", code: "测信办", addressees: "各成员单位",
                    copies: ["甲单位", "乙单位"], printer: "测试办公室"))
    }

    @Test(arguments: [
        ("  code: 测信办〔2018〕\n", "机关代字"),
        ("  code: \"\"\n", "`code` 不能为空"),
        ("  mark: \" 测试办公室\"\n", "首尾不应有空格"),
        ("  printer: " + String(repeating: "长", count: 41) + "\n", "超过 40 字"),
        ("  addresses: 各单位\n", "未知的字段: addresses"),
        ("  copies: 甲单位\n", "应为列表"),
    ])
    func badSettingsAreReportedWithTheirLine(_ block: String, _ message: String) throws {
        // Given one bad field, when the scheme is loaded
        let error = try #require(throws: CatalogError.self) { try load(withSettings(block)) }
        // Then exactly one problem says what is wrong, on the field's line (the line after `region`)
        #expect(error.problems.count == 1, "\(error.problems)")
        let p = try #require(error.problems.first)
        #expect(p.message.contains(message), "\(p.message)")
        #expect(p.line == 12)
    }
}
