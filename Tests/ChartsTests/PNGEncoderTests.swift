import CCairo
import Foundation
import Testing

@testable import Charts

/// A premultiplied ARGB32 image in memory, as Cairo leaves it, with `padding` spare pixels per row.
private struct PixelImage: CustomStringConvertible {
    let name: String
    let width: Int
    let height: Int
    let padding: Int
    var pixels: [UInt32]

    init(_ name: String, width: Int, height: Int, padding: Int = 0, pixel: (Int, Int) -> UInt32) {
        self.name = name
        self.width = width
        self.height = height
        self.padding = padding
        pixels = [UInt32](repeating: 0xDEAD_BEEF, count: (width + padding) * height)
        for y in 0..<height {
            for x in 0..<width { pixels[y * (width + padding) + x] = pixel(x, y) }
        }
    }

    var description: String { "\(name) \(width)×\(height)" }

    func encode() throws -> [UInt8] {
        let png = pixels.withUnsafeBytes { raw in
            PNGEncoder.encode(
                pixels: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), width: width, height: height,
                stride: 4 * (width + padding))
        }
        return try #require(png)
    }

    /// The RGB bytes a viewer must show: each pixel composited over white.
    func expectedRows() -> [[UInt8]] {
        (0..<height).map { y in
            (0..<width).flatMap { x -> [UInt8] in
                let p = pixels[y * (width + padding) + x]
                let under = 255 - UInt8(p >> 24)
                return [UInt8(p >> 16 & 0xFF) + under, UInt8(p >> 8 & 0xFF) + under, UInt8(p & 0xFF) + under]
            }
        }
    }
}

/// A reproducible pseudo-random sequence (64-bit LCG).
private struct Noise {
    var state: UInt64
    mutating func next() -> UInt32 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt32(truncatingIfNeeded: state >> 33)
    }
    /// A premultiplied pixel with a random alpha (`opaque`: 255) and components not above it.
    mutating func pixel(opaque: Bool = false) -> UInt32 {
        let a = opaque ? 255 : next() % 256
        let (r, g, b) = (next() % (a + 1), next() % (a + 1), next() % (a + 1))
        return a << 24 | r << 16 | g << 8 | b
    }
}

private let white: UInt32 = 0xFFFF_FFFF

private let images: [PixelImage] = {
    var noise = Noise(state: 7)
    var list: [PixelImage] = [
        PixelImage("one opaque pixel", width: 1, height: 1) { _, _ in 0xFF33_66CC },
        PixelImage("one transparent pixel", width: 1, height: 1) { _, _ in 0 },
        PixelImage("odd width, every alpha", width: 7, height: 5, padding: 3) { _, _ in noise.pixel() },
        PixelImage("all white, longer than a band and the window", width: 1000, height: 300) { _, _ in white },
        PixelImage("equal coloured rows, then half transparent ones", width: 333, height: 40) { _, y in
            y < 20 ? 0xFF56_B4E9 : 0x8000_3959
        },
        PixelImage("one column", width: 1, height: 50) { _, y in y % 7 == 0 ? 0xFF00_0000 : white },
    ]
    // Chart-like: white, equal rows of a bar, a row of noise every 37 rows, a stepped antialiased
    // diagonal (partly transparent) and a horizontal rule.
    list.append(
        PixelImage("chart-like rows", width: 1001, height: 400, padding: 1) { x, y in
            if y % 37 == 5 { return noise.pixel() }
            if y == 200 { return 0xFFCC_CCCC }
            if abs(x - 2 * y) < 2 { return x == 2 * y ? 0xFF00_72B2 : 0x8000_3959 }
            if (100..<180).contains(y) && (50..<620).contains(x) { return 0xFF56_B4E9 }
            return white
        })
    // Noise rows across many bands (the window slides), between them repeats of an earlier noise
    // row (matches far back) and white rows.
    var earlier: [UInt32] = []
    list.append(
        PixelImage("noise, repeats and white across bands", width: 3000, height: 60) { x, y in
            if y % 5 == 4 { return white }
            if y % 5 == 2 && y > 2 { return earlier[x] }
            let p = noise.pixel(opaque: y % 2 == 0)
            if y == 1 { earlier.append(p) }
            return p
        })
    list.append(
        PixelImage("the widest chart row", width: 16000, height: 3) { x, y in y == 1 && x % 3 == 0 ? 0 : white })
    return list
}()

