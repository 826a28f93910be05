import Foundation
import Testing

@testable import Charts

private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

@Suite struct OutputFormat {
    @Test(arguments: [1.0, 2.0])
    func everyKindIsAPNGOfTheRequestedPixelSize(scale: Double) throws {
        // Given each chart kind, when drawn at 640×400 CSS px at this scale
        let size = ChartSize(width: 640, height: 400, scale: scale)
        let charts: [RenderedChart] = [
            try Fixtures.ranked.render(size: size), try Fixtures.stacked.render(size: size),
            try Fixtures.heat.render(size: size), try Fixtures.lines.render(size: size),
            try TargetBullet(title: "信用信息查询量", value: 72, target: 80, status: .onTrack).render(size: size),
            try Sparkline(values: [1, 2, 3]).render(size: size),
        ]
        // then each is a PNG whose header and decoded size are 640·scale × 400·scale
        for chart in charts {
            #expect(Array(chart.png.prefix(8)) == pngSignature)
            #expect(chart.pixelWidth == Int(640 * scale) && chart.pixelHeight == Int(400 * scale))
            let bitmap = try Bitmap(png: chart.png)
            #expect(bitmap.width == Int(640 * scale))
            #expect(bitmap.height == Int(400 * scale))
        }
    }

    @Test(arguments: [420, 640, 1200])
    func nothingIsDrawnInTheOuterMargin(width: Int) throws {
        // Given every kind with text, drawn with long names and long titles
        let long = "济南高新技术产业开发区管理委员会发展战略与宣传策划局"
        let size = ChartSize(width: width, height: 420)
        let charts = [
            try RankedBarChart(
                title: "济南高新区社会信用体系建设考核得分（2018年12月）的排名与平均分比较", source: long,
                items: [(label: long, value: 99.99), (label: "法院", value: 10)], highlight: long, average: 55
            )
            .render(size: size),
            try Fixtures.stacked.render(size: size), try Fixtures.heat.render(size: size),
            try Fixtures.lines.render(size: size),
            try TargetBullet(
                title: long, value: 100, target: 100, status: .achieved, valueText: "100.0%", targetText: "≥ 100.0%"
            )
            .render(size: ChartSize(width: width, height: 80)),
        ]
        // then a band of 6 px along each edge stays white
        for chart in charts {
            let b = try Bitmap(png: chart.png)
            var ink = 0
            for y in 0..<b.height {
                for x in 0..<b.width
                where (x < 6 || x >= b.width - 6 || y < 6 || y >= b.height - 6) && !b.isBlank(x: x, y: y) {
                    ink += 1
                }
            }
            #expect(ink == 0, "\(chart.altText.prefix(12)) at width \(width): \(ink) pixels of ink in the margin")
        }
    }

    @Test func sameInputGivesByteIdenticalPNGs() throws {
        let size = ChartSize(width: 1200, height: 800, scale: 2)
        let a = try Fixtures.ranked.render(size: size)
        let b = try Fixtures.ranked.render(size: size)
        #expect(a.png == b.png)
        let c = try Fixtures.heat.render(size: size)
        let d = try Fixtures.heat.render(size: size)
        #expect(c.png == d.png)
        #expect(a.png != c.png)
    }

    @Test func scaleOtherThanOneOrTwoIsRejected() {
        #expect(throws: ChartError.invalidInput(chart: "走势图", message: "scale 3.0 is not 1 or 2")) {
            try Sparkline(values: [1, 2]).render(size: ChartSize(width: 100, height: 20, scale: 3))
        }
    }
}

