import Foundation
import Testing

@testable import Charts

/// Writes sample PNGs to /tmp/charts-*.png when CHARTS_SAMPLES is set (for looking at them).
@Test(.enabled(if: ProcessInfo.processInfo.environment["CHARTS_SAMPLES"] != nil))
func writeSamples() throws {
    func write(_ name: String, _ chart: RenderedChart) throws {
        try Data(chart.png).write(to: URL(fileURLWithPath: "/tmp/charts-\(name).png"))
        print("\(name): \(chart.altText)")
    }
    try write("ranked", Fixtures.ranked.render(size: ChartSize(width: 1200, height: 800)))
    try write("ranked-small", Fixtures.ranked.render(size: ChartSize(width: 600, height: 640, scale: 2)))
    try write("heat", Fixtures.heat.render(size: ChartSize(width: 1200, height: 800)))
    try write("stacked", Fixtures.stacked.render(size: ChartSize(width: 1200, height: 800)))
    try write("lines", Fixtures.lines.render(size: ChartSize(width: 900, height: 480)))
}

@Test(.enabled(if: ProcessInfo.processInfo.environment["CHARTS_SAMPLES"] != nil))
func writeSmallSamples() throws {
    func write(_ name: String, _ chart: RenderedChart) throws {
        try Data(chart.png).write(to: URL(fileURLWithPath: "/tmp/charts-\(name).png"))
        print("\(name): \(chart.altText)")
    }
    let statuses: [(TargetStatusColor, Double?, Double, String?, String?)] = [
        (.achieved, 96.5, 90, "96.5%", "≥ 90%"), (.onTrack, 72, 80, nil, nil),
        (.needsAcceleration, 40, 100, "40 万次", "100 万次"),
        (.limited, 12, 60, nil, nil), (.deterioration, 3, 50, nil, nil), (.unknown, nil, 50, nil, nil),
    ]
    for (status, value, target, vt, tt) in statuses {
        try write(
            "bullet-\(status.rawValue)",
            TargetBullet(
                title: "社会信用体系建设示范城市创建指标完成情况", value: value, target: target,
                status: status, valueText: vt, targetText: tt
            )
            .render(size: ChartSize(width: 520, height: 84, scale: 2)))
    }
    try write(
        "bullet-rank",
        TargetBullet(
            title: "城市信用监测排名", value: 12, target: 10, lowerIsBetter: true, status: .needsAcceleration,
            valueText: "第 12 名", targetText: "前 10 名"
        ).render(size: ChartSize(width: 360, height: 72)))
    try write(
        "spark",
        Sparkline(values: [3, 5, 4, nil, 7, 8, 6, 9, 12, 11]).render(size: ChartSize(width: 120, height: 28, scale: 2)))
    let long = RankedBarChart(
        title: "名称很长的单位", source: "测试",
        items: [
            (label: "济南高新技术产业开发区管理委员会发展战略与宣传策划局", value: 88),
            (label: "市场监管局", value: 60), (label: "济南市社会信用体系建设工作领导小组办公室", value: 72.5),
        ],
        highlight: "市场监管局")
    try write("ranked-long", long.render(size: ChartSize(width: 560, height: 300)))
}

@Test(.enabled(if: ProcessInfo.processInfo.environment["CHARTS_SAMPLES"] != nil))
func writeEdgeSamples() throws {
    func write(_ name: String, _ chart: RenderedChart) throws {
        try Data(chart.png).write(to: URL(fileURLWithPath: "/tmp/charts-\(name).png"))
    }
    let heat = HeatMap(
        title: "区县信用建设提升工程分项完成率（2018年第四季度）", source: "市信用办",
        rows: ["历下区", "市中区", "槐荫区", "天桥区", "济南高新技术产业开发区管理委员会", "章丘区"],
        columns: ["政务诚信建设与公务员诚信档案", "信用信息归集共享", "双公示", "信用承诺制度全面推行情况"],
        values: (0..<6).map { (r: Int) -> [Double?] in
            (0..<4).map { (c: Int) -> Double? in r == 2 && c == 1 ? nil : Double((r * 29 + c * 41) % 100) / 100 }
        })
    try write("heat-small", heat.render(size: ChartSize(width: 600, height: 420, scale: 2)))
    try write("ranked-tight", Fixtures.ranked.render(size: ChartSize(width: 600, height: 330)))
    let weeks = LineChart(
        title: "全年每周信用信息归集量", source: "市信用办",
        xLabels: (1...52).map { (w: Int) -> String in w < 10 ? "2018-W0\(w)" : "2018-W\(w)" },
        series: [(name: "归集量", values: (1...52).map { (w: Int) -> Double? in Double(1000 + (w * 137) % 900) })],
        valueUnit: "条")
    try write("lines-52", weeks.render(size: ChartSize(width: 800, height: 360)))
}
