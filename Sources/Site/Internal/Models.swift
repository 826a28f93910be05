/// Page models: plain values with every text already formatted; the templates only place them.
/// Mustache escapes every `{{value}}`; no template uses triple mustaches. Each model names its fields
/// once, in `fields` (ModelAccess.swift): the templates read them by those names and the page's
/// input key hashes them in that order. What a page may lack is optional (`nil`) or an empty list,
/// and the templates test it with Mustache's own sections (`{{#prev}}`, `{{^empty(events)}}`).

struct Link: Hashable, PageModel {
    var href, text: String
    static let fields: FieldList<Self> = [Field("href", \.href), Field("text", \.text)]
}

struct ChartRef: Hashable, PageModel {
    var src, alt: String
    var width, height: Int
    /// The drawing for a phone ("" when the chart has none), shown below `phoneMedia` (<picture>).
    var phoneSrc = ""
    var phoneWidth = 0
    var phoneHeight = 0
    var phoneMedia = ""
    var hasPhone: Bool { !phoneSrc.isEmpty }
    static let fields: FieldList<Self> = [
        Field("src", \.src), Field("alt", \.alt), Field("width", \.width), Field("height", \.height),
        Field("phoneSrc", \.phoneSrc), Field("phoneWidth", \.phoneWidth), Field("phoneHeight", \.phoneHeight),
        Field("phoneMedia", \.phoneMedia), Field("hasPhone", \.hasPhone),
    ]
}

/// A cell of a table: its text and CSS class (`num`, `na`, `up`, …).
struct Cell: Hashable, PageModel {
    var text, cls: String
    static let fields: FieldList<Self> = [Field("text", \.text), Field("cls", \.cls)]
}

/// A column head: its text, the points below it ("" for none) and how many columns it spans.
struct Column: Hashable, PageModel {
    var text, sub: String
    var span: Int
    var hasSub: Bool { !sub.isEmpty }
    static let fields: FieldList<Self> = [Field("text", \.text), Field("sub", \.sub), Field("span", \.span)]
}

struct RankRow: Hashable, PageModel {
    var rank, name, href: String
    var cells: [Cell]
    var score, change, changeClass, rowClass: String
    static let fields: FieldList<Self> = [
        Field("rank", \.rank), Field("name", \.name), Field("href", \.href), Field("cells", \.cells),
        Field("score", \.score), Field("change", \.change), Field("changeClass", \.changeClass),
        Field("rowClass", \.rowClass),
    ]
}

struct EventRow: Hashable, PageModel {
    var date, unit, href, indicator, count, reason: String
    static let fields: FieldList<Self> = [
        Field("date", \.date), Field("unit", \.unit), Field("href", \.href), Field("indicator", \.indicator),
        Field("count", \.count), Field("reason", \.reason),
    ]
}

/// The head of an official notice (GB/T 9704 layout: 版头, 期号, 红线, 标题).
struct Masthead: Hashable, PageModel {
    var office, kind, issue, date, title: String
    /// The document parts (GB/T 9704), set by `SitePlan.document(…)`: 发文机关标志, 发文字号, 主送机关,
    /// the PDF's file name, 抄送 (joined; "" for none), 印发机关 and 印发日期 of the 版记.
    var mark = ""
    var number = ""
    var addressees = ""
    var pdf = ""
    var copies = ""
    var printer = ""
    var printDate = ""
    static let fields: FieldList<Self> = [
        Field("office", \.office), Field("kind", \.kind), Field("issue", \.issue), Field("date", \.date),
        Field("title", \.title), Field("mark", \.mark), Field("number", \.number), Field("addressees", \.addressees),
        Field("pdf", \.pdf), Field("copies", \.copies), Field("printer", \.printer), Field("printDate", \.printDate),
    ]
}

/// The previous and next notice of a series, where there is one.
struct Nav: Hashable, PageModel {
    var prev: Link?
    var next: Link?
    static let fields: FieldList<Self> = [Field("prev", \.prev), Field("next", \.next)]
}

/// A table block: caption, header rows, body rows, CSV link.
struct RankTable: Hashable, PageModel {
    var caption, note: String
    /// The first header row (indicator groups); empty for a single-row header.
    var groups: [Column]
    /// The last header row of the per-indicator columns.
    var columns: [Column]
    var rows: [RankRow]
    var csv, scoreHeader: String
    var hasGroups: Bool { !groups.isEmpty }
    static let fields: FieldList<Self> = [
        Field("caption", \.caption), Field("note", \.note), Field("groups", \.groups), Field("columns", \.columns),
        Field("rows", \.rows), Field("csv", \.csv), Field("scoreHeader", \.scoreHeader),
    ]
}

