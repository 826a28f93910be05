import Foundation
import Indicators

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Excel's limits, which every cell reference must respect.
enum Sheet {
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    /// More merged ranges than this in one sheet is refused (real sheets have a handful).
    static let maxMerges = 10_000
}

/// What the sheets of a workbook share: the zip, shared strings, styles, date system.
final class Workbook: Sendable {
    let zip: ZipEntries
    let shared: [String]
    let dateStyles: [Bool]
    let date1904: Bool

    init(zip: ZipEntries, shared: [String], dateStyles: [Bool], date1904: Bool) {
        self.zip = zip
        self.shared = shared
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }
}

/// One worksheet of a workbook: its name (as on its tab) and its rows, streamed.
struct NamedSheet: Sendable {
    let name: String
    /// The sheet's part in the zip (`xl/worksheets/sheet1.xml`).
    let path: String
    let book: Workbook

    /// The sheet's non-blank rows in file order. The whole part is first inflated once (CRC, size cap,
    /// UTF-8 and merged ranges checked), then parsed on a thread of its own while rows are taken.
    func rows() throws(ReadFailure) -> SheetRows {
        guard let entry = book.zip.entries[path] else { throw ReadFailure(message: "工作表缺失: \(path) (missing sheet)") }
        let merges = try MergeScan.merges(of: entry, in: book.zip)
        return SheetRows(stream: SheetStream(entry: entry, book: book, merges: merges))
    }
}

/// The rows of a sheet as a `RowSource`.
struct SheetRows: RowSource {
    let stream: SheetStream
    mutating func next() throws(ReadFailure) -> (number: Int, cells: [Cell])? { try stream.next() }
}

/// Two threads: one inflates the sheet's part into `bytes`, one parses it (XMLParser pulls from
/// `bytes`) into batches of rows; `next()` takes the rows. Both stop when this object goes away.
final class SheetStream {
    private let bytes = Channel<Data>(capacity: 16)
    private let batches = Channel<[(number: Int, cells: [Cell])]>(capacity: 8)
    private var batch: [(number: Int, cells: [Cell])] = []
    private var index = 0

    init(entry: ZipEntries.Entry, book: Workbook, merges: [Merge]) {
        let bytes = self.bytes
        let batches = self.batches
        let inflater = Thread {
            do throws(ReadFailure) {
                try book.zip.inflate(entry, cap: ZipEntries.sheetCap) { chunk throws(ReadFailure) in
                    if !bytes.send(chunk) { throw ReadFailure(message: "已取消 (cancelled)") }
                }
                bytes.finish(failure: nil)
            } catch { bytes.finish(failure: error) }
        }
        let parser = Thread {
            let delegate = SheetParser(book: book, merges: merges, out: batches)
            delegate.stop = { bytes.cancel() }
            let input = ChannelStream(channel: bytes)
            let xml = XMLParser(stream: input)
            xml.delegate = delegate
            let ok = xml.parse()
            delegate.flush()
            batches.finish(failure: delegate.failure ?? input.failure ?? delegate.ending(parsed: ok))
            bytes.cancel()
        }
        inflater.stackSize = 1 << 20
        parser.stackSize = 8 << 20
        inflater.start()
        parser.start()
    }

    deinit {
        batches.cancel()
        bytes.cancel()
    }

    func next() throws(ReadFailure) -> (number: Int, cells: [Cell])? {
        while index == batch.count {
            guard let b = try batches.receive() else { return nil }
            batch = b
            index = 0
        }
        defer { index += 1 }
        return batch[index]
    }
}

/// A bounded queue between two threads: `send` blocks while full; `receive` blocks while empty.
final class Channel<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Element] = []
    private var head = 0
    private let capacity: Int
    private var finished = false
    private var failure: ReadFailure?
    private var cancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// False when the receiver is gone (the sender should stop).
    func send(_ x: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while buffer.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        buffer.append(x)
        condition.broadcast()
        return true
    }

    func finish(failure: ReadFailure?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        if self.failure == nil { self.failure = failure }
        condition.broadcast()
    }

    /// The next element, nil at the end, or the sender's failure once the elements before it are taken.
    func receive() throws(ReadFailure) -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == buffer.count && !finished && !cancelled { condition.wait() }
        if head < buffer.count {
            let x = buffer[head]
            head += 1
            if head >= 32 {
                buffer.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return x
        }
        if let failure { throw failure }
        return nil
    }

    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        buffer.removeAll()
        head = 0
        condition.broadcast()
    }
}

