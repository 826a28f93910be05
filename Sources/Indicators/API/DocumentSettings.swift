import Foundation

/// How a scheme's notices are issued as documents (GB/T 9704): the `document:` block of a scheme file.
/// Every field has a default derived from the scheme (see `DocumentSettings.defaults(for:)`).
public struct DocumentSettings: Hashable, Sendable {
    /// 发文机关标志: the office's name as printed in red at the head (optionally ending in 文件).
    public let mark: String
    /// 机关代字 of the 发文字号 (`济高信用办` in `济高信用办〔2019〕30号`).
    public let code: String
    /// 主送机关, without the closing colon (`各成员单位`).
    public let addressees: String
    /// 抄送机关 of the 版记 (may be empty: no 抄送 line).
    public let copies: [String]
    /// 印发机关 of the 版记.
    public let printer: String

    public init(mark: String, code: String, addressees: String, copies: [String] = [], printer: String) {
        self.mark = mark
        self.code = code
        self.addressees = addressees
        self.copies = copies
        self.printer = printer
    }

    /// The 发文字号 of issue `serial` in `year`: `济高信用办〔2019〕30号`.
    public func number(year: Int, serial: Int) -> String { "\(code)〔\(year)〕\(serial)号" }

    /// Defaults from the scheme: the office as mark and printer, the 机关代字 of the scheme's own
    /// document number (`济高信用办[2018]1号` → 济高信用办) or else the office, `各成员单位` (or
    /// `各区县社会信用体系建设牵头部门` for a scheme of districts) as addressees, no 抄送.
    public static func defaults(office: String, document: String, districts: Bool) -> DocumentSettings {
        DocumentSettings(
            mark: office, code: agencyCode(of: document) ?? office,
            addressees: districts ? "各区县社会信用体系建设牵头部门" : "各成员单位", copies: [], printer: office)
    }

    /// The 机关代字 of a document number: the text before its year in brackets (`[`, `〔`, `（`, `(`, `【`),
    /// nil when there is none.
    public static func agencyCode(of document: String) -> String? {
        guard let i = document.firstIndex(where: { "[〔（(【".contains($0) }) else { return nil }
        let code = document[..<i].trimmingCharacters(in: .whitespaces)
        let rest = document[document.index(after: i)...]
        guard !code.isEmpty, rest.prefix(4).allSatisfy(\.isNumber), rest.count > 4 else { return nil }
        return code
    }

    /// Why a field is not usable (nil when it is): empty, too long for one line, or with characters
    /// that break the 发文字号.
    public static func problem(field: String, value: String) -> String? {
        let t = value.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return "`\(field)` 不能为空 (must not be empty)" }
        if t != value { return "`\(field)` 首尾不应有空格 (no leading or trailing spaces)" }
        if value.contains(where: \.isNewline) { return "`\(field)` 应为一行 (one line)" }
        let limit = field == "code" ? 12 : field == "addressees" ? 120 : 40
        if value.count > limit { return "`\(field)` 超过 \(limit) 字 (longer than \(limit) characters)" }
        if field == "code", value.contains(where: { "[]〔〕()（）【】0123456789号".contains($0) }) {
            return "`code` 是机关代字，不含年份、序号和括号 (the agency code only, no year, serial or brackets): \(value)"
        }
        return nil
    }
}
