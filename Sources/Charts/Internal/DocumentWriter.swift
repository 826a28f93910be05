import CCairo
import CPangoCairo

/// GB/T 9704-2012 page geometry in PDF points (1 mm = 72 / 25.4 pt).
enum Paper {
    static let mm = 72.0 / 25.4
    static let width = 210 * mm, height = 297 * mm
    /// 版心: 156 × 225 mm at 28 mm from the left, 37 mm from the top.
    static let left = 28 * mm, top = 37 * mm
    static let textWidth = 156 * mm, textHeight = 225 * mm
    static var right: Double { left + textWidth }
    static var bottom: Double { top + textHeight }
    /// 22 lines of 28 characters of 3号 (16 pt).
    static let bodySize = 16.0
    static let linePitch = textHeight / 22
    static let charPitch = textWidth / 28
    /// Pango's letter spacing that sets 16 pt glyphs 156/28 mm apart (a hair less, so that a full line
    /// of 28 never rounds over the 版心's width).
    static let letterSpacing = charPitch - bodySize - 0.01
    static let titleSize = 22.0, smallSize = 14.0
    static let red = RGB(r: 0.85, g: 0, b: 0)
    static let black = RGB(r: 0, g: 0, b: 0)
}

/// The faces GB/T 9704 names, in the fonts Debian has (docs/documents.md).
enum Face: Hashable {
    /// 仿宋/宋体/楷体: Noto Serif CJK SC.
    case song
    /// 小标宋: Noto Serif CJK SC Bold.
    case biaoSong
    /// 黑体: Noto Sans CJK SC.
    case hei

    var family: String { self == .hei ? "Noto Sans CJK SC" : "Noto Serif CJK SC" }
    var bold: Bool { self == .biaoSong }
}

/// One line-sized piece of the flow: drawn at the cursor, moved to a new page when it does not fit.
private struct FlowItem {
    var height: Double
    /// Starts a new page (an attachment).
    var pageBreak = false
    /// Must stay on the page of the next item (the signature block and its two lines of body).
    var keepWithNext = false
    /// Height of a table's header, drawn above this row when it is the table's first row or the
    /// first thing on a page (0: not a table row).
    var headerHeight = 0.0
    var firstRow = false
    var draw: (Double) throws -> Void
    /// Draws a table's header at the given top.
    var drawHeader: ((Double) -> Void)?

    init(height: Double, pageBreak: Bool = false, keepWithNext: Bool = false, draw: @escaping (Double) throws -> Void) {
        self.height = height
        self.pageBreak = pageBreak
        self.keepWithNext = keepWithNext
        self.draw = draw
    }
}

/// Lays out and draws an `OfficialDocument` into a PDF surface.
final class DocumentWriter {
    let doc: OfficialDocument
    private let sink = DocumentSink()
    private var surface: OpaquePointer!
    private var cr: OpaquePointer!
    /// The Pango context and its layouts, shared with the documents written before (held while
    /// `write` runs).
    private var text: DocumentText!
    private var page = 0
    private var cursor = Paper.top
    /// The table rows drawn on this page, drawn when the page ends or anything else is drawn below them.
    private var pending = PendingRows()
    /// A layout used a glyph outside the subset faces: this attempt's bytes are dropped.
    private var uncovered = false

    init(document: OfficialDocument) { doc = document }

    deinit {
        if let cr { cairo_destroy(cr) }
        if let surface { cairo_surface_destroy(surface) }
    }

    /// The PDF's bytes: drawn with the subset faces when every glyph of the document is in them,
    /// else with the system faces (the same pages, a larger font program to subset).
    func write() throws -> [UInt8] {
        try DocumentText.exclusive { subsets, system in
            if let bytes = try DocumentWriter(document: doc).attempt(with: subsets) { return bytes }
            return try attempt(with: system) ?? []
        }
    }

    /// The PDF's bytes drawn with the system faces whatever its glyphs (as before the subsets; for tests).
    func writeWithSystemFaces() throws -> [UInt8] {
        try DocumentText.exclusive { _, system in try attempt(with: system) ?? [] }
    }

