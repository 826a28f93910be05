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
        /// The height of the rows when they are all the same height, else of the lowest.
        var cellHeight: Double
        /// Each row's top and height (rows holding a wrapped name are taller).
        var rowTops: [Double]
        var rowHeights: [Double]
        /// The texts over the columns (the names, or ①, ②, … with `key` under the grid).
        var heads: [String]
        var key: [String]
        /// Whether the row names are drawn whole (wrapped where needed) rather than cut to one line.
        var rowNamesWhole: Bool
    }

    /// The height (CSS px, at least `minimum`) at which a chart `width` px wide shows every row
    /// name whole, wrapped onto more lines where needed, and the key of numbered column heads,
    /// while its other rows keep the height they have at `minimum`. `minimum` when the data cannot
    /// be drawn (rendering then reports why); at most 8000.
    public func fittedHeight(width: Int, minimum: Int, scale: Double = 2) -> Int {
        guard !rows.isEmpty, !columns.isEmpty, minimum >= 8, minimum < 8000 else { return minimum }
        do {
            let canvas = try Canvas(chart: chartName, size: ChartSize(width: width, height: 8, scale: scale))
            let typo = Typography(width: canvas.width)
            let content = try frameContent(canvas: canvas, typo: typo, height: Double(minimum))
            let layout = try HeatMapLayout(
                rows: rows, columns: columns, widestCell: Self.cellText(1, decimals: decimals), content: content,
                canvas: canvas, typo: typo)
            let gridTop = canvas.snapEdge(content.y + layout.headHeight + typo.gap)
            let extra = layout.extraHeight(available: content.maxY - gridTop)
            return min(8000, minimum + Int(extra.rounded(.up)))
        } catch {
            return minimum
        }
    }

    /// The width of the colour legend.
    static func legendWidth(canvas: Canvas, typo: Typography) -> Double { min(180 * typo.f, canvas.width * 0.3) }

    /// The content rectangle `drawFrame` and the legend leave on a canvas `height` px high (measured
    /// the same way, without drawing).
    func frameContent(canvas: Canvas, typo: Typography, height: Double) throws -> Rect {
        let m = typo.margin
        var top = m
        if !title.isEmpty {
            top = m + (try canvas.measure(title, font: typo.title, maxWidth: canvas.width - 2 * m, maxLines: 2).height)
            top += typo.gap * 1.5
        }
        var bottom = height - m
        if let source, !source.isEmpty {
            let inset = Self.legendWidth(canvas: canvas, typo: typo) + typo.gap * 2
            let h = try canvas.measure(
                sourceLine(source), font: typo.source, maxWidth: canvas.width - 2 * m - inset, maxLines: 2
            ).height
            bottom = height - m - h - typo.gap
        }
        var content = Rect(x: m, y: top, width: canvas.width - 2 * m, height: max(1, bottom - top))
        let tickH = try canvas.measure("100%", font: typo.tick, numeric: true).height
        let ly = height - m - tickH - (8 * typo.f).rounded() - 2
        content.height = min(content.height, ly - typo.gap - content.y)
        return content
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
        let legendW = Self.legendWidth(canvas: canvas, typo: typo)
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

        var layout = try HeatMapLayout(
            rows: rows, columns: columns, widestCell: Self.cellText(1, decimals: decimals), content: content,
            canvas: canvas, typo: typo)
        if !layout.key.isEmpty {
            // A chart too low for the key under its rows keeps the names as heads (cut).
            let top = canvas.snapEdge(content.y + layout.headHeight + typo.gap)
            if (content.maxY - layout.keyHeight - top) / Double(rows.count) < layout.lineHeight {
                layout = try HeatMapLayout(
                    rows: rows, columns: columns, widestCell: Self.cellText(1, decimals: decimals), content: content,
                    canvas: canvas, typo: typo, numbering: false)
            }
        }
        let labelRight = content.x + layout.labelWidth
        let gridLeft = layout.gridLeft
        let cellW = layout.cellWidth
        let gridTop = canvas.snapEdge(content.y + layout.headHeight + typo.gap)
        let gridBottom = content.maxY - layout.keyHeight
        let (edges, cellH, varied) = Self.rowEdges(layout: layout, top: gridTop, bottom: gridBottom, count: rows.count)
        let whole = varied || layout.wrapped.allSatisfy { $0 == nil }
        let textH = try canvas.measure("100.0%", font: typo.cell, numeric: true).height
        guard cellW > 8, cellH > 4 else {
            throw ChartError.invalidInput(
                chart: name,
                message: "size \(size.width)x\(size.height) is too small for \(rows.count) × \(columns.count) cells")
        }
        try drawHeads(layout, canvas: canvas, typo: typo, gridTop: gridTop)
        if !layout.key.isEmpty {
            try HeatMapLayout.flowKey(
                layout.key, canvas: canvas, typo: typo, x: content.x, y: gridBottom + typo.gap * 1.5,
                width: content.width, color: Colors.text)
        }
        let labelFont =
            varied ? typo.label : try fittingFont(typo.label, rowHeight: cellH, canvas: canvas, rows: rows.count)
        let lineH = try canvas.measure("国", font: labelFont).height
        let gapPx = 1.0
        for (r, rowName) in rows.enumerated() {
            let y0 = canvas.snapEdge(edges[r])
            let y1 = canvas.snapEdge(edges[r + 1])
            if varied, let wrap = layout.wrapped[r] {
                try canvas.text(
                    rowName, font: labelFont, color: Colors.text, x: labelRight, y: (y0 + y1) / 2,
                    align: .right, valign: .middle, maxWidth: wrap.width, maxLines: HeatMapLayout.maxRowLines)
            } else {
                try canvas.text(
                    rowName, font: labelFont, color: Colors.text, x: labelRight, y: (y0 + y1) / 2,
                    align: .right, valign: .middle, maxWidth: layout.labelWidth,
                    maxLines: cellH >= lineH * 2.1 ? 2 : 1)
            }
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
        let geometry = Geometry(
            labelRight: labelRight, gridLeft: gridLeft, gridTop: gridTop, cellWidth: cellW, cellHeight: cellH,
            rowTops: Array(edges.dropLast()), rowHeights: zip(edges.dropFirst(), edges).map { $0 - $1 },
            heads: layout.heads, key: layout.key, rowNamesWhole: whole)
        return (chart, geometry)
    }

    /// The rows' edges (`count` + 1) from `top` to `bottom`, the height of the lowest row, and
    /// whether the rows differ in height: rows holding a wrapped name are taller when they can get
    /// their room; otherwise all rows are the same height (long names are then cut).
    static func rowEdges(layout: HeatMapLayout, top: Double, bottom: Double, count: Int) -> (
        edges: [Double], lowest: Double, varied: Bool
    ) {
        if layout.wrapped.contains(where: { $0 != nil }), let heights = layout.rowHeights(available: bottom - top) {
            var edges = [top]
            for h in heights { edges.append(edges[edges.count - 1] + h) }
            return (edges, heights.min() ?? 0, true)
        }
        let cellH = (bottom - top) / Double(count)
        return ((0...count).map { top + cellH * Double($0) }, cellH, false)
    }

    /// The column heads, centred over their columns, bottom-aligned on the grid.
    func drawHeads(_ layout: HeatMapLayout, canvas: Canvas, typo: Typography, gridTop: Double) throws {
        let numbered = !layout.key.isEmpty
        for (c, head) in layout.heads.enumerated() {
            try canvas.text(
                head, font: typo.label, color: Colors.text, x: layout.gridLeft + layout.cellWidth * (Double(c) + 0.5),
                y: gridTop - typo.gap, align: .center, valign: .bottom, maxWidth: layout.cellWidth - (numbered ? 2 : 6),
                maxLines: numbered ? 1 : 3)
        }
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
