import CCairo
import CPangoCairo
import Foundation

/// The Pango objects of the GB/T 9704 documents, kept from one document to the next: unit names,
/// ranks, scores and headers repeat in every monthly ranking, so each distinct text is laid out
/// (itemised, shaped, broken into lines) once per process rather than once per document.
///
/// Two tables for the process, each with a Pango font map of its own: one whose fonts cairo embeds
/// from the small subset faces (`DocumentFonts`), one with the system faces for the documents with a
/// glyph outside them (not a thread's default font map, which that thread's charts use meanwhile).
/// A document holds both while it is written (`exclusive`), so whichever thread writes the next
/// document finds the layouts of the ones before, and `ResidentMemory.releaseDocumentLayouts` can
/// empty them once the documents are done (a province ranking's layouts are about 15 MB).
/// Unchecked Sendable: used only under `lock`.
///
/// The context is made as `pango_cairo_create_context` makes it for a document's own PDF surface
/// (the font options of a PDF surface, no hinting, the charts' language), so a layout from here
/// draws the same glyphs at the same places as one made on the document's surface: the bytes of
/// the PDFs do not change.
final class DocumentText: @unchecked Sendable {
    /// Layouts kept before the table is emptied (at the start of a document: a document's own
    /// layouts stay alive while it is drawn). A layout of a short text is about 1 KB.
    static let limit = 40_000

    /// The font map of the documents' texts (also of the charts drawn into them).
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    /// The subset faces cairo embeds from (`DocumentFonts`); nil: the system faces, as everywhere else.
    private let subsets: DocumentFonts?
    let pango: OpaquePointer
    /// No font fallback: a glyph the Noto CJK fonts lack is an unknown glyph (an error).
    let attrs: OpaquePointer
    private var fonts: [FontKey: OpaquePointer] = [:]
    private var layouts: [LayoutKey: OpaquePointer] = [:]
    private var naturalWidths: [WidthKey: Double] = [:]
    /// The one layout `naturalWidth` measures with (nothing is drawn from it).
    private var scratch: OpaquePointer?

    /// A font by face and size (a struct key: `"\(face)"` would describe the enum by reflection for
    /// every layout).
    private struct FontKey: Hashable {
        let face: Face
        let size: Double
    }

    /// Everything a layout is made from.
    private struct LayoutKey: Hashable {
        let text: String
        let face: Face
        let size: Double
        let width: Double?
        let indent: Double
        let align: UInt32
        let spacing: Double
    }

    private struct WidthKey: Hashable {
        let text: String
        let size: Double
    }

    /// What `layout` gives.
    enum Made {
        case layout(OpaquePointer)
        /// The fonts lack a glyph of the text.
        case missingGlyph
        /// A glyph is not in the subset faces: the document is to be drawn with the system faces.
        case uncovered
    }

    init(subsets: DocumentFonts?) {
        self.subsets = subsets
        // A PDF surface that writes nowhere, only to hand its font options to the context.
        let surface = cairo_pdf_surface_create_for_stream({ _, _, _ in CAIRO_STATUS_SUCCESS }, nil, 1, 1)!
        let cr = cairo_create(surface)!
        let options = cairo_font_options_create()!
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        fontMap = pango_cairo_font_map_new()!
        subsets?.install(on: fontMap)
        pango = pango_font_map_create_context(fontMap)!
        pango_cairo_update_context(cr, pango)
        pango_cairo_context_set_font_options(pango, options)
        cairo_font_options_destroy(options)
        pango_context_set_language(pango, pango_language_from_string(Canvas.language))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
        attrs = pango_attr_list_new()!
        pango_attr_list_insert(attrs, pango_attr_fallback_new(0))
    }

    deinit {
        for (_, l) in layouts { g_object_unref(UnsafeMutableRawPointer(l)) }
        if let scratch { g_object_unref(UnsafeMutableRawPointer(scratch)) }
        for (_, d) in fonts { pango_font_description_free(d) }
        pango_attr_list_unref(attrs)
        g_object_unref(UnsafeMutableRawPointer(pango))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }

    /// Called before a document is laid out: empties the tables when they have grown past `limit`.
    func beginDocument() {
        guard layouts.count > Self.limit else { return }
        empty(keepingCapacity: true)
    }