    /// The PDF's bytes drawn with the subset faces of `fonts` in tables of their own (for tests); nil
    /// when a glyph is not in them.
    func write(withSubsetsOf fonts: DocumentFonts) throws -> [UInt8]? {
        let text = DocumentText(subsets: fonts)
        return try DocumentText.exclusive { _, _ in try attempt(with: text) }
    }

    /// Writes the document with `text`'s fonts; nil when a glyph is not in its subset faces.
    private func attempt(with text: DocumentText) throws -> [UInt8]? {
        self.text = text
        defer { self.text = nil }
        do {
            let bytes = try writeHoldingText()
            return uncovered ? nil : bytes
        } catch {
            if uncovered { return nil }
            throw error
        }
    }

    private func writeHoldingText() throws -> [UInt8] {
        let box = Unmanaged.passUnretained(sink).toOpaque()
        surface = cairo_pdf_surface_create_for_stream(
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<DocumentSink>.fromOpaque(closure).takeUnretainedValue()
                sink.append(UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, box, Paper.width, Paper.height)
        // Deterministic bytes: dates from the data, not the clock.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, doc.metadataDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, doc.metadataDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc.printer)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, doc.number)
        cr = cairo_create(surface)
        text.beginDocument()
        try withExtendedLifetime(sink) {
            try drawHead()
            try flow(bodyItems() + attachmentItems())
            try drawColophon()
            finishPage()
            // Cairo reads each font's whole CFF table twice per document: when the font is first
            // drawn (pages, below) and when its subset is embedded here; in a large document the
            // pages read are dropped as the subsets are written (ResidentMemory).
            sink.dropsFontPages = dropsFontPages
            cairo_surface_finish(surface)
            sink.dropsFontPages = false
            if dropsFontPages { ResidentMemory.dropFontPages() }
        }
        let st = cairo_surface_status(surface)
        guard st == CAIRO_STATUS_SUCCESS else {
            throw ChartError.cairo(chart: "公文「\(doc.title)」", step: "write PDF", status: Canvas.describe(st))
        }
        return sink.bytes
    }

    // MARK: text

    /// A layout of `text` (kept until the end), wrapped at `width` with the first line indented.
    private func layout(
        _ text: String, _ face: Face, _ size: Double, width: Double? = nil, indent: Double = 0,
        align: PangoAlignment = PANGO_ALIGN_LEFT, spacing: Double = 0
    ) throws -> OpaquePointer {
        switch self.text.layout(text, face, size, width: width, indent: indent, align: align, spacing: spacing) {
        case .layout(let l): return l
        case .missingGlyph: throw ChartError.missingGlyph(chart: "公文「\(doc.title)」", text: text)
        case .uncovered:
            uncovered = true
            throw DocumentFonts.Uncovered()
        }
    }

    /// The unwrapped width of `text` in the 宋体 at `size`, as `size(layout(text, .song, size)).width`
    /// gives it.
    private func naturalWidth(_ text: String, size: Double) throws -> Double {
        guard let w = self.text.naturalWidth(text, size: size) else {
            throw ChartError.missingGlyph(chart: "公文「\(doc.title)」", text: text)
        }
        return w
    }

    private func size(_ l: OpaquePointer) -> (width: Double, height: Double) {
        var logical = PangoRectangle()
        pango_layout_get_extents(l, nil, &logical)
        return (Double(logical.width) / Double(PANGO_SCALE), Double(logical.height) / Double(PANGO_SCALE))
    }

    private func color(_ c: RGB) { cairo_set_source_rgb(cr, c.r, c.g, c.b) }

    /// Draws the whole layout with its top-left corner at (x, y).
    private func show(_ l: OpaquePointer, x: Double, y: Double, _ c: RGB = Paper.black) {
        color(c)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, l)
    }

