import CCairo
import Foundation

/// A small PNG writer for opaque chart images: 8-bit RGB, the "Up" filter on every row, one IDAT
/// chunk holding a zlib stream (level 1) fed in bands of rows. Several times faster than the libpng
/// adaptive filtering at level 6 behind cairo_surface_write_to_png_stream, smaller (no alpha channel),
/// and deterministic.
///
/// zlib compresses a raw deflate stream (no wrapper) on one `z_stream` per thread, reset between
/// images; the encoder writes the zlib header and the Adler-32 itself, so that rows of zeros (most
/// chart rows after the Up filter) are summed by arithmetic instead of byte by byte. The bytes are
/// those of a zlib-wrapped stream at the same level.
enum PNGEncoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// zlib level 1 with the default strategy: as fast as Z_RLE on chart rows (long runs of zeros
    /// after the Up filter become length-258 matches either way) and about 30 % fewer bytes.
    static let zlibLevel: Int32 = 1
    static let zlibStrategy = Z_DEFAULT_STRATEGY
    /// The header zlib writes for a 32 KB window at levels 0 and 1, no dictionary.
    static let zlibHeader: [UInt8] = [0x78, 0x01]
    /// Bytes of filtered rows handed to zlib at once.
    static let bandBytes = 65536

    /// Encodes ARGB32 (premultiplied, native-endian) pixels; transparent pixels are composited over
    /// white. Nil when zlib fails.
    static func encode(pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> [UInt8]? {
        let scratch = PNGScratch.shared
        guard width > 0, height > 0, scratch.resetStream() else { return nil }
        let rowBytes = 1 + 3 * width
        let band = max(1, min(height, bandBytes / rowBytes))
        let rows = scratch.bandBuffer(bytes: band * rowBytes)

        var out = PNGOutput(scratch: scratch)
        out.append(signature)
        out.appendChunk("IHDR", ihdr(width: width, height: height))
        let idat = out.count
        out.append([0, 0, 0, 0] + Array("IDAT".utf8) + zlibHeader)
        var adler = Adler32()
        var y = 0
        while y < height {
            let count = min(band, height - y)
            for r in 0..<count {
                filterRow(
                    pixels: pixels, y: y + r, width: width, stride: stride, into: rows + r * rowBytes, adler: &adler)
            }
            y += count
            guard out.deflate(rows, count: count * rowBytes, finish: y == height) else { return nil }
        }
        out.appendBE32(adler.value)
        let length = out.count - idat - 8
        out.patchBE32(UInt32(length), at: idat)
        out.appendBE32(UInt32(crc32(0, out.bytes + idat + 4, uInt(length + 4))))
        out.appendChunk("IEND", [])
        return out.finished()
    }

    /// The IHDR data: 8-bit RGB, deflate, adaptive filtering, no interlace.
    private static func ihdr(width: Int, height: Int) -> [UInt8] {
        var data: [UInt8] = []
        for v in [UInt32(width), UInt32(height)] {
            data += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        }
        return data + [8, 2, 0, 0, 0]
    }

    /// Row `y` with the Up filter (its filter byte, then each RGB byte minus the one above it) into
    /// `out`, added to `adler` as it is written. Chart rows are mostly the same as the row above
    /// (white, or a bar's colour): whole equal rows become zeros at once (and are summed by
    /// arithmetic), runs of four equal pixels without converting them (their twelve zeros add
    /// 12 · s1 to the second sum). Each pixel is stored as four bytes, the fourth overwritten by the
    /// next pixel (or, after a row's last pixel, by the next row's filter byte or the band buffer's
    /// slack).
    private static func filterRow(
        pixels: UnsafePointer<UInt8>, y: Int, width: Int, stride: Int, into out: UnsafeMutablePointer<UInt8>,
        adler: inout Adler32
    ) {
        out[0] = 2  // Up
        let o = UnsafeMutableRawPointer(out + 1)
        let row = UnsafeRawPointer(pixels + y * stride)
        guard y > 0 else {
            var sums = adler.rowSums(filterByte: 2)
            for x in 0..<width {
                let d = bytes(rgb(row.load(fromByteOffset: 4 &* x, as: UInt32.self)))
                o.storeBytes(of: d, toByteOffset: 3 &* x, as: UInt32.self)
                sums.add(pixel: d)
            }
            adler = sums.reduced
            return
        }
        let above = row - stride
        if memcmp(row, above, 4 * width) == 0 {
            o.initializeMemory(as: UInt8.self, repeating: 0, count: 3 * width)
            adler.addUpRowOfZeros(length: 1 + 3 * width)
            return
        }
        var sums = adler.rowSums(filterByte: 2)
        var x = 0
        while x &+ 4 <= width {
            let a = row.loadUnaligned(fromByteOffset: 4 &* x, as: UInt64.self)
            let b = row.loadUnaligned(fromByteOffset: 4 &* x &+ 8, as: UInt64.self)
            let c = above.loadUnaligned(fromByteOffset: 4 &* x, as: UInt64.self)
            let d = above.loadUnaligned(fromByteOffset: 4 &* x &+ 8, as: UInt64.self)
            if (a ^ c) | (b ^ d) == 0 {
                o.storeBytes(of: UInt64(0), toByteOffset: 3 &* x, as: UInt64.self)
                o.storeBytes(of: UInt32(0), toByteOffset: 3 &* x &+ 8, as: UInt32.self)
                sums.addZeros(12)
            } else {
                for i in x..<x &+ 4 { sums.add(pixel: filterPixel(row, above, i, into: o)) }
            }
            x &+= 4
        }
        while x < width {
            sums.add(pixel: filterPixel(row, above, x, into: o))
            x &+= 1
        }
        adler = sums.reduced
    }

    /// Stores pixel `x` filtered (three bytes and a fourth the next pixel overwrites); returns it.
    @inline(__always)
    private static func filterPixel(
        _ row: UnsafeRawPointer, _ above: UnsafeRawPointer, _ x: Int, into o: UnsafeMutableRawPointer
    ) -> UInt32 {
        let p = row.load(fromByteOffset: 4 &* x, as: UInt32.self)
        let q = above.load(fromByteOffset: 4 &* x, as: UInt32.self)
        let d = p == q ? 0 : bytes(difference(rgb(p), rgb(q)))
        o.storeBytes(of: d, toByteOffset: 3 &* x, as: UInt32.self)
        return d
    }

    /// A premultiplied ARGB pixel composited over white, as 0x00RRGGBB (no component carries: a
    /// premultiplied component is at most the alpha).
    @inline(__always)
    private static func rgb(_ p: UInt32) -> UInt32 {
        (p & 0x00FF_FFFF) &+ (255 &- p >> 24) &* 0x01_0101
    }

    /// Each byte of `a` minus the same byte of `b`, modulo 256.
    @inline(__always)
    private static func difference(_ a: UInt32, _ b: UInt32) -> UInt32 {
        ((a | 0x8080_8080) &- (b & 0x7F7F_7F7F)) ^ ((a ^ ~b) & 0x8080_8080)
    }

    /// 0x00RRGGBB as a little-endian word whose first three bytes are R, G, B.
    @inline(__always)
    private static func bytes(_ c: UInt32) -> UInt32 {
        (c.byteSwapped >> 8).littleEndian
    }
}

