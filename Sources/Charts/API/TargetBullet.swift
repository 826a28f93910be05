/// A bullet for one target: the latest value as a bar coloured by status, the target as a tick,
/// the status label in its colour.
public struct TargetBullet: Sendable {
    /// The indicator, e.g. "信用信息查询量".
    public var title: String
    public var value: Double?
    public var target: Double
    /// True for targets like a rank (≤ 10): the axis runs from high (left) to low (right), so the bar still
    /// reaches the target tick when the target is met, and the caption says 越低越好.
    public var lowerIsBetter: Bool
    public var status: TargetStatusColor
    /// Printed value, e.g. "85.3%" or "第 12 名"; nil = the value with 1 decimal.
    public var valueText: String?
    /// Printed target, e.g. "≥ 90%"; nil = the target with 1 decimal.
    public var targetText: String?
    /// Axis range; nil = 0 … a nice number above both value and target.
    public var range: ClosedRange<Double>?

    public init(
        title: String, value: Double?, target: Double, lowerIsBetter: Bool = false,
        status: TargetStatusColor, valueText: String? = nil, targetText: String? = nil,
        range: ClosedRange<Double>? = nil
    ) {
        self.title = title
        self.value = value
        self.target = target
        self.lowerIsBetter = lowerIsBetter
        self.status = status
        self.valueText = valueText
        self.targetText = targetText
        self.range = range
    }

    var chartName: String { "目标进度图「\(title)」" }

    public func render(size: ChartSize) throws -> RenderedChart {
        try renderWithGeometry(size: size).chart
    }

    struct Geometry {
        var trackLeft: Double
        var trackRight: Double
        var barY: Double
        var valueX: Double?
        var targetX: Double
    }

    func renderWithGeometry(size: ChartSize) throws -> (chart: RenderedChart, geometry: Geometry) {
        let name = chartName
        guard target.isFinite, value.map({ $0.isFinite }) ?? true else {
            throw ChartError.invalidInput(chart: name, message: "value or target is not a number")
        }
        let canvas = try Canvas(chart: name, size: size)
        let typo = Typography(width: 1000)
        canvas.background(Colors.white)
        let m = (10 * typo.f).rounded()
        let color = RGB(status.color)
        let vText = valueText ?? value.map { formatNumber($0, decimals: 1) } ?? "无数据"
        let tText = "目标 " + (targetText ?? formatNumber(target, decimals: 1)) + (lowerIsBetter ? "（越低越好）" : "")

        // Top row: title (left, ellipsized) and the status tag (right).
        let tagFont = Font(size: typo.tick.size, bold: true)
        let (tagW, tagH) = try canvas.measure(status.label, font: tagFont)
        let tagRect = Rect(x: canvas.width - m - tagW - 12, y: m, width: tagW + 12, height: tagH + 4)
        canvas.roundedRect(tagRect, radius: 3, fill: color)
        try canvas.text(
            status.label, font: tagFont, color: status == .needsAcceleration ? Colors.text : Colors.white,
            x: tagRect.x + tagRect.width / 2, y: tagRect.midY, align: .center, valign: .middle)
        let titleRect = try canvas.text(
            title, font: typo.labelBold, color: Colors.text, x: m, y: tagRect.midY,
            valign: .middle, maxWidth: tagRect.x - m - 8)

        // Bar row.
        let lo = range?.lowerBound ?? min(0, value ?? 0, target)
        let hiData = max(value ?? 0, target)
        let scale =
            range.map { NiceScale(lo: $0.lowerBound, hi: $0.upperBound, target: 4, extend: false) }
            ?? NiceScale(lo: lo, hi: hiData * 1.1, target: 4)
        let (_, textH) = try canvas.measure(vText + tText, font: typo.tick, numeric: true)
        let trackLeft = m
        let trackRight = canvas.width - m
        let top = max(titleRect.maxY, tagRect.maxY) + 6
        let bottom = canvas.height - m - textH - 2
        guard bottom - top >= 4, trackRight - trackLeft > 20 else {
            throw ChartError.invalidInput(chart: name, message: "size \(size.width)x\(size.height) is too small")
        }
        let trackH = min(bottom - top, 18 * typo.f)
        let y0 = canvas.snapEdge(top + (bottom - top - trackH) / 2)
        let y1 = canvas.snapEdge(y0 + trackH)
        canvas.fill(
            Rect(x: trackLeft, y: y0, width: trackRight - trackLeft, height: y1 - y0), RGB(r: 0.93, g: 0.93, b: 0.93))
        // Better is always to the right: for lower-is-better targets (ranks) the axis runs from high to low.
        func at(_ v: Double) -> Double {
            let c = min(max(v, scale.min), scale.max)
            return scale.position(lowerIsBetter ? scale.max + scale.min - c : c, from: trackLeft, to: trackRight)
        }
        var valueX: Double?
        if let value {
            let x = canvas.snapEdge(at(value))
            let inset = (trackH * 0.2).rounded()
            canvas.fill(
                Rect(x: trackLeft, y: y0 + inset, width: max(0, x - trackLeft), height: y1 - y0 - 2 * inset), color)
            valueX = x
        }
        let tx = canvas.snapLine(
            at(target),
            lineWidth: 2)
        canvas.line(from: (tx, y0 - 3), to: (tx, y1 + 3), color: Colors.text, width: 2)

        // Texts under the bar: value at the bar end, target at the tick, never overlapping or leaving the image.
        let (vw, _) = try canvas.measure(vText, font: typo.tick, numeric: true)
        let (tw, _) = try canvas.measure(tText, font: typo.tick, numeric: true)
        var vx = min(max(valueX ?? trackLeft, trackLeft + vw / 2), trackRight - vw / 2)
        var tcx = min(max(tx, trackLeft + tw / 2), trackRight - tw / 2)
        let ty = y1 + 4
        let gap = 8.0
        if abs(tcx - vx) < (vw + tw) / 2 + gap {
            // Too close: set the two side by side as one group (in the order of their marks), centred
            // between the marks and kept inside the track.
            let valueFirst = (valueX ?? trackLeft) <= tx
            let width = vw + gap + tw
            let centre = ((valueX ?? trackLeft) + tx) / 2
            let left = min(max(centre - width / 2, trackLeft), trackRight - width)
            if valueFirst {
                vx = left + vw / 2
                tcx = left + vw + gap + tw / 2
            } else {
                tcx = left + tw / 2
                vx = left + tw + gap + vw / 2
            }
        }
        try canvas.text(
            vText, font: Font(size: typo.tick.size, bold: true), color: Colors.text, x: vx, y: ty,
            align: .center, numeric: true)
        try canvas.text(tText, font: typo.tick, color: Colors.secondary, x: tcx, y: ty, align: .center, numeric: true)

        let png = try canvas.png()
        let alt = "目标进度图「\(title)」：最新值 \(vText)，\(tText)，状态：\(status.label)"
        return (
            RenderedChart(png: png, altText: alt, pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight),
            Geometry(trackLeft: trackLeft, trackRight: trackRight, barY: (y0 + y1) / 2, valueX: valueX, targetX: tx)
        )
    }
}