    /// The lines of a layout, each with its x offset in points, to be drawn on a line of the grid.
    private func lines(_ l: OpaquePointer) -> [(line: UnsafeMutablePointer<PangoLayoutLine>, x: Double)] {
        var out: [(UnsafeMutablePointer<PangoLayoutLine>, Double)] = []
        let it = pango_layout_get_iter(l)!
        defer { pango_layout_iter_free(it) }
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(it, nil, &logical)
            if let line = pango_layout_iter_get_line_readonly(it) {
                out.append((line, Double(logical.x) / Double(PANGO_SCALE)))
            }
        } while pango_layout_iter_next_line(it) != 0
        return out
    }

    /// Draws one layout line centred in a grid line of `pitch` starting at `top`.
    private func showLine(
        _ line: UnsafeMutablePointer<PangoLayoutLine>, x: Double, top: Double, size: Double,
        pitch: Double = Paper.linePitch,
        _ c: RGB = Paper.black
    ) {
        color(c)
        cairo_move_to(cr, x, top + (pitch - size) / 2 + 0.88 * size)
        pango_cairo_show_layout_line(cr, line)
    }

    /// Grid lines of body text: `text` wrapped to the 版心 (28 characters a line), first line indented.
    private func textLines(
        _ text: String, face: Face = .song, size: Double = Paper.bodySize,
        indent: Double = 2, hanging: Double = 0, align: PangoAlignment = PANGO_ALIGN_LEFT,
        color c: RGB = Paper.black
    ) throws -> [FlowItem] {
        let spacing = size == Paper.bodySize ? Paper.letterSpacing : 0
        let unit = size == Paper.bodySize ? Paper.charPitch : size
        let l = try layout(
            text, face, size, width: Paper.textWidth - hanging * unit + 0.01, indent: indent * unit,
            align: align, spacing: spacing)
        return lines(l).map { line in
            FlowItem(height: Paper.linePitch) { [unowned self] top in
                showLine(line.line, x: Paper.left + hanging * unit + line.x, top: top, size: size, c)
            }
        }
    }

    private func blank() -> FlowItem { FlowItem(height: Paper.linePitch) { _ in } }

    // MARK: pages

    private func finishPage() {
        guard page > 0 else { return }
        drawPendingRows()
        // — N —, 4号, 7 mm below the 版心; right on odd pages, left on even, one character in.
        if let l = try? layout("— \(page) —", .song, Paper.smallSize) {
            let w = size(l).width
            let x = page % 2 == 1 ? Paper.right - Paper.smallSize - w : Paper.left + Paper.smallSize
            show(l, x: x, y: Paper.bottom + 7 * Paper.mm)
        }
        cairo_show_page(cr)
        // After each page of a large document the fonts' pages read so far are dropped
        // (ResidentMemory); a small document (a weekly notice) keeps them: dropping them after each
        // of its few pages costs CPU (the next page maps them again) for no memory gained. The
        // mappings are read again on the first pages, where the faces are first used (the first
        // document of the process opens the font files).
        if dropsFontPages {
            if page <= 2 || page == Self.largePages { ResidentMemory.refreshFontMappings() }
            ResidentMemory.dropFontPages()
        }
    }

    /// The pages from which a document counts as large (a province ranking has about 108, the
    /// demo's documents 3–12).
    static let largePages = 8

    /// The table rows from which a document counts as large from its first page (a province
    /// ranking has 2,000; the demo's documents at most about 60): cairo reads each face's whole font
    /// file as the face is first drawn, on the first two pages, so dropping the pages only from the
    /// 8th page on left two or three faces' files resident together (about 66 MB) at the start of
    /// every ranking.
    static let largeRows = 400

    /// Whether the fonts' pages are dropped after the page just finished and while the subsets are
    /// written: from the first page in a document of `largeRows`, else from page `largePages` on.
    private var dropsFontPages: Bool { page >= Self.largePages || (page >= 1 && dropsFontPagesFromStart) }

    private var dropsFontPagesFromStart: Bool { tableRows >= Self.largeRows }

    /// The rows of the document's tables.
    private lazy var tableRows: Int = doc.attachments.reduce(0) { sum, a in
        a.parts.reduce(sum) { n, part in
            if case .table(let t) = part { return n + t.rows.count }
            return n
        }
    }

    private func newPage() {
        finishPage()
        page += 1
        cursor = Paper.top
    }

    // MARK: 版头

    private func drawHead() throws {
        newPage()
        // 发文机关标志: red 小标宋, as large as fits (at most 36 pt), its top 35 mm below the 版心's top.
        let n = Double(max(doc.mark.count, 1))
        let markSize = min(36, (Paper.textWidth / n).rounded(.down))
        let mark = try layout(doc.mark, .biaoSong, markSize)
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(mark, &ink, &logical)
        let markTop = Paper.top + 35 * Paper.mm
        let markW = Double(logical.width) / Double(PANGO_SCALE)
        show(
            mark, x: Paper.left + (Paper.textWidth - markW) / 2, y: markTop - Double(ink.y) / Double(PANGO_SCALE),
            Paper.red)
        let markBottom = markTop + Double(ink.height) / Double(PANGO_SCALE)
        // 发文字号: two blank lines below, centred; the red line 4 mm below it.
        let numberTop = markBottom + 2 * Paper.linePitch
        let number = try layout(doc.number, .song, Paper.bodySize, width: Paper.textWidth, align: PANGO_ALIGN_CENTER)
        for line in lines(number) { showLine(line.line, x: Paper.left + line.x, top: numberTop, size: Paper.bodySize) }
        let ruleY = numberTop + (Paper.linePitch - Paper.bodySize) / 2 + Paper.bodySize + 4 * Paper.mm
        color(Paper.red)
        cairo_set_line_width(cr, 1)
        cairo_move_to(cr, Paper.left, ruleY)
        cairo_line_to(cr, Paper.right, ruleY)
        cairo_stroke(cr)
        cursor = ruleY + 2 * Paper.linePitch
        try drawTitle()
    }

    /// 标题: 2号小标宋, centred, wrapped into balanced lines.
    private func drawTitle() throws {
        for item in try titleLines(doc.title) {
            try item.draw(cursor)
            cursor += item.height
        }
        cursor += Paper.linePitch
    }

    /// A title in 2号 bold serif, centred, wrapped into lines of about equal width.
    private func titleLines(_ text: String) throws -> [FlowItem] {
        let natural = size(try layout(text, .biaoSong, Paper.titleSize)).width
        let count = max(1, Int((natural / Paper.textWidth).rounded(.up)))
        let width = min(Paper.textWidth, natural / Double(count) + Paper.titleSize)
        let l = try layout(text, .biaoSong, Paper.titleSize, width: width, align: PANGO_ALIGN_CENTER)
        return lines(l).map { line in
            FlowItem(height: Paper.linePitch) { [unowned self] top in
                showLine(
                    line.line, x: Paper.left + (Paper.textWidth - width) / 2 + line.x, top: top, size: Paper.titleSize)
            }
        }
    }

    // MARK: 主体

    private func bodyItems() throws -> [FlowItem] {
        var items = try textLines(doc.addressees + "：", indent: 0)
        for p in doc.body {
            switch p {
            case .text(let t): items += try textLines(t)
            case .heading(let t): items += try textLines(t, face: .hei)
            }
        }
        if !doc.attachments.isEmpty {
            items.append(blank())
            // `附件：` two characters in; each item from the fifth character, its further lines
            // under its name (after the `1. `).
            let head = try layout("附件：", .song, Paper.bodySize, spacing: Paper.letterSpacing)
            let headLine = lines(head)[0].line
            for (i, a) in doc.attachments.enumerated() {
                let label = doc.attachments.count == 1 ? "" : "\(i + 1). "
                let labelW = size(try layout(label, .song, Paper.bodySize, spacing: Paper.letterSpacing)).width
                let l = try layout(
                    label + a.title, .song, Paper.bodySize, width: Paper.textWidth - 5 * Paper.charPitch + 0.01,
                    indent: -labelW, spacing: Paper.letterSpacing)
                for (k, line) in lines(l).enumerated() {
                    items.append(
                        FlowItem(height: Paper.linePitch) { [unowned self] top in
                            if i == 0, k == 0 {
                                showLine(headLine, x: Paper.left + 2 * Paper.charPitch, top: top, size: Paper.bodySize)
                            }
                            showLine(
                                line.line, x: Paper.left + 5 * Paper.charPitch + line.x, top: top, size: Paper.bodySize)
                        })
                }
            }
        }
        // 署名 and 成文日期: one blank line below; kept with the two lines above them.
        let name = try layout(doc.signature, .song, Paper.bodySize, spacing: Paper.letterSpacing)
        let date = try layout(doc.date, .song, Paper.bodySize, spacing: Paper.letterSpacing)
        let nameW = size(name).width
        let dateW = size(date).width
        let two = 2 * Paper.charPitch
        var nameX = Paper.right - two - nameW
        var dateX = nameX + two
        if dateX + dateW > Paper.right - two {
            dateX = Paper.right - two - dateW
            nameX = dateX - two
        }
        let nameLine = lines(name)[0].line
        let dateLine = lines(date)[0].line
        for k in max(0, items.count - 2)..<items.count { items[k].keepWithNext = true }
        items.append(FlowItem(height: Paper.linePitch, keepWithNext: true) { _ in })
        items.append(
            FlowItem(height: Paper.linePitch, keepWithNext: true) { [unowned self] top in
                showLine(nameLine, x: nameX, top: top, size: Paper.bodySize)
            })
        items.append(
            FlowItem(height: Paper.linePitch) { [unowned self] top in
                showLine(dateLine, x: dateX, top: top, size: Paper.bodySize)
            })
        return items
    }

    /// Places the items page by page: a run kept together moves whole to a new page when it does not
    /// fit (unless it would not fit on an empty page either).
    private func flow(_ items: [FlowItem]) throws {
        var i = 0
        while i < items.count {
            let item = items[i]
            if item.pageBreak { newPage() }
            var run = item.height
            var j = i
            while items[j].keepWithNext, j + 1 < items.count {
                j += 1
                run += items[j].height
            }
            var header = item.headerHeight > 0 && (item.firstRow || cursor <= Paper.top + 0.01) ? item.headerHeight : 0
            run += header
            if cursor + run > Paper.bottom + 0.01, run <= Paper.textHeight, cursor > Paper.top + 0.01 {
                newPage()
            } else if cursor + item.height + header > Paper.bottom + 0.01, cursor > Paper.top + 0.01 {
                newPage()
            }
            header = item.headerHeight > 0 && (item.firstRow || cursor <= Paper.top + 0.01) ? item.headerHeight : 0
            if header > 0 {
                item.drawHeader?(cursor)
                cursor += header
            }
            if item.headerHeight == 0 { drawPendingRows() }
            try item.draw(cursor)
            cursor += item.height
            i += 1
        }
    }

    // MARK: 附件

    private func attachmentItems() throws -> [FlowItem] {
        var items: [FlowItem] = []
        for (i, a) in doc.attachments.enumerated() {
            let label = try layout(doc.attachments.count == 1 ? "附件" : "附件\(i + 1)", .hei, Paper.bodySize)
            let labelLine = lines(label)[0].line
            items.append(
                FlowItem(height: Paper.linePitch, pageBreak: true) { [unowned self] top in
                    showLine(labelLine, x: Paper.left, top: top, size: Paper.bodySize)
                })
            items.append(blank())
            items += try titleLines(a.title)
            items.append(FlowItem(height: Paper.linePitch / 2) { _ in })
            for part in a.parts {
                switch part {
                case .table(let t): items += try tableItems(t)
                case .figure(let f): items += try figureItems(f)
                case .note(let n): items += try smallLines(n)
                case .paragraph(let t):
                    items.append(FlowItem(height: Paper.linePitch / 2) { _ in })
                    items += try textLines(t)
                }
            }
        }
        return items
    }

    /// Lines of 4号 text (a table's note, a caption), at their own line height.
    private func smallLines(_ text: String, align: PangoAlignment = PANGO_ALIGN_LEFT, face: Face = .song) throws
        -> [FlowItem]
    {
        let l = try layout(text, face, Paper.smallSize - 2, width: Paper.textWidth, align: align)
        let pitch = (Paper.smallSize - 2) * 1.6
        return lines(l).map { line in
            FlowItem(height: pitch) { [unowned self] top in
                showLine(line.line, x: Paper.left + line.x, top: top, size: Paper.smallSize - 2, pitch: pitch)
            }
        }
    }

    private func figureItems(_ f: DocumentFigure) throws -> [FlowItem] {
        let scale = min(Paper.textWidth / Double(f.width), (Paper.textHeight - 60) / Double(f.height))
        let w = Double(f.width) * scale
        let h = Double(f.height) * scale
        var items = [FlowItem(height: 8) { _ in }]
        var chart = FlowItem(height: h) { [unowned self] top in
            cairo_save(cr)
            cairo_translate(cr, Paper.left + (Paper.textWidth - w) / 2, top)
            cairo_scale(cr, scale, scale)
            cairo_rectangle(cr, 0, 0, Double(f.width), Double(f.height))
            cairo_clip(cr)
            defer { cairo_restore(cr) }
            let canvas = try Canvas(
                chart: f.caption, borrowing: cr, width: Double(f.width), height: Double(f.height),
                fontMap: text.fontMap, covers: text.covers)
            let size = ChartSize(width: f.width, height: f.height)
            do {
                switch f.chart {
                case .bars(let c): _ = try c.renderWithGeometry(size: size, on: canvas)
                case .heat(let c): _ = try c.renderWithGeometry(size: size, on: canvas)
                }
            } catch let e as DocumentFonts.Uncovered {
                uncovered = true
                throw e
            }
            try canvas.check("draw into PDF")
        }
        chart.keepWithNext = true
        items.append(chart)
        items += try smallLines(f.caption, align: PANGO_ALIGN_CENTER, face: .hei)
        return items
    }

    // MARK: tables

    private func tableItems(_ t: DocumentTable) throws -> [FlowItem] {
        let columns = t.columnCount
        guard columns > 0 else { return [] }
        var items: [FlowItem] = []
        if !t.caption.isEmpty {
            items.append(FlowItem(height: 8) { _ in })
            items += try smallLines(t.caption, align: PANGO_ALIGN_CENTER, face: .hei)
            for k in items.indices { items[k].keepWithNext = true }
        }
        let (fontSize, widths) = try tableColumns(t)
        let pad = 2.5
        let xs = widths.reduce(into: [Paper.left + (Paper.textWidth - widths.reduce(0, +)) / 2]) {
            $0.append($0.last! + $1)
        }
        // Header: a grid of cells spanning columns and rows; drawn again at the top of every page.
        struct Placed {
            var layout: OpaquePointer
            var col: Int
            var span: Int
            var row: Int
            var rows: Int
        }
        var placed: [Placed] = []
        var taken = Set<[Int]>()
        for (r, cells) in t.header.enumerated() {
            var c = 0
            for cell in cells {
                while taken.contains([r, c]) { c += 1 }
                let w = xs[min(c + cell.columns, columns)] - xs[c] - 2 * pad
                let l = try layout(cell.text, .hei, fontSize, width: w, align: PANGO_ALIGN_CENTER)
                placed.append(Placed(layout: l, col: c, span: cell.columns, row: r, rows: cell.rows))
                for rr in r..<(r + cell.rows) { for cc in c..<(c + cell.columns) { taken.insert([rr, cc]) } }
                c += cell.columns
            }
        }
        var rowH = Array(repeating: fontSize * 1.9, count: t.header.count)
        for p in placed where p.rows == 1 { rowH[p.row] = max(rowH[p.row], size(p.layout).height + 2 * pad) }
        for p in placed where p.rows > 1 {
            let have = rowH[p.row..<(p.row + p.rows)].reduce(0, +)
            let need = size(p.layout).height + 2 * pad
            if need > have { rowH[p.row + p.rows - 1] += need - have }
        }
        let headerH = rowH.reduce(0, +)
        let rowTops = rowH.reduce(into: [0.0]) { $0.append($0.last! + $1) }
        let drawHeader: (Double) -> Void = { [unowned self] top in
            for p in placed {
                let x0 = xs[p.col]
                let x1 = xs[p.col + p.span]
                let y0 = top + rowTops[p.row]
                let y1 = top + rowTops[p.row + p.rows]
                strokeBox(x0, y0, x1, y1)
                let h = size(p.layout).height
                show(p.layout, x: x0 + pad, y: (y0 + y1 - h) / 2)
            }
        }
        // Body rows, each kept whole; a new page repeats the header.
        for row in t.rows {
            var cells: [(OpaquePointer, Double)] = []
            var h = fontSize * 1.8
            for (c, text) in row.prefix(columns).enumerated() {
                let align = c == t.nameColumn ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER
                let l = try layout(text, .song, fontSize, width: widths[c] - 2 * pad, align: align)
                let lh = size(l).height
                cells.append((l, lh))
                h = max(h, lh + 2 * pad)
            }
            var item = FlowItem(height: h) { [unowned self] y in
                for (c, cell) in cells.enumerated() {
                    pending.addText(cell.0, column: c, x: xs[c] + pad, y: y + (h - cell.1) / 2)
                }
                pending.addRow(top: y, bottom: y + h, xs: xs[0...cells.count])
            }
            item.headerHeight = headerH
            item.drawHeader = { [unowned self] top in
                drawPendingRows()
                drawHeader(top)
            }
            item.firstRow = items.allSatisfy { $0.headerHeight == 0 }
            items.append(item)
        }
        return items
    }

    /// Draws the pending table rows: their texts column by column, then their rules as one path.
    private func drawPendingRows() {
        guard !pending.isEmpty else { return }
        color(Paper.black)
        for text in pending.textsByColumn {
            cairo_move_to(cr, text.x, text.y)
            pango_cairo_show_layout(cr, text.layout)
        }
        cairo_set_line_width(cr, 0.5)
        for box in pending.boxes {
            cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0)
        }
        cairo_stroke(cr)
        pending = PendingRows()
    }

    private func strokeBox(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        color(Paper.black)
        cairo_set_line_width(cr, 0.5)
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0)
        cairo_stroke(cr)
    }

    /// The table's font size (12 pt, smaller down to 7 pt while the columns do not fit the 版心) and
    /// its column widths: each column as wide as its widest body cell (headers wrap), the spare
    /// width to the name column.
    private func tableColumns(_ t: DocumentTable) throws -> (Double, [Double]) {
        let columns = t.columnCount
        let pad = 2.5
        var fontSize = 12.0
        while true {
            var need = Array(repeating: 2 * fontSize + 2 * pad, count: columns)
            for row in t.rows {
                for (c, text) in row.prefix(columns).enumerated() where c != t.nameColumn {
                    need[c] = max(need[c], try naturalWidth(text, size: fontSize) + 2 * pad)
                }
            }
            var nameNatural = 4 * fontSize
            if t.nameColumn < columns {
                for row in t.rows where t.nameColumn < row.count {
                    nameNatural = max(nameNatural, try naturalWidth(row[t.nameColumn], size: fontSize) + 2 * pad)
                }
                need[t.nameColumn] = min(nameNatural, 7 * fontSize + 2 * pad)
            }
            let total = need.reduce(0, +)
            if total <= Paper.textWidth || fontSize <= 7 {
                var widths = need
                let spare = Paper.textWidth - total
                if spare > 0, t.nameColumn < columns {
                    let toName = min(spare, max(0, nameNatural - need[t.nameColumn]))
                    widths[t.nameColumn] += toName
                    let rest = spare - toName
                    for c in 0..<columns { widths[c] += rest / Double(columns) }
                }
                if spare < 0 { widths = widths.map { $0 * Paper.textWidth / total } }
                return (fontSize, widths)
            }
            fontSize -= 0.5
        }
    }

    // MARK: 版记

    /// 抄送 and 印发机关/印发日期 between separator lines, the last on the 版心's bottom edge of the
    /// last page (a new page when the flow has left no room).
    private func drawColophon() throws {
        let rowH = Paper.linePitch
        let rows = doc.copies.isEmpty ? 1 : 2
        let height = Double(rows) * rowH
        if cursor + height + Paper.linePitch > Paper.bottom { newPage() }
        let top = Paper.bottom - height
        let inset = Paper.smallSize
        func rule(_ y: Double, thick: Bool) {
            color(Paper.black)
            cairo_set_line_width(cr, thick ? 0.35 * Paper.mm : 0.25 * Paper.mm)
            cairo_move_to(cr, Paper.left, y)
            cairo_line_to(cr, Paper.right, y)
            cairo_stroke(cr)
        }
        rule(top, thick: true)
        var y = top
        if !doc.copies.isEmpty {
            let l = try layout(
                "抄送：" + doc.copies.joined(separator: "，") + "。", .song, Paper.smallSize,
                width: Paper.textWidth - 2 * inset)
            if let line = lines(l).first {
                showLine(line.line, x: Paper.left + inset, top: y, size: Paper.smallSize, pitch: rowH)
            }
            y += rowH
            rule(y, thick: false)
        }
        // 4号, smaller when the office and the date do not fit side by side with a character between.
        var fontSize = Paper.smallSize
        var printer = try layout(doc.printer, .song, fontSize)
        var date = try layout(doc.printDate + "印发", .song, fontSize)
        let room = Paper.textWidth - 3 * inset
        let need = size(printer).width + size(date).width
        if need > room {
            fontSize = (fontSize * room / need * 2).rounded(.down) / 2
            printer = try layout(doc.printer, .song, fontSize)
            date = try layout(doc.printDate + "印发", .song, fontSize)
        }
        showLine(lines(printer)[0].line, x: Paper.left + inset, top: y, size: fontSize, pitch: rowH)
        showLine(lines(date)[0].line, x: Paper.right - inset - size(date).width, top: y, size: fontSize, pitch: rowH)
        rule(Paper.bottom, thick: true)
    }
}

