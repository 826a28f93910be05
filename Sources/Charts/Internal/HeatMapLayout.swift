import Foundation

/// Where a heat map's texts go. Column heads are the indicators' names when every one fits its
/// column on one line; otherwise the columns are numbered (①, ②, …) and a key under the grid gives
/// each number its full name (a name is never cut or broken inside a column too narrow for it).
/// Row names longer than the label column wrap onto up to `maxRowLines` lines, balanced (the
/// narrowest width that keeps their number of lines), and their rows grow to hold them.
struct HeatMapLayout {
    static let maxRowLines = 3
    /// Lines of one key entry at most (only a name wider than the whole chart needs a second).
    static let maxKeyLines = 4
    /// Room above and below a wrapped row name, in CSS px.
    static let rowPadding = 6.0

    /// The texts over the columns: the names, or their numbers.
    let heads: [String]
    /// "① name" for each column when the heads are numbers; empty when they are the names.
    let key: [String]
    let labelWidth: Double
    let gridLeft: Double
    let cellWidth: Double
    let headHeight: Double
    /// The height of the key and the gap above it (0 without a key).
    let keyHeight: Double
    /// Per row: the width to wrap its name at and the height the wrapped name takes, or nil when
    /// the name fits on one line in `labelWidth`.
    let wrapped: [(width: Double, height: Double)?]
    /// The height of one line of a row name.
    let lineHeight: Double

    /// `widestCell`: the widest text of a cell ("100.0%"). `numbering`: whether columns may be numbered (false: the names are the heads, cut to 3 lines
    /// where they do not fit, as when a chart is too low for the key).
    init(
        rows: [String], columns: [String], widestCell: String, content: Rect, canvas: Canvas, typo: Typography,
        numbering: Bool = true
    ) throws {
        var widest = 0.0
        for r in rows { widest = max(widest, try canvas.measure(r, font: typo.label).width) }
        // The label column's share of the width, less where the cells would otherwise cut their
        // widest text ("100%": six columns on a phone); never below four characters, long names wrap.
        let share = min(widest, content.width * typo.labelShare(0.28))
        let cellNeed = try canvas.measure(widestCell, font: typo.cell, numeric: true).width + 3
        let room = content.width - typo.gap * 1.5 - 1 - cellNeed * Double(columns.count)
        labelWidth = share <= room ? share : max(room.rounded(.down), min(share, 4 * typo.label.size))
        gridLeft = canvas.snapEdge(content.x + labelWidth + typo.gap * 1.5)
        cellWidth = (content.maxX - gridLeft) / Double(columns.count)
        lineHeight = try canvas.measure("国", font: typo.label).height
        var fit = true
        for c in columns where fit && numbering { fit = try canvas.measure(c, font: typo.label).width <= cellWidth - 6 }
        if fit {
            heads = columns
            key = []
            var h = 0.0
            for c in columns {
                h = max(h, try canvas.measure(c, font: typo.label, maxWidth: cellWidth - 6, maxLines: 3).height)
            }
            headHeight = h
            keyHeight = 0
        } else {
            heads = Self.numbers(columns.count)
            key = zip(heads, columns).map { "\($0) \($1)" }
            var h = 0.0
            for m in heads { h = max(h, try canvas.measure(m, font: typo.label, maxWidth: cellWidth - 2).height) }
            headHeight = h
            keyHeight =
                typo.gap * 1.5
                + (try Self.flowKey(key, canvas: canvas, typo: typo, x: content.x, y: 0, width: content.width))
        }
        var wrapped: [(width: Double, height: Double)?] = []
        for r in rows {
            wrapped.append(try Self.wrap(r, width: labelWidth, canvas: canvas, font: typo.label))
        }
        self.wrapped = wrapped
    }

    /// ①…㊿ for up to 50 columns (the font has them all), 1, 2, … beyond.
    static func numbers(_ count: Int) -> [String] {
        guard count <= 50 else { return (1...count).map(String.init) }
        return (1...count).map { n in
            let base: UInt32 =
                n <= 20 ? 0x2460 + UInt32(n - 1) : n <= 35 ? 0x3251 + UInt32(n - 21) : 0x32B1 + UInt32(n - 36)
            return String(Character(Unicode.Scalar(base)!))
        }
    }

    /// The width and height of `text` wrapped into `width` (balanced: the narrowest width that
    /// keeps its number of lines), or nil when it fits on one line.
    static func wrap(_ text: String, width: Double, canvas: Canvas, font: Font) throws -> (
        width: Double, height: Double
    )? {
        let natural = try canvas.measure(text, font: font).width
        guard natural > width else { return nil }
        let full = try canvas.measure(text, font: font, maxWidth: width, maxLines: 50).height
        let lines = (full / (try canvas.measure("国", font: font).height)).rounded()
        guard lines <= Double(maxRowLines) else {
            return (width, try canvas.measure(text, font: font, maxWidth: width, maxLines: maxRowLines).height)
        }
        // No narrower than an even share of the text; 6 halvings bring the width to within 1 px.
        var lo = natural / lines
        var hi = width
        for _ in 0..<6 where hi - lo > 0.5 {
            let mid = (lo + hi) / 2
            if try canvas.measure(text, font: font, maxWidth: mid, maxLines: 50).height == full {
                hi = mid
            } else {
                lo = mid
            }
        }
        // Between `hi` and `width` the text keeps its lines, so its height.
        return (min(width, (hi * 4).rounded(.up) / 4), full)
    }

    /// The rows' heights in `available`: a wrapped name's row at least as tall as its name plus
    /// padding, the other rows sharing the rest equally; nil when the rows of one line would then
    /// be lower than a line of text (the caller draws every row the same height, names cut).
    func rowHeights(available: Double) -> [Double]? {
        let needs = wrapped.map { $0.map { $0.height + Self.rowPadding } ?? 0 }
        func total(_ s: Double) -> Double { needs.reduce(0) { $0 + max($1, s) } }
        guard total(0) <= available else { return nil }
        var lo = 0.0
        var hi = available / Double(needs.count)
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if total(mid) <= available { lo = mid } else { hi = mid }
        }
        guard lo >= lineHeight else { return nil }
        return needs.map { max($0, lo) }
    }

    /// The height to add to a chart whose grid has `available` height so that every wrapped name
    /// gets its room and the other rows keep their height (`available` / rows); the key's height
    /// included.
    func extraHeight(available: Double) -> Double {
        guard wrapped.contains(where: { $0 != nil }) || keyHeight > 0 else { return 0 }
        let base = available / Double(wrapped.count)
        let needed = wrapped.reduce(keyHeight) { $0 + max(base, $1.map { $0.height + Self.rowPadding } ?? 0) }
        return max(0, needed - available)
    }

    /// Lays out (and draws, when `color` is given) the key entries from left to right, wrapping to
    /// new lines; returns the height used.
    @discardableResult
    static func flowKey(
        _ entries: [String], canvas: Canvas, typo: Typography, x: Double, y: Double, width: Double,
        color: RGB? = nil
    ) throws -> Double {
        let spacing = typo.gap * 2
        var cx = x
        var cy = y
        var lineH = 0.0
        for e in entries {
            let (w, h) = try canvas.measure(e, font: typo.label, maxWidth: width, maxLines: maxKeyLines)
            if cx > x && cx + w > x + width {
                cx = x
                cy += lineH + 4
                lineH = 0
            }
            if let color {
                try canvas.text(
                    e, font: typo.label, color: color, x: cx, y: cy, maxWidth: width, maxLines: maxKeyLines)
            }
            cx += w + spacing
            lineH = max(lineH, h)
        }
        return cy + lineH - y
    }
}
