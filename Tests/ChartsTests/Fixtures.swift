import Foundation

@testable import Charts

/// The 23 units of the 济南高新区 scheme, with made-up scores.
enum Fixtures {
    static let units = [
        "发展战略与宣传策划局", "办公室", "人力资源管理部", "政法委", "科技经济运行局", "服务业促进局", "财政局",
        "国土规划建设管理局", "城市管理局", "市场监管局", "行政服务与审批管理局", "社会事务局", "税务局", "投资促进中心",
        "公安分局", "检察院", "法院", "环保分局", "舜华路街道办", "东区街道办", "遥墙街道办", "创新谷街道办", "章锦街道办",
    ]
    static let scores: [Double] = [
        88.5, 72.25, 64.0, 58.75, 81.0, 69.5, 77.75, 61.25, 55.0, 95.0, 84.25, 66.5, 79.0, 70.75,
        73.5, 62.0, 68.25, 57.5, 80.5, 75.0, 52.25, 66.0, 71.5,
    ]
    static let indicators = ["信用制度建设", "信用信息归集", "双公示", "联合奖惩", "信用承诺", "宣传培训"]
    static var completion: [[Double?]] {
        units.indices.map { r in
            indicators.indices.map { c -> Double? in
                if r == 3 && c == 4 { return nil }
                if r == 9 { return 1.0 }
                return Double((r * 37 + c * 53) % 100) / 100
            }
        }
    }
    static var average: Double { scores.reduce(0, +) / Double(scores.count) }

    static var ranked: RankedBarChart {
        RankedBarChart(
            title: "济南高新区社会信用体系建设考核得分（2018年12月）", source: "高新区信用办 周报汇总",
            items: Array(zip(units, scores)).map { (label: $0.0, value: $0.1) },
            highlight: "科技经济运行局", average: average)
    }

    static var heat: HeatMap {
        HeatMap(title: "各单位分项指标完成率", source: "高新区信用办", rows: units, columns: indicators, values: completion)
    }

    static var stacked: StackedBarChart {
        StackedBarChart(
            title: "各单位分项得分构成", source: "高新区信用办",
            categories: units,
            series: indicators.enumerated().map { i, name in
                (name: name, values: units.indices.map { r in Double((r * 7 + i * 11) % 17) })
            })
    }

    static var lines: LineChart {
        LineChart(
            title: "每周双公示报送量", source: "高新区信用办",
            xLabels: (1...12).map { "第\($0)周" },
            series: [
                (name: "行政许可", values: [12, 15, 14, 18, nil, 22, 25, 24, 28, 30, 29, 33]),
                (name: "行政处罚", values: [5, 6, 8, 7, 9, 11, 10, 12, 13, 12, 15, 16]),
                (name: "信用承诺", values: [0, 2, 3, 3, 5, 6, 8, 9, 9, 10, 12, 14]),
            ], decimals: 0, valueUnit: "件")
    }
}
