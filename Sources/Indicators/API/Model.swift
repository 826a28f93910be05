/// What kind of body a unit is.
public enum UnitKind: String, CaseIterable, Sendable, Codable {
    /// A department of the zone's administration (局, 部, 中心, 分局, 检察院, 法院 …).
    case department
    /// A sub-district office (街道办).
    case subdistrict
    /// A district of the city (区), including the Hi-Tech Zone.
    case district
    /// A county of the city (县).
    case county
    /// A member unit of the city's leading group (seed 000, 附件2).
    case member
    /// A district's or county's development and reform department (seed 000, 附件3).
    case districtOffice = "district-office"

    /// The Chinese label shown on pages.
    public var label: String {
        switch self {
        case .department: "部门"
        case .subdistrict: "街道办"
        case .district: "区"
        case .county: "县"
        case .member: "成员单位"
        case .districtOffice: "区县发展改革部门"
        }
    }
}

/// A body that is assessed: a department, sub-district office, district or county.
public struct Unit: Hashable, Sendable {
    /// Stable ASCII id (`gx-fzzl`, `lixia`).
    public let id: String
    /// Official name exactly as the seed writes it.
    public let name: String
    public let kind: UnitKind
    /// The region the unit belongs to (`gaoxin`, `jinan`).
    public let region: String
    /// Shorter or older names the unit is known by.
    public let aliases: [String]

    public init(id: String, name: String, kind: UnitKind, region: String, aliases: [String] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.region = region
        self.aliases = aliases
    }
}

/// A region that units belong to (the zone, the city).
public struct Region: Hashable, Sendable {
    public let id: String
    public let name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// The registry of every unit of every scheme (indicators/units.yaml).
public struct UnitRegistry: Sendable {
    public let regions: [Region]
    public let units: [Unit]
    private let byID: [String: Int]
    private let byName: [String: Int]

    public init(regions: [Region], units: [Unit]) {
        self.regions = regions
        self.units = units
        // Sized at once, and one hash per entry (the first of equal keys counts): names are
        // mostly Chinese, and hashing them normalizes them first.
        var ids = [String: Int](minimumCapacity: units.count)
        var names = [String: Int](minimumCapacity: units.count)
        func keepFirst(_ i: Int, for key: String, in table: inout [String: Int]) {
            if let first = table.updateValue(i, forKey: key) { table[key] = first }
        }
        for (i, u) in units.enumerated() {
            keepFirst(i, for: u.id, in: &ids)
            keepFirst(i, for: u.name, in: &names)
            for n in u.aliases { keepFirst(i, for: n, in: &names) }
        }
        byID = ids
        byName = names
    }

    public func unit(id: String) -> Unit? { byID[id].map { units[$0] } }

    /// Finds a unit by id, official name or alias (surrounding spaces ignored).
    public func resolve(_ text: String) -> Unit? {
        let t = text.trimmingSpaces
        if let i = byID[t] ?? byName[t] ?? byName[t.halfWidth] { return units[i] }
        return nil
    }

    public func region(id: String) -> Region? { regions.first { $0.id == id } }
}

/// How a scheme shares its points among units.
public enum SchemeMode: String, Sendable {
    /// Tiers of units share each indicator's points (the zone's breakdown).
    case shared
    /// Every unit answers for every indicator in full (the city's ranking of districts).
    case individual
}

/// How often a scheme's notices come out; also the window kind of its notices.
public enum NoticeCadence: String, Sendable {
    case weekly, monthly, quarterly
}

/// What the rules of a scheme count.
public enum CountBasis: String, Sendable {
    case qualified, submitted
}

/// A calendar period of a quota.
public enum QuotaPeriod: String, Sendable {
    case week, month, quarter, year
}

/// How an indicator turns counts into completion (docs/scoring.md).
public enum Rule: Hashable, Sendable {
    /// c = 1 when at least `required` items were handed in since the scheme's start.
    case document(required: Int)
    /// `count` items per `period`, expected count prorated by days.
    case quota(count: Double, period: QuotaPeriod)
    /// c = qualified / submitted over the window.
    case rate
    /// Each event costs `perEvent` points.
    case deduction(perEvent: Double)

    public var isDeduction: Bool { if case .deduction = self { true } else { false } }

    /// The rule's name as in the YAML (`document`, `quota`, `rate`, `deduction`).
    public var name: String {
        switch self {
        case .document: "document"
        case .quota: "quota"
        case .rate: "rate"
        case .deduction: "deduction"
        }
    }

