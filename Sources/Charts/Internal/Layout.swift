import Foundation

/// Font sizes and spacing, scaled gently with the chart width. A chart narrower than
/// `Typography.phoneWidth` is one drawn for a phone and seen at its own size: its text is never
/// scaled down (12 px ticks and source line, 14 px labels).
struct Typography {
    static let phoneWidth = 600.0
    let f: Double
    /// Drawn for a phone (narrower than `phoneWidth`).
    let isPhone: Bool
    init(width: Double) {
        isPhone = width < Self.phoneWidth
        f = isPhone ? 1 : min(1.15, max(0.85, width / 1000))
    }
    /// The share of the content width for the row labels: `base` on a sheet, more on a phone,
    /// where full-size names would otherwise be cut.
    func labelShare(_ base: Double) -> Double { isPhone ? base + 0.08 : base }
    var title: Font { Font(size: (20 * f).rounded(), bold: true) }
    var label: Font { Font(size: (13.5 * f).rounded()) }
    var labelBold: Font { Font(size: (13.5 * f).rounded(), bold: true) }
    var tick: Font { Font(size: (12 * f).rounded()) }
    var source: Font { Font(size: (11.5 * f).rounded()) }
    var cell: Font { Font(size: (12 * f).rounded()) }
    var margin: Double { (18 * f).rounded() }
    var gap: Double { (8 * f).rounded() }
}

enum Colors {
    static let text = RGB(ChartPalette.text)
    static let secondary = RGB(ChartPalette.secondaryText)
    static let grid = RGB(ChartPalette.grid)
    static let axis = RGB(ChartPalette.axis)
    static let white = RGB(ChartPalette.background)
}

/// Fixed-decimal formatting without locale, and without "-0.00".
func formatNumber(_ v: Double, decimals: Int) -> String {
    let d = max(0, min(6, decimals))
    var p = 1.0
    for _ in 0..<d { p *= 10 }
    var r = (v * p).rounded() / p
    if r == 0 { r = 0 }
    return String(format: "%.\(d)f", r)
}

func formatPercent(_ fraction: Double, decimals: Int = 1) -> String {
    formatNumber(fraction * 100, decimals: decimals) + "%"
}

/// A linear axis with 1-2-5 "nice" ticks.
struct NiceScale {
    let min: Double
    let max: Double
    let step: Double
    let ticks: [Double]