/// An input stream over a channel of chunks, for XMLParser's incremental parse.
final class ChannelStream: InputStream {
    private let channel: Channel<Data>
    private var current = Data()
    private var offset = 0
    private(set) var failure: ReadFailure?

    init(channel: Channel<Data>) {
        self.channel = channel
        super.init(data: Data())
    }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { failure == nil }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        while offset == current.count {
            do throws(ReadFailure) {
                guard let next = try channel.receive() else { return 0 }
                current = next
                offset = 0
            } catch {
                failure = error
                return 0
            }
        }
        let n = min(len, current.count - offset)
        current.withUnsafeBytes { raw in
            buffer.update(from: raw.bindMemory(to: UInt8.self).baseAddress! + offset, count: n)
        }
        offset += n
        return n
    }
}

/// A merged range, with the value of its top-left cell once that cell is read.
final class Merge: @unchecked Sendable {
    let r0: Int, c0: Int, r1: Int, c1: Int
    var value: Cell?
    init(r0: Int, c0: Int, r1: Int, c1: Int) {
        self.r0 = r0
        self.c0 = c0
        self.r1 = r1
        self.c1 = c1
    }
}

/// The first pass over a sheet: inflates it whole (CRC and size cap checked), checks it is UTF-8,
/// and reads the merged ranges, which Excel writes after the cells.
enum MergeScan {
    static func merges(of entry: ZipEntries.Entry, in zip: ZipEntries) throws(ReadFailure) -> [Merge] {
        var validator = UTF8Validator()
        var tail = Data()
        var window = Data()
        let marker = Data("mergeCells".utf8)
        try zip.inflate(entry, cap: ZipEntries.sheetCap) { chunk throws(ReadFailure) in
            guard validator.feed(chunk) else { throw XLSXReader.notUTF8(entry.name) }
            if !tail.isEmpty {
                tail.append(chunk)
                if tail.count > ZipEntries.partCap { throw ReadFailure(message: "合并单元格过多 (too many merged ranges)") }
                return
            }
            // Look for the start tag across the chunk boundary (keep the last few bytes).
            window.append(chunk)
            if let start = tagStart(marker, in: window) {
                tail = Data(window[start...])
                window = Data()
            } else if window.count > 64 {
                window = Data(window.suffix(64))
            }
        }
        guard validator.isComplete else { throw XLSXReader.notUTF8(entry.name) }
        guard !tail.isEmpty else { return [] }
        let p = MergeParser()
        let xml = XMLParser(data: Data("<merges>".utf8) + tail)
        xml.delegate = p
        _ = xml.parse()
        if let failure = p.failure { throw failure }
        return p.merges.sorted { ($0.r0, $0.c0) < ($1.r0, $1.c0) }
    }
}

/// Where a start tag `<name` or `<prefix:name` begins in `data` (text cannot hold a raw `<`, so
/// a cell that says "mergeCells" is not taken for the tag).
private func tagStart(_ name: Data, in data: Data) -> Data.Index? {
    var from = data.startIndex
    while let r = data.range(of: name, in: from..<data.endIndex) {
        var i = r.lowerBound - 1
        if i >= data.startIndex && data[i] == UInt8(ascii: ":") {
            i -= 1
            while i >= data.startIndex, let c = Optional(data[i]),
                (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
                    || c == 0x2D
            {
                i -= 1
            }
        }
        if i >= data.startIndex && data[i] == UInt8(ascii: "<") { return i }
        from = r.upperBound
    }
    return nil
}

private final class MergeParser: NSObject, XMLParserDelegate {
    var merges: [Merge] = []
    var failure: ReadFailure?

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard localName(name) == "mergeCell", failure == nil else { return }
        let parts = (attributes["ref"] ?? "").split(separator: ":")
        guard parts.count == 2, let a = cellRef(String(parts[0])), let b = cellRef(String(parts[1])) else {
            failure = ReadFailure(message: "合并单元格范围“\(attributes["ref"] ?? "")”无效 (invalid merged range)")
            parser.abortParsing()
            return
        }
        guard merges.count < Sheet.maxMerges else {
            failure = ReadFailure(message: "合并单元格超过 \(Sheet.maxMerges) 个 (too many merged ranges)")
            parser.abortParsing()
            return
        }
        merges.append(
            Merge(
                r0: min(a.row, b.row), c0: min(a.column, b.column), r1: max(a.row, b.row), c1: max(a.column, b.column)))
    }
}

