import Charts
import Foundation

/// A chart of a page: what to draw, at which size, under which file name. Its key (the hash of
/// its data and size) decides whether a previous drawing can be reused.
struct ChartSpec {
    enum Figure {
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
    /// Device pixels per CSS pixel: 2 for the figures of notices, rankings and targets, which are
    /// printed on A4; 1 for the screen-only history chart of every unit page (a quarter of the
    /// pixels to compress, and there is one per unit).
    var scale: Double = ChartSpec.printScale

    static let printScale = 2.0
    static let screenScale = 1.0
    static let version = "charts-1"

    /// The hash of what is drawn: figure, data, size and scale (not the alt text, which the page holds).
    var key: String {
        var h = StableHash()
        h.add(Self.version); h.add(width); h.add(height); h.add(scale)
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
            throw SiteError(step: "绘制图表 (charts)", path: path, message: "\(error)")
        }
    }

    /// The reference placed in a page at `prefix` (relative path from the page to the site root).
    func ref(from pageDir: String) -> ChartRef {
        ChartRef(src: relative(path, from: pageDir), alt: alt, width: width, height: height)
    }

    var job: FileJob {
        let spec = self
        return FileJob(path: path, kind: .chart, key: key, produce: { try spec.render() })
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
