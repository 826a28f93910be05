/// Lines over weeks (or months): several series with a legend; nil values leave gaps.
public struct LineChart: Sendable {
    public var title: String
    public var source: String?
    public var xLabels: [String]
    /// `values[i]` belongs to `xLabels[i]`.
    public var series: [(name: String, values: [Double?])]
    /// Value axis range; nil = from the data (including 0), rounded to nice ticks.
    public var yRange: ClosedRange<Double>?
    /// Decimals of values in the alt text.
    public var decimals: Int
    public var valueUnit: String

    public init(
        title: String, source: String? = nil, xLabels: [String], series: [(name: String, values: [Double?])],
        yRange: ClosedRange<Double>? = nil, decimals: Int = 1, valueUnit: String = ""
    ) {
        self.title = title
        self.source = source
        self.xLabels = xLabels
        self.series = series
        self.yRange = yRange
        self.decimals = decimals
        self.valueUnit = valueUnit
    }

    var chartName: String { "折线图「\(title)」" }

    public func render(size: ChartSize) throws -> RenderedChart {
        let name = chartName
        guard !xLabels.isEmpty, !series.isEmpty else {
            throw ChartError.invalidInput(chart: name, message: "no points or no series")
        }
        guard series.count <= ChartPalette.series.count else {
            throw ChartError.invalidInput(
                chart: name, message: "\(series.count) series, at most \(ChartPalette.series.count) can be told apart")
        }
        for s in series {
            guard s.values.count == xLabels.count else {
                throw ChartError.invalidInput(
                    chart: name, message: "series \(s.name) has \(s.values.count) values for \(xLabels.count) labels")
            }
            if s.values.contains(where: { $0.map { !$0.isFinite } ?? false }) {
                throw ChartError.invalidInput(chart: name, message: "series \(s.name) has a value that is not a number")
            }
        }
        let all = series.flatMap { $0.values.compactMap { $0 } }
        let scale: NiceScale
        if let yRange {
            scale = NiceScale(lo: yRange.lowerBound, hi: yRange.upperBound, target: 5, extend: false)
        } else {
            scale = NiceScale(lo: min(0, all.min() ?? 0), hi: max(all.max() ?? 1, (all.min() ?? 0) + 1e-9), target: 5)
        }
        let canvas = try Canvas(chart: name, size: size)
        let typo = Typography(width: canvas.width)
        var content = try drawFrame(canvas, typo: typo, title: title, source: source)
        let colors = ChartPalette.series.map(RGB.init)
        var unitW = 0.0
        if !valueUnit.isEmpty {
            let r = try canvas.text(
                "单位：" + valueUnit, font: typo.tick, color: Colors.secondary, x: content.maxX, y: content.y,
                align: .right, maxWidth: content.width / 3)
            unitW = r.width + typo.gap * 2
        }
        let legendH = try drawLegend(
            canvas, typo: typo, entries: series.enumerated().map { ($1.name, colors[$0]) },
            x: content.x, y: content.y, width: content.width - unitW, marker: .line)
        content.y += legendH + typo.gap * 1.5
        content.height -= legendH + typo.gap * 1.5

        let tickTexts = scale.ticks.map { formatNumber($0, decimals: scale.decimals) }
        var tickW = 0.0
        for t in tickTexts { tickW = max(tickW, try canvas.measure(t, font: typo.tick, numeric: true).width) }
        let tickH = try canvas.measure("0123456789周", font: typo.tick).height
        let plotLeft = canvas.snapEdge(content.x + tickW + typo.gap)
        let plotRight = canvas.snapEdge(content.maxX - typo.gap)
        let plotTop = content.y + tickH / 2
        let plotBottom = content.maxY - tickH - 6
        guard plotRight - plotLeft > 10, plotBottom - plotTop > 10 else {
            throw ChartError.invalidInput(chart: name, message: "size \(size.width)x\(size.height) is too small")
        }
        for (t, text) in zip(scale.ticks, tickTexts) {
            let y = canvas.snapLine(scale.position(t, from: plotBottom, to: plotTop), lineWidth: 1)
            canvas.line(
                from: (plotLeft, y), to: (plotRight, y), color: t == scale.min ? Colors.axis : Colors.grid, width: 1)
            try canvas.text(
                text, font: typo.tick, color: Colors.secondary, x: plotLeft - typo.gap, y: y,
                align: .right, valign: .middle, numeric: true)
        }
        let n = xLabels.count
        let step = n > 1 ? (plotRight - plotLeft - 16) / Double(n - 1) : 0
        func xAt(_ i: Int) -> Double { n > 1 ? plotLeft + 8 + step * Double(i) : (plotLeft + plotRight) / 2 }
        // Thin out x labels so they never overlap.
        var labelW = 0.0
        for l in xLabels { labelW = max(labelW, try canvas.measure(l, font: typo.tick).width) }
        var every = 1
        while n > 1 && step * Double(every) < labelW + typo.gap * 1.5 { every += 1 }
        for i in stride(from: (n - 1) % every, to: n, by: every) {  // the latest period always has its label
            let x = xAt(i)
            canvas.line(
                from: (canvas.snapLine(x, lineWidth: 1), plotBottom),
                to: (canvas.snapLine(x, lineWidth: 1), plotBottom + 4),
                color: Colors.axis, width: 1)
            let maxW = n > 1 ? step * Double(every) - 2 : plotRight - plotLeft
            let w = try canvas.measure(xLabels[i], font: typo.tick, maxWidth: maxW).width
            let cx = min(max(x, content.x + w / 2), canvas.width - typo.margin - w / 2)  // edge labels stay inside
            try canvas.text(
                xLabels[i], font: typo.tick, color: Colors.secondary, x: cx, y: plotBottom + 6,
                align: .center, maxWidth: maxW)
        }
        for (k, s) in series.enumerated() {
            let pts: [(Double, Double)?] = s.values.enumerated().map { i, v in
                v.map { (xAt(i), scale.position(min(max($0, scale.min), scale.max), from: plotBottom, to: plotTop)) }
            }
            canvas.polyline(pts, color: colors[k], width: 2)
            let r = step >= 14 ? 3.0 : 0
            for p in pts.compactMap({ $0 }) where r > 0 {
                canvas.circle(x: p.0, y: p.1, radius: r, fill: Colors.white, stroke: colors[k], strokeWidth: 1.5)
            }
        }
        let png = try canvas.png()
        var alt = "折线图"
        if !title.isEmpty { alt += "「\(title)」" }
        alt += "：\(series.count) 条序列，\(xLabels.first!)至\(xLabels.last!)共 \(n) 期"
        for s in series {
            if let last = s.values.lastIndex(where: { $0 != nil }) {
                alt += "；\(s.name) \(xLabels[last]) 为 \(formatNumber(s.values[last]!, decimals: decimals))\(valueUnit)"
            }
        }
        return RenderedChart(png: png, altText: alt, pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight)
    }
}
