import CCairo

/// A decoded PNG (via Cairo), for checking drawn pixels in tests. Pixels are un-premultiplied RGBA.
struct Bitmap {
    let width: Int
    let height: Int
    private let argb: [UInt32]

    init(png: [UInt8]) throws {
        let source = ByteSource(png)
        let surface: OpaquePointer = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream(
                { closure, data, length in
                    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                    let src = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
                    let n = Int(length)
                    guard src.offset + n <= src.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                    src.bytes.withUnsafeBufferPointer { buf in
                        data.update(from: buf.baseAddress! + src.offset, count: n)
                    }
                    src.offset += n
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(source).toOpaque())!
        }
        defer { cairo_surface_destroy(surface) }
        let st = cairo_surface_status(surface)
        guard st == CAIRO_STATUS_SUCCESS else {
            throw ChartError.cairo(chart: "PNG", step: "read PNG", status: Canvas.describe(st))
        }
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface))
        let h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let opaque = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        let data = cairo_image_surface_get_data(surface)!
        var out = [UInt32](repeating: 0, count: w * h)
        for y in 0..<h {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w { out[y * w + x] = opaque ? (row[x] | 0xFF00_0000) : row[x] }
        }
        width = w
        height = h
        argb = out
    }

    /// The pixel at (x, y) in device pixels, un-premultiplied.
    func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let v = argb[y * width + x]
        let a = (v >> 24) & 0xFF
        func un(_ c: UInt32) -> UInt8 { a == 0 ? 0 : UInt8(min(255, (c * 255 + a / 2) / a)) }
        return (un((v >> 16) & 0xFF), un((v >> 8) & 0xFF), un(v & 0xFF), UInt8(a))
    }

    /// True when the pixel is the colour within `tolerance` per component.
    func matches(x: Int, y: Int, _ color: ChartColor, tolerance: Int = 2) -> Bool {
        let p = pixel(x: x, y: y)
        return abs(Int(p.r) - Int(color.red)) <= tolerance && abs(Int(p.g) - Int(color.green)) <= tolerance
            && abs(Int(p.b) - Int(color.blue)) <= tolerance && p.a == 255
    }

    /// True when the pixel is (near) white.
    func isBlank(x: Int, y: Int) -> Bool {
        let p = pixel(x: x, y: y)
        return p.r >= 250 && p.g >= 250 && p.b >= 250
    }
}

final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// The zlib stream of a PNG, checked and inflated by zlib itself (for tests of `PNGEncoder`): every
/// chunk's CRC is verified and `uncompress` checks the Adler-32.
struct InflatedPNG {
    let width: Int
    let height: Int
    /// The filtered rows: a filter-type byte and 3 × width bytes each (8-bit RGB images only).
    let rows: [UInt8]
    /// The chunk types in order.
    let chunks: [String]
    /// The zlib stream (the IDAT chunks' data).
    let zlib: [UInt8]

    enum Failure: Error, Equatable {
        case notPNG
        case badCRC(String)
        case notRGB8
        case inflate(Int32)
        case wrongLength(Int)
    }

    init(png: [UInt8]) throws {
        guard png.count >= 8, Array(png[0..<8]) == PNGEncoder.signature else { throw Failure.notPNG }
        var offset = 8
        var types: [String] = []
        var header: [UInt8] = []
        var zlib: [UInt8] = []
        while offset + 12 <= png.count {
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let body = Array(png[offset + 4..<offset + 8 + length])
            let stored = png[offset + 8 + length..<offset + 12 + length].reduce(UInt(0)) { $0 << 8 | UInt($1) }
            let type = String(decoding: body[0..<4], as: UTF8.self)
            guard crc32(0, body, uInt(body.count)) == stored else { throw Failure.badCRC(type) }
            types.append(type)
            if type == "IHDR" { header = Array(body[4...]) }
            if type == "IDAT" { zlib += body[4...] }
            offset += 12 + length
        }
        guard header.count == 13, header[8] == 8, header[9] == 2 else { throw Failure.notRGB8 }
        width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        let expected = height * (1 + 3 * width)
        var out = [UInt8](repeating: 0, count: expected + 1)
        var outLength = uLong(out.count)
        let rc = uncompress(&out, &outLength, zlib, uLong(zlib.count))
        guard rc == Z_OK else { throw Failure.inflate(rc) }
        guard Int(outLength) == expected else { throw Failure.wrongLength(Int(outLength)) }
        rows = Array(out[0..<expected])
        chunks = types
        self.zlib = zlib
    }

    /// The rows compressed by zlib's `compress2` (one zlib-wrapped stream) at `level`.
    func compressedByZlib(level: Int32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(compressBound(uLong(rows.count))))
        var outLength = uLong(out.count)
        guard compress2(&out, &outLength, rows, uLong(rows.count), level) == Z_OK else { return [] }
        return Array(out[0..<Int(outLength)])
    }

    /// The RGB bytes of each row with the filter undone (None, Sub, Up, Average or Paeth).
    func unfiltered() -> [[UInt8]] {
        let n = 3 * width
        var previous = [UInt8](repeating: 0, count: n)
        var result: [[UInt8]] = []
        for y in 0..<height {
            let filter = rows[y * (n + 1)]
            var row = Array(rows[y * (n + 1) + 1..<(y + 1) * (n + 1)])
            for i in 0..<n {
                let a = i >= 3 ? Int(row[i - 3]) : 0
                let b = Int(previous[i])
                let c = i >= 3 ? Int(previous[i - 3]) : 0
                let add: Int
                switch filter {
                case 1: add = a
                case 2: add = b
                case 3: add = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    add = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: add = 0
                }
                row[i] = row[i] &+ UInt8(add & 0xFF)
            }
            result.append(row)
            previous = row
        }
        return result
    }
}
