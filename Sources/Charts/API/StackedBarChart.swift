/// Stacked horizontal bars: for each unit (category) the points of each indicator (series), with a legend
/// and the total printed right-aligned.
public struct StackedBarChart: Sendable {
    public var title: String
    public var source: String?
    public var categories: [String]
    /// One series per indicator; `values[i]` belongs to `categories[i]` (≥ 0).
    public var series: [(name: String, values: [Double])]
    /// End of the value axis; nil = the largest total rounded up to a nice number.
    public var maxValue: Double?
    /// Decimals of the printed totals.
    public var decimals: Int
    public var valueUnit: String
    /// Sort by total, highest first (ties keep their input order).
    public var sortedByTotal: Bool

    public init(
        title: String, source: String? = nil, categories: [String],
        series: [(name: String, values: [Double])], maxValue: Double? = nil, decimals: Int = 2,
        valueUnit: String = "分", sortedByTotal: Bool = true
    ) {
        self.title = title
        self.source = source
        self.categories = categories
        self.series = series
        self.maxValue = maxValue
        self.decimals = decimals
        self.valueUnit = valueUnit
        self.sortedByTotal = sortedByTotal
    }

    var chartName: String { "堆积条形图「\(title)」" }

    public func render(size: ChartSize) throws -> RenderedChart {
        let name = chartName
        guard !categories.isEmpty, !series.isEmpty else {
            throw ChartError.invalidInput(chart: name, message: "no categories or no series")
        }
        guard series.count <= ChartPalette.series.count else {
            throw ChartError.invalidInput(
                chart: name, message: "\(series.count) series, at most \(ChartPalette.series.count) can be told apart")
        }
        for s in series {
            guard s.values.count == categories.count else {
                throw ChartError.invalidInput(
                    chart: name,
                    message: "series \(s.name) has \(s.values.count) values for \(categories.count) categories")
            }
            if let bad = s.values.first(where: { !$0.isFinite || $0 < 0 }) {
                throw ChartError.invalidInput(
                    chart: name, message: "series \(s.name) has value \(bad); stacked values must be ≥ 0")
            }
        }
        let totals = categories.indices.map { i in series.reduce(0) { $0 + $1.values[i] } }
        var order = Array(categories.indices)
        if sortedByTotal {
            order.sort { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
        }
        let canvas = try Canvas(chart: name, size: size)
        let typo = Typography(width: canvas.width)
        var content = try drawFrame(canvas, typo: typo, title: title, source: source)
        let colors = ChartPalette.series.map(RGB.init)
        let legendH = try drawLegend(
            canvas, typo: typo, entries: series.enumerated().map { ($1.name, colors[$0]) },
            x: content.x, y: content.y, width: content.width)
        content.y += legendH + typo.gap * 1.5
        content.height -= legendH + typo.gap * 1.5

        let scale = NiceScale(lo: 0, hi: max(maxValue ?? 0, totals.max()!), target: 5)
        let totalTexts = totals.map { formatNumber($0, decimals: decimals) }
        var valueW = 0.0
        for t in totalTexts { valueW = max(valueW, try canvas.measure(t, font: typo.label, numeric: true).width) }
        var labelW = 0.0
        for c in categories { labelW = max(labelW, try canvas.measure(c, font: typo.label).width) }
        let labelCol = min(labelW, content.width * typo.labelShare(0.3))
        let labelRight = content.x + labelCol
        let plotLeft = canvas.snapEdge(labelRight + typo.gap * 1.5)
        let plotRight = canvas.snapEdge(content.maxX - valueW - typo.gap * 1.5)
        let tickH = try canvas.measure("0123456789", font: typo.tick, numeric: true).height
        let plotTop = content.y
        let plotBottom = content.maxY - tickH - 4
        guard plotRight - plotLeft > 10, plotBottom - plotTop > Double(categories.count) * 2 else {
            throw ChartError.invalidInput(
                chart: name, message: "size \(size.width)x\(size.height) is too small for \(categories.count) bars")
        }
        try drawValueAxis(
            scale, canvas: canvas, typo: typo, left: plotLeft, right: plotRight, top: plotTop, bottom: plotBottom)
        let rowH = (plotBottom - plotTop) / Double(categories.count)
        let barH = min(rowH * 0.66, 26 * typo.f)
        let labelFont = try fittingFont(typo.label, rowHeight: rowH, canvas: canvas, rows: categories.count)
        let lineH = try canvas.measure("国", font: labelFont).height
        for (row, i) in order.enumerated() {
            let cy = plotTop + rowH * (Double(row) + 0.5)
            let y0 = canvas.snapEdge(cy - barH / 2)
            let y1 = canvas.snapEdge(cy + barH / 2)
            var acc = 0.0
            for (k, s) in series.enumerated() where s.values[i] > 0 {
                let a = canvas.snapEdge(scale.position(acc, from: plotLeft, to: plotRight))
                acc += s.values[i]
                let b = canvas.snapEdge(scale.position(acc, from: plotLeft, to: plotRight))
                canvas.fill(Rect(x: a, y: y0, width: b - a, height: y1 - y0), colors[k])
                if b - a >= 3 {  // a thin white seam between segments
                    canvas.fill(
                        Rect(x: b - 1 / canvas.scale, y: y0, width: 1 / canvas.scale, height: y1 - y0), Colors.white)
                }
            }
            try canvas.text(
                categories[i], font: labelFont, color: Colors.text, x: labelRight, y: cy,
                align: .right, valign: .middle, maxWidth: labelCol, maxLines: rowH >= lineH * 2.1 ? 2 : 1)
            try canvas.text(
                totalTexts[i], font: labelFont, color: Colors.text, x: content.maxX, y: cy,
                align: .right, valign: .middle, numeric: true)
        }
        let png = try canvas.png()
        var alt = "堆积条形图"
        if !title.isEmpty { alt += "「\(title)」" }
        alt += "：\(categories.count) 个单位、\(series.count) 项指标（\(series.map(\.name).joined(separator: "、"))）的得分构成"
        if let best = order.first {
            alt += "，合计最高 \(categories[best]) \(totalTexts[best]) \(valueUnit)"
        }
        return RenderedChart(png: png, altText: alt, pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight)
    }
}