    /// Ticks covering `lo…hi`, aiming at about `target` intervals.
    init(lo: Double, hi: Double, target: Int = 5, extend: Bool = true) {
        var lo = lo
        var hi = hi
        if !(hi > lo) { hi = lo + 1 }
        let raw = (hi - lo) / Double(Swift.max(1, target))
        let mag = pow(10, floor(log10(raw)))
        let norm = raw / mag
        let niceNorm: Double = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10
        let step = niceNorm * mag
        if extend {
            lo = floor(lo / step + 1e-9) * step
            hi = ceil(hi / step - 1e-9) * step
        }
        self.min = lo
        self.max = hi
        self.step = step
        var t: [Double] = []
        var v = (lo / step).rounded(.up) * step
        while v <= hi + step * 1e-6 {
            t.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        ticks = t
    }

    /// Decimals needed to print the ticks exactly.
    var decimals: Int {
        var d = 0
        var s = step
        while d < 6 && abs(s - s.rounded()) > 1e-9 {
            s *= 10
            d += 1
        }
        return d
    }

    func position(_ v: Double, from a: Double, to b: Double) -> Double {
        a + (v - min) / (max - min) * (b - a)
    }
}

/// Draws white background, title (top) and source line (bottom); returns the content rectangle.
func drawFrame(
    _ canvas: Canvas, typo: Typography, title: String, source: String?,
    sourceRightInset: Double = 0
) throws -> Rect {
    canvas.background(Colors.white)
    let m = typo.margin
    var top = m
    if !title.isEmpty {
        let r = try canvas.text(
            title, font: typo.title, color: Colors.text, x: m, y: m,
            maxWidth: canvas.width - 2 * m, maxLines: 2)
        top = r.maxY + typo.gap * 1.5
    }
    var bottom = canvas.height - m
    if let source, !source.isEmpty {
        let line = sourceLine(source)
        let r = try canvas.text(
            line, font: typo.source, color: Colors.secondary, x: m, y: canvas.height - m,
            valign: .bottom, maxWidth: canvas.width - 2 * m - sourceRightInset, maxLines: 2)
        bottom = r.y - typo.gap
    }
    return Rect(x: m, y: top, width: canvas.width - 2 * m, height: Swift.max(1, bottom - top))
}

/// "数据来源：…" (the prefix is added unless the text already starts with 数据来源 or 来源).
func sourceLine(_ source: String) -> String {
    if source.hasPrefix("数据来源") || source.hasPrefix("来源") { return source }
    return "数据来源：" + source
}

/// Draws a row of legend swatches, wrapping into more lines; returns the height used.
func drawLegend(
    _ canvas: Canvas, typo: Typography, entries: [(String, RGB)], x: Double, y: Double,
    width: Double, marker: LegendMarker = .box
) throws -> Double {
    let font = typo.tick
    let sw = (font.size * 0.9).rounded()
    let spacing = typo.gap * 2
    var cx = x
    var cy = y
    var lineH = 0.0
    for (name, color) in entries {
        let (tw, th) = try canvas.measure(name, font: font, maxWidth: width * 0.5)
        let w = sw + 5 + tw
        if cx > x && cx + w > x + width {
            cx = x
            cy += lineH + 4
            lineH = 0
        }
        let mid = cy + th / 2
        switch marker {
        case .box:
            canvas.fill(Rect(x: canvas.snapEdge(cx), y: canvas.snapEdge(mid - sw / 2), width: sw, height: sw), color)
        case .line:
            canvas.line(from: (cx, mid), to: (cx + sw, mid), color: color, width: 2.5)
            canvas.circle(x: cx + sw / 2, y: mid, radius: 3, fill: Colors.white, stroke: color, strokeWidth: 1.5)
        }
        try canvas.text(name, font: font, color: Colors.text, x: cx + sw + 5, y: cy, maxWidth: width * 0.5)
        cx += w + spacing
        lineH = Swift.max(lineH, th)
    }
    return cy + lineH - y
}

enum LegendMarker { case box, line }

/// `base`, or a smaller size of it whose line fits in `rowHeight` (rows of labels never overlap).
/// Throws when even 6 px text would not fit.
func fittingFont(_ base: Font, rowHeight: Double, canvas: Canvas, rows: Int) throws -> Font {
    let lineH = try canvas.measure("国8", font: base).height
    if lineH <= rowHeight { return base }
    let size = (base.size * rowHeight / lineH * 2).rounded(.down) / 2
    guard size >= 6 else {
        throw ChartError.invalidInput(
            chart: canvas.chart,
            message: "size \(Int(canvas.width))x\(Int(canvas.height)) is too small for \(rows) rows of labels")
    }
    return Font(size: size, bold: base.bold)
}

/// The value axis of a horizontal bar chart: a vertical gridline at every tick of `scale` (the
/// zero line darker) and the tick's number under the plot.
func drawValueAxis(
    _ scale: NiceScale, canvas: Canvas, typo: Typography,
    left: Double, right: Double, top: Double, bottom: Double
) throws {
    for t in scale.ticks {
        let x = canvas.snapLine(scale.position(t, from: left, to: right), lineWidth: 1)
        canvas.line(from: (x, top), to: (x, bottom), color: t == 0 ? Colors.axis : Colors.grid, width: 1)
        try canvas.text(
            formatNumber(t, decimals: scale.decimals), font: typo.tick, color: Colors.secondary,
            x: x, y: bottom + 3, align: .center, numeric: true)
    }
}
