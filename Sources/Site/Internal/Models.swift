/// Page models: plain values with every text already formatted; the templates only place them.
/// Mustache escapes every `{{value}}`; no template uses triple mustaches.

struct Link: Hashable { var href: String; var text: String }

/// One step of a page's breadcrumbs; the last (the page itself) is not a link.
struct Crumb: Hashable { var href: String; var text: String; var isLink: Bool }

struct ChartRef: Hashable {
    var src: String
    var alt: String
    var width: Int
    var height: Int
    /// The drawing for a phone ("" when the chart has none), shown below `phoneMedia` (<picture>).
    var phoneSrc = ""
    var phoneWidth = 0
    var phoneHeight = 0
    var phoneMedia = ""
}

/// A cell of a table: its text and CSS class (`num`, `na`, `up`, …).
struct Cell: Hashable { var text: String; var cls: String }

struct Column: Hashable {
    var text: String
    var sub: String
    var span: Int
    var hasSub: Bool
    init(text: String, sub: String, span: Int) { self.text = text; self.sub = sub; self.span = span; hasSub = !sub.isEmpty }
}

struct RankRow: Hashable {
    var rank: String
    var name: String
    var href: String
    var cells: [Cell]
    var score: String
    var change: String
    var changeClass: String
    var rowClass: String
}

struct EventRow: Hashable {
    var date: String
    var unit: String
    var href: String
    var indicator: String
    var count: String
    var reason: String
}

/// The head of an official notice (GB/T 9704 layout: 版头, 期号, 红线, 标题).
struct Masthead: Hashable {
    var office: String
    var kind: String
    var issue: String
    var date: String
    var title: String
    /// The document parts (GB/T 9704), set by `SitePlan.document(…)`: 发文机关标志, 发文字号, 主送机关,
    /// the PDF's file name, 抄送 (joined), 印发机关 and 印发日期 of the 版记.
    var mark = ""
    var number = ""
    var addressees = ""
    var pdf = ""
    var copies = ""
    var printer = ""
    var printDate = ""
}

struct Nav: Hashable {
    var hasPrev: Bool
    var prev: Link
    var hasNext: Bool
    var next: Link
}

/// A table block: caption, header rows, body rows, CSV link.
struct RankTable: Hashable {
    var caption: String
    var note: String
    var groups: [Column]      // first header row (indicator groups); empty when single-row header
    var hasGroups: Bool
    var columns: [Column]     // last header row of the per-indicator columns
    var rows: [RankRow]
    var csv: String
    var scoreHeader: String
}

struct NoticePage {
    var root: String
    var pageTitle: String
    var head: Masthead
    var summary: [String]
    var table: RankTable
    var silent: String
    var hasSilent: Bool
    var events: [EventRow]
    var hasEvents: Bool
    var eventsCSV: String
    var charts: [ChartRef]
    var nav: Nav
    var footer: String
    var crumbs: [Crumb]
    var hasTargets: Bool
}

struct RankingSection: Hashable {
    var heading: String
    var intro: String
    var table: RankTable
    var charts: [ChartRef]
}

struct RankingPage {
    var root: String
    var pageTitle: String
    var head: Masthead
    var summary: [String]
    var sections: [RankingSection]
    var nav: Nav
    var footer: String
    var crumbs: [Crumb]
    var hasTargets: Bool
}

struct NewsPage {
    var root: String
    var pageTitle: String
    var head: Masthead
    var summary: [String]
    var table: RankTable
    var silent: String
    var hasSilent: Bool
    var charts: [ChartRef]
    var nav: Nav
    var footer: String
    var crumbs: [Crumb]
    var hasTargets: Bool
}

struct UnitIndicatorRow: Hashable {
    var code: String
    var short: String
    var rule: String
    var tier: String
    var points: String
    var responsibility: String
    var completion: String
    var earned: String
    var missing: String
    var rowClass: String
}

struct HistoryRow: Hashable {
    var window: String
    var href: String
    var score: String
    var rank: String
    var change: String
    var changeClass: String
}

struct UnitPage {
    var root: String
    var pageTitle: String
    var name: String
    var kind: String
    var scheme: String
    var schemeTitle: String
    var aliases: String
    var hasAliases: Bool
    var window: String
    var windowHref: String
    var score: String
    var rank: String
    var of: String
    var change: String
    var changeClass: String
    var nextRank: String
    var rollup: String
    var hasRollup: Bool
    var indicators: [UnitIndicatorRow]
    var indicatorsCSV: String
    var events: [EventRow]
    var hasEvents: Bool
    var history: [HistoryRow]
    var historyCSV: String
    var charts: [ChartRef]
    var footer: String
    var crumbs: [Crumb]
    var hasTargets: Bool
    var totals: UnitIndicatorRow
    var hasTotals: Bool
    var conversion: String
    var related: [Link]
    var hasRelated: Bool
}

struct TargetRow: Hashable {
    var group: String
    var title: String
    var target: String
    var latest: String
    var period: String
    var status: String
    var statusClass: String
    var ratio: String
    var bullet: ChartRef
    var hasBullet: Bool
    var trend: ChartRef
    var hasTrend: Bool
}

struct StatusCount: Hashable { var label: String; var cls: String; var count: Int }

struct TargetsPage {
    var root: String
    var pageTitle: String
    var document: String
    var column: String
    var asOf: String
    var rows: [TargetRow]
    var statuses: [StatusCount]
    var csv: String
    var footer: String
    var crumbs: [Crumb]
    var hasTargets: Bool
}

struct ArchiveGroup: Hashable { var heading: String; var links: [Link] }

struct UnitIndexGroup: Hashable { var heading: String; var anchor: String; var links: [Link] }

struct HomePage {
    var root: String
    var pageTitle: String
    var asOf: String
    var hasNotice: Bool
    var notice: Link
    var noticeDate: String
    var noticeSummary: [String]
    var noticeCharts: [ChartRef]
    var hasRanking: Bool
    var ranking: Link
    var rankingRows: [RankRow]
    var hasTargets: Bool
    var statuses: [StatusCount]
    var targetsRows: [TargetRow]
    var archives: [ArchiveGroup]
    var units: [UnitIndexGroup]
    var footer: String
    var crumbs: [Crumb]
}

/// A scheme's own index: its notices, newest first, and its units grouped by kind (部门 / 街道办 / 区县).
struct SchemePage {
    var root: String
    var pageTitle: String
    var crumbs: [Crumb]
    var hasTargets: Bool
    var title: String
    var document: String
    var office: String
    var notices: [Link]
    var hasNotices: Bool
    var groups: [UnitIndexGroup]
    var footer: String
}
