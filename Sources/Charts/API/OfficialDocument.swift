import Foundation

/// A notice as an official document (公文) laid out per GB/T 9704-2012 and drawn into a PDF by Cairo
/// and Pango (docs/documents.md): 版头 (red mark, 发文字号, red line), 主体 (title, 主送机关, body,
/// 附件说明, 署名 and 成文日期, attachments on new pages), 版记 at the foot of the last page, page numbers.
public struct OfficialDocument: Sendable {
    /// 发文机关标志, printed red.
    public var mark: String
    /// 发文字号: `济高信用办〔2019〕30号`.
    public var number: String
    public var title: String
    /// 主送机关 without the colon.
    public var addressees: String
    public var body: [Paragraph]
    /// 发文机关署名.
    public var signature: String
    /// 成文日期: `2019年3月10日`.
    public var date: String
    /// 附件, in order (附件1, 附件2, …); listed in the 附件说明 by title.
    public var attachments: [Attachment]
    /// 抄送机关 (none: no 抄送 line).
    public var copies: [String]
    /// 印发机关 and 印发日期 (`2019年3月11日`).
    public var printer: String
    public var printDate: String
    /// The PDF's creation and modification date (ISO 8601, `2019-03-11T00:00:00`): derived from the
    /// data, so that the same data gives the same bytes.
    public var metadataDate: String

    public enum Paragraph: Sendable, Equatable {
        /// A paragraph of 仿宋 body text, first line indented two characters.
        case text(String)
        /// A first-level heading (`一、…`, 黑体).
        case heading(String)
    }

    /// An attachment: its title (centred on the third line of its first page) and its parts.
    public struct Attachment: Sendable {
        public var title: String
        public var parts: [Part]
        public init(title: String, parts: [Part]) {
            self.title = title
            self.parts = parts
        }
    }

    public enum Part: Sendable {
        case table(DocumentTable)
        case figure(DocumentFigure)
        /// A note in smaller text (the table's 注).
        case note(String)
        /// A paragraph of body text (3号, indented two characters), e.g. the list of silent units.
        case paragraph(String)
    }

    public init(
        mark: String, number: String, title: String, addressees: String, body: [Paragraph],
        signature: String, date: String, attachments: [Attachment], copies: [String],
        printer: String, printDate: String, metadataDate: String
    ) {
        self.mark = mark
        self.number = number
        self.title = title
        self.addressees = addressees
        self.body = body
        self.signature = signature
        self.date = date
        self.attachments = attachments
        self.copies = copies
        self.printer = printer
        self.printDate = printDate
        self.metadataDate = metadataDate
    }

    /// The PDF bytes (A4, fonts embedded, charts as vectors). Throws `ChartError` when a text has a
    /// character the fonts lack or Cairo fails.
    public func pdf() throws -> [UInt8] {
        try DocumentWriter(document: self).write()
    }
}

extension OfficialDocument {
    /// The folder of the subset faces in a site (docs/documents.md, "The subset faces between builds").
    public static let fontCacheFolder = ".fonts"

    /// Until `stopUsingFontCache(from: folder)`, the documents of this process take their subset
    /// faces from `folder` (a previous build's `fontCacheFolder`) when it holds them whole and
    /// current, rather than making them. A face from there has the bytes a fresh one would have: the
    /// PDFs do not change. A folder that is missing, unreadable or a symbolic link is ignored.
    public static func useFontCache(from folder: URL) {
        DocumentText.withSubsets { $0.useCache(folder) }
    }

    public static func stopUsingFontCache(from folder: URL) {
        DocumentText.withSubsets { $0.stopUsingCache(folder) }
    }

    /// Makes `folder` (inside a new site) hold the subset faces this process made or read, and those
    /// of `previous` that are still current, hard-linked from there when it holds them. Best effort:
    /// a face that cannot be kept is left out (the next build makes it).
    public static func saveFontCache(carryingFrom previous: URL?, into folder: URL) {
        DocumentText.withSubsets { $0.saveCache(carryingFrom: previous, into: folder) }
    }
}

/// A table of an attachment: header rows (cells spanning columns, and rows for a two-row header),
/// body rows of plain text. Spans pages with its header repeated; a row is never split.
public struct DocumentTable: Sendable {
    public struct HeaderCell: Sendable {
        public var text: String
        public var columns: Int
        public var rows: Int
        public init(_ text: String, columns: Int = 1, rows: Int = 1) {
            self.text = text
            self.columns = columns
            self.rows = rows
        }
    }
    /// The caption above the table (`表1  …`), may be empty.
    public var caption: String
    public var header: [[HeaderCell]]
    public var rows: [[String]]
    /// Index of the column of names (left-aligned and given the spare width).
    public var nameColumn: Int

    public init(caption: String, header: [[HeaderCell]], rows: [[String]], nameColumn: Int = 1) {
        self.caption = caption
        self.header = header
        self.rows = rows
        self.nameColumn = nameColumn
    }

    /// Number of columns (of the first header row, spans counted).
    public var columnCount: Int { header.first.map { $0.reduce(0) { $0 + $1.columns } } ?? (rows.first?.count ?? 0) }
}

/// A chart of an attachment, drawn in vectors by the same code as the site's PNGs: scaled to the
/// width of the 版心 from its size in CSS pixels.
public struct DocumentFigure: Sendable {
    public enum Chart: Sendable {
        case bars(RankedBarChart)
        case heat(HeatMap)
    }
    public var chart: Chart
    public var width: Int
    public var height: Int
    /// The caption under it (`附图1  …`).
    public var caption: String

    public init(chart: Chart, width: Int, height: Int, caption: String) {
        self.chart = chart
        self.width = width
        self.height = height
        self.caption = caption
    }
}