@Suite struct RankedBars {
    @Test(arguments: [1.0, 2.0])
    func barsEndWhereTheirValueMapsOnTheAxis(scale: Double) throws {
        // Given the 23 units on a 0…100 axis
        let (chart, g) = try Fixtures.ranked.renderWithGeometry(size: ChartSize(width: 1200, height: 800, scale: scale))
        let bitmap = try Bitmap(png: chart.png)
        #expect(g.scale.min == 0 && g.scale.max == 100)
        #expect(g.scale.ticks == [0, 20, 40, 60, 80, 100])
        // the 100 gridline sits at the right end of the plot (between two bars)
        let gapY = Int((g.rowCenters[0] + g.rowCenters[1]) / 2 * scale)
        #expect(bitmap.matches(x: Int(g.plotRight * scale) - (scale == 1 ? 0 : 1), y: gapY, ChartPalette.grid))
        // then the bar of each value v ends at plotLeft + v/100 · plot width (± 1 px)
        let rows = Fixtures.ranked.rows
        for (i, row) in rows.enumerated() {
            let y = Int(g.rowCenters[i] * scale)
            let color = row.label == "科技经济运行局" ? ChartPalette.highlight : ChartPalette.bar
            let lastBarPixel = (Int(g.plotLeft * scale)..<Int(g.plotRight * scale)).last {
                bitmap.matches(x: $0, y: y, color)
            }
            let measuredEnd = Double(try #require(lastBarPixel) + 1) / scale
            let expected = g.plotLeft + row.value / 100 * (g.plotRight - g.plotLeft)
            #expect(
                abs(measuredEnd - expected) <= 1,
                "\(row.label) \(row.value): bar ends at \(measuredEnd), expected \(expected)")
        }
        #expect(rows.first?.label == "市场监管局" && rows.last?.label == "遥墙街道办")
    }

    @Test func theHighlightedUnitHasTheHighlightColour() throws {
        let (chart, g) = try Fixtures.ranked.renderWithGeometry(size: ChartSize(width: 1200, height: 800))
        let bitmap = try Bitmap(png: chart.png)
        let rows = Fixtures.ranked.rows
        let h = try #require(rows.firstIndex { $0.label == "科技经济运行局" })
        let x = Int(g.plotLeft) + 10
        #expect(bitmap.matches(x: x, y: Int(g.rowCenters[h]), ChartPalette.highlight))
        #expect(bitmap.matches(x: x, y: Int(g.rowCenters[h + 1]), ChartPalette.bar))
        #expect(bitmap.matches(x: x, y: Int(g.rowCenters[0]), ChartPalette.bar))
    }

    @Test func aTwentyCharacterNameStaysInsideItsLabelColumn() throws {
        // Given a 22-character name in a narrow chart
        let long = "济南高新技术产业开发区管委会发展战略与宣传策划局"
        #expect(long.count >= 20)
        let chart = RankedBarChart(
            title: "长名称", source: "测试",
            items: [(label: long, value: 80), (label: "财政局", value: 60)], highlight: long)
        for width in [420, 800] {
            let (png, g) = try chart.renderWithGeometry(size: ChartSize(width: width, height: 200))
            let bitmap = try Bitmap(png: png.png)
            // then there is no ink between the label column and the plot, nor left of the margin
            let top = Int(g.rowCenters[0] - 25)
            let bottom = Int(g.rowCenters[1] + 25)
            var inkInGap = 0
            var inkLeft = 0
            for y in top..<bottom {
                for x in Int(g.labelRight + 2)..<Int(g.plotLeft - 1) where !bitmap.isBlank(x: x, y: y) { inkInGap += 1 }
                for x in 0..<Int(g.labelLeft - 1) where !bitmap.isBlank(x: x, y: y) { inkLeft += 1 }
            }
            #expect(
                inkInGap == 0 && inkLeft == 0,
                "width \(width): \(inkInGap) ink pixels in the gap, \(inkLeft) left of the labels")
            // and the label column does have ink (the name is drawn, ellipsized or wrapped)
            let band = Int(g.rowCenters[0]) - 8..<Int(g.rowCenters[0]) + 8
            let inked = (Int(g.labelLeft)..<Int(g.labelRight)).filter { x in
                band.contains { !bitmap.isBlank(x: x, y: $0) }
            }
            #expect(
                inked.count > Int((g.labelRight - g.labelLeft) / 2), "width \(width): ink in \(inked.count) columns")
        }
    }

    @Test func altTextNamesCountTopLowAverageAndHighlight() throws {
        let chart = RankedBarChart(
            title: "12月得分",
            items: [
                (label: "财政局", value: 71.5), (label: "市场监管局", value: 95),
                (label: "法院", value: 60.25),
            ],
            highlight: "法院", average: 75.583)
        #expect(
            try chart.render(size: ChartSize(width: 600, height: 300)).altText
                == "排名条形图「12月得分」：3 个单位得分，最高 市场监管局 95.00 分，最低 法院 60.25 分，平均 75.58 分；突出显示 法院 60.25 分")
    }

    @Test func aGlyphTheFontLacksIsAnError() {
        let chart = RankedBarChart(title: "得分", items: [(label: "线性文字\u{10000}局", value: 50)])
        #expect(throws: ChartError.missingGlyph(chart: "排名条形图「得分」", text: "线性文字\u{10000}局")) {
            try chart.render(size: ChartSize(width: 600, height: 300))
        }
        let privateUse = HeatMap(title: "完成率\u{E000}", rows: ["财政局"], columns: ["双公示"], values: [[0.5]])
        #expect(throws: ChartError.missingGlyph(chart: "热力图「完成率\u{E000}」", text: "完成率\u{E000}")) {
            try privateUse.render(size: ChartSize(width: 600, height: 300))
        }
    }

    @Test func tooManyRowsForTheHeightAreRejectedAndFewerGetSmallerLabels() throws {
        let many = RankedBarChart(title: "太多", items: (1...80).map { (label: "单位\($0)", value: Double($0 % 100)) })
        #expect(
            throws: ChartError.invalidInput(
                chart: "排名条形图「太多」", message: "size 600x300 is too small for 80 rows of labels")
        ) {
            try many.render(size: ChartSize(width: 600, height: 300))
        }
        let chart = try Fixtures.ranked.render(size: ChartSize(width: 600, height: 330))
        #expect(chart.pixelHeight == 330)
    }

    @Test func emptyItemsAreRejected() {
        #expect(throws: ChartError.invalidInput(chart: "排名条形图「空」", message: "no items")) {
            try RankedBarChart(title: "空", items: []).render(size: ChartSize(width: 600, height: 300))
        }
    }
}

