import CCairo
import Foundation

/// A small PNG writer for opaque chart images: 8-bit RGB, the "Up" filter on every row, one zlib stream
/// (level 1) fed in bands of rows. Several times faster than the libpng adaptive filtering at
/// level 6 behind cairo_surface_write_to_png_stream, smaller (no alpha channel), and deterministic.
enum PNGEncoder {
    /// zlib level 1 with the default strategy: as fast as Z_RLE on chart rows (long runs of zeros
    /// after the Up filter become length-258 matches either way) and about 30 % fewer bytes.
    static let zlibLevel: Int32 = 1
    static let zlibStrategy = Z_DEFAULT_STRATEGY
    /// Encodes ARGB32 (premultiplied, native-endian) pixels; transparent pixels are composited over white.
    static func encode(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> [UInt8]? {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, zlibLevel, Z_DEFLATED, 15, 8, zlibStrategy, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else {
            return nil
        }
        defer { deflateEnd(&stream) }
        let rowBytes = 1 + 3 * width
        let band = max(1, min(height, 65536 / rowBytes))
        let inBuf = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes * band)
        let outSize = 64 * 1024
        let outBuf = UnsafeMutablePointer<UInt8>.allocate(capacity: outSize)
        defer {
            inBuf.deallocate()
            outBuf.deallocate()
        }
        var idat: [UInt8] = []
        idat.reserveCapacity(128 * 1024)

        var y = 0
        while y < height {
            let rows = min(band, height - y)
            for r in 0..<rows {
                filterRow(pixels: pixels, y: y + r, width: width, stride: stride, into: inBuf + r * rowBytes)
            }
            y += rows
            stream.next_in = inBuf
            stream.avail_in = uInt(rows * rowBytes)
            let flush = y == height ? Z_FINISH : Z_NO_FLUSH
            repeat {
                stream.next_out = outBuf
                stream.avail_out = uInt(outSize)
                let rc = deflate(&stream, flush)
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else { return nil }
                idat.append(contentsOf: UnsafeBufferPointer(start: outBuf, count: outSize - Int(stream.avail_out)))
                if rc == Z_STREAM_END { break }
            } while stream.avail_out == 0 || (flush == Z_FINISH)
        }

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(idat.count + 64)
        var ihdr: [UInt8] = []
        appendBE32(&ihdr, UInt32(width))
        appendBE32(&ihdr, UInt32(height))
        ihdr += [8, 2, 0, 0, 0]  // 8-bit, RGB, deflate, adaptive filtering, no interlace
        chunk(&png, "IHDR", ihdr)
        chunk(&png, "IDAT", idat)
        chunk(&png, "IEND", [])
        return png
    }

    /// Row `y` with the Up filter (its filter byte, then each RGB byte minus the one above it) into
    /// `out`. Chart rows are mostly the same as the row above (white, or a bar's colour): whole equal
    /// rows become zeros at once, equal pixels without converting them.
    private static func filterRow(
        pixels: UnsafePointer<UInt8>, y: Int, width: Int, stride: Int, into out: UnsafeMutablePointer<UInt8>
    ) {
        out[0] = 2  // Up
        let row = UnsafeRawPointer(pixels + y * stride).assumingMemoryBound(to: UInt32.self)
        guard y > 0 else {
            for x in 0..<width { store(rgb(row[x]), at: out + 1 + 3 * x) }
            return
        }
        let above = UnsafeRawPointer(pixels + (y - 1) * stride).assumingMemoryBound(to: UInt32.self)
        if memcmp(row, above, 4 * width) == 0 {
            (out + 1).initialize(repeating: 0, count: 3 * width)
            return
        }
        for x in 0..<width {
            let p = row[x]
            let q = above[x]
            let o = out + 1 + 3 * x
            if p == q {
                o[0] = 0
                o[1] = 0
                o[2] = 0
            } else {
                let (a, b) = (rgb(p), rgb(q))
                store((a.0 &- b.0, a.1 &- b.1, a.2 &- b.2), at: o)
            }
        }
    }

    /// A premultiplied ARGB pixel composited over white, as (red, green, blue).
    @inline(__always)
    private static func rgb(_ p: UInt32) -> (UInt8, UInt8, UInt8) {
        let under = 255 &- UInt8(truncatingIfNeeded: p >> 24)
        return (
            UInt8(truncatingIfNeeded: p >> 16) &+ under, UInt8(truncatingIfNeeded: p >> 8) &+ under,
            UInt8(truncatingIfNeeded: p) &+ under
        )
    }

    @inline(__always)
    private static func store(_ c: (UInt8, UInt8, UInt8), at o: UnsafeMutablePointer<UInt8>) {
        o[0] = c.0
        o[1] = c.1
        o[2] = c.2
    }

    private static func appendBE32(_ a: inout [UInt8], _ v: UInt32) {
        a += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    private static func chunk(_ png: inout [UInt8], _ type: String, _ data: [UInt8]) {
        appendBE32(&png, UInt32(data.count))
        let start = png.count
        png += Array(type.utf8)
        png += data
        let crc = png.withUnsafeBufferPointer { crc32(0, $0.baseAddress! + start, uInt($0.count - start)) }
        appendBE32(&png, UInt32(crc))
    }
}
