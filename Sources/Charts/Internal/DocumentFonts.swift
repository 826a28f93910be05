import CFontSubset
import CPangoCairo
import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Small font programs for the documents' PDFs (docs/documents.md, "Fonts"): for each Noto CJK face
/// a document font map matches, a subset made once per process by HarfBuzz's subsetter, holding the
/// glyphs of a fixed set of characters (`DocumentFonts.characters`: GB 2312, ASCII, Latin-1 and the
/// CJK and general punctuation) under their ORIGINAL glyph ids. Cairo embeds fonts from the subset
/// (a few MB instead of copying the 15–24 MB `CFF ` table of the .ttc twice per PDF and font), while
/// Pango still shapes and measures with the system face (its HarfBuzz face is made from the
/// pattern's file and index, cairo's FreeType face from the pattern's `FC_FT_FACE`).
///
/// The set does not depend on the input, so a document's bytes depend only on that document: a
/// document whose layouts all use covered glyphs is drawn with the subsets, any other one with the
/// system faces as before (`covers`). Unchecked Sendable: used only under `DocumentText`'s lock.
final class DocumentFonts: @unchecked Sendable {
    /// One subset face: the FreeType face cairo draws with and the glyph ids it holds.
    final class Subset {
        let file: String
        let index: Int32
        let face: FT_Face
        /// Covered glyph ids, one bit each.
        private let glyphs: [UInt64]
        /// The face's bytes (alive for the process: FreeType reads them), its key and its sidecar
        /// in the cache (`FontCache`); no key when the source file cannot be `stat`ed.
        let font: UnsafeRawBufferPointer
        let key: String?
        let sidecar: [UInt8]
        /// The cache file it was read from rather than made, if it was.
        let origin: FontCache.FileIdentity?
        var cached: Bool { origin != nil }

        init(
            file: String, index: Int32, face: FT_Face, glyphs: [UInt64], font: UnsafeRawBufferPointer, key: String?,
            sidecar: [UInt8], origin: FontCache.FileIdentity?
        ) {
            self.file = file
            self.index = index
            self.face = face
            self.glyphs = glyphs
            self.font = font
            self.key = key
            self.sidecar = sidecar
            self.origin = origin
        }

        func holds(glyph: UInt32) -> Bool {
            let word = Int(glyph >> 6)
            return word < glyphs.count && glyphs[word] & (1 << UInt64(glyph & 63)) != 0
        }
    }

    /// Thrown when a text to draw has a glyph outside the subsets (the document is drawn again with
    /// the system faces).
    struct Uncovered: Error {}

    private var library: FT_Library?
    private var subsets: [String: Subset?] = [:]
    private var byFace: [FT_Face: Subset] = [:]
    private let characters: [UInt32]
    /// Everything a subset's bytes depend on besides its source face (part of the cache's key).
    let recipe: String
    /// The cache folders a subset is looked for in before it is made (`useCache`), with how many
    /// builds use each.
    private var caches: [URL: Int] = [:]

    init() {
        characters = Self.characters()
        recipe = Self.recipe(characters: characters)
        var library: FT_Library?
        if FT_Init_FreeType(&library) == 0 { self.library = library }
    }

    /// Makes `fontMap` (a fontconfig font map) hand cairo the subset faces. Call before any font is loaded.
    func install(on fontMap: UnsafeMutablePointer<PangoFontMap>) {
        let fcMap = OpaquePointer(fontMap)
        let box = Unmanaged.passUnretained(self).toOpaque()
        pango_fc_font_map_set_default_substitute(
            fcMap,
            { pattern, data in
                guard let pattern, let data else { return }
                Unmanaged<DocumentFonts>.fromOpaque(data).takeUnretainedValue().substitute(pattern)
            }, box, nil)
    }

