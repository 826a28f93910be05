import Foundation
import Mustache
import Testing

@testable import Site

/// Texts with each of the five escaped characters, alone, doubled, at either end, among CJK, emoji and
/// full-width signs, and texts with none of them.
private let samples = [
    "", "a", "<", ">", "&", "\"", "'", "<<>>&&\"\"''", "<script>alert('x')</script>",
    "a & b", "&amp;", "&#39;", "发展战略局、<script>alert('alias')</script>", "R&D部门\"一处\"", "１００％ < 95%",
    "👨‍👩‍👧 & 🇨🇳", "e\u{301}<e\u{301}", "\r\n<\r\n", "line1\nline2 > line3", String(repeating: "考核<", count: 300),
    "纯中文没有特殊字符", "plain ASCII without specials 0123456789",
]

@Suite("HTML escaping of template values")
struct HTMLTextTests {
    @Test func escapesLikeSwiftMustachesOwnHTMLEscaping() throws {
        // Given swift-mustache's own HTML escaping (its default content type) and a template naming ours
        _ = HTMLText.registered
        let library = try MustacheTemplate(string: "[{{x}}]")
        let ours = try MustacheTemplate(string: "{{% CONTENT_TYPE: KAOHE_HTML}}\n[{{x}}]")
        for text in samples {
            // When each sample is rendered by both
            let expected = library.render(["x": text])
            // Then the bytes are the same (and the pragma's line printed nothing)
            #expect(Array(ours.render(["x": text]).utf8) == Array(expected.utf8), "\(text.debugDescription)")
            #expect(HTMLText.escape(text) == String(expected.dropFirst().dropLast()))
        }
    }

    @Test func replacesExactlyTheFiveCharacters() {
        // Given a text with each of the five characters once
        // When it is escaped
        // Then each is replaced by its entity, and nothing else changes
        #expect(HTMLText.escape("a<b>c&d\"e'f") == "a&lt;b&gt;c&amp;d&quot;e&#39;f")
        #expect(HTMLText.escape("&lt;") == "&amp;lt;")
        #expect(HTMLText.escape("无需转义") == "无需转义")
    }

    @Test func escapesAQuoteFollowedByACombiningMarkThatTheLibraryLeaves() throws {
        // Given a quote and an angle bracket each followed by a combining mark (one Character with it)
        let text = "\"\u{301} onmouseover=x <\u{301}"
        // When it is escaped
        let escaped = HTMLText.escape(text)
        // Then both are replaced (swift-mustache compares whole characters and would leave them, letting
        // a value end an attribute), and the marks stay
        #expect(escaped == "&quot;\u{301} onmouseover=x &lt;\u{301}")
        #expect(try MustacheTemplate(string: "{{x}}").render(["x": text]) == text)
    }

    @Test func everyTemplateEscapesThroughHTMLText() throws {
        // Given the site's templates
        let files = try FileManager.default.contentsOfDirectory(at: Fixture.templates, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "mustache" }
        #expect(files.count >= 14)
        for file in files {
            // When each one's first line is read
            let text = try String(contentsOf: file, encoding: .utf8)
            // Then it names the content type (a partial starts with swift-mustache's own HTML type again)
            #expect(
                text.split(separator: "\n", omittingEmptySubsequences: false).first
                    == "{{% CONTENT_TYPE: \(HTMLText.contentTypeName)}}", "\(file.lastPathComponent)")
        }
    }

    @Test func aTemplateTextRendersAsItsString() throws {
        // Given a template printing a text, using it as a section and testing it with `empty`
        let template = try MustacheTemplate(
            string: "{{t}}|{{#o}}<{{.}}>{{/o}}|{{^o}}none{{/o}}|{{^empty(e)}}E{{/empty(e)}}{{#empty(e)}}e{{/empty(e)}}")
        let texts: [String: Any] = ["t": "文本&'", "o": "x", "e": ""]
        let wrapped: [String: Any] = [
            "t": TemplateText(text: "文本&'"), "o": TemplateText(text: "x"), "e": TemplateText(text: ""),
        ]
        // When it is rendered with the texts and with them as TemplateTexts
        // Then both give the same bytes
        #expect(template.render(wrapped) == "文本&amp;&#39;|<x>||e")
        #expect(template.render(wrapped) == template.render(texts))
        // And it prints for debugging as its String
        #expect(String(reflecting: TemplateText(text: "a\"b")) == String(reflecting: "a\"b"))
    }
}
