/// Heat map of completion (0…1) for units (rows) × indicators (columns), each cell printed as "85.0%".
public struct HeatMap: Sendable {
    public var title: String
    public var source: String?
    public var rows: [String]
    public var columns: [String]
    /// `values[row][column]`, a fraction 0…1 (values above 1 print as is and take the full colour); nil = no data.
    public var values: [[Double?]]
    /// Decimals of the printed percentages.
    public var decimals: Int

    public init(
        title: String, source: String? = nil, rows: [String], columns: [String], values: [[Double?]],
        decimals: Int = 1
    ) {
        self.title = title
        self.source = source
        self.rows = rows
        self.columns = columns
        self.values = values
        self.decimals = decimals
    }

    var chartName: String { "热力图「\(title)」" }

    public func render(size: ChartSize) throws -> RenderedChart {
        try renderWithGeometry(size: size).chart
    }

    struct Geometry {
        var labelRight: Double
        var gridLeft: Double
        var gridTop: Double
        var cellWidth: Double
        var cellHeight: Double
    }

    /// Fill colour of a fraction.
    /// The text of a cell: the completion with `decimals`, never "100%" for a value under 1 (0.996
    /// with no decimals is "99%": a full cell is only one that is complete), "—" for no data.
    static func cellText(_ v: Double?, decimals: Int) -> String {
        guard let v else { return "—" }
        let text = formatPercent(v, decimals: decimals)
        guard v < 1, text == formatPercent(1, decimals: decimals) else { return text }
        var p = 100.0
        for _ in 0..<max(0, min(6, decimals)) { p *= 10 }
        return formatPercent((v * p).rounded(.down) / p, decimals: decimals)
    }

    static func color(_ v: Double) -> RGB {
        RGB.mix(RGB(ChartPalette.heatLow), RGB(ChartPalette.heatHigh), min(1, max(0, v)))
    }

