import Foundation
import Indicators
import Testing

@testable import Ingest

/// Mutants of the fixtures, from a fixed seed: every one is accepted, or refused with messages
/// that name the file; none may trap or hang. `make fuzz` runs many more
/// (KAOHE_FUZZ_MUTANTS, KAOHE_FUZZ_SEED).
@Suite struct Fuzzing {
    static let environment = ProcessInfo.processInfo.environment
    static let mutants = environment["KAOHE_FUZZ_MUTANTS"].flatMap(Int.init) ?? 1_200
    static let seed = environment["KAOHE_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x6B61_6F68_6531_31

    /// The seeds: every CSV, .xlsx and .xls fixture, and sheet XML for mutations inside a workbook.
    static func seeds() throws -> [(name: String, data: Data)] {
        let folder = try fixture("README.md").deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".xlsx") || $0.hasSuffix(".xls") }.sorted()
        return try names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    static let sheetXML: Data = WorkbookBuilder.longSheet(
        rows: (2...21).map {
            WorkbookBuilder.row($0, serial: String(43437 + $0 * 7), submitted: String($0), qualified: "1")
        },
        extra: "<mergeCells count=\"1\"><mergeCell ref=\"A30:C31\"/></mergeCells>")

    @Test func mutantsAreAcceptedOrRefusedWithAMessage() throws {
        // Given the fixtures and a fixed seed
        let seeds = try Fuzzing.seeds()
        var rng = SplitMix64(seed: Fuzzing.seed)
        var accepted = 0
        var refused = 0
        for n in 0..<Fuzzing.mutants {
            // When a mutant is checked
            let (name, data) = try Fuzzing.mutant(n, seeds: seeds, rng: &rng)
            do {
                _ = try checkBytes(data, name: name)
                accepted += 1
            } catch {
                // Then a refusal lists problems, each naming the file and saying something
                refused += 1
                #expect(!error.problems.isEmpty, "mutant \(n)")
                #expect(error.problems.allSatisfy { $0.file == name && !$0.message.isEmpty }, "mutant \(n): \(error)")
            }
        }
        print(
            "fuzz: \(Fuzzing.mutants) mutants (seed \(Fuzzing.seed)): \(accepted) accepted, \(refused) refused, none crashed"
        )
        #expect(accepted + refused == Fuzzing.mutants)
        #expect(refused > 0)
        #expect(accepted > 0)
    }

    /// Mutant `n`: a byte-level change of a fixture, a change of a CSV's columns, or a change of
    /// sheet XML packed into a workbook.
    static func mutant(_ n: Int, seeds: [(name: String, data: Data)], rng: inout SplitMix64) throws -> (String, Data) {
        let kind = Int(rng.next() % 10)
        if kind >= 8 {
            var xml = Array(sheetXML)
            mutateXML(&xml, rng: &rng)
            return (
                "fuzz\(n).xlsx",
                try WorkbookBuilder.workbook(sheet: Data(xml), compression: rng.next() % 2 == 0 ? .deflate : .none)
            )
        }
        let seed = seeds[Int(rng.next() % UInt64(seeds.count))]
        var bytes = Array(seed.data)
        let ext = (seed.name as NSString).pathExtension
        if ext == "csv" && kind >= 6 { mutateColumns(&bytes, rng: &rng) } else { mutateBytes(&bytes, rng: &rng) }
        return ("fuzz\(n).\(ext)", Data(bytes))
    }

