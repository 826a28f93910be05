/// A tiny line without text (for tables); nil values leave gaps; the last value can get a dot.
public struct Sparkline: Sendable {
    public var values: [Double?]
    public var highlightLast: Bool
    /// Value range; nil = the data's min…max.
    public var range: ClosedRange<Double>?
    /// Decimals of values in the alt text.
    public var decimals: Int
    /// The line rises when things get better: false for a rank, where 1 is best (a rank going from
    /// 12 to 8 is drawn going up).
    public var higherIsBetter: Bool

    public init(
        values: [Double?], highlightLast: Bool = true, range: ClosedRange<Double>? = nil, decimals: Int = 1,
        higherIsBetter: Bool = true
    ) {
        self.values = values
        self.highlightLast = highlightLast
        self.range = range
        self.decimals = decimals
        self.higherIsBetter = higherIsBetter
    }

    public func render(size: ChartSize) throws -> RenderedChart {
        let name = "走势图"
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { throw ChartError.invalidInput(chart: name, message: "no values") }
        guard present.allSatisfy(\.isFinite) else {
            throw ChartError.invalidInput(chart: name, message: "a value is not a number")
        }
        let canvas = try Canvas(chart: name, size: size)
        canvas.background(Colors.white)
        let lo = range?.lowerBound ?? present.min()!
        var hi = range?.upperBound ?? present.max()!
        if !(hi > lo) { hi = lo + 1 }
        let pad = 3.0
        let left = pad
        let right = canvas.width - pad
        let top = pad
        let bottom = canvas.height - pad
        let n = values.count
        func x(_ i: Int) -> Double { n > 1 ? left + (right - left) * Double(i) / Double(n - 1) : (left + right) / 2 }
        func y(_ v: Double) -> Double {
            let flat = range == nil && present.min()! == present.max()!
            guard !flat else { return (top + bottom) / 2 }
            let up = (min(max(v, lo), hi) - lo) / (hi - lo)  // 0 at the bottom, 1 at the top
            return bottom - (higherIsBetter ? up : 1 - up) * (bottom - top)
        }
        let points: [(Double, Double)?] = values.enumerated().map { i, v in v.map { (x(i), y($0)) } }
        canvas.polyline(points, color: RGB(ChartPalette.axis), width: 1.5)
        // Single points between gaps would vanish: draw them as dots.
        for (i, p) in points.enumerated() {
            if let p, i == 0 || points[i - 1] == nil, i == n - 1 || points[i + 1] == nil {
                canvas.circle(x: p.0, y: p.1, radius: 1.2, fill: RGB(ChartPalette.axis))
            }
        }
        if highlightLast, let last = points.last, let p = last {
            canvas.circle(x: p.0, y: p.1, radius: 2.5, fill: RGB(ChartPalette.highlight))
        }
        let png = try canvas.png()
        var alt =
            "走势图：共 \(n) 期，最低 \(formatNumber(present.min()!, decimals: decimals))，最高 \(formatNumber(present.max()!, decimals: decimals))"
        if let last = values.last, let v = last { alt += "，最新 \(formatNumber(v, decimals: decimals))" }
        return RenderedChart(png: png, altText: alt, pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight)
    }
}
