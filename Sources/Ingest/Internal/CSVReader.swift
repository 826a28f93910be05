import Foundation
import Indicators

/// The GB18030 encoding (what Chinese Excel writes as "CSV").
let gb18030 = String.Encoding(rawValue: 0x8000_0632)

/// A CSV file's bytes as UTF-8, without a copy when they are UTF-8 already: BOM dropped; GB18030
/// when the bytes are not valid UTF-8. Nil when they are neither.
func utf8Text(of data: Data) -> Data? {
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { return Data(data.dropFirst(3)) }
    let ascii = data.withUnsafeBytes { isASCII($0) }
    if ascii || String(validating: data, as: UTF8.self) != nil { return data }
    guard let s = String(data: data, encoding: gb18030) else { return nil }
    return Data(s.utf8)
}

/// Whether no byte has its high bit set (eight bytes at a time).
private func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let n = bytes.count
    var i = 0
    var any: UInt64 = 0
    while i + 8 <= n {
        any |= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        i += 8
    }
    while i < n {
        any |= UInt64(bytes[i])
        i += 1
    }
    return any & 0x8080_8080_8080_8080 == 0
}

/// An RFC 4180 CSV reader over UTF-8 bytes: quoted fields with `""`, CRLF/LF/CR line ends,
/// newlines inside quotes. Rows are numbered by record (as a spreadsheet shows them).
struct CSVReader: RowSource {
    /// The file's bytes (a mapped file is read in place).
    let bytes: Data
    var pos = 0
    var record = 0
    var cells: [Cell] = []
    var scratch: [UInt8] = []

    init(bytes: Data) {
        // Offsets count from 0 whatever slice of a larger Data this is.
        self.bytes = bytes.startIndex == 0 ? bytes : Data(bytes)
        cells.reserveCapacity(16)
    }

    init(bytes: [UInt8]) { self.init(bytes: Data(bytes)) }

    mutating func next() throws(ReadFailure) -> (number: Int, cells: [Cell])? {
        while pos < bytes.count {
            record += 1
            try readRecord()
            if cells.contains(where: { !$0.isEmpty }) { return (record, cells) }
        }
        return nil
    }

    private mutating func readRecord() throws(ReadFailure) {
        cells.removeAll(keepingCapacity: true)
        let n = bytes.count
        let result: ReadFailure? = bytes.withUnsafeBytes { raw -> ReadFailure? in
            let b = raw.assumingMemoryBound(to: UInt8.self)
            var p = pos
            while true {
                // One field.
                if p < n && b[p] == UInt8(ascii: "\"") {
                    let startRecord = record
                    scratch.removeAll(keepingCapacity: true)
                    p += 1
                    var closed = false
                    while p < n {
                        let c = b[p]
                        if c == UInt8(ascii: "\"") {
                            if p + 1 < n && b[p + 1] == UInt8(ascii: "\"") {
                                scratch.append(c)
                                p += 2
                                continue
                            }
                            p += 1
                            closed = true
                            break
                        }
                        scratch.append(c)
                        p += 1
                    }
                    if !closed {
                        pos = n
                        return ReadFailure(
                            row: startRecord, column: cells.count,
                            message: "引号未闭合，文件可能被截断 (unterminated quote: truncated file?)")
                    }
                    // Anything after the closing quote up to the delimiter is kept (lenient).
                    while p < n && b[p] != UInt8(ascii: ",") && b[p] != 10 && b[p] != 13 {
                        scratch.append(b[p])
                        p += 1
                    }
                    cells.append(scratch.withUnsafeBufferPointer { makeCell($0, 0, $0.count) })
                } else {
                    let s = p
                    while p < n {
                        let c = b[p]
                        if c == UInt8(ascii: ",") || c == 10 || c == 13 { break }
                        p += 1
                    }
                    cells.append(makeCell(b, s, p))
                }
                if p >= n {
                    pos = n
                    return nil
                }
                let c = b[p]
                if c == UInt8(ascii: ",") {
                    p += 1
                    if p >= n {
                        cells.append(.empty)
                        pos = n
                        return nil
                    }
                    continue
                }
                // End of record.
                if c == 13 && p + 1 < n && b[p + 1] == 10 { p += 2 } else { p += 1 }
                pos = p
                return nil
            }
        }
        if let result { throw result }
    }
}

/// A cell from bytes [s, e): ASCII blanks trimmed, then other Unicode spaces.
@inline(__always)
func makeCell(_ b: UnsafeBufferPointer<UInt8>, _ s0: Int, _ e0: Int) -> Cell {
    var s = s0
    var e = e0
    while s < e && (b[s] == 32 || b[s] == 9) { s += 1 }
    while e > s && (b[e - 1] == 32 || b[e - 1] == 9) { e -= 1 }
    if s == e { return .empty }
    let str = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
    if b[s] >= 0x80 || b[e - 1] >= 0x80 {
        let t = str.trimmingSpaces
        return t.isEmpty ? .empty : .text(t)
    }
    return .text(str)
}