    static let extremes = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e309", "-1e309", "NaN",
        "inf", "-0", "1048577", "99999999999999999999", "0x10", "1,000,000,000", "２", "-1", "4.5",
    ]
    static let junk: [[UInt8]] = [
        [0], [0xFF, 0xFE], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        Array("\"".utf8), Array("\r\n".utf8), Array(",,,".utf8), Array("<".utf8), Array("&amp".utf8),
    ]

    static func pick<T>(_ xs: [T], _ rng: inout SplitMix64) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    static func position(_ count: Int, _ rng: inout SplitMix64) -> Int {
        count == 0 ? 0 : Int(rng.next() % UInt64(count))
    }

    static func mutateBytes(_ b: inout [UInt8], rng: inout SplitMix64) {
        switch rng.next() % 6 {
        case 0:  // flip a few bytes anywhere
            for _ in 0...(rng.next() % 4) where !b.isEmpty {
                b[position(b.count, &rng)] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
        case 1:  // truncate
            b.removeLast(b.isEmpty ? 0 : position(b.count, &rng))
        case 2:  // NUL or invalid UTF-8 or syntax inserted
            b.insert(contentsOf: pick(junk, &rng), at: position(b.count + 1, &rng))
        case 3:  // zip damage: a byte of the last quarter (central directory, end record)
            if b.count > 4 {
                let i = b.count - 1 - position(b.count / 4, &rng)
                b[i] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
        case 4:  // four bytes zeroed or set (sizes, offsets, counts)
            let i = position(max(1, b.count - 4), &rng)
            let v: UInt8 = rng.next() % 2 == 0 ? 0 : 0xFF
            for k in i..<min(b.count, i + 4) { b[k] = v }
        default:  // an extreme number in place of a digit run
            replaceNumber(&b, with: Array(pick(extremes, &rng).utf8), rng: &rng)
        }
    }

    static func replaceNumber(_ b: inout [UInt8], with value: [UInt8], rng: inout SplitMix64) {
        let digits = b.indices.filter { (48...57).contains(b[$0]) }
        guard !digits.isEmpty else { return }
        var s = pick(digits, &rng)
        var e = s
        while s > 0 && (48...57).contains(b[s - 1]) { s -= 1 }
        while e < b.count && (48...57).contains(b[e]) { e += 1 }
        b.replaceSubrange(s..<e, with: value)
    }

    /// CSV: a column duplicated, two swapped, a line duplicated or dropped, an extreme number.
    static func mutateColumns(_ b: inout [UInt8], rng: inout SplitMix64) {
        var lines = String(decoding: b, as: UTF8.self).components(separatedBy: "\n").map {
            $0.components(separatedBy: ",")
        }
        let width = lines.map(\.count).max() ?? 0
        guard width > 1 else { return }
        let i = position(width, &rng)
        let j = position(width, &rng)
        switch rng.next() % 4 {
        case 0:
            lines = lines.map { l in
                var l = l
                if i < l.count { l.insert(l[i], at: i) }
                return l
            }
        case 1:
            lines = lines.map { l in
                var l = l
                if i < l.count, j < l.count { l.swapAt(i, j) }
                return l
            }
        case 2:
            let k = position(lines.count, &rng)
            lines.insert(lines[k], at: k)
        default:
            let k = position(lines.count, &rng)
            if i < lines[k].count { lines[k][i] = pick(extremes, &rng) }
        }
        b = Array(lines.map { $0.joined(separator: ",") }.joined(separator: "\n").utf8)
    }

    /// Sheet XML: extreme values and references, attributes, NUL, invalid UTF-8, cut or doubled ranges.
    static func mutateXML(_ b: inout [UInt8], rng: inout SplitMix64) {
        for _ in 0...(rng.next() % 3) {
            switch rng.next() % 7 {
            case 0: replaceNumber(&b, with: Array(pick(extremes, &rng).utf8), rng: &rng)
            case 1:
                let attrs = [
                    "r=\"ABCDEFGHIJKLMNO2\"", "r=\"A99999999999999999999\"", "s=\"-1\"", "s=\"7\"", "t=\"s\"",
                    "t=\"inlineStr\"",
                    "r=\"9223372036854775807\"", "\u{FF}=\"1\"", "r=\"XFD1048576\"",
                ]
                let at = b.indices.filter {
                    b[$0] == UInt8(ascii: "<") && $0 + 1 < b.count
                        && (b[$0 + 1] == UInt8(ascii: "c") || b[$0 + 1] == UInt8(ascii: "r"))
                }
                if let i = at.isEmpty ? nil : pick(at, &rng) {
                    let end =
                        b[i...].firstIndex(of: UInt8(ascii: " ")) ?? b[i...].firstIndex(of: UInt8(ascii: ">")) ?? i
                    b.insert(contentsOf: Array((" " + pick(attrs, &rng) + " ").utf8), at: end)
                }
            case 2: b.insert(contentsOf: pick(junk, &rng), at: position(b.count + 1, &rng))
            case 3:
                let merges = [
                    "<mergeCell ref=\"A2:XFD1048576\"/>", "<mergeCell ref=\"A1:A1048576\"/>",
                    "<mergeCell ref=\"B3:A2\"/>",
                    "<mergeCell ref=\"A0:B2\"/>",
                ]
                if let r = findBytes(b, Array("<mergeCell ".utf8)) {
                    b.insert(contentsOf: Array(pick(merges, &rng).utf8), at: r)
                }
            case 4:
                let s = position(b.count, &rng)
                let e = min(b.count, s + position(200, &rng))
                b.removeSubrange(s..<e)
            case 5:
                let s = position(b.count, &rng)
                let e = min(b.count, s + position(400, &rng))
                b.insert(contentsOf: b[s..<e], at: e)
            default:
                b[position(b.count, &rng)] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
        }
    }

    static func findBytes(_ b: [UInt8], _ needle: [UInt8]) -> Int? {
        guard b.count >= needle.count else { return nil }
        for i in 0...(b.count - needle.count) where b[i] == needle[0] && Array(b[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}
