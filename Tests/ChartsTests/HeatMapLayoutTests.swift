import Foundation
import Testing

@testable import Charts

/// The phone's heat map: 360 CSS px wide at 2×, the 高新区 scheme's indicators by their short names.
private enum Phone {
    static let width = 360
    static let indicators = ["组织领导与推进机制", "联合奖惩", "信用宣传", "信用应用与创新", "双公示"]
    static func heat(rows: [String], columns: [String] = indicators) -> HeatMap {
        HeatMap(
            title: "各单位各项指标累计完成率", source: "济高信用办[2018]1号", rows: rows, columns: columns,
            values: rows.indices.map { r in columns.indices.map { c in Double((r * 37 + c * 53) % 100) / 100 } },
            decimals: 0)
    }
    /// The height the site asks for before fitting (`ChartSpec.phone`).
    static func minimum(_ rows: Int) -> Int { max(240, 170 + 26 * rows) }
    static func render(_ heat: HeatMap) throws -> (chart: RenderedChart, geometry: HeatMap.Geometry, height: Int) {
        let height = heat.fittedHeight(width: width, minimum: minimum(heat.rows.count))
        let (chart, g) = try heat.renderWithGeometry(size: ChartSize(width: width, height: height, scale: 2))
        return (chart, g, height)
    }
}

@Suite struct HeatMapLayouts {
    @Test func aPhoneNumbersColumnsWhoseNamesDoNotFitAndKeysTheirFullNames() throws {
        // Given the scheme's indicators, too long for a phone's 40 px columns
        let (_, g, _) = try Phone.render(Phone.heat(rows: Array(Fixtures.units.prefix(21))))
        // Then the columns are ①…⑤ and the key under the grid gives every full name
        #expect(g.heads == ["①", "②", "③", "④", "⑤"])
        #expect(g.key == ["① 组织领导与推进机制", "② 联合奖惩", "③ 信用宣传", "④ 信用应用与创新", "⑤ 双公示"])
    }

    @Test func namesThatFitTheirColumnsAreTheHeadsAndNoKeyIsDrawn() throws {
        // Given short indicator names on a sheet-wide chart
        let (_, g) = try Fixtures.heat.renderWithGeometry(size: ChartSize(width: 1200, height: 800))
        // Then the heads are the names themselves, all rows the same height, nothing wrapped
        #expect(g.heads == Fixtures.indicators && g.key.isEmpty && g.rowNamesWhole)
        #expect(Set(g.rowHeights.map { ($0 * 1000).rounded() }).count == 1)
    }

    @Test func longUnitNamesWrapOntoTwoBalancedLinesAndTheirRowsGrow() throws {
        // Given the 高新区's units on a phone: 发展战略与宣传策划局 is wider than the label column
        let rows = Array(Fixtures.units.prefix(21))
        let (_, g, height) = try Phone.render(Phone.heat(rows: rows))
        // Then the names are drawn whole, the image is taller than the site's minimum, and the rows
        // of wrapped names are taller than those of one line
        #expect(g.rowNamesWhole)
        #expect(height > Phone.minimum(rows.count))
        let long = try #require(rows.firstIndex(of: "发展战略与宣传策划局"))
        let short = try #require(rows.firstIndex(of: "财政局"))
        #expect(g.rowHeights[long] > g.rowHeights[short] + 10)
        // And the two lines are balanced: 5 + 5 characters, not 8 + 2
        let canvas = try Canvas(chart: "t", size: ChartSize(width: 360, height: 8, scale: 2))
        let font = Typography(width: 360).label
        let wrap = try #require(try HeatMapLayout.wrap("发展战略与宣传策划局", width: 116, canvas: canvas, font: font))
        let five = try canvas.measure("发展战略与", font: font).width
        #expect(wrap.width >= five && wrap.width < five + font.size)
        let line = try canvas.measure("国", font: font).height
        #expect(wrap.height > line * 1.9)
    }

    @Test func aNameThatFitsIsNotWrappedAndShortNamesKeepTheMinimumHeight() throws {
        // Given short unit and indicator names on a phone
        let heat = Phone.heat(rows: ["财政局", "法院", "税务局"], columns: ["联合奖惩", "双公示"])
        let (_, g, height) = try Phone.render(heat)
        // Then nothing grows: the site's height, the names as heads, all rows alike
        #expect(height == Phone.minimum(3))
        #expect(g.heads == ["联合奖惩", "双公示"] && g.key.isEmpty)
        #expect(Set(g.rowHeights.map { ($0 * 1000).rounded() }).count == 1)
    }

    @Test func latinNamesBreakBetweenWordsNotInsideThem() throws {
        // Given a Latin name of several words, wider than the label column
        let canvas = try Canvas(chart: "t", size: ChartSize(width: 360, height: 8, scale: 2))
        let font = Typography(width: 360).label
        let name = "Department of Urban Planning and Construction"
        let wrap = try #require(try HeatMapLayout.wrap(name, width: 116, canvas: canvas, font: font))
        // Then the wrapping width holds the widest word (no word is cut), within the column
        var widest = 0.0
        for word in name.split(separator: " ") {
            widest = max(widest, try canvas.measure(String(word), font: font).width)
        }
        #expect(wrap.width >= widest && wrap.width <= 116)
    }