    /// A short Chinese description of the rule, for pages.
    public var label: String {
        switch self {
        case .document(let r): return r == 1 ? "报送正式文件" : "报送正式文件 \(r) 件"
        case .quota(let c, let p):
            let per = ["week": "每周", "month": "每月", "quarter": "每季度", "year": "每年"][p.rawValue]!
            return "\(per) \(formatCount(c)) 件"
        case .rate: return "准确、及时、全量（合格率）"
        case .deduction(let e): return "每发生 1 次扣 \(formatCount(e)) 分"
        }
    }
}

func formatCount(_ x: Double) -> String {
    x == x.rounded() ? String(Int(x)) : String(x)
}

/// A tier of responsible units of an indicator, sharing `weight` percent of its points.
public struct Tier: Hashable, Sendable {
    /// Percent, e.g. 60.
    public let weight: Double
    public let units: [String]
    public init(weight: Double, units: [String]) {
        self.weight = weight
        self.units = units
    }
}

/// One indicator of a scheme (考核内容).
public struct Indicator: Hashable, Sendable {
    /// `1` … `6`.
    public let code: String
    public let short: String
    public let title: String
    public let points: Double
    /// 报送要求, as the seed writes it.
    public let requirement: String
    public let rule: Rule
    /// Tiers (shared schemes, non-deduction indicators); empty otherwise.
    public let tiers: [Tier]
    /// Units responsible for a deduction indicator of a shared scheme.
    public let units: [String]

    public init(
        code: String, short: String, title: String, points: Double, requirement: String,
        rule: Rule, tiers: [Tier] = [], units: [String] = []
    ) {
        self.code = code
        self.short = short
        self.title = title
        self.points = points
        self.requirement = requirement
        self.rule = rule
        self.tiers = tiers
        self.units = units
    }

    /// The tier a unit belongs to, with its index.
    public func tier(of unit: String) -> (index: Int, tier: Tier)? {
        for (i, t) in tiers.enumerated() where t.units.contains(unit) { return (i, t) }
        return nil
    }
}

/// An assessment scheme (考核方案).
public struct Scheme: Hashable, Sendable {
    public let id: String
    /// Document number, e.g. 济高信用办〔2018〕1号.
    public let document: String
    public let title: String
    /// Issuing office.
    public let office: String
    public let issued: Day
    public let start: Day
    public let mode: SchemeMode
    public let notices: NoticeCadence
    public let count: CountBasis
    public let total: Double
    /// Region whose units the scheme assesses.
    public let region: String
    /// Units of an individual scheme (for shared schemes: derived from the tiers).
    public let assessed: [String]
    public let indicators: [Indicator]
    /// Units of this scheme whose completion rolls up from another scheme: unit id → scheme id.
    public let rollups: [String: String]
    /// How its notices are issued as documents (the `document_settings:` block of the scheme file, or defaults).
    public let documentSettings: DocumentSettings

    public init(
        id: String, document: String, title: String, office: String, issued: Day, start: Day,
        mode: SchemeMode, notices: NoticeCadence, count: CountBasis, total: Double, region: String,
        assessed: [String], indicators: [Indicator], rollups: [String: String] = [:],
        documentSettings: DocumentSettings? = nil
    ) {
        self.documentSettings =
            documentSettings
            ?? DocumentSettings.defaults(
                office: office, document: document, districts: notices == .monthly && mode == .individual)
        self.id = id
        self.document = document
        self.title = title
        self.office = office
        self.issued = issued
        self.start = start
        self.mode = mode
        self.notices = notices
        self.count = count
        self.total = total
        self.region = region
        self.assessed = assessed
        self.indicators = indicators
        self.rollups = rollups
    }

    /// Every unit the scheme assesses, in the order they first appear.
    public var units: [String] {
        if mode == .individual { return assessed }
        var seen = Set<String>()
        var out: [String] = []
        for i in indicators {
            for u in i.tiers.flatMap(\.units) + i.units where seen.insert(u).inserted { out.append(u) }
        }
        return out
    }

    public func indicator(code: String) -> Indicator? { indicators.first { $0.code == code } }

    /// Finds an indicator by code, short title or title.
    public func resolveIndicator(_ text: String) -> Indicator? {
        let t = text.halfWidth.trimmingSpaces
        return indicators.first { $0.code == t || $0.short.halfWidth == t || $0.title.halfWidth == t }
    }