    /// Releases every layout and forgets every width.
    private func empty(keepingCapacity: Bool) {
        for (_, l) in layouts { g_object_unref(UnsafeMutableRawPointer(l)) }
        layouts.removeAll(keepingCapacity: keepingCapacity)
        naturalWidths.removeAll(keepingCapacity: keepingCapacity)
    }

    func font(_ face: Face, _ size: Double) -> OpaquePointer {
        let key = FontKey(face: face, size: size)
        if let d = fonts[key] { return d }
        let d = pango_font_description_new()!
        pango_font_description_set_family(d, face.family)
        pango_font_description_set_weight(d, face.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(d, size * Double(PANGO_SCALE))
        fonts[key] = d
        return d
    }

    /// The layout of `text` (owned here, alive until the next document's `beginDocument` at least),
    /// wrapped at `width` with the first line indented.
    func layout(
        _ text: String, _ face: Face, _ size: Double, width: Double?, indent: Double, align: PangoAlignment,
        spacing: Double
    ) -> Made {
        let key = LayoutKey(
            text: text, face: face, size: size, width: width, indent: indent, align: align.rawValue, spacing: spacing)
        if let l = layouts[key] { return .layout(l) }
        let l = pango_layout_new(pango)!
        pango_layout_set_font_description(l, font(face, size))
        if spacing != 0 {
            let a = pango_attr_list_copy(attrs)!
            pango_attr_list_insert(a, pango_attr_letter_spacing_new(Int32(spacing * Double(PANGO_SCALE))))
            pango_layout_set_attributes(l, a)
            pango_attr_list_unref(a)
        } else {
            pango_layout_set_attributes(l, attrs)
        }
        if let width {
            pango_layout_set_width(l, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR)
        }
        pango_layout_set_indent(l, Int32(indent * Double(PANGO_SCALE)))
        pango_layout_set_alignment(l, align)
        pango_layout_set_text(l, text, -1)
        if pango_layout_get_unknown_glyphs_count(l) > 0 {
            g_object_unref(UnsafeMutableRawPointer(l))
            return .missingGlyph
        }
        if !covers(l) {
            g_object_unref(UnsafeMutableRawPointer(l))
            return .uncovered
        }
        layouts[key] = l
        return .layout(l)
    }

    /// True when `layout` (made on `fontMap`) can be drawn: its glyphs are all in the subset faces, or
    /// this table draws with the system faces.
    func covers(_ layout: OpaquePointer) -> Bool {
        subsets?.covers(layout) ?? true
    }

    /// The unwrapped width of `text` in the 宋体 at `size` (the logical width of its layout), nil when
    /// the fonts lack a glyph of it.
    func naturalWidth(_ text: String, size: Double) -> Double? {
        let key = WidthKey(text: text, size: size)
        if let w = naturalWidths[key] { return w }
        if scratch == nil {
            scratch = pango_layout_new(pango)!
            pango_layout_set_attributes(scratch, attrs)
            pango_layout_set_indent(scratch, 0)
            pango_layout_set_alignment(scratch, PANGO_ALIGN_LEFT)
        }
        let l = scratch!
        pango_layout_set_font_description(l, font(.song, size))
        pango_layout_set_text(l, text, -1)
        if pango_layout_get_unknown_glyphs_count(l) > 0 { return nil }
        var logical = PangoRectangle()
        pango_layout_get_extents(l, nil, &logical)
        let w = Double(logical.width) / Double(PANGO_SCALE)
        naturalWidths[key] = w
        return w
    }

    /// Runs `body` (the writing of one document) with the process's tables, one document at a time:
    /// the one drawing with the subset faces and the one drawing with the system faces.
    static func exclusive<T>(_ body: (_ subsets: DocumentText, _ system: DocumentText) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(shared, system)
    }

    /// Empties the process's table (after the documents of a build: nothing uses it until the next
    /// ones); false when it held nothing.
    @discardableResult
    static func release() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        var held = false
        for text in [shared, system] where !text.layouts.isEmpty || !text.naturalWidths.isEmpty {
            text.empty(keepingCapacity: false)
            held = true
        }
        return held
    }

    /// Runs `body` with the process's subset faces (the cache between builds, `FontCache`).
    static func withSubsets<T>(_ body: (DocumentFonts) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(fonts)
    }

    private static let lock = NSLock()
    private static let fonts = DocumentFonts()
    private static let shared = DocumentText(subsets: fonts)
    private static let system = DocumentText(subsets: nil)
}
