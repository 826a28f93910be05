/// Output size of a chart: `width` × `height` in CSS pixels, drawn at `scale` (1 for screen, 2 for print).
public struct ChartSize: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var scale: Double

    public init(width: Int, height: Int, scale: Double = 1) {
        self.width = width
        self.height = height
        self.scale = scale
    }
}

/// A drawn chart: PNG bytes, the PNG's pixel size and a Chinese alt text describing the figure.
public struct RenderedChart: Sendable, Equatable {
    public let png: [UInt8]
    public let altText: String
    public let pixelWidth: Int
    public let pixelHeight: Int
}

/// The one error of the Charts module; `chart` names the chart (kind and title).
public enum ChartError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The font (Noto Sans CJK SC, no fallback) has no glyph for a character of `text`.
    case missingGlyph(chart: String, text: String)
    /// Cairo reported a failure at `step`.
    case cairo(chart: String, step: String, status: String)
    /// The data or the size cannot be drawn.
    case invalidInput(chart: String, message: String)

    public var description: String {
        switch self {
        case .missingGlyph(let chart, let text):
            return
                "\(chart): 字体 Noto Sans CJK SC 缺少“\(text)”中某个字的字形 (the font has no glyph for a character of the text)"
        case .cairo(let chart, let step, let status):
            return "\(chart): Cairo 绘图失败 (cairo failed to \(step)): \(status)"
        case .invalidInput(let chart, let message):
            return "\(chart): 无法绘制 (cannot draw): \(message)"
        }
    }
}

/// An sRGB colour (0…255 per component).
public struct ChartColor: Sendable, Equatable, Hashable {
    public let red: UInt8
    public let green: UInt8
    public let blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// "#RRGGBB", for CSS that matches the charts.
    public var hex: String {
        let digits = Array("0123456789ABCDEF")
        var s = "#"
        for v in [red, green, blue] {
            s.append(digits[Int(v >> 4)])
            s.append(digits[Int(v & 0xF)])
        }
        return s
    }
}

/// The colours of every chart: Okabe-Ito (colour-blind safe) series colours and fixed status colours.
public enum ChartPalette {
    /// Series colours in order: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black.
    public static let series: [ChartColor] = [
        ChartColor(hex: 0x0072B2), ChartColor(hex: 0xE69F00), ChartColor(hex: 0x009E73), ChartColor(hex: 0xCC79A7),
        ChartColor(hex: 0x56B4E9), ChartColor(hex: 0xD55E00), ChartColor(hex: 0xF0E442), ChartColor(hex: 0x000000),
    ]
    /// Ordinary bars of a ranked bar chart.
    public static let bar = ChartColor(hex: 0x56B4E9)
    /// The highlighted unit of a ranked bar chart.
    public static let highlight = ChartColor(hex: 0xD55E00)
    /// Heat map: colour of 0 % and of 100 % (cells interpolate linearly in between).
    public static let heatLow = ChartColor(hex: 0xF2F6F9)
    public static let heatHigh = ChartColor(hex: 0x0072B2)
    /// Heat map cell without a value.
    public static let missing = ChartColor(hex: 0xE6E6E6)
    /// Text, secondary text, gridlines, axis lines.
    public static let text = ChartColor(hex: 0x1F1F1F)
    public static let secondaryText = ChartColor(hex: 0x5C5C5C)
    public static let grid = ChartColor(hex: 0xDEDEDE)
    public static let axis = ChartColor(hex: 0x8C8C8C)
    public static let background = ChartColor(hex: 0xFFFFFF)
}

/// Status of progress toward a target (scoring.md, 专栏1), each with a fixed colour and Chinese label.
public enum TargetStatusColor: String, Sendable, CaseIterable, Equatable {
    case achieved, onTrack, needsAcceleration, limited, deterioration, unknown

    /// The fixed colour of the status.
    public var color: ChartColor {
        switch self {
        case .achieved: return ChartColor(hex: 0x009E73)
        case .onTrack: return ChartColor(hex: 0x0072B2)
        case .needsAcceleration: return ChartColor(hex: 0xE69F00)
        case .limited: return ChartColor(hex: 0xCC79A7)
        case .deterioration: return ChartColor(hex: 0xD55E00)
        case .unknown: return ChartColor(hex: 0x999999)
        }
    }

    /// The Chinese label (as Scoring's TargetStatus): 已达成, 按期推进, 需加快, 进展缓慢, 倒退, 数据不足.
    public var label: String {
        switch self {
        case .achieved: return "已达成"
        case .onTrack: return "按期推进"
        case .needsAcceleration: return "需加快"
        case .limited: return "进展缓慢"
        case .deterioration: return "倒退"
        case .unknown: return "数据不足"
        }
    }
}