    @Test func theFittedHeightGivesEveryWrappedRowItsRoomAndTheOthersTheirMinimumHeight() throws {
        // Given the 高新区's units and indicators on a phone, drawn at the fitted height
        let (_, g, height) = try Phone.render(Phone.heat(rows: Array(Fixtures.units.prefix(21))))
        // And 21 short names under short heads at the site's minimum height (nothing wraps, no key)
        let plain = Phone.heat(rows: Array(repeating: "财政局", count: 21), columns: ["联合奖惩", "双公示"])
        let (_, atMinimum) = try plain.renderWithGeometry(
            size: ChartSize(width: Phone.width, height: Phone.minimum(21), scale: 2))
        // Then every wrapped name has its lines and padding, and the rows of one line are as high
        // as the plain chart's: the key and the wrapped rows made the image taller instead
        #expect(g.rowNamesWhole && height > Phone.minimum(21) + 60)
        #expect(abs(g.cellHeight - atMinimum.cellHeight) < 0.5)
        let line = try Canvas(chart: "t", size: ChartSize(width: 360, height: 8, scale: 2))
            .measure("国", font: Typography(width: 360).label).height
        let tall = g.rowHeights.filter { $0 > g.cellHeight + 1 }
        #expect(tall.count == 3 && tall.allSatisfy { $0 >= line * 2 + HeatMapLayout.rowPadding })
    }

    @Test(arguments: [
        String(repeating: "信用体系建设工作领导小组办公室", count: 20),
        "Pneumonoultramicroscopicsilicovolcanoconiosis",
        "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z A B C D E F G H I J K L M N O P Q R S T",
        "信用办（Credit）Office《第１号》",
    ])
    func hostileNamesAreDrawnInsideTheChart(name: String) throws {
        // Given a very long, unbroken or mixed name as a row and as a column
        let heat = Phone.heat(rows: [name, "财政局"], columns: [name, "双公示"])
        let (chart, g, height) = try Phone.render(heat)
        // Then the chart is drawn within its size, nothing in the left and right margins
        #expect(height <= 8000)
        #expect(g.key.count == 2 && g.key[0].hasSuffix(name))
        let bitmap = try Bitmap(png: chart.png)
        let margin = Int(Typography(width: 360).margin) * 2 - 2
        for y in stride(from: 0, to: chart.pixelHeight, by: 3) {
            for x in [0, margin / 2, margin, chart.pixelWidth - 1 - margin, chart.pixelWidth - 1] {
                #expect(bitmap.isBlank(x: x, y: y), "ink at \(x),\(y)")
            }
        }
    }

    @Test func sixColumnsOnAPhoneNarrowTheNamesRatherThanCutTheCells() throws {
        // Given six indicators and province-style unit names on a phone
        let rows = ["淄博市第75发展改革委", "滨州市第4公安局", "威海市第1市场监管局", "德州市第64公安局"]
        let columns = ["组织领导", "联合奖惩", "信用宣传", "信用创新", "信用承诺", "双公示"]
        let (chart, g, _) = try Phone.render(Phone.heat(rows: rows, columns: columns))
        // Then every cell holds "100%" whole, and the long names wrap instead of being cut
        let canvas = try Canvas(chart: "t", size: ChartSize(width: 360, height: 8, scale: 2))
        let hundred = try canvas.measure("100%", font: Typography(width: 360).cell, numeric: true).width
        #expect(g.cellWidth - 3 >= hundred)
        #expect(g.rowNamesWhole && g.heads == HeatMapLayout.numbers(6))
        #expect(chart.pixelWidth == 720)
    }

    @Test func aChartTooLowForTheKeyKeepsTheNamesAsHeads() throws {
        // Given a very long indicator name, drawn at a fixed low size instead of the fitted height
        let long = String(repeating: "信用体系建设工作领导小组办公室", count: 20)
        let heat = Phone.heat(rows: ["财政局", "法院"], columns: [long, "双公示"])
        let (_, g) = try heat.renderWithGeometry(size: ChartSize(width: Phone.width, height: 240, scale: 2))
        // Then it is still drawn: the names are the heads (cut), no key under the rows
        #expect(g.heads == [long, "双公示"] && g.key.isEmpty)
        // And at its fitted height it has the numbers and the key
        let fitted = heat.fittedHeight(width: Phone.width, minimum: 240)
        let (_, f) = try heat.renderWithGeometry(size: ChartSize(width: Phone.width, height: fitted, scale: 2))
        #expect(f.heads == ["①", "②"] && f.key == ["① " + long, "② 双公示"])
    }

    @Test(arguments: ["信用办😀", "مكتب الائتمان", "משרד האשראי"])
    func namesTheFontCannotDrawAreRefusedByName(name: String) throws {
        // Given an emoji or a right-to-left script (Noto Sans CJK has neither)
        let heat = Phone.heat(rows: [name, "财政局"], columns: ["双公示"])
        // Then the height is the site's minimum and drawing says which text it cannot draw
        #expect(heat.fittedHeight(width: Phone.width, minimum: 240) == 240)
        #expect(throws: ChartError.missingGlyph(chart: heat.chartName, text: name)) {
            try heat.render(size: ChartSize(width: Phone.width, height: 240, scale: 2))
        }
    }

    @Test func columnNumbersAreCircledUpToFiftyThenPlain() {
        #expect(HeatMapLayout.numbers(3) == ["①", "②", "③"])
        #expect(HeatMapLayout.numbers(50)[20] == "㉑" && HeatMapLayout.numbers(50)[35] == "㊱")
        #expect(HeatMapLayout.numbers(50)[49] == "㊿")
        #expect(HeatMapLayout.numbers(51)[0] == "1" && HeatMapLayout.numbers(51)[50] == "51")
    }
}