/// The Adler-32 of the filtered rows (RFC 1950): zlib's `adler32` for rows with data, arithmetic for
/// rows of zeros.
struct Adler32 {
    private static let base: UInt64 = 65521
    private(set) var value: UInt32

    init(value: UInt32 = 1) { self.value = value }

    mutating func add(_ bytes: UnsafePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        value = UInt32(adler32(uLong(value), bytes, uInt(count)))
    }

    /// Adds a row of `length` bytes: the Up filter's byte 2, then zeros. Each zero adds nothing to
    /// the byte sum s1 and s1 to s2, so `length - 1` zeros add (length - 1) · s1 to s2.
    mutating func addUpRowOfZeros(length: Int) {
        let s1 = (UInt64(value & 0xFFFF) + 2) % Self.base
        let s2 = (UInt64(value >> 16) + s1 + UInt64(length - 1) % Self.base * s1) % Self.base
        value = UInt32(s2 << 16 | s1)
    }

    /// The sums going on with a row that starts with `filterByte`.
    func rowSums(filterByte: UInt8) -> RowSums {
        var sums = RowSums(s1: UInt64(value & 0xFFFF), s2: UInt64(value >> 16))
        sums.add(byte: UInt64(filterByte))
        return sums
    }

    /// The two sums of one row, not reduced modulo 65521 until the row ends: a row of at most
    /// 1 + 3 · 8000 bytes adds less than 2^23 to s1 and 2^38 to s2.
    struct RowSums {
        var s1: UInt64
        var s2: UInt64

        @inline(__always)
        mutating func add(byte: UInt64) {
            s1 &+= byte
            s2 &+= s1
        }

        /// `count` zeros: s1 stays, s2 gains s1 for each.
        @inline(__always)
        mutating func addZeros(_ count: UInt64) { s2 &+= count &* s1 }