@Suite struct HeatMaps {
    @Test func cellsTakeTheirColourAndFullCompletionTakesTheFullColour() throws {
        let (chart, g) = try Fixtures.heat.renderWithGeometry(size: ChartSize(width: 1200, height: 800))
        let bitmap = try Bitmap(png: chart.png)
        func corner(_ r: Int, _ c: Int) -> (Int, Int) {
            (Int(g.gridLeft + g.cellWidth * Double(c)) + 3, Int(g.gridTop + g.cellHeight * Double(r)) + 3)
        }
        // 市场监管局 (row 9) has 100 % everywhere: the full colour
        for c in 0..<6 {
            let (x, y) = corner(9, c)
            #expect(bitmap.matches(x: x, y: y, ChartPalette.heatHigh))
        }
        // row 0, column 0 is 0 %: the low colour; row 3, column 4 has no value: the missing colour
        let (x0, y0) = corner(0, 0)
        #expect(bitmap.matches(x: x0, y: y0, ChartPalette.heatLow))
        let (xm, ym) = corner(3, 4)
        #expect(bitmap.matches(x: xm, y: ym, ChartPalette.missing))
        #expect(chart.altText == "热力图「各单位分项指标完成率」：23 个单位 × 6 项指标的完成率，平均 51.4%，6 格达到 100%，1 格无数据")
    }

    @Test func aCellUnderOneNeverReads100Percent() {
        // Given completions just under 1, with no decimals (a phone's heat map) and with one
        #expect(HeatMap.cellText(0.996, decimals: 0) == "99%")
        #expect(HeatMap.cellText(0.9996, decimals: 1) == "99.9%")
        // Then other values round as usual, a full cell is 100%, and no data is a dash
        #expect(HeatMap.cellText(0.886, decimals: 0) == "89%" && HeatMap.cellText(0.886, decimals: 1) == "88.6%")
        #expect(HeatMap.cellText(1, decimals: 0) == "100%" && HeatMap.cellText(nil, decimals: 1) == "—")
    }

    @Test func valuesMustMatchRowsAndColumns() {
        let bad = HeatMap(title: "缺列", rows: ["财政局", "法院"], columns: ["双公示"], values: [[0.5]])
        #expect(throws: ChartError.invalidInput(chart: "热力图「缺列」", message: "values must be 2 rows × 1 columns")) {
            try bad.render(size: ChartSize(width: 600, height: 300))
        }
    }
}

