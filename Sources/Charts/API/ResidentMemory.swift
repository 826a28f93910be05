import CCairo
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What written PDFs leave in the process's resident memory, given back after a build's part's
/// documents (docs/benchmarks.md, "Issue #15, fourth wave"): the documents' layouts (`DocumentText`),
/// the font files' pages and the heap's free pages.
///
/// Cairo embeds a subset of each font when the PDF surface is finished, and its CFF subsetter first
/// copies the font's whole CFF table out of FreeType's read-only mapping of the font file: the
/// Noto CJK files (18–27 MB each) are then resident in the process, about 78 MB for the three
/// faces of a ranking, although drawing a chart needs only the pages of its few glyphs. Those pages
/// are clean copies of the file: dropping them from the process's page tables loses nothing (the
/// next access maps them again from the page cache). The subsetter's copy of the table (about
/// 20 MB, freed at once) stays in glibc's heap above its trim threshold; `malloc_trim` returns it
/// and the other free pages to the system.
public enum ResidentMemory {
    /// Empties the documents' layouts (`DocumentText`) and trims the heap: once no more documents
    /// are drawn for a while (cheap when the layouts are already empty).
    public static func releaseDocumentLayouts() {
        guard DocumentText.release() else { return }
        trimHeap()
    }

    /// Drops the resident pages of every read-only mapped font file and trims the heap: after each
    /// large document (a few milliseconds: the next document's subsetting maps the pages again from
    /// the page cache).
    public static func releaseFontPages() {
        refreshFontMappings()
        dropFontPages()
        trimHeap()
    }

    /// Reads the font files' mappings again (after a document has used fonts not used before).
    static func refreshFontMappings() {
        let ranges = fontMappings()
        known.lock()
        defer { known.unlock() }
        knownRanges = ranges
    }

    /// Drops the resident pages of the font mappings last read (a few system calls, no file read):
    /// while a document is written, after each page and as its fonts are embedded.
    static func dropFontPages() {
        #if os(Linux)
        known.lock()
        let ranges = knownRanges
        known.unlock()
        for range in ranges {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: range.start), range.length, MADV_DONTNEED)
        }
        #endif
    }

    private static let known = NSLock()
    nonisolated(unsafe) private static var knownRanges: [(start: UInt, length: Int)] = []

    /// Gives glibc's free heap pages back to the system (`malloc_trim`): freed blocks of earlier
    /// work stay resident otherwise, scattered between live ones and over the threads' arenas. A
    /// no-op where glibc is not the C library.
    public static func trimHeap() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }

    /// The read-only, private mappings of font files (`.ttc`, `.otf`, `.ttf`) in this process.
    static func fontMappings() -> [(start: UInt, length: Int)] {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return [] }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd(), let maps = String(data: data, encoding: .utf8) else { return [] }
        return maps.split(separator: "\n").compactMap(fontMapping)
    }

    /// `start-end perms offset dev inode path` → the range, when `path` is a font file mapped
    /// without write permission (never a page the process may have changed).
    static func fontMapping(_ line: Substring) -> (start: UInt, length: Int)? {
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count == 6, fields[1].hasPrefix("r-"), fields[1].hasSuffix("p") else { return nil }
        let path = fields[5].trimmingCharacters(in: .whitespaces).lowercased()
        guard [".ttc", ".otf", ".ttf"].contains(where: { path.hasSuffix($0) }) else { return nil }
        let bounds = fields[0].split(separator: "-")
        guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
            end > start
        else { return nil }
        return (start, Int(end - start))
    }
}