/// Checks UTF-8 chunk by chunk (a sequence may be cut between chunks).
struct UTF8Validator {
    private var carry: [UInt8] = []
    var isComplete: Bool { carry.isEmpty }

    mutating func feed(_ chunk: Data) -> Bool {
        var bytes = carry
        bytes.append(contentsOf: chunk)
        // Keep an incomplete sequence at the end for the next chunk.
        var cut = bytes.count
        var back = 0
        while back < 3 && cut - back - 1 >= 0 {
            let b = bytes[cut - back - 1]
            if b & 0xC0 != 0x80 {
                let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                if need > back + 1 { cut = cut - back - 1 }
                break
            }
            back += 1
        }
        carry = Array(bytes[cut...])
        return bytes.withUnsafeBufferPointer {
            String(validating: UnsafeBufferPointer(rebasing: $0[..<cut]), as: UTF8.self) != nil
        }
    }
}

/// An element's local name; the names of sheet XML are matched without a prefix first (the usual case).
@inline(__always)
private func tag(_ name: String) -> Substring {
    switch name {
    case "c", "v", "row", "t", "is", "sheetData": return Substring(name)
    default: return localName(name)
    }
}

/// Parses sheet XML into rows, handed over by batches; merged ranges fill the cells they cover
/// in rows that hold data, up to the widest row read so far (never more than the data).
final class SheetParser: NSObject, XMLParserDelegate {
    private let book: Workbook
    private let out: Channel<[(number: Int, cells: [Cell])]>
    private var pending: [Merge]
    private var active: [Merge] = []
    private var batch: [(number: Int, cells: [Cell])] = []
    private(set) var failure: ReadFailure?
    /// Called on the first failure: the rest of the sheet need not be inflated.
    var stop: () -> Void = {}
    private var sawSheetEnd = false

    private var row = 0, col = -1, width = 0
    private var cells: [Cell] = []
    private var type = "n", style = 0
    private var text = ""
    private var capture = false
    private var inlineText = ""

    init(book: Workbook, merges: [Merge], out: Channel<[(number: Int, cells: [Cell])]>) {
        self.book = book
        self.pending = merges.reversed()
        self.out = out
    }

    /// The failure to report when the parse ended without one of ours.
    func ending(parsed: Bool) -> ReadFailure? {
        if !parsed || !sawSheetEnd {
            return ReadFailure(
                row: row > 0 ? row : nil, column: nil,
                message: "工作表 XML 无法解析或不完整（文件损坏）(sheet XML unreadable or incomplete)")
        }
        return nil
    }

    func flush() {
        if !batch.isEmpty, failure == nil { _ = out.send(batch) }
        batch = []
    }