@Suite struct SmallCharts {
    @Test(arguments: TargetStatusColor.allCases)
    func bulletBarTakesTheStatusColourAndTheTargetTickIsDark(status: TargetStatusColor) throws {
        let bullet = TargetBullet(
            title: "信用信息查询量", value: 60, target: 80, status: status,
            valueText: "60 万次", targetText: "80 万次")
        let (chart, g) = try bullet.renderWithGeometry(size: ChartSize(width: 480, height: 80))
        let bitmap = try Bitmap(png: chart.png)
        let valueX = try #require(g.valueX)
        #expect(bitmap.matches(x: Int(valueX) - 3, y: Int(g.barY), status.color))
        #expect(bitmap.matches(x: Int(g.trackLeft) + 2, y: Int(g.barY), status.color))
        #expect(bitmap.matches(x: Int(g.targetX), y: Int(g.barY), ChartPalette.text))
        #expect(chart.altText == "目标进度图「信用信息查询量」：最新值 60 万次，目标 80 万次，状态：\(status.label)")
    }

    @Test func rankTargetSaysLowerIsBetter() throws {
        let (chart, g) = try TargetBullet(
            title: "城市信用监测排名", value: 12, target: 10, lowerIsBetter: true,
            status: .needsAcceleration, valueText: "第 12 名", targetText: "前 10 名"
        )
        .renderWithGeometry(size: ChartSize(width: 360, height: 72))
        // rank 12 against a target of 10: the bar stops short of the target tick (axis runs high → low)
        #expect(try #require(g.valueX) < g.targetX)
        #expect(chart.altText == "目标进度图「城市信用监测排名」：最新值 第 12 名，目标 前 10 名（越低越好），状态：需加快")
    }

    @Test func errorsSayWhichChartAndWhat() {
        #expect(
            ChartError.missingGlyph(chart: "热力图「完成率」", text: "\u{E000}").description
                == "热力图「完成率」: 字体 Noto Sans CJK SC 缺少“\u{E000}”中某个字的字形 (the font has no glyph for a character of the text)"
        )
        #expect(
            ChartError.cairo(chart: "走势图", step: "write PNG", status: "out of memory").description
                == "走势图: Cairo 绘图失败 (cairo failed to write PNG): out of memory")
    }

    @Test func sparklineHasNoTextAndMarksTheLastValue() throws {
        let chart = try Sparkline(values: [3, nil, 5, 4, 8]).render(size: ChartSize(width: 100, height: 24))
        let bitmap = try Bitmap(png: chart.png)
        // the last point is at the right edge (x = 97) and at the top (y = 3): a highlight dot
        #expect(bitmap.matches(x: 97, y: 3, ChartPalette.highlight, tolerance: 12))
        #expect(chart.altText == "走势图：共 5 期，最低 3.0，最高 8.0，最新 8.0")
    }

    @Test func aPhoneWidthChartKeepsItsTextAtFullSize() {
        // Given a chart 360 px wide (drawn for a phone, seen at its own size) and one 680 px wide (a sheet)
        let phone = Typography(width: 360)
        let sheet = Typography(width: 680)
        // Then the phone's ticks and source line are 12 px and its labels 14 px, with more room for names
        #expect(phone.tick.size == 12 && phone.source.size == 12 && phone.label.size == 14)
        #expect(phone.labelShare(0.3) > sheet.labelShare(0.3))
        // And the sheet's text scales down with its width as before
        #expect(sheet.tick.size == 10 && sheet.label.size == 11)
    }

    @Test func aRankSparklineRisesWhenTheRankImproves() throws {
        // Given ranks 12 → 8 → 3 (lower is better)
        let ranks = Sparkline(values: [12, 8, 3], higherIsBetter: false)
        // When drawn at 100×24
        let bitmap = try Bitmap(png: ranks.render(size: ChartSize(width: 100, height: 24)).png)
        // Then the last (best) rank is at the top right (x = 97, y = 3) and the first at the bottom left
        #expect(bitmap.matches(x: 97, y: 3, ChartPalette.highlight, tolerance: 12))
        let darkest = (0..<bitmap.height).min { a, b in
            let p = bitmap.pixel(x: 4, y: a)
            let q = bitmap.pixel(x: 4, y: b)
            return Int(p.r) + Int(p.g) + Int(p.b) < Int(q.r) + Int(q.g) + Int(q.b)
        }!
        #expect(darkest >= 19)
        // And the same values drawn as scores (higher is better) start at the top instead
        let scores = try Bitmap(png: Sparkline(values: [12, 8, 3]).render(size: ChartSize(width: 100, height: 24)).png)
        #expect(scores.matches(x: 97, y: 21, ChartPalette.highlight, tolerance: 12))
        // And values (not their drawing) stay in the alt text
        #expect(try ranks.render(size: ChartSize(width: 100, height: 24)).altText == "走势图：共 3 期，最低 3.0，最高 12.0，最新 3.0")
    }

    @Test func lineChartAltTextGivesTheLatestValueOfEachSeries() throws {
        let chart = try Fixtures.lines.render(size: ChartSize(width: 900, height: 480))
        #expect(chart.altText == "折线图「每周双公示报送量」：3 条序列，第1周至第12周共 12 期；行政许可 第12周 为 33件；行政处罚 第12周 为 16件；信用承诺 第12周 为 14件")
    }

    @Test func stackedBarsRejectNegativeValues() {
        let chart = StackedBarChart(title: "构成", categories: ["财政局"], series: [(name: "双公示", values: [-1])])
        #expect(
            throws: ChartError.invalidInput(
                chart: "堆积条形图「构成」", message: "series 双公示 has value -1.0; stacked values must be ≥ 0")
        ) {
            try chart.render(size: ChartSize(width: 600, height: 300))
        }
    }
}

