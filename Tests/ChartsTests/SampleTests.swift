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
        (.achieved, 96.5, 90, "96.5%", "≥ 90%"), (.onTrack, 72, 80, nil, nil), (.needsAcceleration, 40, 100, "40 万次", "100 万次"),
        (.limited, 12, 60, nil, nil), (.deterioration, 3, 50, nil, nil), (.unknown, nil, 50, nil, nil),
    ]
    for (status, value, target, vt, tt) in statuses {
        try write("bullet-\(status.rawValue)", TargetBullet(title: "社会信用体系建设示范城市创建指标完成情况", value: value, target: target,
                                                       status: status, valueText: vt, targetText: tt)
            .render(size: ChartSize(width: 520, height: 84, scale: 2)))
    }
    try write("bullet-rank", TargetBullet(title: "城市信用监测排名", value: 12, target: 10, lowerIsBetter: true, status: .needsAcceleration,
                                          valueText: "第 12 名", targetText: "前 10 名").render(size: ChartSize(width: 360, height: 72)))
    try write("spark", Sparkline(values: [3, 5, 4, nil, 7, 8, 6, 9, 12, 11]).render(size: ChartSize(width: 120, height: 28, scale: 2)))
    let long = RankedBarChart(title: "名称很长的单位", source: "测试",
                              items: [(label: "济南高新技术产业开发区管理委员会发展战略与宣传策划局", value: 88),
                                      (label: "市场监管局", value: 60), (label: "济南市社会信用体系建设工作领导小组办公室", value: 72.5)],
                              highlight: "市场监管局")
    try write("ranked-long", long.render(size: ChartSize(width: 560, height: 300)))
}
