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
