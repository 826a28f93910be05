import CCairo
import CPangoCairo
import Foundation

/// A colour with components in 0…1 (internal drawing form of `ChartColor`).
struct RGB: Equatable, Sendable {
    var r: Double, g: Double, b: Double
    init(_ c: ChartColor) {
        r = Double(c.red) / 255
        g = Double(c.green) / 255
        b = Double(c.blue) / 255
    }
    init(r: Double, g: Double, b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }
    static func mix(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
        RGB(r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t)
    }
    /// Relative luminance (sRGB approximation), used to pick dark or white text on a fill.
    var luminance: Double { 0.2126 * r + 0.7152 * g + 0.0722 * b }
}

struct Font: Hashable {
    var size: Double
    var bold: Bool = false
}

enum HAlign { case left, center, right }
enum VAlign { case top, middle, bottom }

struct Rect {
    var x: Double, y: Double, width: Double, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midY: Double { y + height / 2 }
}

/// Owns one Cairo image surface, its context, a Pango context and a reusable layout; a pixel canvas
/// shares the thread's Pango context for its scale and draws the thread's laid-out texts
/// (`TextLayouts`). Everything owned is freed in `deinit`. Coordinates are CSS pixels; the surface is `scale` times larger.
/// A canvas can also borrow the context of another surface (a PDF page, see `PDFPage`): it then draws
/// in vectors at the context's current transformation and owns only its Pango objects.
final class Canvas {
    let chart: String
    let width: Double
    let height: Double
    let scale: Double
    let pixelWidth: Int
    let pixelHeight: Int
    private let surface: OpaquePointer?
    private let cr: OpaquePointer
    private let pango: OpaquePointer
    private let layout: OpaquePointer
    private let plainAttrs: OpaquePointer
    private let numericAttrs: OpaquePointer
    private var fonts: [Font: OpaquePointer] = [:]
    /// What the shared layout holds now: its text and settings, its rectangle, whether it was cut to
    /// a width (then the alignment matters too).
    private var current: (key: TextKey, rect: Rect, cut: Bool, align: HAlign)?
    /// Pixel canvases: the thread's laid-out texts at this scale, and the one `text` draws next.
    private let layouts: TextLayouts?
    private var shown: OpaquePointer?
    /// Borrowed canvases of documents: whether a text's layout may be drawn (`DocumentFonts`).
    private var covers: ((OpaquePointer) -> Bool)?

    static let fontFamily = "Noto Sans CJK SC"
    static let language = "zh-cn"