    /// Draws the chart on a new image canvas, or on `target` (a PDF page's, see `PDFPage`): then
    /// the PNG of the result is empty.
    func renderWithGeometry(size: ChartSize, on target: Canvas? = nil) throws -> (
        chart: RenderedChart, geometry: Geometry
    ) {
        let name = chartName
        guard !rows.isEmpty, !columns.isEmpty else {
            throw ChartError.invalidInput(chart: name, message: "no rows or no columns")
        }
        guard values.count == rows.count, values.allSatisfy({ $0.count == columns.count }) else {
            throw ChartError.invalidInput(
                chart: name, message: "values must be \(rows.count) rows × \(columns.count) columns")
        }
        for (r, row) in values.enumerated() {
            for (c, v) in row.enumerated() {
                if let v, !v.isFinite || v < 0 {
                    throw ChartError.invalidInput(
                        chart: name, message: "value at \(rows[r]) × \(columns[c]) is \(v), not a fraction ≥ 0")
                }
            }
        }
        let canvas = try target ?? Canvas(chart: name, size: size)
        let typo = Typography(width: canvas.width)
        let legendW = min(180 * typo.f, canvas.width * 0.3)
        var content = try drawFrame(
            canvas, typo: typo, title: title, source: source, sourceRightInset: legendW + typo.gap * 2)

        // Colour legend bottom right, next to the source line.
        let legendH = (8 * typo.f).rounded()
        let tickH = try canvas.measure("100%", font: typo.tick, numeric: true).height
        let ly = canvas.height - typo.margin - tickH - legendH - 2
        let lx = canvas.width - typo.margin - legendW
        content.height = min(content.height, ly - typo.gap - content.y)
        canvas.gradient(
            Rect(x: lx, y: ly, width: legendW, height: legendH), from: HeatMap.color(0), to: HeatMap.color(1))
        try canvas.text("0%", font: typo.tick, color: Colors.secondary, x: lx, y: ly + legendH + 2, numeric: true)
        try canvas.text(
            "50%", font: typo.tick, color: Colors.secondary, x: lx + legendW / 2, y: ly + legendH + 2,
            align: .center, numeric: true)
        try canvas.text(
            "100%", font: typo.tick, color: Colors.secondary, x: lx + legendW, y: ly + legendH + 2,
            align: .right, numeric: true)

        var labelW = 0.0
        for r in rows { labelW = max(labelW, try canvas.measure(r, font: typo.label).width) }
        let labelCol = min(labelW, content.width * typo.labelShare(0.28))
        let labelRight = content.x + labelCol
        let gridLeft = canvas.snapEdge(labelRight + typo.gap * 1.5)
        let cellW = (content.maxX - gridLeft) / Double(columns.count)
        // Column headers: up to 3 lines, centred.
        let headerLines = 3
        var headerH = 0.0
        for c in columns {
            headerH = max(
                headerH, try canvas.measure(c, font: typo.label, maxWidth: cellW - 6, maxLines: headerLines).height)
        }
        let gridTop = canvas.snapEdge(content.y + headerH + typo.gap)
        let cellH = (content.maxY - gridTop) / Double(rows.count)
        let textH = try canvas.measure("100.0%", font: typo.cell, numeric: true).height
        guard cellW > 8, cellH > 4 else {
            throw ChartError.invalidInput(
                chart: name,
                message: "size \(size.width)x\(size.height) is too small for \(rows.count) × \(columns.count) cells")
        }
        for (c, col) in columns.enumerated() {
            try canvas.text(
                col, font: typo.label, color: Colors.text, x: gridLeft + cellW * (Double(c) + 0.5),
                y: gridTop - typo.gap, align: .center, valign: .bottom, maxWidth: cellW - 6, maxLines: headerLines)
        }
        let labelFont = try fittingFont(typo.label, rowHeight: cellH, canvas: canvas, rows: rows.count)
        let lineH = try canvas.measure("国", font: labelFont).height
        let gapPx = 1.0
        for (r, rowName) in rows.enumerated() {
            let y0 = canvas.snapEdge(gridTop + cellH * Double(r))
            let y1 = canvas.snapEdge(gridTop + cellH * Double(r + 1))
            try canvas.text(
                rowName, font: labelFont, color: Colors.text, x: labelRight, y: (y0 + y1) / 2,
                align: .right, valign: .middle, maxWidth: labelCol, maxLines: cellH >= lineH * 2.1 ? 2 : 1)
            for c in 0..<columns.count {
                let x0 = canvas.snapEdge(gridLeft + cellW * Double(c))
                let x1 = canvas.snapEdge(gridLeft + cellW * Double(c + 1))
                let cell = Rect(x: x0, y: y0, width: x1 - x0 - gapPx, height: y1 - y0 - gapPx)
                let v = values[r][c]
                let fill = v.map(HeatMap.color) ?? RGB(ChartPalette.missing)
                canvas.fill(cell, fill)
                guard textH <= cell.height + 2 else { continue }
                let text = Self.cellText(v, decimals: decimals)
                let ink = v == nil ? Colors.secondary : (fill.luminance < 0.5 ? Colors.white : Colors.text)
                try canvas.text(
                    text, font: typo.cell, color: ink, x: x0 + cell.width / 2, y: y0 + cell.height / 2,
                    align: .center, valign: .middle, maxWidth: cell.width - 2, numeric: true)
            }
        }
        let png = try canvas.png()
        let chart = RenderedChart(
            png: png, altText: altText(), pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight)
        return (
            chart,
            Geometry(labelRight: labelRight, gridLeft: gridLeft, gridTop: gridTop, cellWidth: cellW, cellHeight: cellH)
        )
    }

    func altText() -> String {
        var s = "热力图"
        if !title.isEmpty { s += "「\(title)」" }
        s += "：\(rows.count) 个单位 × \(columns.count) 项指标的完成率"
        let all = values.flatMap { $0 }.compactMap { $0 }
        if !all.isEmpty {
            let mean = all.reduce(0, +) / Double(all.count)
            s += "，平均 \(formatPercent(mean, decimals: decimals))"
            let full = all.filter { $0 >= 1 }.count
            s += "，\(full) 格达到 100%"
        }
        let missing = values.flatMap { $0 }.filter { $0 == nil }.count
        if missing > 0 { s += "，\(missing) 格无数据" }
        return s
    }
}
