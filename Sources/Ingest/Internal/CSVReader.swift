import Foundation
import Indicators

/// The GB18030 encoding (what Chinese Excel writes as "CSV").
let gb18030 = String.Encoding(rawValue: 0x8000_0632)

/// Decodes a CSV file's bytes to UTF-8: BOM dropped; GB18030 when the bytes are not valid UTF-8.
func utf8Bytes(of data: [UInt8]) -> [UInt8]? {
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(data.dropFirst(3)) }
    if !data.contains(where: { $0 >= 0x80 }) { return data }
    if String(validating: data, as: UTF8.self) != nil { return data }
    guard let s = String(data: Data(data), encoding: gb18030) else { return nil }
    return Array(s.utf8)
}

/// An RFC 4180 CSV reader over UTF-8 bytes: quoted fields with `""`, CRLF/LF/CR line ends,
/// newlines inside quotes. Rows are numbered by record (as a spreadsheet shows them).
struct CSVReader: RowSource {
    let bytes: [UInt8]
    var pos = 0
    var record = 0
    var cells: [Cell] = []
    var scratch: [UInt8] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        cells.reserveCapacity(16)
    }

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
        let result: ReadFailure? = bytes.withUnsafeBufferPointer { b -> ReadFailure? in
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
