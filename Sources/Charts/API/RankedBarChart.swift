/// Ranked horizontal bars: one bar per unit, highest first, optional average line and one highlighted unit.
public struct RankedBarChart: Sendable {
    public var title: String
    /// Source line, drawn as "数据来源：…".
    public var source: String?
    public var items: [(label: String, value: Double)]
    /// Label of the unit drawn in the highlight colour (and bold).
    public var highlight: String?
    public var average: Double?
    /// End of the value axis (the axis grows when a value is larger).
    public var maxValue: Double
    /// Decimals of the printed values (2 for scores, 1 for percentages).
    public var decimals: Int
    /// Unit of measure in the alt text ("分").
    public var valueUnit: String
    /// Sort highest first (ties keep their input order); false keeps the input order.
    public var sorted: Bool

    public init(
        title: String, source: String? = nil, items: [(label: String, value: Double)],
        highlight: String? = nil, average: Double? = nil, maxValue: Double = 100,
        decimals: Int = 2, valueUnit: String = "分", sorted: Bool = true
    ) {
        self.title = title
        self.source = source
        self.items = items
        self.highlight = highlight
        self.average = average
        self.maxValue = maxValue
        self.decimals = decimals
        self.valueUnit = valueUnit
        self.sorted = sorted
    }

    var chartName: String { "排名条形图「\(title)」" }

    /// Rows in drawing order (top to bottom).
    var rows: [(label: String, value: Double)] {
        guard sorted else { return items }
        return items.enumerated().sorted { a, b in
            a.element.value != b.element.value ? a.element.value > b.element.value : a.offset < b.offset
        }.map(\.element)
    }

    /// Draws the chart.
    public func render(size: ChartSize) throws -> RenderedChart {
        try renderWithGeometry(size: size).chart
    }

    struct Geometry {
        var labelLeft: Double
        var labelRight: Double
        var plotLeft: Double
        var plotRight: Double
        var scale: NiceScale
        var rowCenters: [Double]
        var barEnds: [Double]
        var averageX: Double?
    }