        /// A filtered pixel's three bytes (the low three of `d`, as `PNGEncoder.bytes` lays them out).
        @inline(__always)
        mutating func add(pixel d: UInt32) {
            let le = d.littleEndian
            let (r, g, b) = (UInt64(le & 0xFF), UInt64(le >> 8 & 0xFF), UInt64(le >> 16 & 0xFF))
            s2 &+= 3 &* s1 &+ 3 &* r &+ 2 &* g &+ b
            s1 &+= r &+ g &+ b
        }

        var reduced: Adler32 { Adler32(value: UInt32((s2 % Adler32.base) << 16 | s1 % Adler32.base)) }
    }
}

/// The PNG being written into the thread's output buffer, which grows as needed.
private struct PNGOutput {
    let scratch: PNGScratch
    private(set) var count = 0
    var bytes: UnsafeMutablePointer<UInt8> { scratch.output }

    init(scratch: PNGScratch) { self.scratch = scratch }

    mutating func append(_ data: [UInt8]) {
        scratch.reserveOutput(count + data.count)
        data.withUnsafeBufferPointer { (scratch.output + count).update(from: $0.baseAddress!, count: data.count) }
        count += data.count
    }

    mutating func appendBE32(_ v: UInt32) {
        append([UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])
    }

    func patchBE32(_ v: UInt32, at offset: Int) {
        for i in 0..<4 { scratch.output[offset + i] = UInt8((v >> (24 - 8 * i)) & 0xFF) }
    }

    mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        appendBE32(UInt32(data.count))
        let start = count
        append(Array(type.utf8) + data)
        appendBE32(UInt32(crc32(0, bytes + start, uInt(count - start))))
    }

    /// Compresses `count` bytes at `input` onto the output (`finish`: the last ones of the stream).
    mutating func deflate(_ input: UnsafeMutablePointer<UInt8>, count inputCount: Int, finish: Bool) -> Bool {
        let stream = scratch.stream
        stream.pointee.next_in = input
        stream.pointee.avail_in = uInt(inputCount)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            scratch.reserveOutput(count + 16 * 1024)
            let room = scratch.outputCapacity - count
            stream.pointee.next_out = scratch.output + count
            stream.pointee.avail_out = uInt(room)
            let rc = CCairo.deflate(stream, flush)
            count += room - Int(stream.pointee.avail_out)
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else { return false }
            if rc == Z_STREAM_END || (!finish && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0) {
                return true
            }
        }
    }

    /// A copy of the PNG's bytes.
    func finished() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.update(from: scratch.output, count: count)
            initialized = count
        }
    }
}

/// The calling thread's raw-deflate stream and buffers, kept from one image to the next.
final class PNGScratch {
    let stream: UnsafeMutablePointer<z_stream>
    private var initialized = false
    private(set) var band: UnsafeMutablePointer<UInt8>
    private var bandCapacity = 0
    private(set) var output: UnsafeMutablePointer<UInt8>
    private(set) var outputCapacity = 0
    /// Bytes after the band's rows that `filterRow` may write.
    private static let slack = 8

    private init() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        band = UnsafeMutablePointer<UInt8>.allocate(capacity: 0)
        output = UnsafeMutablePointer<UInt8>.allocate(capacity: 0)
    }

    deinit {
        if initialized { deflateEnd(stream) }
        stream.deallocate()
        band.deallocate()
        output.deallocate()
    }

    /// The stream ready for a new image: initialised the first time, reset after.
    func resetStream() -> Bool {
        if initialized { return deflateReset(stream) == Z_OK }
        initialized =
            deflateInit2_(
                stream, PNGEncoder.zlibLevel, Z_DEFLATED, -15, 8, PNGEncoder.zlibStrategy, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        return initialized
    }

    /// A buffer for `bytes` bytes of filtered rows (and the slack after them).
    func bandBuffer(bytes: Int) -> UnsafeMutablePointer<UInt8> {
        if bandCapacity < bytes + Self.slack {
            band.deallocate()
            bandCapacity = bytes + Self.slack
            band = UnsafeMutablePointer<UInt8>.allocate(capacity: bandCapacity)
        }
        return band
    }

    /// Grows the output buffer (keeping its bytes) to hold at least `bytes`.
    func reserveOutput(_ bytes: Int) {
        guard outputCapacity < bytes else { return }
        let capacity = max(bytes, 2 * outputCapacity, 64 * 1024)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: output, count: outputCapacity)
        output.deallocate()
        output = grown
        outputCapacity = capacity
    }

    /// The calling thread's scratch.
    static var shared: PNGScratch { perThread.value }
    private static let perThread = PerThread { PNGScratch() }
}