    private func fail(_ parser: XMLParser, column: Int? = nil, _ message: String) {
        if failure == nil { failure = ReadFailure(row: row > 0 ? row : nil, column: column, message: message) }
        parser.abortParsing()
        stop()
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if failure == nil {
            failure = ReadFailure(
                row: row > 0 ? row : nil, column: nil,
                message: "工作表 XML 无法解析（文件损坏）(sheet XML unreadable)")
        }
        parser.abortParsing()
        stop()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if failure != nil { return }
        switch tag(name) {
        case "row":
            if let r = attributes["r"] {
                guard let n = Int(r), n >= 1, n <= Sheet.maxRows else {
                    return fail(parser, "行号“\(r)”无效 (invalid row number)")
                }
                row = n
            } else {
                guard row < Sheet.maxRows else {
                    return fail(parser, "超过 \(Sheet.maxRows) 行 (more rows than Excel allows)")
                }
                row += 1
            }
            col = -1
            cells.removeAll(keepingCapacity: true)
        case "c":
            if let r = attributes["r"] {
                guard let ref = cellRef(r) else { return fail(parser, "单元格引用“\(r)”无效 (invalid cell reference)") }
                col = ref.column
            } else {
                guard col + 1 < Sheet.maxColumns else {
                    return fail(parser, "超过 \(Sheet.maxColumns) 列 (more columns than Excel allows)")
                }
                col += 1
            }
            type = attributes["t"] ?? "n"
            if let s = attributes["s"] {
                guard let i = Int(s), i >= 0, i == 0 || i < book.dateStyles.count else {
                    return fail(parser, column: col, "样式编号 s=\"\(s)\" 无效 (invalid style index)")
                }
                style = i
            } else {
                style = 0
            }
            text = ""
            inlineText = ""
        case "v", "t":
            capture = true
            text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if capture { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if failure != nil { return }
        switch tag(name) {
        case "t":
            inlineText += text
            capture = false
        case "v":
            capture = false
            store(raw: text, parser)
        case "c": if type == "inlineStr" { set(.text(inlineText)) }
        case "row": endRow(parser)
        case "sheetData": sawSheetEnd = true
        default: break
        }
    }

    private func store(raw: String, _ parser: XMLParser) {
        switch type {
        case "s":
            guard let i = Int(raw), i >= 0, i < book.shared.count else {
                return fail(parser, column: col, "共享字符串编号“\(raw)”无效 (invalid shared string index)")
            }
            set(.text(book.shared[i]))
        case "str", "e", "inlineStr": set(.text(raw))
        case "b": set(.text(raw == "1" ? "TRUE" : "FALSE"))
        default:
            guard let x = Double(raw) ?? Double(raw.trimmingSpaces) else {
                set(.text(raw))
                return
            }
            if style < book.dateStyles.count, book.dateStyles[style] {
                guard let d = XLSXReader.day(serial: x, date1904: book.date1904) else {
                    return fail(parser, column: col, "日期数值 \(raw) 超出范围 (date serial out of range)")
                }
                set(.date(d))
            } else {
                set(x.isFinite ? .number(x) : .text(raw))
            }
        }
    }

    private func set(_ cell: Cell) {
        var c = cell
        if case .text(let s) = cell {
            let t = s.trimmingSpaces
            c = t.isEmpty ? .empty : .text(t)
        }
        if c.isEmpty || col < 0 { return }
        if col >= cells.count { cells.append(contentsOf: repeatElement(.empty, count: col + 1 - cells.count)) }
        cells[col] = c
    }

    private func endRow(_ parser: XMLParser) {
        while let m = pending.last, m.r0 <= row { active.append(pending.removeLast()) }
        active.removeAll { $0.r1 < row }
        width = max(width, cells.count)
        if cells.contains(where: { !$0.isEmpty }) {
            for m in active {
                if m.r0 == row { m.value = m.c0 < cells.count && !cells[m.c0].isEmpty ? cells[m.c0] : nil }
                guard let v = m.value, m.c0 < width else { continue }
                let last = min(m.c1, width - 1)
                if last >= cells.count {
                    cells.append(contentsOf: repeatElement(.empty, count: last + 1 - cells.count))
                }
                for c in m.c0...last where cells[c].isEmpty { cells[c] = v }
            }
            batch.append((row, cells))
            if batch.count >= 512 {
                if !out.send(batch) {
                    failure = ReadFailure(message: "已取消 (cancelled)")
                    parser.abortParsing()
                    stop()
                }
                batch = []
            }
        }
        cells.removeAll(keepingCapacity: true)
    }
}
