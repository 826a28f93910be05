import Indicators

/// The machine-readable renderings of a scored scheme (formats.md, "kaohe score … --json").
public enum ScoreReport {
    /// The JSON object of formats.md as one line of text: keys in the order formats.md writes them,
    /// numbers unrounded (integral values without `.0`), `rank_change` null when not ranked before.
    public static func json(_ result: SchemeResult) -> String {
        String(decoding: Array(jsonParts(result).joined()), as: UTF8.self)
    }

    /// `json(result)` as UTF-8 in consecutive parts (their concatenation is the text), so that a
    /// caller can write them as they are: a province's 1.3 MB is not copied into one buffer and
    /// then into a `String` (`kaohe score --json`).
    public static func jsonParts(_ result: SchemeResult) -> [[UInt8]] {
        var head = JSONText()
        head.raw("{\"scheme\":")
        head.string(result.scheme)
        head.raw(",\"window\":{\"from\":")
        head.string(result.window.range.from.description)
        head.raw(",\"to\":")
        head.string(result.window.range.to.description)
        head.raw("},\"units\":[")
        // The units in two halves written at once (numbers' shortest forms are most of the work).
        let units = result.units
        let half = units.count / 2
        let (front, back) = both({ unitsJSON(units[..<half]) }, { unitsJSON(units[half...]) })
        var comma = JSONText()
        if !front.bytes.isEmpty && !back.bytes.isEmpty { comma.raw(",") }
        var tail = JSONText()
        tail.raw("],\"region\":{\"total\":")
        tail.number(result.region.total)
        tail.raw(",\"indicators\":[")
        for (k, i) in result.region.indicators.enumerated() {
            tail.raw(k > 0 ? ",{\"code\":" : "{\"code\":")
            tail.string(i.code)
            tail.raw(",\"points\":")
            tail.number(i.points)
            tail.raw(",\"score\":")
            tail.number(i.score)
            tail.raw("}")
        }
        tail.raw("]}}")
        return [head.bytes, front.bytes, comma.bytes, back.bytes, tail.bytes]
    }

    /// The units' objects separated by commas.
    static func unitsJSON(_ units: ArraySlice<UnitResult>) -> JSONText {
        var o = JSONText()
        o.bytes.reserveCapacity(units.count * (170 + 100 * (units.first?.indicators.count ?? 0)))
        for (k, u) in units.enumerated() {
            if k > 0 { o.raw(",") }
            unitJSON(u, into: &o)
        }
        return o
    }

    static func unitJSON(_ u: UnitResult, into o: inout JSONText) {
        o.raw("{\"id\":")
        o.string(u.unit)
        o.raw(",\"name\":")
        o.string(u.name)
        o.raw(",\"score\":")
        o.number(u.score)
        o.raw(",\"rank\":")
        o.integer(u.rank)
        o.raw(",\"rank_change\":")
        if let c = u.rankChange { o.integer(c) } else { o.raw("null") }
        o.raw(",\"responsibility\":")
        o.number(u.responsibility)
        o.raw(",\"earned\":")
        o.number(u.earned)
        o.raw(",\"indicators\":[")
        for (k, i) in u.indicators.enumerated() {
            o.raw(k > 0 ? ",{\"code\":" : "{\"code\":")
            o.string(i.code)
            if let e = i.events {
                o.raw(",\"events\":")
                o.integer(e)
                o.raw(",\"earned\":")
                o.number(i.earned)
                o.raw(",\"responsibility\":null,\"completion\":null}")
                continue
            }
            o.raw(",\"responsibility\":")
            if let r = i.responsibility { o.number(r) } else { o.raw("null") }
            o.raw(",\"completion\":")
            if let c = i.completion { o.number(c) } else { o.raw("null") }
            o.raw(",\"earned\":")
            o.number(i.earned)
            o.raw("}")
        }
        o.raw("]}")
    }