    /// Draws the chart on a new image canvas, or on `target` (a PDF page's, see `PDFPage`): then
    /// the PNG of the result is empty.
    func renderWithGeometry(size: ChartSize, on target: Canvas? = nil) throws -> (
        chart: RenderedChart, geometry: Geometry
    ) {
        let name = chartName
        guard !items.isEmpty else { throw ChartError.invalidInput(chart: name, message: "no items") }
        for item in items where !item.value.isFinite {
            throw ChartError.invalidInput(chart: name, message: "value of \(item.label) is not a number")
        }
        let canvas = try target ?? Canvas(chart: name, size: size)
        let typo = Typography(width: canvas.width)
        let content = try drawFrame(canvas, typo: typo, title: title, source: source)
        let rows = self.rows
        let values = rows.map(\.value)
        let scale = NiceScale(lo: min(0, values.min()!), hi: max(maxValue, values.max()!, average ?? 0), target: 5)

        // Columns: labels | bars | values (right-aligned).
        let valueTexts = values.map { formatNumber($0, decimals: decimals) }
        var valueW = 0.0
        for t in valueTexts { valueW = max(valueW, try canvas.measure(t, font: typo.labelBold, numeric: true).width) }
        var labelW = 0.0
        for r in rows { labelW = max(labelW, try canvas.measure(r.label, font: typo.labelBold).width) }
        let labelCol = min(labelW, content.width * typo.labelShare(0.3))
        let labelLeft = content.x
        let labelRight = content.x + labelCol
        let plotLeft = canvas.snapEdge(labelRight + typo.gap * 1.5)
        let plotRight = canvas.snapEdge(content.maxX - valueW - typo.gap * 1.5)

        let tickH = try canvas.measure("0123456789", font: typo.tick, numeric: true).height
        let avgBand = average != nil ? tickH + 4 : 0
        let plotTop = content.y + avgBand
        let plotBottom = content.maxY - tickH - 4
        guard plotRight - plotLeft > 10, plotBottom - plotTop > Double(rows.count) * 2 else {
            throw ChartError.invalidInput(
                chart: name, message: "size \(size.width)x\(size.height) is too small for \(rows.count) bars")
        }

        // Grid and ticks.
        try drawValueAxis(
            scale, canvas: canvas, typo: typo, left: plotLeft, right: plotRight, top: plotTop, bottom: plotBottom)

        // Bars.
        let rowH = (plotBottom - plotTop) / Double(rows.count)
        let barH = min(rowH * 0.66, 26 * typo.f)
        let labelFont = try fittingFont(typo.label, rowHeight: rowH, canvas: canvas, rows: rows.count)
        let boldFont = Font(size: labelFont.size, bold: true)
        let lineH = try canvas.measure("国", font: labelFont).height
        let labelLines = rowH >= lineH * 2.1 ? 2 : 1
        let x0 = scale.position(0, from: plotLeft, to: plotRight)
        var centers: [Double] = []
        var ends: [Double] = []
        for (i, row) in rows.enumerated() {
            let cy = plotTop + rowH * (Double(i) + 0.5)
            let isHighlight = row.label == highlight
            let color = RGB(isHighlight ? ChartPalette.highlight : ChartPalette.bar)
            let xv = scale.position(row.value, from: plotLeft, to: plotRight)
            let a = canvas.snapEdge(min(x0, xv))
            let b = canvas.snapEdge(max(x0, xv))
            canvas.fill(
                Rect(
                    x: a, y: canvas.snapEdge(cy - barH / 2), width: b - a,
                    height: canvas.snapEdge(cy + barH / 2) - canvas.snapEdge(cy - barH / 2)), color)
            centers.append(cy)
            ends.append(xv)
            let font = isHighlight ? boldFont : labelFont
            try canvas.text(
                row.label, font: font, color: Colors.text, x: labelRight, y: cy,
                align: .right, valign: .middle, maxWidth: labelCol, maxLines: labelLines)
            try canvas.text(
                valueTexts[i], font: font, color: isHighlight ? color : Colors.text,
                x: content.maxX, y: cy, align: .right, valign: .middle, numeric: true)
        }

        // Average line.
        var avgX: Double?
        if let average {
            let x = canvas.snapLine(scale.position(average, from: plotLeft, to: plotRight), lineWidth: 1)
            avgX = x
            canvas.line(from: (x, plotTop - 2), to: (x, plotBottom), color: Colors.text, width: 1, dash: [4, 3])
            let text = "平均 " + formatNumber(average, decimals: decimals)
            let w = try canvas.measure(text, font: typo.tick, numeric: true).width
            let cx = min(max(x, plotLeft + w / 2), plotRight + valueW - w / 2)
            try canvas.text(
                text, font: typo.tick, color: Colors.text, x: cx, y: plotTop - 3,
                align: .center, valign: .bottom, numeric: true)
        }

        let png = try canvas.png()
        let chart = RenderedChart(
            png: png, altText: altText(rows: rows), pixelWidth: canvas.pixelWidth,
            pixelHeight: canvas.pixelHeight)
        return (
            chart,
            Geometry(
                labelLeft: labelLeft, labelRight: labelRight, plotLeft: plotLeft, plotRight: plotRight,
                scale: scale, rowCenters: centers, barEnds: ends, averageX: avgX)
        )
    }

    func altText(rows: [(label: String, value: Double)]) -> String {
        var s = "排名条形图"
        if !title.isEmpty { s += "「\(title)」" }
        s += "：\(rows.count) 个单位得分"
        if let top = rows.max(by: { $0.value < $1.value }) {
            let first = rows.first { $0.value == top.value }!
            s += "，最高 \(first.label) \(formatNumber(first.value, decimals: decimals)) \(valueUnit)"
        }
        if let low = rows.min(by: { $0.value < $1.value }), rows.count > 1 {
            let last = rows.last { $0.value == low.value }!
            s += "，最低 \(last.label) \(formatNumber(last.value, decimals: decimals)) \(valueUnit)"
        }
        if let average { s += "，平均 \(formatNumber(average, decimals: decimals)) \(valueUnit)" }
        if let highlight, let i = rows.firstIndex(where: { $0.label == highlight }) {
            s += "；突出显示 \(highlight) \(formatNumber(rows[i].value, decimals: decimals)) \(valueUnit)"
        }
        return s
    }
}
