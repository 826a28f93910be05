import Charts
import Foundation
import Indicators

/// The notices as official documents (docs/documents.md): beside every weekly notice, monthly
/// ranking and quarterly notice page, `<page>.pdf`, the same document laid out per GB/T 9704 by
/// Charts' `OfficialDocument`. Its input key is the hash of everything printed in it.
extension SitePlan {
    static let documentVersion = "document-2"

    /// Fills the document parts of `head` (发文字号 from the scheme's 机关代字, the year and
    /// its serial 期数; 主送; 版记; the PDF link) and plans the PDF of the page at `path`.
    mutating func addDocument(
        at path: String, of s: Scheme, serial: Int, issued: Day, summary: [String],
        tables: [RankTable], events: [EventRow] = [], silent: String? = nil, figures: [ChartSpec],
        head: Masthead
    ) throws -> Masthead {
        let settings = s.documentSettings
        var head = head
        head.mark = settings.mark
        head.number = settings.number(year: issued.year, serial: serial)
        head.addressees = settings.addressees
        head.copies = settings.copies.joined(separator: "，")
        head.printer = settings.printer
        head.printDate = Fmt.date(issued)
        let pdfPath = String(path.dropLast(".html".count)) + ".pdf"
        head.pdf = (pdfPath as NSString).lastPathComponent

        var attachments = tables.map { t in
            OfficialDocument.Attachment(
                title: Self.attachmentTitle(t.caption),
                parts: [.table(Self.documentTable(t))] + (t.note.isEmpty ? [] : [.note(t.note)]))
        }
        // The list the body refers to (名单附后): after the first table.
        if let silent, !attachments.isEmpty { attachments[0].parts.append(.paragraph(silent)) }
        if !events.isEmpty {
            let table = DocumentTable(
                caption: "", header: [["日期", "单位", "指标", "次数", "事由"].map { .init($0) }],
                rows: events.map { [$0.date, $0.unit, $0.indicator, $0.count, $0.reason] })
            attachments.append(.init(title: "本期扣分事件", parts: [.table(table)]))
        }
        let drawn = figures.compactMap(Self.documentFigure)
        if !drawn.isEmpty {
            let numbered = drawn.enumerated().map { k, f in
                var f = f
                f.caption = "附图\(k + 1)  " + f.caption
                return OfficialDocument.Part.figure(f)
            }
            attachments.append(.init(title: "附图", parts: numbered))
        }
        let document = OfficialDocument(
            mark: settings.mark, number: head.number, title: head.title, addressees: settings.addressees,
            body: summary.map { .text($0) }, signature: s.office, date: Fmt.date(issued), attachments: attachments,
            copies: settings.copies, printer: settings.printer, printDate: Fmt.date(issued),
            metadataDate: String(format: "%04d-%02d-%02dT00:00:00", issued.year, issued.month, issued.dayOfMonth))
        var h = StableHash()
        h.add(Self.documentVersion)
        Self.feed(document, figures: figures, into: &h)
        add(
            FileJob(
                path: pdfPath, kind: .document, key: h.hex, label: "document pdf",
                produce: {
                    do { return Data(try document.pdf()) } catch {
                        throw KaoheError(step: KaoheError.Step.document, path: pdfPath, message: "\(error)")
                    }
                }))
        return head
    }

    /// `表1  各单位…` → `各单位…`.
    static func attachmentTitle(_ caption: String) -> String {
        guard caption.hasPrefix("表"), let gap = caption.range(of: "  ") else { return caption }
        return String(caption[gap.upperBound...])
    }

    /// The table of a page as a document table: 排名, 单位, the indicator columns (grouped under
    /// their indicator when the page groups them), the score and the change.
    static func documentTable(_ t: RankTable) -> DocumentTable {
        typealias H = DocumentTable.HeaderCell
        let header: [[H]]
        if t.hasGroups {
            header = [
                [H("排名", rows: 2), H("单位", rows: 2)] + t.groups.map { H($0.text, columns: $0.span) }
                    + [H(t.scoreHeader, rows: 2), H("变化", rows: 2)],
                t.columns.map { H($0.text) },
            ]
        } else {
            header = [
                [H("排名"), H("单位")] + t.columns.map { H($0.hasSub ? "\($0.text)（\($0.sub)）" : $0.text) }
                    + [H(t.scoreHeader), H("变化")]
            ]
        }
        let rows = t.rows.map { r in [r.rank, r.name] + r.cells.map(\.text) + [r.score, r.change] }
        return DocumentTable(caption: "", header: header, rows: rows, nameColumn: 1)
    }

    static func documentFigure(_ spec: ChartSpec) -> DocumentFigure? {
        switch spec.figure {
        case .bars(let c):
            return DocumentFigure(chart: .bars(c), width: spec.width, height: spec.height, caption: c.title)
        case .heat(let c):
            return DocumentFigure(chart: .heat(c), width: spec.width, height: spec.height, caption: c.title)
        default: return nil
        }
    }

    /// Everything printed in the document, in a fixed order.
    static func feed(_ d: OfficialDocument, figures: [ChartSpec], into h: inout StableHash) {
        for t in [d.mark, d.number, d.title, d.addressees, d.signature, d.date, d.printer, d.printDate, d.metadataDate]
        { h.add(t) }
        d.copies.feed(into: &h)
        h.add(count: d.body.count)
        for p in d.body {
            switch p {
            case .text(let t):
                h.add("text")
                h.add(t)
            case .heading(let t):
                h.add("heading")
                h.add(t)
            }
        }
        h.add(count: d.attachments.count)
        for a in d.attachments {
            h.add(a.title)
            h.add(count: a.parts.count)
            for part in a.parts {
                switch part {
                case .table(let t):
                    h.add("table")
                    h.add(t.caption)
                    h.add(t.nameColumn)
                    h.add(count: t.header.count)
                    for row in t.header {
                        for c in row {
                            h.add(c.text)
                            h.add(c.columns)
                            h.add(c.rows)
                        }
                    }
                    t.rows.feed(into: &h)
                case .figure(let f):
                    h.add("figure")
                    h.add(f.caption)
                case .note(let n):
                    h.add("note")
                    h.add(n)
                case .paragraph(let t):
                    h.add("paragraph")
                    h.add(t)
                }
            }
        }
        for f in figures { h.add(f.key) }
    }
}
