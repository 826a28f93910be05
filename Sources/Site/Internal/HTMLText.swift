/// How the templates escape and print values, made fast without changing a byte of the pages.
///
/// swift-mustache escapes every `{{value}}` through its content type; its own HTML type walks the text
/// by `Character` and looks each one up in a `[Character: String]` table, and prints a String by
/// `String(describing:)` after four dynamic casts. Every template names `KAOHE_HTML` in its first line
/// (`{{% CONTENT_TYPE: KAOHE_HTML}}`, a standalone tag that prints nothing), so that its values are
/// escaped by `HTMLText.escape`, which gives the same five replacements on the UTF-8 bytes. A template
/// without that line still escapes, by the library's own HTML type (SiteTests checks that every
/// template names it).
import Mustache

enum HTMLText {
    /// The content type's name in the templates' pragma.
    static let contentTypeName = "KAOHE_HTML"

    /// Registers the content type with swift-mustache (before any template naming it is parsed).
    static let registered: Void = MustacheContentTypes.register(ContentType(), named: contentTypeName)

    /// The content type: every value escaped by `escape(_:)`.
    struct ContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLText.escape(text) }
    }

    /// `text` with `<`, `>`, `&`, `"` and `'` replaced by `&lt;`, `&gt;`, `&amp;`, `&quot;` and `&#39;`,
    /// as swift-mustache's HTML escaping does (it compares whole characters, so it leaves one of the five
    /// unescaped when a combining mark follows it; this escapes it there too). A text without any of the
    /// five is returned as it is.
    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var extra = 0
            for byte in bytes { extra &+= extraCount(byte) }
            guard extra > 0 else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count + extra) { out in
                var n = 0
                func put(_ entity: StaticString) {
                    for i in 0..<entity.utf8CodeUnitCount { out[n + i] = entity.utf8Start[i] }
                    n += entity.utf8CodeUnitCount
                }
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "<"): put("&lt;")
                    case UInt8(ascii: ">"): put("&gt;")
                    case UInt8(ascii: "&"): put("&amp;")
                    case UInt8(ascii: "\""): put("&quot;")
                    case UInt8(ascii: "'"): put("&#39;")
                    default:
                        out[n] = byte
                        n += 1
                    }
                }
                return n
            }
        } ?? text
    }

    /// How many bytes longer `byte` becomes when escaped.
    @inline(__always)
    private static func extraCount(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: ">"): 3
        case UInt8(ascii: "&"), UInt8(ascii: "'"): 4
        case UInt8(ascii: "\""): 5
        default: 0
        }
    }
}

/// A text field as Mustache gets it: printed as itself (escaped by the content type) through
/// `MustacheCustomRenderable`, instead of swift-mustache's `String(describing:)` after four dynamic
/// casts. A section on it and its transforms (`empty(…)`) behave as on the `String`, and it prints
/// (`String(reflecting:)`) as the `String` does.
struct TemplateText: MustacheCustomRenderable, MustacheTransformable, CustomDebugStringConvertible {
    let text: String

    var renderText: String { text }
    var isNull: Bool { false }
    func transform(_ name: String) -> Any? { text.transform(name) }
    var debugDescription: String { text.debugDescription }
}