    /// The query pattern of a font set: the face it matches gets its subset face as `FC_FT_FACE`.
    private func substitute(_ pattern: OpaquePointer) {
        guard let query = FcPatternDuplicate(pattern) else { return }
        defer { FcPatternDestroy(query) }
        FcDefaultSubstitute(query)
        var result = FcResultMatch
        guard let match = FcFontMatch(nil, query, &result) else { return }
        defer { FcPatternDestroy(match) }
        var file: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        var family: UnsafeMutablePointer<FcChar8>?
        guard FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch, let family,
            Self.isNotoCJK(family: String(cString: family)),
            FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch, let file,
            FcPatternGetInteger(match, FC_INDEX, 0, &index) == FcResultMatch,
            let subset = subset(file: String(cString: file), index: index)
        else { return }
        FcPatternAddFTFace(pattern, FC_FT_FACE, subset.face)
    }

    /// Only the documents' Noto CJK faces get subsets (what else fontconfig matches, e.g. for Pango's
    /// default font, is never drawn in a document; the subsets kept in a site are under one licence).
    static func isNotoCJK(family: String) -> Bool {
        family.hasPrefix("Noto Serif CJK") || family.hasPrefix("Noto Sans CJK")
    }

    /// The subset of face `index` of `file`, made (or read from a cache) on first use; nil when it
    /// cannot be made.
    func subset(file: String, index: Int32) -> Subset? {
        let key = "\(index):\(file)"
        if let known = subsets[key] { return known }
        let made = makeSubset(file: file, index: index)
        subsets[key] = made
        if let made { byFace[made.face] = made }
        return made
    }

    /// The subset from a cache folder when one holds it whole, else made by HarfBuzz.
    private func makeSubset(file: String, index: Int32) -> Subset? {
        guard let library else { return nil }
        let key = FontCache.key(file: file, index: index, recipe: recipe)
        if let key {
            for folder in caches.keys.sorted(by: { $0.path < $1.path }) {
                guard let entry = FontCache.load(key: key, file: file, index: index, from: folder) else { continue }
                if let face = memoryFace(entry.font, library: library) {
                    return Subset(
                        file: file, index: index, face: face, glyphs: entry.sidecar.glyphs, font: entry.font, key: key,
                        sidecar: entry.sidecarBytes, origin: entry.origin)
                }
                entry.font.deallocate()
            }
        }
        return freshSubset(file: file, index: index, key: key)
    }

    /// A FreeType face reading `font`; nil when FreeType refuses it.
    private func memoryFace(_ font: UnsafeRawBufferPointer, library: FT_Library) -> FT_Face? {
        var face: FT_Face?
        guard let base = font.baseAddress,
            FT_New_Memory_Face(library, base.assumingMemoryBound(to: FT_Byte.self), FT_Long(font.count), 0, &face) == 0
        else { return nil }
        return face
    }

