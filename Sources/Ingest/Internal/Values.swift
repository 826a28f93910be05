import Indicators

/// Parsers of cell values: weeks, days, periods, numbers (full-width, thousands separators, `%`).
enum Values {
    /// Digit groups of a text and whether every other character is one of `separators`.
    static func digitGroups(_ s: String, separators: Set<Character>) -> [Substring]? {
        var groups: [Substring] = []
        var start: String.Index?
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c.isASCII && c.isNumber {
                if start == nil { start = i }
            } else {
                if let st = start {
                    groups.append(s[st..<i])
                    start = nil
                }
                if !separators.contains(c) { return nil }
            }
            i = s.index(after: i)
        }
        if let st = start { groups.append(s[st...]) }
        return groups
    }

    static let dateSeparators: Set<Character> = ["-", "/", ".", "年", "月", "日"]

    /// `2018-12-03`, `2018/12/3`, `2018.12.3`, `2018年12月3日`, `20181203`; a time after a space or `T` is ignored.
    static func day(_ text: String) -> Day? {
        var s = text.halfWidth.trimmingSpaces
        if let sp = s.firstIndex(where: { $0 == " " || $0 == "T" }) { s = String(s[..<sp]) }
        if s.count == 8, s.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(s.prefix(4)),
            let m = Int(s.dropFirst(4).prefix(2)), let d = Int(s.suffix(2))
        {
            return Day(year: y, month: m, day: d)
        }
        guard let g = digitGroups(s, separators: dateSeparators), g.count == 3, g[0].count == 4,
            let y = Int(g[0]), let m = Int(g[1]), let d = Int(g[2])
        else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// `2018-W49` (also `2018W49`, `2018年第49周`) or any day of the week.
    static func week(_ text: String) -> ISOWeek? {
        let s = text.halfWidth.trimmingSpaces
        if let w = ISOWeek(s) { return w }
        if s.contains("第") && s.contains("周"),
            let g = digitGroups(s, separators: ["年", "第", "周", " ", "-"]), g.count == 2, g[0].count == 4,
            let y = Int(g[0]), let w = Int(g[1])
        {
            return ISOWeek(year: y, week: w)
        }
        return day(s)?.isoWeek
    }

    /// `2021`, `2021-12`, `2021年`, `2021年12月`.
    static func period(_ text: String) -> ObservationPeriod? {
        let s = text.halfWidth.trimmingSpaces
        guard let g = digitGroups(s, separators: ["-", "/", ".", "年", "月"]), g.first?.count == 4,
            let y = Int(g[0])
        else { return nil }
        switch g.count {
        case 1: return ObservationPeriod(year: y)
        case 2: return Int(g[1]).flatMap { ObservationPeriod(year: y, month: $0) }
        default: return nil
        }
    }

    /// `Int(text)`, with a short way for the usual few ASCII digits (millions of cells per import).
    @inline(__always)
    static func integer(_ text: String) -> Int? {
        var value = 0
        var digits = 0
        for b in text.utf8 {
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") && digits < 18 else { return Int(text) }
            value = value * 10 + Int(b &- UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// A number: full-width forms, `−`, thousands separators in groups of three, and with
    /// `allowPercent` a trailing `%`/`％`. Nil when it is not a number.
    static func number(_ text: String, allowPercent: Bool = false) -> Double? {
        if let i = integer(text) { return Double(i) }
        var s = text.halfWidth.replacingMinus.filter { !$0.isWhitespace }
        if allowPercent, s.hasSuffix("%") { s.removeLast() }
        if s.isEmpty { return nil }
        var sign = ""
        if s.first == "-" || s.first == "+" { sign = String(s.removeFirst()) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let intPart = parts.first, !intPart.isEmpty || parts.count == 2 else { return nil }
        if intPart.contains(",") {
            let groups = intPart.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return nil
            }
        }
        let digits = intPart.replacingOccurrences(",", "")
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        let clean = sign + (digits.isEmpty ? "0" : digits) + (parts.count == 2 ? "." + parts[1] : "")
        guard let x = Double(clean), x.isFinite else { return nil }
        return x
    }
}

extension StringProtocol {
    var replacingMinus: String { String(self).replacingOccurrences("−", "-") }
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound]
            out += b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
