import CCairo
import CPangoCairo

/// Texts laid out for pixel canvases by the calling thread, at one scale: the thread's Pango context
/// for that scale and a layout per text, settings and alignment. Tick labels, legends, units and
/// source lines repeat from one chart to the next; shaping them once per thread instead of once per
/// chart draws the same pixels (every pixel canvas of a scale makes its Pango context the same way:
/// the canvas's scale, no hinting, grey antialiasing, the charts' language). Cleared when it grows
/// past `limit`.
final class TextLayouts {
    struct Key: Hashable {
        var text: TextKey
        var align: HAlign
    }

    struct Entry {
        /// Owned by the table (one reference), freed when the table is cleared.
        let layout: OpaquePointer
        let rect: Rect
    }

    static let limit = 2048
    /// The Pango context the layouts belong to (one reference, the table's).
    let context: OpaquePointer
    private var entries: [Key: Entry] = [:]

    var count: Int { entries.count }

    init(context: OpaquePointer) { self.context = context }

    deinit {
        clear()
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    /// The laid-out text under `key`, if the table holds it.
    subscript(key: Key) -> Entry? { entries[key] }

    /// Keeps `entry` (taking over its layout's reference) under `key`.
    func insert(_ entry: Entry, for key: Key) {
        if entries.count >= Self.limit { clear() }
        entries[key] = entry
    }

    private func clear() {
        for (_, e) in entries { g_object_unref(UnsafeMutableRawPointer(e.layout)) }
        entries.removeAll(keepingCapacity: true)
    }

    /// The calling thread's table for pixel canvases at `scale`; made the first time from `cr` (a
    /// new canvas's context, already scaled) by `makeContext`.
    static func shared(scale: Double, cr: OpaquePointer, makeContext: (OpaquePointer) -> OpaquePointer)
        -> TextLayouts
    {
        let byScale = perThread.value
        if let t = byScale.tables[scale] { return t }
        let t = TextLayouts(context: makeContext(cr))
        byScale.tables[scale] = t
        return t
    }

    /// How many texts the calling thread keeps laid out at `scale` (0 before its first canvas there).
    static func threadCount(scale: Double) -> Int { perThread.value.tables[scale]?.count ?? 0 }

    private final class ByScale {
        var tables: [Double: TextLayouts] = [:]
    }
    private static let perThread = PerThread { ByScale() }
}