    /// The same table as CSV (RFC 4180, CRLF line ends): one row per unit in rank order with rank,
    /// rank change, id, name, score, responsibility, earned and the earned points of every indicator
    /// (empty where the unit does not answer for it); numbers unrounded as in the JSON. With
    /// `excelBOM` the text starts with a UTF-8 byte order mark so that Excel reads the Chinese.
    public static func csv(_ result: SchemeResult, excelBOM: Bool = false) -> String {
        var header = ["排名", "名次变化", "单位代码", "单位", "得分", "应得分", "实得分"]
        header += result.region.indicators.map { "\($0.code) \($0.short)" }
        var lines = [header.map(csvField).joined(separator: ",")]
        for u in result.units {
            var row = [
                String(u.rank), u.rankChange.map(String.init) ?? "", u.unit, u.name, number(u.score),
                number(u.responsibility), number(u.earned),
            ]
            for ind in result.region.indicators {
                row.append(u.indicator(ind.code).map { number($0.earned) } ?? "")
            }
            lines.append(row.map(csvField).joined(separator: ","))
        }
        return (excelBOM ? "\u{FEFF}" : "") + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// A JSON number: integral values without a fraction, others in Swift's shortest round-trip form;
    /// null for values that are not finite.
    static func number(_ x: Double) -> String {
        var o = JSONText()
        o.number(x)
        return o.text
    }

    static func string(_ s: String) -> String {
        var o = JSONText()
        o.string(s)
        return o.text
    }
}

/// JSON text written as UTF-8 bytes into one buffer (a report of 2,000 units is about 1.3 MB: no
/// string per field). Strings are escaped byte by byte: every byte JSON escapes is ASCII, and no
/// byte of a multi-byte UTF-8 sequence is below 0x80.
struct JSONText {
    var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func integer(_ n: Int) {
        var d = String(n)
        d.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Integral values without a fraction, others in Swift's shortest round-trip form; null when not finite.
    mutating func number(_ x: Double) {
        guard x.isFinite else { return raw("null") }
        if x == x.rounded(), abs(x) < 1e15 { return integer(Int(x)) }
        var d = x.description
        d.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { text in
            for b in text {
                switch b {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])  // \"
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])  // \\
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])  // \n
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])  // \r
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])  // \t
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(0x22)
    }
}

extension ScoreReport {
    /// Target progress as one line of JSON: `{"as_of": "2023-06" | null, "targets": [{"id", "group",
    /// "title", "text", "comparator", "value", "measure", "year", "method", "latest": {"period", "value"} | null,
    /// "base": {"time", "value"} | null, "ratio", "status", "label"}]}`.
    public static func targetsJSON(_ progress: [TargetProgress], asOf: YearMonth?) -> String {
        var o = "{\"as_of\":\(asOf.map { string($0.description) } ?? "null"),\"targets\":["
        o += progress.map { p in
            let t = p.target
            var s =
                "{\"id\":\(string(t.id)),\"group\":\(string(t.group)),\"title\":\(string(t.title)),\"text\":\(string(t.text)),"
            s +=
                "\"comparator\":\(string(t.comparator.rawValue)),\"value\":\(number(t.value)),\"measure\":\(string(t.measure)),"
            s += "\"year\":\(t.year),\"method\":\(string(t.method.rawValue)),"
            s +=
                "\"latest\":"
                + (p.latest.map { "{\"period\":\(string($0.period.description)),\"value\":\(number($0.value))}" }
                    ?? "null") + ","
            s +=
                "\"base\":" + (p.base.map { "{\"time\":\(number($0.time)),\"value\":\(number($0.value))}" } ?? "null")
                + ","
            s +=
                "\"ratio\":\(p.ratio.map(number) ?? "null"),\"status\":\(string(p.status.rawValue)),\"label\":\(string(p.status.label))}"
            return s
        }.joined(separator: ",")
        return o + "]}"
    }
}

/// Text helpers for terminal tables and pages.
public enum ScoreText {
    /// `x` with exactly `digits` decimals (half away from zero), e.g. scores with 2, percentages with 1.
    public static func fixed(_ x: Double, digits: Int) -> String { Numbers.fixed(x, digits: digits) }

    /// A rank change for display: `↑2`, `↓1`, `–` (unchanged) or `新` (not ranked before).
    public static func change(_ c: Int?) -> String {
        guard let c else { return "新" }
        return c > 0 ? "↑\(c)" : c < 0 ? "↓\(-c)" : "–"
    }

