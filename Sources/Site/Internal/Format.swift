import Foundation
import Indicators
import Scoring

/// Display rules: every number through Scoring's `Numbers` (the one formatting path of pages, CSVs
/// and `kaohe score`): 2 decimals for scores, 1 for percentages; dates in Chinese prose.
enum Fmt {
    /// `87.50`; never `-0.00`.
    static func score(_ x: Double) -> String { Numbers.score(x) }
    /// `87.5%` from a fraction 0.875.
    static func percent(_ fraction: Double) -> String { Numbers.percent(fraction) }
    /// `x` with exactly `digits` decimals, half away from zero.
    static func fixed(_ x: Double, digits: Int) -> String { Numbers.fixed(x, digits: digits) }
    /// A plain value as the data gives it: whole numbers without decimals, otherwise up to 2.
    static func value(_ x: Double) -> String { Numbers.decimal(x, digits: 2) }
    /// A count that may be fractional (an expected count): `6`, `4.4`.
    static func count(_ x: Double) -> String { Numbers.decimal(x, digits: 1) }
    /// Text from a plan with its full-width digits and signs made half-width (`１００％` → `100%`),
    /// so that one page does not mix `１００％` with `95%`; Chinese punctuation stays as it is.
    static func digits(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u.value {
            case 0xFF10...0xFF19, 0xFF05, 0xFF0E, 0xFF1C, 0xFF1E, 0xFF0B, 0xFF0D:
                out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            default: out.append(u)
            }
        }
        return String(out)
    }
    /// A short heading (an indicator's name) that must not break inside a word: its characters joined
    /// by WORD JOINER (U+2060), so a narrow column wraps between headings, never in 联合奖/惩.
    static func keepTogether(_ text: String) -> String {
        guard text.count <= 8 else { return text }
        return text.map(String.init).joined(separator: "\u{2060}")
    }
    /// `2018年12月9日`.
    static func date(_ d: Day) -> String { "\(d.year)年\(d.month)月\(d.dayOfMonth)日" }
    /// `12月9日` (same year as context).
    static func shortDate(_ d: Day) -> String { "\(d.month)月\(d.dayOfMonth)日" }
    /// `2018年12月3日至12月9日` (the year repeated only when it changes).
    static func span(from a: Day, to b: Day) -> String {
        a.year == b.year ? "\(date(a))至\(shortDate(b))" : "\(date(a))至\(date(b))"
    }
    /// `2018年第49周`.
    static func week(_ w: ISOWeek) -> String { "\(w.year)年第\(w.week)周" }
    /// `2018年12月`.
    static func month(_ m: YearMonth) -> String { "\(m.year)年\(m.month)月" }
    /// `2018年第四季度`.
    static func quarter(_ q: Quarter) -> String {
        "\(q.year)年第\(["一", "二", "三", "四"][q.quarter - 1])季度"
    }
    /// The rank change as shown: `↑2`, `↓1`, `–`, `新`.
    static func change(_ c: Int?) -> (text: String, cls: String) {
        guard let c else { return ("新", "new") }
        if c > 0 { return ("↑\(c)", "up") }
        if c < 0 { return ("↓\(-c)", "down") }
        return ("–", "same")
    }
    /// Names joined the Chinese way: `甲、乙、丙`.
    static func list(_ names: [String]) -> String { names.joined(separator: "、") }
    /// Names for prose: all of them up to `limit`, else the first `limit` and `等N个单位`.
    static func names(_ names: [String], limit: Int = 30) -> String {
        names.count <= limit ? list(names) : list(Array(names.prefix(limit))) + "等\(names.count)个单位"
    }
}

/// A stable 128-bit hash (two FNV-1a 64 lanes) in hex, for the manifest of inputs: the same on every
/// run and machine (unlike Swift's `Hasher`). Each value ends with a marker of its kind, so that
/// neighbouring values cannot run into each other.
struct StableHash {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x8422_2325_cbf2_9ce4
    /// How many values (texts, numbers, flags) were added; lets tests check that a model feeds every field.
    private(set) var values = 0
    mutating func add(_ s: String) {
        values += 1
        for byte in s.utf8 {
            a = (a ^ UInt64(byte)) &* 0x100_0000_01b3
            b = (b ^ UInt64(byte ^ 0x5a)) &* 0x100_0000_01b3
        }
        add(byte: 0xff)
    }
    mutating func add(_ d: Data) {
        values += 1
        for byte in d { add(byte: byte) }
        add(byte: 0xfe)
    }
    mutating func add(_ n: Int) {
        values += 1
        add(word: UInt64(bitPattern: Int64(n)))
        add(byte: 0xfd)
    }
    mutating func add(_ x: Double) {
        values += 1
        add(word: x.bitPattern)
        add(byte: 0xfc)
    }
    mutating func add(_ f: Bool) {
        values += 1
        add(byte: f ? 1 : 0)
        add(byte: 0xfb)
    }
    /// Structure rather than a value: an array's length, whether an optional holds a value.
    mutating func add(count n: Int) {
        add(word: UInt64(bitPattern: Int64(n)))
        add(byte: 0xfa)
    }
    private mutating func add(word: UInt64) {
        for i in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: word >> UInt64(i))) }
    }
    private mutating func add(byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x100_0000_01b3
        b = (b ^ UInt64(byte ^ 0x5a)) &* 0x100_0000_01b3
    }
    var hex: String { Self.hex16(a) + Self.hex16(b) }
    private static func hex16(_ x: UInt64) -> String {
        let h = String(x, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h
    }
    static func of(_ parts: String...) -> String {
        var h = StableHash()
        for p in parts { h.add(p) }
        return h.hex
    }
}

/// A CSV table written UTF-8 with BOM (so Excel opens it), CRLF line ends, every text masked and
/// neutralised against formula injection (docs/site.md).
struct CSVTable {
    var header: [String]
    var rows: [[String]]
    var data: Data {
        var s = "\u{FEFF}"
        for r in [header] + rows {
            s +=
                r.map { field in
                    let f = Self.neutralised(maskIdentifiers(field))
                    // By bytes: as Characters, a CR LF pair is one (neither "\r" nor "\n") and went unquoted.
                    return f.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
                        ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
                }.joined(separator: ",") + "\r\n"
        }
        return Data(s.utf8)
    }

    /// OWASP's defence against CSV injection: a text cell starting with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return gets a leading `'`, so that a spreadsheet shows it as text instead of
    /// running it as a formula. A number (`-3`, `+2`, `-0.5`, `12.5%`) stays a number.
    static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(field) else {
            return field
        }
        return "'" + field
    }

    /// An optional sign, digits with at most one decimal point, and an optional `%`.
    static func isNumber(_ field: String) -> Bool {
        var body = Substring(field)
        if body.hasPrefix("+") || body.hasPrefix("-") { body = body.dropFirst() }
        if body.hasSuffix("%") { body = body.dropLast() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