    /// Whether a unit answers for an indicator (is in one of its tiers, or assessed by an individual scheme).
    public func isResponsible(unit: String, indicator: Indicator) -> Bool {
        if mode == .individual { return assessed.contains(unit) }
        if indicator.rule.isDeduction { return indicator.units.contains(unit) }
        return indicator.tier(of: unit) != nil
    }

    /// The deduction indicator, if the scheme has one.
    public var deductionIndicator: Indicator? { indicators.first { $0.rule.isDeduction } }
}

/// A comparator of a target.
public enum Comparator: String, Sendable, CaseIterable {
    case eq = "="
    case ge = ">="
    case gt = ">"
    case le = "<="
    case lt = "<"

    /// Whether `value` meets the comparator against `target`.
    public func isMet(_ value: Double, _ target: Double) -> Bool {
        switch self {
        case .eq: abs(value - target) < 1e-9
        case .ge: value >= target
        case .gt: value > target
        case .le: value <= target
        case .lt: value < target
        }
    }

    /// The sign shown on pages.
    public var symbol: String {
        switch self {
        case .eq: "="
        case .ge: "≥"
        case .gt: ">"
        case .le: "≤"
        case .lt: "<"
        }
    }
}

/// How progress toward a target is measured.
public enum TrendMethod: String, Sendable {
    /// Changes per year (percentages, ranks).
    case linear
    /// Compound annual growth (volumes).
    case cagr
}

/// A target of the plan's column 1 (专栏1).
public struct Target: Hashable, Sendable {
    public let id: String
    /// 一级指标.
    public let group: String
    /// 二级指标.
    public let title: String
    /// The target as the plan writes it (`１００％`, `＞５００万次`, `稳居前１０名`).
    public let text: String
    public let comparator: Comparator
    public let value: Double
    /// Unit of measure (`%`, `万次`, `亿元`, `名`).
    public let measure: String
    public let year: Int
    public let method: TrendMethod
    /// Base (year, value) when set; otherwise the first observation.
    public let base: (year: Double, value: Double)?

    public init(
        id: String, group: String, title: String, text: String, comparator: Comparator, value: Double,
        measure: String, year: Int, method: TrendMethod, base: (year: Double, value: Double)? = nil
    ) {
        self.id = id
        self.group = group
        self.title = title
        self.text = text
        self.comparator = comparator
        self.value = value
        self.measure = measure
        self.year = year
        self.method = method
        self.base = base
    }

    /// Whether lower values are better (`<`, `<=`, e.g. a rank).
    public var lowerIsBetter: Bool { comparator == .le || comparator == .lt }

    public static func == (a: Target, b: Target) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

/// The plan's column of targets (indicators/fyp14-targets.yaml).
public struct TargetSet: Sendable {
    public let id: String
    public let document: String
    public let column: String
    public let targets: [Target]

    public init(id: String, document: String, column: String, targets: [Target]) {
        self.id = id
        self.document = document
        self.column = column
        self.targets = targets
    }

    /// Finds a target by id, title, or `group/title` (two targets share the title 企业法人覆盖率).
    public func resolve(_ text: String) -> Target? {
        let t = text.halfWidth.trimmingSpaces
        if let x = targets.first(where: { $0.id == t || "\($0.group)/\($0.title)".halfWidth == t }) { return x }
        let byTitle = targets.filter { $0.title.halfWidth == t }
        return byTitle.count == 1 ? byTitle[0] : nil
    }
}

/// Everything in indicators/: the units, the schemes and the targets.
public struct Catalog: Sendable {
    public let registry: UnitRegistry
    public let schemes: [Scheme]
    public let targets: TargetSet?

    public init(registry: UnitRegistry, schemes: [Scheme], targets: TargetSet?) {
        self.registry = registry
        self.schemes = schemes
        self.targets = targets
    }

    public func scheme(id: String) -> Scheme? { schemes.first { $0.id == id } }

    /// Per scheme id, the codes of its indicators counted from the scheme's start (`cumulativeCodes`);
    /// schemes without any are left out.
    public var cumulativeIndicators: [String: [String]] {
        var out: [String: [String]] = [:]
        for s in schemes where out[s.id] == nil && !s.cumulativeCodes.isEmpty { out[s.id] = s.cumulativeCodes }
        return out
    }
}

extension Scheme {
    /// The codes of the indicators counted from the scheme's start rather than over a window (rule
    /// `document`), in the scheme's order.
    public var cumulativeCodes: [String] {
        indicators.filter { if case .document = $0.rule { true } else { false } }.map(\.code)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces (ASCII, full-width and other Unicode white space).
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
