/// A failure of one step of kaohe: which step (`打开数据库 (open)`), which file or folder when there is
/// one, and what went wrong, each in `中文 (english)`. The one error type of every module above
/// Indicators (as Publish's `PublishingError`); Charts, which depends on nothing of kaohe, keeps its
/// `ChartError` and Site wraps it. Problems that carry a row or a line are listed, not thrown one at a
/// time: `Problem`/`IngestError` (a data file's rows) and `IndicatorProblem`/`CatalogError` (the
/// scheme files). The command line turns a `KaoheError` into `kaohe: DESCRIPTION` and exit status 1.
public struct KaoheError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kaohe was doing, `中文 (english)`: one of `Step`'s constants or an option (`--scheme`).
    public let step: String
    /// The file, folder or page concerned; nil when there is none.
    public let path: String?
    /// What went wrong, `中文 (english)`.
    public let message: String

    public init(step: String, path: String? = nil, message: String) {
        self.step = step
        self.path = path
        self.message = message
    }

    /// `PATH: STEP: MESSAGE`, or `STEP: MESSAGE` when there is no path.
    public var description: String {
        path.map { "\($0): \(step): \(message)" } ?? "\(step): \(message)"
    }

    /// The steps, named once.
    public enum Step {
        public static let open = "打开数据库 (open)"
        public static let check = "检查数据库 (check)"
        public static let read = "读取 (read)"
        public static let store = "写入数据库 (store)"
        public static let importing = "导入 (import)"
        public static let score = "计分 (score)"
        public static let templates = "读取模板 (templates)"
        public static let parseTemplates = "解析模板 (templates)"
        public static let render = "渲染页面 (render)"
        public static let charts = "绘制图表 (charts)"
        public static let document = "生成公文PDF (document)"
        public static let asOf = "确定数据截止日期 (as-of)"
        public static let build = "生成站点 (build)"
        public static let write = "写入文件 (build)"
        public static let temporaryFolder = "建立临时目录 (build)"
        public static let swap = "替换输出目录 (build)"
        public static let demoData = "生成演示数据 (generate data)"
    }
}

/// A kind of name the user gives (a scheme, a unit, …), in both languages, for `unknown` messages.
public struct Noun: Sendable {
    public let zh: String
    public let en: String
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public static let scheme = Noun(zh: "方案", en: "scheme")
    public static let unit = Noun(zh: "单位", en: "unit")
    public static let indicator = Noun(zh: "指标", en: "indicator")
    public static let target = Noun(zh: "目标", en: "target")
    public static let region = Noun(zh: "地区", en: "region")
}

/// The messages said in more than one place, composed here once.
public enum Message {
    /// `未知方案“x”（是否指: a、b）(unknown scheme)`: a name not found, with the nearest known ones.
    public static func unknown(_ noun: Noun, _ text: String, suggesting near: [String]) -> String {
        let head = "未知\(noun.zh)“\(text)”"
        let gist = "(unknown \(noun.en))"
        return near.isEmpty ? "\(head) \(gist)" : "\(head)（是否指: \(near.joined(separator: "、"))）\(gist)"
    }

    /// `unknown(noun, text)` with the names of `names` nearest to `text` as suggestions.
    public static func unknown(_ noun: Noun, _ text: String, among names: [String]) -> String {
        unknown(noun, text, suggesting: suggestions(text, among: names))
    }

    /// `未知方案“x”（是否指: …）(unknown scheme)` among the schemes of `catalog`.
    public static func unknownScheme(_ id: String, in catalog: Catalog) -> String {
        unknown(.scheme, id, among: catalog.schemes.map(\.id))
    }

    /// A database file that is not there.
    public static let noDatabase = "数据库不存在 (no database)"

    /// What to do when the database is not there.
    public static let importFirst =
        "先运行 kaohe import 或 kaohe demo，或用 --db 指定 (run kaohe import or kaohe demo first, or give --db)"
}

extension KaoheError {
    /// `--scheme: 未知方案“x”（是否指: …）(unknown scheme)`.
    public static func unknownScheme(_ id: String, in catalog: Catalog) -> KaoheError {
        KaoheError(step: "--scheme", message: Message.unknownScheme(id, in: catalog))
    }

    /// `PATH: 打开数据库 (open): 数据库不存在 (no database)`, with what to do next when given.
    public static func noDatabase(at path: String, hint: String? = nil) -> KaoheError {
        KaoheError(step: Step.open, path: path, message: Message.noDatabase + (hint.map { ": " + $0 } ?? ""))
    }

    /// `error` as a `KaoheError` of `step` (itself when it already is one).
    public static func wrapping(_ error: Error, step: String, path: String? = nil) -> KaoheError {
        (error as? KaoheError) ?? KaoheError(step: step, path: path, message: "\(error)")
    }
}