@Suite struct PNGEncoding {
    @Test(arguments: images)
    private func decodesToThePixelsOverWhite(image: PixelImage) throws {
        // Given a premultiplied ARGB image, when encoded
        let png = try image.encode()
        // then zlib inflates it (CRCs and Adler-32 checked), every row has the Up filter, and the
        // unfiltered rows are the pixels composited over white
        let inflated = try InflatedPNG(png: png)
        #expect(inflated.chunks == ["IHDR", "IDAT", "IEND"])
        #expect(inflated.width == image.width && inflated.height == image.height)
        let rowBytes = 1 + 3 * image.width
        #expect((0..<image.height).allSatisfy { inflated.rows[$0 * rowBytes] == 2 })
        #expect(inflated.unfiltered() == image.expectedRows())
    }

    @Test(arguments: images)
    private func theStreamIsZlibsOwnAtLevelOne(image: PixelImage) throws {
        // Given an image, when encoded (raw deflate, our header and Adler-32)
        let inflated = try InflatedPNG(png: image.encode())
        // then the zlib stream is byte for byte what zlib's compress2 makes of the same rows at level 1
        #expect(Array(inflated.zlib.prefix(2)) == PNGEncoder.zlibHeader)
        #expect(inflated.zlib == inflated.compressedByZlib(level: 1))
    }

    @Test(arguments: images.filter { $0.width * $0.height <= 400_000 })
    private func cairoReadsTheSamePixels(image: PixelImage) throws {
        // Given an image, when encoded and read back by Cairo (libpng)
        let bitmap = try Bitmap(png: image.encode())
        // then every pixel is opaque and the expected colour
        let expected = image.expectedRows()
        var differing = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let p = bitmap.pixel(x: x, y: y)
                if [p.r, p.g, p.b] != Array(expected[y][3 * x..<3 * x + 3]) || p.a != 255 { differing += 1 }
            }
        }
        #expect(differing == 0)
    }

    @Test func theSameImageGivesTheSameBytesAfterOthersAndOnAnotherThread() throws {
        // Given an image encoded once
        let image = images[6]
        let first = try image.encode()
        // When other images were encoded since on this thread (the stream reset, not made anew),
        // and it is encoded on a new thread
        for other in images where other.name != image.name { _ = try other.encode() }
        let again = try image.encode()
        let fresh = EncodedOnThread()
        let done = DispatchSemaphore(value: 0)
        Thread {
            fresh.set(try? image.encode())
            done.signal()
        }.start()
        done.wait()
        // Then the bytes are the same every time
        #expect(again == first)
        #expect(fresh.get() == first)
    }
}

@Suite struct PNGAdler32 {
    @Test(arguments: [1, 2, 4, 3001, 8161, 48001])
    func aRowOfZerosSumsAsZlibsAdler32(length: Int) {
        // Given checksums so far with small and largest sums (s1, s2 just under 65521), and an Up
        // row of `length` bytes: the filter byte 2 and zeros
        let row = [2] + [UInt8](repeating: 0, count: length - 1)
        for start: [UInt8] in [[], [7, 200, 13], [UInt8](repeating: 255, count: 5552), [255, 254, 253]] {
            var ours = Adler32()
            start.withUnsafeBufferPointer { ours.add($0.baseAddress!, count: $0.count) }
            let before = UInt32(adler32(1, start, uInt(start.count)))
            #expect(ours.value == before)
            // When the row is added by arithmetic
            ours.addUpRowOfZeros(length: length)
            // Then the checksum is zlib's over the bytes
            #expect(ours.value == UInt32(adler32(uLong(before), row, uInt(row.count))))
        }
    }

    @Test(arguments: [(65519, 65520), (65520, 65520), (65519, 0), (0, 65520)])
    func nearlyFullSumsWrapAround(s1: UInt32, s2: UInt32) {
        // Given a checksum whose sums are at or just below the modulus 65521
        let start = s2 << 16 | s1
        let row = [2] + [UInt8](repeating: 0, count: 99)
        // When a row of zeros is added by arithmetic and by zlib from that state
        var ours = Adler32(value: start)
        ours.addUpRowOfZeros(length: row.count)
        // Then both agree
        #expect(ours.value == UInt32(adler32(uLong(start), row, uInt(row.count))))
    }
}

private final class EncodedOnThread: @unchecked Sendable {
    private let lock = NSLock()
    private var png: [UInt8]?
    func set(_ bytes: [UInt8]?) { lock.withLock { png = bytes } }
    func get() -> [UInt8]? { lock.withLock { png } }
}
