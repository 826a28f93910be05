import Foundation
import ZIPFoundation

/// The entries of a zip file (an .xlsx), read defensively: every offset and size of the end record,
/// the central directory and the local headers is checked against the file before it is used; an
/// entry inflates through ZIPFoundation's inflater with its CRC checked and its size capped (zip bombs).
struct ZipEntries: Sendable {
    struct Entry: Sendable {
        let name: String
        let method: UInt16
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let dataStart: Int
    }

    /// What a worksheet may inflate to (1 GB, streamed): Excel's 1,048,576 rows of kaohe's columns
    /// take a fraction of it (docs/formats.md, "Limits").
    static let sheetCap = 1_000_000_000
    /// What the parts read whole (workbook, relationships, styles, shared strings) may inflate to.
    static let partCap = 200_000_000

    let data: Data
    let entries: [String: Entry]
    /// Entry names in central-directory order.
    let names: [String]

    static let damaged = "不是有效的 .xlsx 文件（ZIP 损坏或被截断）(not a valid .xlsx: bad or truncated zip)"

    init(data: Data) throws(ReadFailure) {
        self.data = data
        let bytes = ByteReader(data: data)
        guard let end = bytes.lastIndex(ofSignature: 0x0605_4B50, within: 65_557 + 22) else {
            throw ReadFailure(message: Self.damaged)
        }
        guard let count = bytes.u16(end + 10), let cdSize = bytes.u32(end + 12), let cdOffset = bytes.u32(end + 16)
        else {
            throw ReadFailure(message: Self.damaged)
        }
        if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            throw ReadFailure(message: "不支持 ZIP64 格式的 .xlsx (ZIP64 .xlsx not supported)")
        }
        let cdStart = Int(cdOffset)
        let cdEnd = Int(cdOffset) + Int(cdSize)
        guard cdEnd <= end else { throw ReadFailure(message: Self.damaged) }
        var entries: [String: Entry] = [:]
        var names: [String] = []
        var p = cdStart
        for _ in 0..<Int(count) {
            let entry = try Self.entry(at: &p, limit: cdEnd, bytes: bytes, dataEnd: cdStart)
            if entries[entry.name] == nil { names.append(entry.name) }
            entries[entry.name] = entry
        }
        self.entries = entries
        self.names = names
    }

    /// One central-directory record at `p` (moved past it), with its local header checked.
    private static func entry(at p: inout Int, limit: Int, bytes: ByteReader, dataEnd: Int) throws(ReadFailure) -> Entry
    {
        guard p + 46 <= limit, bytes.u32(p) == 0x0201_4B50,
            let flags = bytes.u16(p + 8), let method = bytes.u16(p + 10), let crc = bytes.u32(p + 16),
            let csize = bytes.u32(p + 20), let usize = bytes.u32(p + 24), let nameLength = bytes.u16(p + 28),
            let extraLength = bytes.u16(p + 30), let commentLength = bytes.u16(p + 32), let local = bytes.u32(p + 42)
        else { throw ReadFailure(message: damaged) }
        let nameStart = p + 46
        let next = nameStart + Int(nameLength) + Int(extraLength) + Int(commentLength)
        guard next <= limit, let nameBytes = bytes.slice(nameStart, Int(nameLength)) else {
            throw ReadFailure(message: damaged)
        }
        p = next
        guard let name = String(validating: nameBytes, as: UTF8.self) ?? String(bytes: nameBytes, encoding: .isoLatin1)
        else {
            throw ReadFailure(message: damaged)
        }
        if flags & 1 != 0 { throw ReadFailure(message: "不支持加密的 .xlsx 文件 (encrypted .xlsx not supported)") }
        // The local header: its own name and extra lengths decide where the data starts.
        let l = Int(local)
        guard l + 30 <= dataEnd, bytes.u32(l) == 0x0403_4B50, let ln = bytes.u16(l + 26), let le = bytes.u16(l + 28)
        else {
            throw ReadFailure(message: damaged)
        }
        let start = l + 30 + Int(ln) + Int(le)
        guard start + Int(csize) <= dataEnd else { throw ReadFailure(message: damaged) }
        return Entry(
            name: name, method: method, crc: crc, compressedSize: Int(csize), size: Int(usize), dataStart: start)
    }

    /// Inflates an entry chunk by chunk into `consumer`, then checks its CRC and size.
    /// A consumer that throws stops the inflation (the error is rethrown as is when it is a ReadFailure).
    func inflate(
        _ entry: Entry, cap: Int, chunkSize: Int = 65_536,
        consumer: (Data) throws(ReadFailure) -> Void
    ) throws(ReadFailure) {
        let damaged = ReadFailure(message: "无法解压 \(entry.name)（文件损坏或被截断）(cannot unzip: damaged or truncated)")
        let tooLarge = ReadFailure(
            message:
                "\(entry.name) 解压后超过 \(cap / 1_000_000) MB 的上限，可能是“ZIP 炸弹” (entry inflates past the \(cap / 1_000_000) MB cap: zip bomb?)"
        )
        if entry.size > cap { throw tooLarge }
        var produced = 0
        var crc: UInt32 = 0
        let start = entry.dataStart
        let end = entry.dataStart + entry.compressedSize
        let data = self.data
        func take(_ chunk: Data) throws(ReadFailure) {
            produced += chunk.count
            if produced > cap { throw tooLarge }
            // More than the directory says: damaged, or a bomb that lies about its size.
            if produced > entry.size { throw damaged }
            crc = chunk.crc32(checksum: crc)
            try consumer(chunk)
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw damaged }
            var p = start
            while p < end {
                let q = min(end, p + chunkSize)
                try take(data.subdata(in: (data.startIndex + p)..<(data.startIndex + q)))
                p = q
            }
        case 8:
            do {
                _ = try Data.decompress(
                    size: Int64(entry.compressedSize), bufferSize: chunkSize, skipCRC32: true,
                    provider: { position, size in
                        let from = start + Int(position)
                        // Asked past the end: the deflate stream is cut short (an empty chunk would loop forever).
                        guard position >= 0, from < end else { throw damaged }
                        let to = min(end, from + max(0, size))
                        return data.subdata(in: (data.startIndex + from)..<(data.startIndex + to))
                    }, consumer: { chunk in try take(chunk) })
            } catch let failure as ReadFailure { throw failure } catch { throw damaged }
        default:
            throw ReadFailure(message: "\(entry.name) 的压缩方式 \(entry.method) 不受支持 (unsupported zip compression)")
        }
        guard crc == entry.crc, produced == entry.size else { throw damaged }
    }

    /// The whole inflated entry (for the small parts: workbook, relationships, styles, shared strings).
    func contents(_ name: String) throws(ReadFailure) -> Data? {
        guard let e = entries[name] else { return nil }
        var out = Data()
        try inflate(e, cap: Self.partCap) { out.append($0) }
        return out
    }
}

/// Little-endian reads that return nil outside the data instead of trapping.
struct ByteReader {
    let data: Data

    func u16(_ i: Int) -> UInt16? {
        guard i >= 0, i + 2 <= data.count else { return nil }
        let b = data.startIndex + i
        return UInt16(data[b]) | UInt16(data[b + 1]) << 8
    }

    func u32(_ i: Int) -> UInt32? {
        guard let lo = u16(i), let hi = u16(i + 2) else { return nil }
        return UInt32(lo) | UInt32(hi) << 16
    }

    func slice(_ i: Int, _ n: Int) -> [UInt8]? {
        guard i >= 0, n >= 0, i + n <= data.count else { return nil }
        return [UInt8](data[(data.startIndex + i)..<(data.startIndex + i + n)])
    }

    /// The last offset of a 4-byte signature among the last `window` bytes.
    func lastIndex(ofSignature sig: UInt32, within window: Int) -> Int? {
        var i = data.count - 22
        let stop = max(0, data.count - window)
        while i >= stop {
            if u32(i) == sig { return i }
            i -= 1
        }
        return nil
    }
}