/// One step of a page's breadcrumbs; the last (the page itself) is not a link.
struct Crumb: Hashable, PageModel {
    var href, text: String
    var isLink: Bool
    static let fields: FieldList<Self> = [Field("href", \.href), Field("text", \.text), Field("isLink", \.isLink)]
}

/// What every page has around its content: the way to the site's root, its title, its breadcrumbs,
/// whether the site has a targets page (head.mustache), and the line at its foot (foot.mustache).
struct PageFrame: Hashable, PageModel {
    var root, pageTitle: String
    var crumbs: [Crumb]
    var hasTargets: Bool
    var footer: String
    static let fields: FieldList<Self> = [
        Field("root", \.root), Field("pageTitle", \.pageTitle), Field("crumbs", \.crumbs),
        Field("hasTargets", \.hasTargets), Field("footer", \.footer),
    ]
}

/// A weekly or quarterly notice: its ranked table, who handed in nothing, the week's deduction events
/// (none in a quarterly notice) and its charts.
struct NoticePage: PageModel {
    var frame: PageFrame
    var head: Masthead
    var summary: [String]
    var table: RankTable
    /// The units that handed in nothing, joined; nil when every unit reported.
    var silent: String?
    var events: [EventRow]
    var eventsCSV: String
    var charts: [ChartRef]
    var nav: Nav
    static let fields: FieldList<Self> = [
        Field("frame", \.frame), Field("head", \.head), Field("summary", \.summary), Field("table", \.table),
        Field("silent", \.silent), Field("events", \.events), Field("eventsCSV", \.eventsCSV),
        Field("charts", \.charts),
        Field("nav", \.nav),
    ]
}

struct RankingSection: Hashable, PageModel {
    var heading, intro: String
    var table: RankTable
    var charts: [ChartRef]
    static let fields: FieldList<Self> = [
        Field("heading", \.heading), Field("intro", \.intro), Field("table", \.table), Field("charts", \.charts),
    ]
}

/// A monthly ranking: one section per table.
struct RankingPage: PageModel {
    var frame: PageFrame
    var head: Masthead
    var summary: [String]
    var sections: [RankingSection]
    var nav: Nav
    static let fields: FieldList<Self> = [
        Field("frame", \.frame), Field("head", \.head), Field("summary", \.summary), Field("sections", \.sections),
        Field("nav", \.nav),
    ]
}

struct UnitIndicatorRow: Hashable, PageModel {
    var code, short, rule, tier, points, responsibility, completion, earned, missing, rowClass: String
    static let fields: FieldList<Self> = [
        Field("code", \.code), Field("short", \.short), Field("rule", \.rule), Field("tier", \.tier),
        Field("points", \.points), Field("responsibility", \.responsibility), Field("completion", \.completion),
        Field("earned", \.earned), Field("missing", \.missing), Field("rowClass", \.rowClass),
    ]
    /// The row as the indicators CSV gives it (every text but the CSS class).
    var csvFields: [String] { [code, short, rule, tier, points, responsibility, completion, earned, missing] }
}

struct HistoryRow: Hashable, PageModel {
    var window, href, score, rank, change, changeClass: String
    static let fields: FieldList<Self> = [
        Field("window", \.window), Field("href", \.href), Field("score", \.score), Field("rank", \.rank),
        Field("change", \.change), Field("changeClass", \.changeClass),
    ]
}