    private func freshSubset(file: String, index: Int32, key: String?) -> Subset? {
        guard let library, let blob = hb_blob_create_from_file_or_fail(file) else { return nil }
        defer { hb_blob_destroy(blob) }
        let source = hb_face_create(blob, UInt32(index))
        defer { hb_face_destroy(source) }
        let hbFont = hb_font_create(source)
        defer { hb_font_destroy(hbFont) }
        guard let input = hb_subset_input_create_or_fail() else { return nil }
        defer { hb_subset_input_destroy(input) }
        let unicodes = hb_subset_input_unicode_set(input)
        let glyphSet = hb_subset_input_glyph_set(input)
        hb_set_add(glyphSet, 0)  // .notdef
        for c in characters {
            var g: hb_codepoint_t = 0
            guard hb_font_get_nominal_glyph(hbFont, c, &g) != 0 else { continue }
            hb_set_add(unicodes, c)
            hb_set_add(glyphSet, g)
        }
        // And the glyphs Pango's default features and the charts' tabular figures put in their place.
        let lookups = hb_set_create()
        defer { hb_set_destroy(lookups) }
        let features = Self.shapingFeatures.map(Self.tag) + [0]
        hb_ot_layout_collect_lookups(source, Self.tag("GSUB"), nil, nil, features, lookups)
        hb_ot_layout_lookups_substitute_closure(source, lookups, glyphSet)
        var glyphs = [UInt64](repeating: 0, count: (Int(hb_face_get_glyph_count(source)) + 63) / 64)
        var g = hb_codepoint_t.max  // HB_SET_VALUE_INVALID: start
        while hb_set_next(glyphSet, &g) != 0, Int(g >> 6) < glyphs.count {
            glyphs[Int(g >> 6)] |= 1 << UInt64(g & 63)
        }
        // Only what cairo and FreeType read: shaping and layout stay with the system face.
        let dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in Self.droppedTables {
            hb_set_add(dropped, Self.tag(tag))
        }
        hb_subset_input_set_flags(input, Self.flags)
        guard let made = hb_subset_or_fail(source, input) else { return nil }
        defer { hb_face_destroy(made) }
        // The face's bytes stay alive for the process: FreeType reads them from memory.
        let bytes = hb_face_reference_blob(made)
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(bytes, &length), length > 0 else {
            hb_blob_destroy(bytes)
            return nil
        }
        let font = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: Int(length))
        guard let face = memoryFace(font, library: library) else {
            hb_blob_destroy(bytes)
            return nil
        }
        let sidecar = FontCache.Sidecar(
            file: file, index: index, fontLength: font.count, fontHash: Array(SHA256.hash(data: font)), glyphs: glyphs)
        return Subset(
            file: file, index: index, face: face, glyphs: glyphs, font: font, key: key,
            sidecar: FontCache.encode(sidecar), origin: nil)
    }

    // MARK: The cache between builds

    /// Looks for subsets in `folder` (a previous output's `.fonts`) before making them, until
    /// `stopUsingCache(folder)`.
    func useCache(_ folder: URL) {
        caches[folder.standardizedFileURL, default: 0] += 1
    }

    func stopUsingCache(_ folder: URL) {
        let folder = folder.standardizedFileURL
        guard let n = caches[folder] else { return }
        caches[folder] = n > 1 ? n - 1 : nil
    }

    /// Keeps the subsets made or read by this process, and the current ones of `previous`, in `folder`.
    func saveCache(carryingFrom previous: URL?, into folder: URL) {
        let faces = subsets.values.compactMap { $0 }.compactMap { s in
            s.key.map { FontCache.Face(key: $0, font: s.font, sidecar: s.sidecar, origin: s.origin) }
        }
        FontCache.save(
            faces.sorted { $0.key < $1.key }, carryingFrom: previous, into: folder, recipe: recipe)
    }

    /// The subsets' recipe: HarfBuzz's version, the characters, the features whose glyphs are kept,
    /// the tables dropped and the flags.
    private static func recipe(characters: [UInt32]) -> String {
        var chars = [UInt8]()
        chars.reserveCapacity(characters.count * 4)
        for c in characters { withUnsafeBytes(of: c.littleEndian) { chars += $0 } }
        return [
            String(cString: hb_version_string()), FontCache.hex(SHA256.hash(data: chars)),
            shapingFeatures.joined(separator: ","), droppedTables.joined(separator: ","), "\(flags)",
        ].joined(separator: "\n")
    }

    /// The tables the subsets leave out: only what cairo and FreeType read is kept.
    private static let droppedTables = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF", "MATH"]

    private static let flags = HB_SUBSET_FLAGS_RETAIN_GIDS.rawValue | HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue

    /// True when every glyph of `layout` is in the subset face its font draws with (so the PDF can
    /// embed from the subsets); false when one is not, or a font is not one of the subsets.
    func covers(_ layout: OpaquePointer) -> Bool {
        guard let iter = pango_layout_get_iter(layout) else { return false }
        defer { pango_layout_iter_free(iter) }
        repeat {
            if let run = pango_layout_iter_get_run_readonly(iter), !covers(run: run) { return false }
        } while pango_layout_iter_next_run(iter) != 0
        return true
    }

    private func covers(run: UnsafeMutablePointer<PangoGlyphItem>) -> Bool {
        guard let item = run.pointee.item, let font = item.pointee.analysis.font,
            let subset = subset(of: font), let glyphString = run.pointee.glyphs
        else { return false }
        let glyphs = glyphString.pointee.glyphs!
        for i in 0..<Int(glyphString.pointee.num_glyphs) {
            let g = glyphs[i].glyph
            if g == Self.emptyGlyph { continue }
            if !subset.holds(glyph: g) { return false }
        }
        return true
    }

    /// The subset a Pango font draws with, when its pattern names one made from its own file and index.
    private func subset(of font: UnsafeMutablePointer<PangoFont>) -> Subset? {
        guard let pattern = pango_fc_font_get_pattern(UnsafeMutablePointer<PangoFcFont>(OpaquePointer(font)))
        else { return nil }
        var face: FT_Face?
        var file: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        guard FcPatternGetFTFace(pattern, FC_FT_FACE, 0, &face) == FcResultMatch, let face,
            let subset = byFace[face],
            FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file,
            FcPatternGetInteger(pattern, FC_INDEX, 0, &index) == FcResultMatch,
            index == subset.index, String(cString: file) == subset.file
        else { return nil }
        return subset
    }

    /// The substitutions whose glyphs the subsets hold: HarfBuzz's default horizontal ones (what Pango
    /// applies) and `tnum` (the charts' figures).
    private static let shapingFeatures = ["ccmp", "locl", "rlig", "liga", "clig", "calt", "rclt", "tnum"]

    /// Pango's glyph of a space or line end (`PANGO_GLYPH_EMPTY`): nothing drawn.
    private static let emptyGlyph: UInt32 = 0x0FFF_FFFF

    private static func tag(_ name: String) -> hb_tag_t {
        name.utf8.reduce(0) { ($0 << 8) | hb_tag_t($1) }
    }

    /// The characters of the subsets: every character of GB 2312 (its 6,763 hanzi and 682 symbols),
    /// printable ASCII and Latin-1, general punctuation, letter-like symbols, number forms, arrows,
    /// mathematical operators (−), enclosed numbers, geometric shapes, CJK symbols and punctuation,
    /// and the full- and half-width forms.
    static func characters() -> [UInt32] {
        var set = Set<UInt32>()
        for range in [
            0x20...0x7E, 0xA0...0xFF, 0x2000...0x206F, 0x2100...0x22FF, 0x2460...0x24FF, 0x25A0...0x25FF,
            0x3000...0x303F, 0xFF00...0xFFEF,
        ] {
            for c in range { set.insert(UInt32(c)) }
        }
        set.formUnion(gb2312())
        return set.sorted()
    }

    /// GB 2312's characters, decoded from its two-byte codes by the C library's iconv.
    private static func gb2312() -> [UInt32] {
        let cd = iconv_open("UTF-32LE", "GB2312")
        guard cd != iconv_t(bitPattern: -1) else { return [] }
        defer { iconv_close(cd) }
        var found: [UInt32] = []
        for high in UInt8(0xA1)...0xF7 {
            for low in UInt8(0xA1)...0xFE {
                var input: [CChar] = [CChar(bitPattern: high), CChar(bitPattern: low)]
                var output: UInt32 = 0
                let converted = input.withUnsafeMutableBufferPointer { inBuf -> Bool in
                    withUnsafeMutableBytes(of: &output) { outBuf -> Bool in
                        var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                        var inLeft = 2
                        var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress!.assumingMemoryBound(
                            to: CChar.self)
                        var outLeft = 4
                        iconv(cd, nil, nil, nil, nil)
                        return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 && outLeft == 0
                    }
                }
                if converted { found.append(UInt32(littleEndian: output)) }
            }
        }
        return found
    }
}
