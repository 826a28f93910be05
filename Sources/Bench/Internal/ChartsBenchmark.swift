import Charts
import Foundation

/// Times drawing + PNG encoding of the two largest report figures (for `kaohe bench`).
enum ChartsBenchmark {
    /// The 23 units of the 济南高新区 scheme (names as in indicators/units.yaml).
    static let units = [
        "发展战略与宣传策划局", "办公室", "人力资源管理部", "政法委", "科技经济运行局", "服务业促进局", "财政局",
        "国土规划建设管理局", "城市管理局", "市场监管局", "行政服务与审批管理局", "社会事务局", "税务局", "投资促进中心",
        "公安分局", "检察院", "法院", "环保分局", "舜华路街道办", "东区街道办", "遥墙街道办", "创新谷街道办", "章锦街道办",
    ]
    static let indicators = ["信用制度建设", "信用信息归集", "双公示", "联合奖惩", "信用承诺", "宣传培训"]

    /// The ranked-bar chart drawn by the benchmark (also by bench/charts_matplotlib.py).
    static var ranked: RankedBarChart {
        let items = units.enumerated().map { i, name in (label: name, value: Double((i * 37 + 11) % 50) + 50.25) }
        let average = items.map(\.value).reduce(0, +) / Double(items.count)
        return RankedBarChart(
            title: "济南高新区社会信用体系建设考核得分（2018年12月）", source: "高新区信用办",
            items: items, highlight: "市场监管局", average: average)
    }

    /// The 23 × 6 heat map drawn by the benchmark.
    static var heat: HeatMap {
        HeatMap(
            title: "各单位分项指标完成率", source: "高新区信用办", rows: units, columns: indicators,
            values: units.indices.map { r in indicators.indices.map { c in Double((r * 37 + c * 53) % 101) / 100 } })
    }

    /// A weekly notice of the 23 units as a document: three paragraphs, the table, the two charts.
    static var document: OfficialDocument {
        let header: [[DocumentTable.HeaderCell]] = [
            [.init("排名", rows: 2), .init("单位", rows: 2)]
                + indicators.map { .init($0, columns: 2) } + [.init("累计得分", rows: 2), .init("变化", rows: 2)],
            indicators.flatMap { _ in [DocumentTable.HeaderCell("报送"), .init("合格")] },
        ]
        let rows = units.enumerated().map { i, name in
            ["\(i + 1)", name] + indicators.indices.flatMap { c in ["\((i + c) % 9)", "\((i + c) % 7)"] } + [
                "\(90 - i).50", "—",
            ]
        }
        let text = String(repeating: "各单位按照考核要求报送信用信息，经审核合格后计入得分。", count: 4)
        return OfficialDocument(
            mark: "济南高新区社会信用体系建设工作领导小组办公室", number: "济高信用办〔2019〕15号",
            title: "关于2019年第10周各单位信用信息报送情况的通报", addressees: "社会信用体系建设工作领导小组各成员单位",
            body: [.text(text), .text(text), .text(text)], signature: "济南高新区社会信用体系建设工作领导小组办公室",
            date: "2019年3月10日",
            attachments: [
                .init(title: "各单位信用信息报送情况", parts: [.table(DocumentTable(caption: "", header: header, rows: rows))]),
                .init(
                    title: "附图",
                    parts: [
                        .figure(DocumentFigure(chart: .bars(ranked), width: 680, height: 576, caption: "附图1")),
                        .figure(DocumentFigure(chart: .heat(heat), width: 680, height: 616, caption: "附图2")),
                    ]),
            ],
            copies: [], printer: "济南高新区社会信用体系建设工作领导小组办公室", printDate: "2019年3月10日",
            metadataDate: "2019-03-10T00:00:00")
    }

    /// Draws and encodes each chart `iterations` times (after one warm-up) and returns two printable lines:
    /// "ranked bars 1200x800: X ms/chart" and "heat map 1200x800: Y ms/chart".
    static func run(iterations: Int = 50) throws -> String {
        let n = max(1, iterations)
        let size = ChartSize(width: 1200, height: 800, scale: 1)
        let ranked = self.ranked
        let heat = self.heat
        _ = try ranked.render(size: size)
        _ = try heat.render(size: size)
        let clock = ContinuousClock()
        var bytes = 0
        let t1 = try clock.measure { for _ in 0..<n { bytes &+= try ranked.render(size: size).png.count } }
        let t2 = try clock.measure { for _ in 0..<n { bytes &+= try heat.render(size: size).png.count } }
        let document = self.document
        _ = try document.pdf()
        let m = max(1, n / 5)
        let t3 = try clock.measure { for _ in 0..<m { bytes &+= try document.pdf().count } }
        func msPer(_ d: Duration, _ k: Int) -> String { String(format: "%.2f", seconds(d) * 1000 / Double(k)) }
        return "ranked bars 1200x800: \(msPer(t1, n)) ms/chart\nheat map 1200x800: \(msPer(t2, n)) ms/chart"
            + "\nGB/T 9704 notice PDF (23-row table, both charts): \(msPer(t3, m)) ms/PDF"
    }
}