@Suite struct Numbers {
    @Test func niceTicksUseOneTwoFiveSteps() {
        #expect(NiceScale(lo: 0, hi: 61).ticks == [0, 10, 20, 30, 40, 50, 60, 70])
        #expect(NiceScale(lo: 0, hi: 100).ticks == [0, 20, 40, 60, 80, 100])
        let fractions = NiceScale(lo: 0, hi: 0.87)
        #expect(fractions.step == 0.2 && fractions.max == 1.0 && fractions.decimals == 1)
        #expect(NiceScale(lo: 0, hi: 3300).ticks == [0, 500, 1000, 1500, 2000, 2500, 3000, 3500])
    }

    @Test func numbersHaveFixedDecimals() {
        #expect(formatNumber(95, decimals: 2) == "95.00")
        #expect(formatNumber(-0.001, decimals: 2) == "0.00")
        #expect(formatPercent(0.853) == "85.3%")
        #expect(formatPercent(1) == "100.0%")
        #expect(sourceLine("高新区信用办") == "数据来源：高新区信用办")
        #expect(sourceLine("数据来源：市统计局") == "数据来源：市统计局")
    }

    @Test func statusColoursAreFixed() {
        #expect(
            TargetStatusColor.allCases.map(\.color.hex) == [
                "#009E73", "#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#999999",
            ])
        #expect(TargetStatusColor.allCases.map(\.label) == ["已达成", "按期推进", "需加快", "进展缓慢", "倒退", "数据不足"])
    }
}

@Suite struct Encoding {
    @Test func ownPNGEncoderDecodesToTheSamePixelsAsCairosWriter() throws {
        // Given a canvas with fills, lines and antialiased Chinese text
        let canvas = try Canvas(chart: "编码", size: ChartSize(width: 300, height: 120, scale: 2))
        canvas.background(Colors.white)
        canvas.fill(Rect(x: 10.3, y: 10.7, width: 120.4, height: 30), RGB(ChartPalette.bar))
        canvas.line(from: (0, 60), to: (300, 90), color: RGB(ChartPalette.highlight), width: 1.5)
        try canvas.text("数据来源：高新区信用办 95.00", font: Font(size: 14), color: Colors.text, x: 10, y: 70)
        // when encoded by PNGEncoder and by cairo_surface_write_to_png_stream
        let ours = try Bitmap(png: canvas.png())
        let theirs = try Bitmap(png: canvas.pngViaCairo())
        // then every pixel is the same
        #expect(ours.width == 600 && theirs.width == 600 && ours.height == theirs.height)
        var differing = 0
        for y in 0..<ours.height {
            for x in 0..<ours.width where ours.pixel(x: x, y: y) != theirs.pixel(x: x, y: y) { differing += 1 }
        }
        #expect(differing == 0)
    }

