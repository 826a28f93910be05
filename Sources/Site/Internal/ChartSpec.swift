import Charts
import Foundation
import Indicators
import Scoring

/// A chart of a page: what to draw, at which size, under which file name. Its key (the hash of
/// its data and size) decides whether a previous drawing can be reused.
struct ChartSpec: Sendable {
    enum Figure: Sendable {
        case bars(RankedBarChart)
        case heat(HeatMap)
        case line(LineChart)
        case bullet(TargetBullet)
        case spark(Sparkline)
    }
    let path: String
    let figure: Figure
    let width: Int
    let height: Int
    /// Alt text written by the site (the chart is not drawn when it is reused).
    let alt: String
    /// Device pixels per CSS pixel: 2 for every chart, the unit pages' history charts included
    /// (sharp on a phone's 2–3× screen and on A4 paper).
    var scale: Double = ChartSpec.printScale

    static let printScale = 2.0
    static let version = "charts-3"

    /// CSS width of the charts drawn for phones (shown instead of the sheet's 680 px chart below
    /// `phoneMedia`; at 680 px a phone would shrink the sheet's text to about 5 px).
    static let phoneWidth = 360
    static let phoneMedia = "screen and (max-width: 640px)"

    /// The same figure drawn for a phone: narrower, taller, text at its full size. Nil for the
    /// small charts (bullets, sparklines) that fit a phone as they are.
    var phone: ChartSpec? {
        guard width > Self.phoneWidth else { return nil }
        let height: Int
        let drawn: Figure
        switch figure {
        case .bars(let c): (height, drawn) = (max(200, 130 + 24 * c.items.count), figure)
        case .heat(var c):
            c.decimals = 0  // "88%" fits a phone's narrow cell where "88.7%" would be cut
            // Taller where long unit names wrap and where a key names the numbered columns.
            let minimum = max(240, 170 + 26 * c.rows.count)
            (height, drawn) = (c.fittedHeight(width: Self.phoneWidth, minimum: minimum, scale: scale), .heat(c))
        case .line: (height, drawn) = (300, figure)
        case .bullet, .spark: return nil
        }
        let stem = path.hasSuffix(".png") ? String(path.dropLast(4)) : path
        return ChartSpec(
            path: stem + "-phone.png", figure: drawn, width: Self.phoneWidth, height: height,
            alt: alt, scale: scale)
    }

    /// The files to write: the chart and, where there is one, its phone drawing.
    var jobs: [FileJob] { [job] + (phone.map { [$0.job] } ?? []) }

    /// The hash of what is drawn: figure, data, size and scale (not the alt text, which the page holds).
    var key: String {
        var h = StableHash()
        h.add(Self.version)
        h.add(width)
        h.add(height)
        h.add(scale)
        figure.feed(into: &h)
        return h.hex
    }

    func render() throws -> Data {
        let size = ChartSize(width: width, height: height, scale: scale)
        do {
            switch figure {
            case .bars(let c): return Data(try c.render(size: size).png)
            case .heat(let c): return Data(try c.render(size: size).png)
            case .line(let c): return Data(try c.render(size: size).png)
            case .bullet(let c): return Data(try c.render(size: size).png)
            case .spark(let c): return Data(try c.render(size: size).png)
            }
        } catch {
            throw KaoheError(step: KaoheError.Step.charts, path: path, message: "\(error)")
        }
    }

    /// The reference placed in a page at `prefix` (relative path from the page to the site root).
    func ref(from pageDir: String) -> ChartRef {
        var r = ChartRef(src: relative(path, from: pageDir), alt: alt, width: width, height: height)
        if let p = phone {
            r.phoneSrc = relative(p.path, from: pageDir)
            r.phoneWidth = p.width
            r.phoneHeight = p.height
            r.phoneMedia = Self.phoneMedia
        }
        return r
    }

    /// The label of a period under a chart's x axis: 第4周, 6月, 第2季度 (the year is in the title
    /// and the table beside the chart).
    static func axisLabel(_ w: ScoreWindow) -> String {
        if let wk = w.week { return "第\(wk.week)周" }
        if let m = w.month { return "\(m.month)月" }
        if let q = w.quarter { return "第\(q.quarter)季度" }
        return w.label
    }

    /// The units a chart of many units shows: the first and the last `half` by rank, each group
    /// widened to every unit tied with its edge (a tie is never cut in two); all units when the
    /// two groups meet. `units` are in rank order. The note says what is shown.
    static func firstAndLast(_ units: [UnitResult], half: Int) -> (units: [UnitResult], note: String) {
        guard units.count > 2 * half, half > 0 else { return (units, "") }
        let topEdge = units[half - 1].rank
        let bottomEdge = units[units.count - half].rank
        let top = units.prefix { $0.rank <= topEdge }
        let bottom = units.drop { $0.rank < bottomEdge }
        guard top.count < bottom.startIndex else { return (units, "") }
        let tied = top.count > half || bottom.count > half ? "，含并列" : ""
        return (
            Array(top) + Array(bottom),
            "（前\(half)名与后\(half)名\(tied)，共\(units.count)个单位）"
        )
    }

    var job: FileJob {
        let spec = self
        return FileJob(path: path, kind: .chart, key: key, label: profileLabel, produce: { try spec.render() })
    }

    /// The build profile's line of this chart: its kind, and whether it is a phone drawing.
    var profileLabel: String {
        let kind: String
        switch figure {
        case .bars: kind = "bars"
        case .heat: kind = "heat map"
        case .line: kind = "line"
        case .bullet: kind = "bullet"
        case .spark: kind = "sparkline"
        }
        return "chart \(kind)" + (width == Self.phoneWidth ? " (phone)" : "")
    }
}

/// `path` (from the site root) as seen from a page in folder `dir` (from the root, "" for the root).
func relative(_ path: String, from dir: String) -> String {
    let depth = dir.isEmpty ? 0 : dir.split(separator: "/").count
    return String(repeating: "../", count: depth) + path
}

func dirname(_ path: String) -> String {
    guard let i = path.lastIndex(of: "/") else { return "" }
    return String(path[..<i])
}