    /// Width of text in a terminal: East Asian wide and full-width characters count 2.
    public static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            let v = u.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return w + (wide ? 2 : 1)
        }
    }

    /// Pads to `width` terminal columns (left-aligned, or right-aligned for numbers).
    public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - Self.width(s)))
        return right ? fill + s : s + fill
    }

    /// Rows as a table with columns padded to their widest cell; `numeric` columns are right-aligned.
    public static func table(_ rows: [[String]], numeric: Set<Int> = []) -> String {
        let n = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: n)
        for r in rows { for (k, c) in r.enumerated() { widths[k] = max(widths[k], width(c)) } }
        return rows.map { r in
            r.enumerated().map { k, c in
                pad(c, k == r.count - 1 && !numeric.contains(k) ? 0 : widths[k], right: numeric.contains(k))
            }
            .joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n") + "\n"
    }
}

extension ScoreReport {
    /// The ranking as a terminal table.
    public static func table(_ r: SchemeResult, scheme s: Scheme) -> String {
        var out = "\(s.title)（\(s.document)）\n"
        out +=
            "窗口 \(r.window.label)：\(r.window.range.from) 至 \(r.window.range.to)\(cut(r.window))，\(r.units.count) 个单位\n\n"
        var rows = [["排名", "变化", "单位", "得分"] + s.indicators.map { "\($0.code) \($0.short)" }]
        for u in r.units {
            rows.append(
                [String(u.rank), ScoreText.change(u.rankChange), u.name, ScoreText.fixed(u.score, digits: 2)]
                    + s.indicators.map { i in u.indicator(i.code).map { ScoreText.fixed($0.earned, digits: 2) } ?? "" })
        }
        out += ScoreText.table(rows, numeric: Set([0, 3] + (0..<s.indicators.count).map { $0 + 4 }))
        out += "\n区域得分 (region) \(ScoreText.fixed(r.region.total, digits: 2))："
        out +=
            r.region.indicators.map {
                "\($0.code) \(ScoreText.fixed($0.score, digits: 2))/\(ScoreText.fixed($0.points, digits: 0))"
            }
            .joined(separator: "，") + "\n"
        return out
    }

    /// One unit's breakdown: each indicator's tier, weight, responsibility, counts, completion,
    /// earned points and what is missing; points to the next rank.
    public static func breakdown(_ u: UnitResult, of r: SchemeResult, scheme s: Scheme) -> String {
        var out =
            "\(u.name)（\(u.unit)） \(s.id) \(r.window.label)（\(r.window.range.from) 至 \(r.window.range.to)）\(cut(r.window))\n"
        out += "得分 \(Numbers.score(u.score))，\(r.place(of: u))名 / \(r.units.count)，变化 \(ScoreText.change(u.rankChange))"
        if let p = u.pointsToNextRank { out += "，距上一名次还差 \(ScoreText.fixed(p, digits: 2)) 分" }
        if let roll = u.rollup { out += "，完成度由方案 \(roll) 汇总" }
        out += "\n\n"
        var rows = [["指标", "规则", "层级", "责任分值", "报送/合格", "应报", "完成度", "得分", "尚缺"]]
        for i in u.indicators {
            let tier = i.tier.map { "\($0)（\(ScoreText.fixed(i.weight ?? 0, digits: 0))%）" } ?? "–"
            let counts = i.events.map { "事件 \($0)" } ?? "\(i.submitted)/\(i.qualified)"
            rows.append([
                "\(i.code) \(i.short)", i.rule.label, tier,
                i.responsibility.map { ScoreText.fixed($0, digits: 2) } ?? "–",
                counts,
                i.expected.map { Numbers.decimal($0, digits: 2) } ?? "–",
                i.completion.map { ScoreText.fixed($0 * 100, digits: 1) + "%" } ?? "–",
                ScoreText.fixed(i.earned, digits: 2),
                i.missing?.text ?? "–",
            ])
        }
        out += ScoreText.table(rows)
        out += "\n合计：责任分值 \(ScoreText.fixed(u.responsibility, digits: 2))，实得 \(ScoreText.fixed(u.earned, digits: 2))"
        if u.events > 0 { out += "，失信事件 \(u.events) 次" }
        return out + "\n"
    }
}

extension ScoreReport {
    /// `（截至 2018-12-27，未满整期）` after a running window's dates; empty for a complete window.
    static func cut(_ w: ScoreWindow) -> String {
        w.isComplete ? "" : "（截至 \(w.range.to)，未满整期）"
    }
}

extension String {
    /// The text without trailing ASCII spaces.
    var trimmingTrailingSpaces: String {
        var t = Substring(self)
        while t.last == " " { t = t.dropLast() }
        return String(t)
    }
}