    @Test func transparentPixelsAreWrittenAsIfOverWhite() throws {
        // Given a canvas without a background: text and a line over transparent pixels, rows that
        // differ from the row above only in part, and whole rows that are the same
        let canvas = try Canvas(chart: "透明", size: ChartSize(width: 200, height: 60, scale: 2))
        canvas.fill(Rect(x: 0, y: 0, width: 60, height: 20), RGB(ChartPalette.bar))
        canvas.line(from: (0, 50), to: (200, 30), color: RGB(ChartPalette.highlight), width: 1.5)
        try canvas.text("透明背景 12.5", font: Font(size: 14), color: Colors.text, x: 70, y: 4)
        // When encoded by PNGEncoder (opaque RGB) and by Cairo (RGBA)
        let ours = try Bitmap(png: canvas.png())
        let theirs = try Bitmap(png: canvas.pngViaCairo())
        // Then each of our pixels is Cairo's composited over white (within rounding), and opaque
        var far = 0
        var partial = 0
        for y in 0..<ours.height {
            for x in 0..<ours.width {
                let o = ours.pixel(x: x, y: y)
                let t = theirs.pixel(x: x, y: y)
                func over(_ c: UInt8) -> Int { (Int(c) * Int(t.a) + 255 * (255 - Int(t.a)) + 127) / 255 }
                if abs(Int(o.r) - over(t.r)) > 2 || abs(Int(o.g) - over(t.g)) > 2 || abs(Int(o.b) - over(t.b)) > 2
                    || o.a != 255
                {
                    far += 1
                }
                if t.a > 0 && t.a < 255 { partial += 1 }
            }
        }
        #expect(partial > 100)  // the antialiased edges over transparency were really tested
        #expect(far == 0)
        #expect(ours.isBlank(x: 399, y: 0) && ours.matches(x: 10, y: 10, ChartPalette.bar))
    }

    @Test func aChartIsTheSameWhetherItsTextsWereMeasuredBeforeOrNot() throws {
        // Given a line chart drawn first on a fresh thread (no text measured there yet)
        let size = ChartSize(width: 680, height: 260, scale: 2)
        let fresh = DrawnOnThread()
        let done = DispatchSemaphore(value: 0)
        Thread {
            fresh.set((try? Fixtures.lines.render(size: size).png) ?? [])
            done.signal()
        }.start()
        done.wait()
        // When this thread draws other charts, then the same line chart twice
        _ = try Fixtures.ranked.render(size: ChartSize(width: 680, height: 700, scale: 2))
        _ = try Fixtures.lines.render(size: ChartSize(width: 360, height: 300, scale: 2))
        let first = try Fixtures.lines.render(size: size).png
        let second = try Fixtures.lines.render(size: size).png
        // Then its measurements were kept for this thread, and every drawing is byte-identical
        #expect(TextMetrics.shared.count > 0)
        #expect(first == second)
        #expect(fresh.get() == first)
    }

    @Test func aThreadLaysOutEachTextOnceAndDrawsItAgainUnchanged() throws {
        // Given a line chart drawn once on a fresh thread
        let size = ChartSize(width: 680, height: 260, scale: 2)
        let counts = DrawnOnThread()
        let done = DispatchSemaphore(value: 0)
        Thread {
            let first = (try? Fixtures.lines.render(size: size).png) ?? []
            let afterFirst = TextLayouts.threadCount(scale: 2)
            // When the thread draws it again
            let second = (try? Fixtures.lines.render(size: size).png) ?? []
            let afterSecond = TextLayouts.threadCount(scale: 2)
            counts.set([
                first == second && !first.isEmpty ? 1 : 0, UInt8(min(afterFirst, 255)), UInt8(min(afterSecond, 255)),
            ])
            done.signal()
        }.start()
        done.wait()
        // Then its texts were laid out the first time only (title, legend, ticks, labels, source),
        // and the second drawing is byte-identical to the first
        let r = counts.get()
        #expect(r.count == 3)
        #expect(r[0] == 1)
        #expect(r[1] >= 10)
        #expect(r[2] == r[1])
    }
}

/// Bytes drawn on another thread (unchecked: `png` is only touched under `lock`).
private final class DrawnOnThread: @unchecked Sendable {
    private let lock = NSLock()
    private var png: [UInt8] = []
    func set(_ bytes: [UInt8]) { lock.withLock { png = bytes } }
    func get() -> [UInt8] { lock.withLock { png } }
}