/// The PDF's bytes as cairo writes them; while the fonts are embedded (`dropsFontPages`), every
/// 32 KB written drops the font files' resident pages, so that no more than about one font's CFF
/// table is resident at a time.
final class DocumentSink {
    private(set) var bytes: [UInt8] = []
    var dropsFontPages = false
    private var sinceDrop = 0

    init() { bytes.reserveCapacity(64 * 1024) }

    func append(_ data: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: data)
        guard dropsFontPages else { return }
        sinceDrop += data.count
        if sinceDrop >= 32 * 1024 {
            sinceDrop = 0
            ResidentMemory.dropFontPages()
        }
    }
}

/// The table rows drawn on a page, drawn when the page ends (or another table's header starts): their
/// texts column by column, then their rules as one path of boxes, a box per row and one per column.
struct PendingRows {
    struct Box: Equatable {
        var x0, y0, x1, y1: Double
    }
    struct Text {
        var layout: OpaquePointer
        var column: Int
        var x, y: Double
    }
    private(set) var texts: [Text] = []
    private var rows: [Box] = []
    private var columns: [Box] = []
    /// Index in `columns` of the open box at each column's left edge (extended while the next row
    /// starts where it ends).
    private var open: [Double: Int] = [:]

    var isEmpty: Bool { rows.isEmpty }

    var boxes: [Box] { rows + columns }

    mutating func addText(_ layout: OpaquePointer, column: Int, x: Double, y: Double) {
        texts.append(Text(layout: layout, column: column, x: x, y: y))
    }

    var textsByColumn: [Text] {
        texts.enumerated().sorted { a, b in
            a.element.column != b.element.column ? a.element.column < b.element.column : a.offset < b.offset
        }.map(\.element)
    }

    mutating func addRow(top: Double, bottom: Double, xs: ArraySlice<Double>) {
        guard let first = xs.first, let last = xs.last else { return }
        rows.append(Box(x0: first, y0: top, x1: last, y1: bottom))
        for (x0, x1) in zip(xs, xs.dropFirst()) {
            if let k = open[x0], columns[k].y1 == top, columns[k].x1 == x1 {
                columns[k].y1 = bottom
            } else {
                open[x0] = columns.count
                columns.append(Box(x0: x0, y0: top, x1: x1, y1: bottom))
            }
        }
    }
}