    init(chart: String, size: ChartSize) throws {
        self.chart = chart
        guard size.width >= 16, size.height >= 8, size.width <= 8000, size.height <= 8000 else {
            throw ChartError.invalidInput(
                chart: chart, message: "size \(size.width)x\(size.height) is outside 16…8000 × 8…8000 px")
        }
        guard size.scale == 1 || size.scale == 2 else {
            throw ChartError.invalidInput(chart: chart, message: "scale \(size.scale) is not 1 or 2")
        }
        width = Double(size.width)
        height = Double(size.height)
        scale = size.scale
        pixelWidth = Int((Double(size.width) * size.scale).rounded())
        pixelHeight = Int((Double(size.height) * size.scale).rounded())
        let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixelWidth), Int32(pixelHeight))!
        let st = cairo_surface_status(s)
        if st != CAIRO_STATUS_SUCCESS {
            cairo_surface_destroy(s)
            throw ChartError.cairo(chart: chart, step: "create image surface", status: Canvas.describe(st))
        }
        surface = s
        let c = cairo_create(s)!
        cr = c
        cairo_scale(c, size.scale, size.scale)
        // Deterministic text: no hinting, no hinted metrics, grey antialiasing.
        let shared = TextLayouts.shared(scale: size.scale, cr: c) { Canvas.pangoContext($0, greyAntialias: true) }
        layouts = shared
        let p = shared.context
        g_object_ref(UnsafeMutableRawPointer(p))
        pango = p
        (layout, plainAttrs, numericAttrs) = Canvas.textObjects(p)
        try check("create context")
    }

    /// A canvas drawing into the borrowed context `context` (not freed here), `width` × `height`
    /// units from the context's current origin; lines are snapped to a quarter unit. Its texts come
    /// from `fontMap` (nil: the thread's default one) and are drawn only when `covers` accepts their
    /// layout (else `DocumentFonts.Uncovered` is thrown).
    init(
        chart: String, borrowing context: OpaquePointer, width: Double, height: Double,
        fontMap: UnsafeMutablePointer<PangoFontMap>? = nil, covers: ((OpaquePointer) -> Bool)? = nil
    ) throws {
        self.chart = chart
        self.width = width
        self.height = height
        scale = 4
        pixelWidth = 0
        pixelHeight = 0
        surface = nil
        layouts = nil
        cairo_reference(context)
        cr = context
        let p = Canvas.pangoContext(context, greyAntialias: false, fontMap: fontMap)
        pango = p
        self.covers = covers
        (layout, plainAttrs, numericAttrs) = Canvas.textObjects(p)
        try check("borrow context")
    }

    /// A Pango context on `cr` for deterministic text: no hinting, no hinted metrics, the language of
    /// the charts; grey antialiasing for pixels (a vector surface keeps its own).
    private static func pangoContext(
        _ cr: OpaquePointer, greyAntialias: Bool, fontMap: UnsafeMutablePointer<PangoFontMap>? = nil
    ) -> OpaquePointer {
        let options = cairo_font_options_create()!
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        if greyAntialias { cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY) }
        // As `pango_cairo_create_context` makes it, on `fontMap` when one is given.
        let p = pango_font_map_create_context(fontMap ?? pango_cairo_font_map_get_default())!
        pango_cairo_update_context(cr, p)
        pango_cairo_context_set_font_options(p, options)
        cairo_font_options_destroy(options)
        pango_context_set_language(p, pango_language_from_string(Canvas.language))
        return p
    }

    /// The shared layout and the attribute lists (no fallback; tabular figures) of a Pango context.
    private static func textObjects(_ p: OpaquePointer) -> (OpaquePointer, OpaquePointer, OpaquePointer) {
        let layout = pango_layout_new(p)!
        // No font fallback: a glyph Noto Sans CJK SC lacks becomes an unknown glyph (and an error).
        let plain = pango_attr_list_new()!
        pango_attr_list_insert(plain, pango_attr_fallback_new(0))
        let numeric = pango_attr_list_new()!
        pango_attr_list_insert(numeric, pango_attr_fallback_new(0))
        pango_attr_list_insert(numeric, pango_attr_font_features_new("tnum"))
        return (layout, plain, numeric)
    }

    deinit {
        for (_, d) in fonts { pango_font_description_free(d) }
        pango_attr_list_unref(plainAttrs)
        pango_attr_list_unref(numericAttrs)
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(pango))
        cairo_destroy(cr)
        if let surface { cairo_surface_destroy(surface) }
    }

    static func describe(_ status: cairo_status_t) -> String {
        String(cString: cairo_status_to_string(status))
    }

    /// Throws when the context or the surface has gone into an error state.
    func check(_ step: String) throws {
        let st = cairo_status(cr)
        if st != CAIRO_STATUS_SUCCESS {
            throw ChartError.cairo(chart: chart, step: step, status: Canvas.describe(st))
        }
        let ss = cairo_surface_status(surface ?? cairo_get_target(cr))
        if ss != CAIRO_STATUS_SUCCESS {
            throw ChartError.cairo(chart: chart, step: step, status: Canvas.describe(ss))
        }
    }

    // MARK: - Geometry helpers

    /// Snaps a coordinate to the device pixel grid so that a line of `lineWidth` CSS px is crisp.
    func snapLine(_ v: Double, lineWidth: Double) -> Double {
        let devWidth = (lineWidth * scale).rounded()
        let odd = Int(devWidth) % 2 == 1
        let dev = (v * scale).rounded(.down) + (odd ? 0.5 : 0)
        return dev / scale
    }

    /// Rounds an edge to a whole device pixel.
    func snapEdge(_ v: Double) -> Double { (v * scale).rounded() / scale }

    // MARK: - Drawing

    func fill(_ rect: Rect, _ color: RGB) {
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    func background(_ color: RGB) {
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_paint(cr)
    }

    func line(from a: (Double, Double), to b: (Double, Double), color: RGB, width: Double, dash: [Double] = []) {
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_set_line_width(cr, width)
        if dash.isEmpty { cairo_set_dash(cr, nil, 0, 0) } else { cairo_set_dash(cr, dash, Int32(dash.count), 0) }
        cairo_move_to(cr, a.0, a.1)
        cairo_line_to(cr, b.0, b.1)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    /// Strokes a polyline; `nil` points break it into segments.
    func polyline(_ points: [(Double, Double)?], color: RGB, width: Double) {
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_set_line_width(cr, width)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        var open = false
        for p in points {
            if let p {
                if open {
                    cairo_line_to(cr, p.0, p.1)
                } else {
                    cairo_move_to(cr, p.0, p.1)
                    open = true
                }
            } else {
                open = false
            }
        }
        cairo_stroke(cr)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
    }

    func circle(x: Double, y: Double, radius: Double, fill: RGB, stroke: RGB? = nil, strokeWidth: Double = 1) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
        cairo_set_source_rgb(cr, fill.r, fill.g, fill.b)
        if let stroke {
            cairo_fill_preserve(cr)
            cairo_set_source_rgb(cr, stroke.r, stroke.g, stroke.b)
            cairo_set_line_width(cr, strokeWidth)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    /// A rectangle filled with a horizontal linear gradient between two colours.
    func gradient(_ rect: Rect, from a: RGB, to b: RGB) {
        let pattern = cairo_pattern_create_linear(rect.x, 0, rect.maxX, 0)!
        cairo_pattern_add_color_stop_rgb(pattern, 0, a.r, a.g, a.b)
        cairo_pattern_add_color_stop_rgb(pattern, 1, b.r, b.g, b.b)
        cairo_set_source(cr, pattern)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
        cairo_pattern_destroy(pattern)
    }

    func roundedRect(_ rect: Rect, radius: Double, fill color: RGB) {
        let r = min(radius, rect.height / 2, rect.width / 2)
        cairo_new_sub_path(cr)
        cairo_arc(cr, rect.maxX - r, rect.y + r, r, -Double.pi / 2, 0)
        cairo_arc(cr, rect.maxX - r, rect.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(cr, rect.x + r, rect.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(cr, rect.x + r, rect.y + r, r, Double.pi, 1.5 * Double.pi)
        cairo_close_path(cr)
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_fill(cr)
    }

    // MARK: - Text (PangoCairo only)

    private func description(_ font: Font) -> OpaquePointer {
        if let d = fonts[font] { return d }
        let d = pango_font_description_new()!
        pango_font_description_set_family(d, Canvas.fontFamily)
        pango_font_description_set_weight(d, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(d, font.size * 1024)
        fonts[font] = d
        return d
    }

    /// The shared layout for `text`, laid out again only when it holds another text (or the same
    /// one cut to `maxWidth` with another alignment). Returns the logical rectangle in CSS px.
    private func prepare(
        _ text: String, font: Font, maxWidth: Double?, maxLines: Int,
        align: HAlign, numeric: Bool
    ) throws -> Rect {
        let key = TextKey(
            text: text, font: font, maxWidth: maxWidth, maxLines: maxLines, numeric: numeric, scale: scale)
        if let layouts { return try prepareShared(text, key: key, align: align, in: layouts) }
        if let current, current.key == key, !current.cut || current.align == align { return current.rect }
        current = nil
        let rect = try layOut(text, in: layout, key: key, align: align)
        current = (key, rect, pango_layout_get_width(layout) != -1, align)
        return rect
    }

    /// A pixel canvas's layout for `text`: the thread's, laid out the first time the thread meets the
    /// text with these settings (and alignment).
    private func prepareShared(_ text: String, key: TextKey, align: HAlign, in layouts: TextLayouts) throws -> Rect {
        let k = TextLayouts.Key(text: key, align: align)
        if let e = layouts[k] {
            shown = e.layout
            return e.rect
        }
        let made = pango_layout_new(layouts.context)!
        let rect: Rect
        do {
            rect = try layOut(text, in: made, key: key, align: align)
        } catch {
            g_object_unref(UnsafeMutableRawPointer(made))
            throw error
        }
        layouts.insert(TextLayouts.Entry(layout: made, rect: rect), for: k)
        shown = made
        TextMetrics.shared[key] = rect
        return rect
    }

    /// Sets up the shared layout for `text`; throws `missingGlyph` when the font lacks a glyph.
    /// Returns the logical rectangle in CSS px (x, y relative to the layout origin).
    private func layOut(_ text: String, in layout: OpaquePointer, key: TextKey, align: HAlign) throws -> Rect {
        let (font, maxWidth, maxLines, numeric) = (key.font, key.maxWidth, key.maxLines, key.numeric)
        pango_layout_set_font_description(layout, description(font))
        pango_layout_set_attributes(layout, numeric ? numericAttrs : plainAttrs)
        pango_layout_set_width(layout, -1)
        pango_layout_set_height(layout, -1)
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD)
        pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        pango_layout_set_text(layout, text, -1)
        if pango_layout_get_unknown_glyphs_count(layout) > 0 {
            throw ChartError.missingGlyph(chart: chart, text: text)
        }
        if let maxWidth {
            var natural = PangoRectangle()
            pango_layout_get_extents(layout, nil, &natural)
            if Double(natural.width) / 1024 > maxWidth {
                pango_layout_set_width(layout, Int32(max(1, maxWidth) * 1024))
                pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
                if maxLines > 1 {
                    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
                    pango_layout_set_height(layout, Int32(-maxLines))
                }
                switch align {
                case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
                case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
                case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
                }
            }
        }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return Rect(
            x: Double(logical.x) / 1024, y: Double(logical.y) / 1024,
            width: Double(logical.width) / 1024, height: Double(logical.height) / 1024)
    }

    /// The size the text takes (after ellipsizing/wrapping to `maxWidth`).
    func measure(
        _ text: String, font: Font, maxWidth: Double? = nil, maxLines: Int = 1,
        numeric: Bool = false
    ) throws -> (width: Double, height: Double) {
        // Pixel charts share measurements per thread (axis labels, legends and source lines repeat
        // across charts); the text was checked for missing glyphs when it was first laid out.
        let key = TextKey(
            text: text, font: font, maxWidth: maxWidth, maxLines: maxLines, numeric: numeric, scale: scale)
        if surface != nil, let r = TextMetrics.shared[key] { return (r.width, r.height) }
        let r = try prepare(text, font: font, maxWidth: maxWidth, maxLines: maxLines, align: .left, numeric: numeric)
        return (r.width, r.height)
    }

    /// Draws text anchored at (x, y): `align` says which horizontal edge/centre x is, `valign` which of
    /// top/middle/bottom y is. Returns the box the text occupies.
    @discardableResult
    func text(
        _ text: String, font: Font, color: RGB, x: Double, y: Double,
        align: HAlign = .left, valign: VAlign = .top,
        maxWidth: Double? = nil, maxLines: Int = 1, numeric: Bool = false
    ) throws -> Rect {
        let r = try prepare(text, font: font, maxWidth: maxWidth, maxLines: maxLines, align: align, numeric: numeric)
        let left: Double
        switch align {
        case .left: left = x
        case .center: left = x - r.width / 2
        case .right: left = x - r.width
        }
        let top: Double
        switch valign {
        case .top: top = y
        case .middle: top = y - r.height / 2
        case .bottom: top = y - r.height
        }
        let drawn = layouts != nil ? shown! : layout
        if let covers, !covers(drawn) { throw DocumentFonts.Uncovered() }
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_move_to(cr, left - r.x, top - r.y)
        pango_cairo_show_layout(cr, drawn)
        return Rect(x: left, y: top, width: r.width, height: r.height)
    }

    // MARK: - Output

    /// Encodes the surface as PNG bytes (8-bit RGB, see `PNGEncoder`).
    func png() throws -> [UInt8] {
        try check("draw")
        guard let surface else { return [] }
        cairo_surface_flush(surface)
        guard cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32,
            let data = cairo_image_surface_get_data(surface),
            let png = ChartClock.measureEncoding({
                PNGEncoder.encode(
                    pixels: data, width: Int(cairo_image_surface_get_width(surface)),
                    height: Int(cairo_image_surface_get_height(surface)),
                    stride: Int(cairo_image_surface_get_stride(surface)))
            })
        else {
            throw ChartError.cairo(chart: chart, step: "encode PNG", status: "no image data or zlib failure")
        }
        return png
    }

    /// Encodes the surface with cairo's own PNG writer (RGBA; slower). Used to cross-check `png()`.
    func pngViaCairo() throws -> [UInt8] {
        try check("draw")
        guard let surface else { return [] }
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) { () -> cairo_status_t in
            cairo_surface_write_to_png_stream(
                surface,
                { closure, data, length in
                    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
                    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(sink).toOpaque())
        }
        if status != CAIRO_STATUS_SUCCESS {
            throw ChartError.cairo(chart: chart, step: "write PNG", status: Canvas.describe(status))
        }
        return sink.bytes
    }
}

final class ByteSink {
    var bytes: [UInt8] = []
    init() { bytes.reserveCapacity(64 * 1024) }
}

/// A text as laid out: the layout's input, and the canvas scale (metrics are kept per scale).
struct TextKey: Hashable {
    var text: String
    var font: Font
    var maxWidth: Double?
    var maxLines: Int
    var numeric: Bool
    var scale: Double
}

/// Logical rectangles of texts laid out on pixel canvases by the calling thread (each thread has
/// its own Pango font map, so its own table: no locks). Cleared when it grows past `limit`.
final class TextMetrics {
    private var rects: [TextKey: Rect] = [:]
    static let limit = 8192

    var count: Int { rects.count }

    subscript(key: TextKey) -> Rect? {
        get { rects[key] }
        set {
            if rects.count >= Self.limit { rects.removeAll(keepingCapacity: true) }
            rects[key] = newValue
        }
    }

    /// The calling thread's table.
    static var shared: TextMetrics { perThread.value }
    private static let perThread = PerThread { TextMetrics() }
}