/// A unit's page in a scheme: its latest score and place, each indicator, its events and its history.
struct UnitPage: PageModel {
    var frame: PageFrame
    var name, kind, scheme, schemeTitle: String
    /// The unit's other names, joined; nil when it has none.
    var aliases: String?
    var window, windowHref, score, rank, of, change, changeClass, nextRank: String
    /// Where a rolled-up score comes from; nil when the score is the unit's own.
    var rollup: String?
    var indicators: [UnitIndicatorRow]
    /// The totals row of the indicator table, and the sentence shown below the table with it.
    var totals: UnitIndicatorRow?
    var conversion, indicatorsCSV: String
    var events: [EventRow]
    var history: [HistoryRow]
    var historyCSV: String
    var charts: [ChartRef]
    /// The line under the history chart: the period it ends at, and where the running one is shown.
    var chartNote: String?
    var related: [Link]
    static let fields: FieldList<Self> = [
        Field("frame", \.frame), Field("name", \.name), Field("kind", \.kind), Field("scheme", \.scheme),
        Field("schemeTitle", \.schemeTitle), Field("aliases", \.aliases), Field("window", \.window),
        Field("windowHref", \.windowHref), Field("score", \.score), Field("rank", \.rank), Field("of", \.of),
        Field("change", \.change), Field("changeClass", \.changeClass), Field("nextRank", \.nextRank),
        Field("rollup", \.rollup), Field("indicators", \.indicators), Field("totals", \.totals),
        Field("conversion", \.conversion), Field("indicatorsCSV", \.indicatorsCSV), Field("events", \.events),
        Field("history", \.history), Field("historyCSV", \.historyCSV), Field("charts", \.charts),
        Field("chartNote", \.chartNote), Field("related", \.related),
    ]
}

struct TargetRow: Hashable, PageModel {
    var group, title, target, latest, period, status, statusClass, ratio: String
    /// The target's bullet chart and its trend sparkline, where it has the data for them.
    var bullet: ChartRef?
    var trend: ChartRef?
    static let fields: FieldList<Self> = [
        Field("group", \.group), Field("title", \.title), Field("target", \.target), Field("latest", \.latest),
        Field("period", \.period), Field("status", \.status), Field("statusClass", \.statusClass),
        Field("ratio", \.ratio), Field("bullet", \.bullet), Field("trend", \.trend),
    ]
}

struct StatusCount: Hashable, PageModel {
    var label, cls: String
    var count: Int
    static let fields: FieldList<Self> = [Field("label", \.label), Field("cls", \.cls), Field("count", \.count)]
}

/// The targets of the five-year plan: each with its progress and charts, and how many have each status.
struct TargetsPage: PageModel {
    var frame: PageFrame
    var document, column, asOf: String
    var rows: [TargetRow]
    var statuses: [StatusCount]
    var csv: String
    static let fields: FieldList<Self> = [
        Field("frame", \.frame), Field("document", \.document), Field("column", \.column), Field("asOf", \.asOf),
        Field("rows", \.rows), Field("statuses", \.statuses), Field("csv", \.csv),
    ]
}

struct ArchiveGroup: Hashable, PageModel {
    var heading: String
    var links: [Link]
    static let fields: FieldList<Self> = [Field("heading", \.heading), Field("links", \.links)]
}

struct UnitIndexGroup: Hashable, PageModel {
    var heading, anchor: String
    var links: [Link]
    static let fields: FieldList<Self> = [
        Field("heading", \.heading), Field("anchor", \.anchor), Field("links", \.links),
    ]
}

struct HomePage: PageModel {
    var frame: PageFrame
    var asOf: String
    /// The latest weekly notice, where there is one, with its date, summary and charts.
    var notice: Link?
    var noticeDate: String
    var noticeSummary: [String]
    var noticeCharts: [ChartRef]
    /// The latest monthly ranking, where there is one, with its rows.
    var ranking: Link?
    var rankingRows: [RankRow]
    var statuses: [StatusCount]
    var targetsRows: [TargetRow]
    var archives: [ArchiveGroup]
    var units: [UnitIndexGroup]
    static let fields: FieldList<Self> = [
        Field("frame", \.frame), Field("asOf", \.asOf), Field("notice", \.notice), Field("noticeDate", \.noticeDate),
        Field("noticeSummary", \.noticeSummary), Field("noticeCharts", \.noticeCharts), Field("ranking", \.ranking),
        Field("rankingRows", \.rankingRows), Field("statuses", \.statuses), Field("targetsRows", \.targetsRows),
        Field("archives", \.archives), Field("units", \.units),
    ]
}

/// A scheme's own index: its notices, newest first, and its units grouped by kind (部门 / 街道办 / 区县).
struct SchemePage: PageModel {
    var frame: PageFrame
    var title, document, office: String
    var notices: [Link]
    var groups: [UnitIndexGroup]
    static let fields: FieldList<Self> = [
        Field("frame", \.frame), Field("title", \.title), Field("document", \.document), Field("office", \.office),
        Field("notices", \.notices), Field("groups", \.groups),
    ]
}
