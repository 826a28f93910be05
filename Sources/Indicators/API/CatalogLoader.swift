import Foundation
import Yams

/// A problem in a file of indicators/: which file, which line, what is wrong.
public struct IndicatorProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`.
    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// Every problem found while loading indicators/.
public struct CatalogError: Error, CustomStringConvertible, Sendable {
    public let problems: [IndicatorProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Loads and validates the schemes of a folder (units.yaml, scheme files, fyp14-targets.yaml).
public enum CatalogLoader {
    /// The file that holds the unit registry.
    public static let registryFile = "units.yaml"

    /// Loads every `*.yaml` of `directory`; throws `CatalogError` listing every problem.
    public static func load(directory: URL) throws -> Catalog {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            throw CatalogError(problems: [
                IndicatorProblem(file: directory.path, line: nil, message: "不是可读的目录 (not a readable folder)")
            ])
        }
        var files: [(String, String)] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let url = directory.appendingPathComponent(name)
            guard let data = fm.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw CatalogError(problems: [
                    IndicatorProblem(file: url.path, line: nil, message: "无法以 UTF-8 读取 (cannot read as UTF-8)")
                ])
            }
            files.append((url.path, text))
        }
        return try load(files: files)
    }

    /// Loads from (path, YAML text) pairs; the registry is the file named units.yaml.
    public static func load(files: [(path: String, text: String)]) throws -> Catalog {
        var reader = Reader()
        var registry: UnitRegistry?
        var schemeNodes: [(String, Node)] = []
        var targetNodes: [(String, Node)] = []
        for (path, text) in files {
            let node: Node?
            // `.basic`: every scalar is text (read as numbers and dates below), no regular expression per scalar.
            do { node = try Yams.compose(yaml: text, .basic) } catch {
                reader.problem(in: path, line: yamlLine(error), "YAML 语法错误 (YAML syntax error): \(yamlMessage(error))")
                continue
            }
            guard let node, case .mapping = node else {
                reader.problem(in: path, line: 1, "文件应为 YAML 映射 (expected a YAML mapping)")
                continue
            }
            if (path as NSString).lastPathComponent == registryFile {
                registry = reader.registry(in: path, root: node)
            } else if node[field: "targets"] != nil {
                targetNodes.append((path, node))
            } else {
                schemeNodes.append((path, node))
            }
        }
        if registry == nil, reader.problems.isEmpty {
            reader.problem(
                in: files.first?.path ?? registryFile, line: nil, "缺少单位名录 \(registryFile) (unit registry missing)")
        }
        let reg = registry ?? UnitRegistry(regions: [], units: [])
        var schemes: [Scheme] = []
        var schemeLines: [String: (String, Int?)] = [:]
        for (path, node) in schemeNodes {
            guard let s = reader.scheme(in: path, root: node, registry: reg) else { continue }
            if let first = schemeLines[s.id] {
                reader.problem(
                    in: path, line: line(node[field: "id"]), "方案编号重复: \(s.id)（已在 \(first.0) 定义）(duplicate scheme id)")
                continue
            }
            schemeLines[s.id] = (path, line(node[field: "id"]))
            schemes.append(s)
        }
        // Roll-ups must name a known scheme.
        for s in schemes {
            for (unit, other) in s.rollups.sorted(by: { $0.key < $1.key })
            where !schemes.contains(where: { $0.id == other }) {
                let (path, l) = schemeLines[s.id]!
                reader.problem(in: path, line: l, "汇总来源方案不存在: \(unit) → \(other) (unknown roll-up scheme)")
            }
        }
        var targets: TargetSet?
        for (path, node) in targetNodes {
            if targets != nil {
                reader.problem(in: path, line: line(node), "只能有一个目标文件 (only one targets file)")
                continue
            }
            targets = reader.targets(in: path, root: node)
        }
        if !reader.problems.isEmpty { throw CatalogError(problems: reader.problems) }
        return Catalog(registry: reg, schemes: schemes.sorted { $0.id < $1.id }, targets: targets)
    }
}

private func line(_ node: Node?) -> Int? { node?.mark?.line }

private func yamlLine(_ error: Error) -> Int? {
    if let e = error as? YamlError {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default: return nil
        }
    }
    return nil
}

private func yamlMessage(_ error: Error) -> String {
    if let e = error as? YamlError {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default: break
        }
    }
    return "\(error)"
}

/// Walks YAML nodes, collecting problems with their lines.
private struct Reader {
    var problems: [IndicatorProblem] = []

    mutating func problem(in file: String, line: Int?, _ message: String) {
        problems.append(IndicatorProblem(file: file, line: line, message: message))
    }

    /// The one rule for every id that becomes a path of the site (schemes, units, targets): 1 to 64
    /// lower-case ASCII letters, digits and `-`, starting with a letter or digit. So no id can
    /// name a folder outside the site (`../`), a hidden file or a path that differs only in case.
    mutating func checkID(_ id: String, of what: Noun, in f: String, node: @autoclosure () -> Node?) -> Bool {
        if isPathSafeID(id) { return true }
        problem(
            in: f, line: line(node()),
            "\(what.zh)编号只能由小写 ASCII 字母、数字和 - 组成（以字母或数字开头，不超过 64 个字符）: \(id) "
                + "(\(what.en) id: lower-case ASCII letters, digits and -, at most 64 characters)")
        return false
    }

    mutating func string(_ key: String, of node: Node, in f: String, required: Bool = true) -> String? {
        guard let v = node[field: key] else {
            if required { problem(in: f, line: line(node), "缺少字段 `\(key)` (missing field)") }
            return nil
        }
        guard let s = v.string, case .scalar = v else {
            problem(in: f, line: line(v), "字段 `\(key)` 应为文本 (expected text)")
            return nil
        }
        return s
    }

    mutating func number(_ key: String, of node: Node, in f: String, required: Bool = true) -> Double? {
        guard let v = node[field: key] else {
            if required { problem(in: f, line: line(node), "缺少字段 `\(key)` (missing field)") }
            return nil
        }
        guard case .scalar = v, let s = v.string, let x = Double(s.replacingOccurrences(of: "%", with: "")), x.isFinite
        else {
            problem(in: f, line: line(v), "字段 `\(key)` 应为数值 (expected a number)")
            return nil
        }
        return x
    }

    mutating func day(_ key: String, of node: Node, in f: String) -> Day? {
        guard let s = string(key, of: node, in: f) else { return nil }
        guard let d = Day(iso: s) else {
            problem(in: f, line: line(node[field: key]), "字段 `\(key)` 应为日期 YYYY-MM-DD: \(s) (expected a date)")
            return nil
        }
        return d
    }

    mutating func list(_ key: String, of node: Node, in f: String, required: Bool = true) -> [Node]? {
        guard let v = node[field: key] else {
            if required { problem(in: f, line: line(node), "缺少字段 `\(key)` (missing field)") }
            return nil
        }
        guard case .sequence(let seq) = v else {
            problem(in: f, line: line(v), "字段 `\(key)` 应为列表 (expected a list)")
            return nil
        }
        return Array(seq)
    }

    mutating func strings(_ key: String, of node: Node, in f: String, required: Bool = true) -> [(String, Int?)]? {
        guard let items = list(key, of: node, in: f, required: required) else { return nil }
        var out: [(String, Int?)] = []
        for n in items {
            guard case .scalar = n, let s = n.string else {
                problem(in: f, line: line(n), "`\(key)` 的元素应为文本 (expected text)")
                continue
            }
            out.append((s, line(n)))
        }
        return out
    }

    // MARK: units.yaml

    mutating func registry(in f: String, root: Node) -> UnitRegistry? {
        var regions: [Region] = []
        for r in list("regions", of: root, in: f) ?? [] {
            guard let id = string("id", of: r, in: f), let name = string("name", of: r, in: f) else { continue }
            if regions.contains(where: { $0.id == id }) {
                problem(in: f, line: line(r), "地区编号重复: \(id) (duplicate region id)")
                continue
            }
            regions.append(Region(id: id, name: name))
        }
        let listed = list("units", of: root, in: f) ?? []
        // Sized for the registry at once: a province's 2,000 units would grow them a dozen times.
        var units: [Unit] = []
        units.reserveCapacity(listed.count)
        var ids = Set<String>(minimumCapacity: listed.count)
        var names = [String: String](minimumCapacity: listed.count)
        for u in listed {
            guard let id = string("id", of: u, in: f), let name = string("name", of: u, in: f),
                let kindText = string("kind", of: u, in: f), let region = string("region", of: u, in: f)
            else { continue }
            guard checkID(id, of: .unit, in: f, node: u[field: "id"]) else { continue }
            guard let kind = UnitKind(rawValue: kindText) else {
                problem(
                    in: f, line: line(u[field: "kind"]),
                    "未知的单位类别: \(kindText)（可选: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", "))）(unknown unit kind)"
                )
                continue
            }
            if !regions.contains(where: { $0.id == region }) {
                problem(
                    in: f, line: line(u[field: "region"]), Message.unknown(.region, region, among: regions.map(\.id)))
            }
            if ids.contains(id) {
                problem(in: f, line: line(u[field: "id"]), "单位编号重复: \(id) (duplicate unit id)")
                continue
            }
            let aliases = (strings("aliases", of: u, in: f, required: false) ?? []).map(\.0)
            var ok = true
            for n in [name] + aliases {
                if let other = names[n] {
                    problem(in: f, line: line(u), "名称“\(n)”同时属于 \(other) 和 \(id) (duplicate unit name or alias)")
                    ok = false
                }
            }
            guard ok else { continue }
            for n in [name] + aliases { names[n] = id }
            ids.insert(id)
            units.append(Unit(id: id, name: name, kind: kind, region: region, aliases: aliases))
        }
        return UnitRegistry(regions: regions, units: units)
    }

    // MARK: schemes

    mutating func rule(in f: String, node: Node) -> Rule? {
        guard let type = string("type", of: node, in: f) else { return nil }
        switch type {
        case "document":
            let r = number("required", of: node, in: f, required: false) ?? 1
            guard r >= 1, r == r.rounded() else {
                problem(
                    in: f, line: line(node[field: "required"]),
                    "document 规则的 required 应为正整数: \(r) (required must be a positive whole number)")
                return nil
            }
            return .document(required: Int(r))
        case "quota":
            guard let c = number("count", of: node, in: f), let p = string("period", of: node, in: f) else {
                return nil
            }
            guard c > 0 else {
                problem(
                    in: f, line: line(node[field: "count"]),
                    "quota 规则的 count 应大于 0: \(formatCount(c)) (count must be above 0)")
                return nil
            }
            guard let period = QuotaPeriod(rawValue: p) else {
                problem(
                    in: f, line: line(node[field: "period"]),
                    "quota 规则的 period 应为 week、month、quarter 或 year: \(p) (bad period)")
                return nil
            }
            return .quota(count: c, period: period)
        case "rate":
            return .rate
        case "deduction":
            guard let e = number("per_event", of: node, in: f) else { return nil }
            guard e > 0 else {
                problem(
                    in: f, line: line(node[field: "per_event"]),
                    "deduction 规则的 per_event 应大于 0: \(formatCount(e)) (per_event must be above 0)")
                return nil
            }
            return .deduction(perEvent: e)
        default:
            problem(
                in: f, line: line(node[field: "type"]),
                "未知的规则: \(type)（可选: document, quota, rate, deduction）(unknown rule)")
            return nil
        }
    }

    /// The fields of a scheme file's top level, each nil when missing or wrong (with its problem).
    struct SchemeHead {
        var id, document, title, office, region: String?
        var issued, start: Day?
        var total: Double?
        var mode: SchemeMode?
        var notices: NoticeCadence?
        var count: CountBasis = .qualified
    }

    /// A scheme file, read in named steps: its head, the assessed units, the roll-ups, the
    /// indicators, then the checks across them; nil when any step found a problem.
    mutating func scheme(in f: String, root: Node, registry reg: UnitRegistry) -> Scheme? {
        let before = problems.count
        let head = schemeHead(in: f, root: root, registry: reg)
        let assessed =
            head.mode != .individual
            ? [] : unitList(in: f, node: root, registry: reg) { "单位重复: \($0) (duplicate unit)" }
        let rollups = rollups(in: f, root: root, registry: reg, mode: head.mode, assessed: assessed)
        let indicatorNodes = list("indicators", of: root, in: f) ?? []
        var codes = Set<String>()
        let indicators = indicatorNodes.compactMap {
            indicator(in: f, node: $0, registry: reg, mode: head.mode, codes: &codes)
        }
        // Only when every indicator was read: a broken one would make the sum wrong twice over.
        if let total = head.total, indicators.count == indicatorNodes.count, !indicators.isEmpty {
            checkPoints(in: f, root: root, indicators: indicators, total: total)
        }
        if let s = head.start, let i = head.issued, s < i.adding(days: -366) {
            problem(
                in: f, line: line(root[field: "start"]),
                "开始日期早于发文日期一年以上: \(s) (start more than a year before the issue date)")
        }
        let settings = documentSettings(
            in: f, root: root, office: head.office, document: head.document, mode: head.mode, notices: head.notices)
        guard problems.count == before, let id = head.id, let document = head.document, let title = head.title,
            let office = head.office, let issued = head.issued, let start = head.start, let mode = head.mode,
            let notices = head.notices, let total = head.total, let region = head.region
        else { return nil }
        return Scheme(
            id: id, document: document, title: title, office: office, issued: issued, start: start,
            mode: mode, notices: notices, count: head.count, total: total, region: region,
            assessed: assessed, indicators: indicators, rollups: rollups, documentSettings: settings)
    }

    /// The scheme's id, document, title, office, dates, region, total, mode, cadence and count basis.
    mutating func schemeHead(in f: String, root: Node, registry reg: UnitRegistry) -> SchemeHead {
        var head = SchemeHead()
        head.id = string("id", of: root, in: f)
        if let id = head.id { _ = checkID(id, of: .scheme, in: f, node: root[field: "id"]) }
        head.document = string("document", of: root, in: f)
        head.title = string("title", of: root, in: f)
        head.office = string("office", of: root, in: f)
        head.issued = day("issued", of: root, in: f)
        head.start = day("start", of: root, in: f)
        head.region = string("region", of: root, in: f)
        head.total = number("total", of: root, in: f)
        if let m = string("mode", of: root, in: f) {
            head.mode = SchemeMode(rawValue: m)
            if head.mode == nil {
                problem(in: f, line: line(root[field: "mode"]), "mode 应为 shared 或 individual: \(m) (bad mode)")
            }
        }
        if let n = string("notices", of: root, in: f) {
            head.notices = NoticeCadence(rawValue: n)
            if head.notices == nil {
                problem(
                    in: f, line: line(root[field: "notices"]),
                    "notices 应为 weekly、monthly 或 quarterly: \(n) (bad notices)")
            }
        }
        if let c = string("count", of: root, in: f, required: false) {
            if let b = CountBasis(rawValue: c) {
                head.count = b
            } else {
                problem(in: f, line: line(root[field: "count"]), "count 应为 qualified 或 submitted: \(c) (bad count)")
            }
        }
        if let region = head.region, reg.region(id: region) == nil {
            problem(
                in: f, line: line(root[field: "region"]), Message.unknown(.region, region, among: reg.regions.map(\.id))
            )
        }
        return head
    }

    /// Whether unit `u` (at `line`) is in the registry; a problem with the nearest ids and names if not.
    mutating func knownUnit(_ u: String, in f: String, line l: Int?, registry reg: UnitRegistry) -> Bool {
        if reg.unit(id: u) != nil { return true }
        problem(in: f, line: l, Message.unknown(.unit, u, among: reg.units.map(\.id) + reg.units.map(\.name)))
        return false
    }

    /// `units:` of `node` (an individual scheme, a deduction indicator of a shared one): every unit
    /// known, none twice (`duplicate(u)` says so).
    mutating func unitList(in f: String, node: Node, registry reg: UnitRegistry, duplicate: (String) -> String)
        -> [String]
    {
        var units: [String] = []
        var seen = Set<String>()
        for (u, l) in strings("units", of: node, in: f) ?? [] {
            guard knownUnit(u, in: f, line: l, registry: reg) else { continue }
            if !seen.insert(u).inserted { problem(in: f, line: l, duplicate(u)) }
            units.append(u)
        }
        return units
    }

    /// `rollups:` unit → the scheme its score comes from (that scheme is checked once all are read).
    mutating func rollups(
        in f: String, root: Node, registry reg: UnitRegistry, mode: SchemeMode?,
        assessed: [String]
    ) -> [String: String] {
        guard let r = root[field: "rollups"] else { return [:] }
        guard case .mapping(let m) = r else {
            problem(in: f, line: line(r), "rollups 应为映射 单位: 方案 (expected a mapping of unit: scheme)")
            return [:]
        }
        var rollups: [String: String] = [:]
        for (k, v) in m {
            guard let u = k.string, let s = v.string else { continue }
            if knownUnit(u, in: f, line: line(k), registry: reg), mode == .individual, !assessed.contains(u) {
                problem(in: f, line: line(k), "汇总单位不在本方案中: \(u) (roll-up unit not in this scheme)")
            }
            rollups[u] = s
        }
        return rollups
    }

    /// One entry of `indicators:`; nil when a field is missing or its rule is wrong.
    mutating func indicator(
        in f: String, node n: Node, registry reg: UnitRegistry, mode: SchemeMode?,
        codes: inout Set<String>
    ) -> Indicator? {
        guard let code = string("code", of: n, in: f), let short = string("short", of: n, in: f),
            let title = string("title", of: n, in: f),
            let points = number("points", of: n, in: f), let requirement = string("requirement", of: n, in: f)
        else { return nil }
        guard let ruleNode = n[field: "rule"], let rule = rule(in: f, node: ruleNode) else {
            if n[field: "rule"] == nil { problem(in: f, line: line(n), "指标 \(code) 缺少字段 `rule` (missing field)") }
            return nil
        }
        if !codes.insert(code).inserted {
            problem(in: f, line: line(n[field: "code"]), "指标编号重复: \(code) (duplicate indicator code)")
        }
        if points <= 0 {
            problem(
                in: f, line: line(n[field: "points"]),
                "指标 \(code) 的分值应大于 0: \(formatCount(points)) (points must be above 0)")
        }
        var tiers: [Tier] = []
        var units: [String] = []
        if mode == .shared && rule.isDeduction {
            units = unitList(in: f, node: n, registry: reg) { "指标 \(code) 中单位重复: \($0) (duplicate unit)" }
        } else if mode == .shared {
            tiers = self.tiers(in: f, node: n, code: code, registry: reg)
        }
        return Indicator(
            code: code, short: short, title: title, points: points, requirement: requirement,
            rule: rule, tiers: tiers, units: units)
    }

    /// `tiers:` of an indicator of a shared scheme: weights in 0–100 % summing to 100 %, every
    /// tier with units, no unit in two tiers.
    mutating func tiers(in f: String, node n: Node, code: String, registry reg: UnitRegistry) -> [Tier] {
        var tiers: [Tier] = []
        var inTier: [String: Int] = [:]
        var sum = 0.0
        let tierNodes = list("tiers", of: n, in: f) ?? []
        for (ti, t) in tierNodes.enumerated() {
            guard let w = number("weight", of: t, in: f) else { continue }
            if w <= 0 || w > 100 {
                problem(
                    in: f, line: line(t[field: "weight"]),
                    "指标 \(code) 第 \(ti + 1) 档权重应在 0–100% 之间: \(formatCount(w)) (weight out of 0–100 %)")
            }
            sum += w
            var us: [String] = []
            let listed = strings("units", of: t, in: f) ?? []
            if listed.isEmpty { problem(in: f, line: line(t), "指标 \(code) 第 \(ti + 1) 档没有单位 (tier has no units)") }
            for (u, l) in listed {
                guard knownUnit(u, in: f, line: l, registry: reg) else { continue }
                if let other = inTier[u] {
                    problem(
                        in: f, line: l,
                        other == ti
                            ? "指标 \(code) 第 \(ti + 1) 档中单位重复: \(u) (duplicate unit in tier)"
                            : "单位 \(u) 同时在指标 \(code) 的第 \(other + 1) 档和第 \(ti + 1) 档 (unit in two tiers)")
                    continue
                }
                inTier[u] = ti
                us.append(u)
            }
            tiers.append(Tier(weight: w, units: us))
        }
        if !tierNodes.isEmpty, abs(sum - 100) > 1e-9 {
            problem(
                in: f, line: line(n[field: "tiers"]),
                "指标 \(code) 各档权重之和为 \(formatCount(sum))%，应为 100% (tier weights must sum to 100 %)")
        }
        return tiers
    }

    /// The indicators' points must add up to the scheme's total.
    mutating func checkPoints(in f: String, root: Node, indicators: [Indicator], total: Double) {
        let sum = indicators.reduce(0) { $0 + $1.points }
        if abs(sum - total) > 1e-9 {
            problem(
                in: f, line: line(root[field: "indicators"]),
                "各指标分值之和为 \(formatCount(sum))，应为方案总分 \(formatCount(total)) (points must sum to the total)")
        }
    }

    /// The optional `document_settings:` block (mark, code, addressees, copies, printer); a missing
    /// field takes its default from the office and the document number.
    mutating func documentSettings(
        in f: String, root: Node, office: String?, document: String?,
        mode: SchemeMode?, notices: NoticeCadence?
    ) -> DocumentSettings? {
        guard let office, let document else { return nil }
        let d = DocumentSettings.defaults(
            office: office, document: document, districts: notices == .monthly && mode == .individual)
        guard let node = root[field: "document_settings"] else { return d }
        guard case .mapping(let m) = node else {
            problem(
                in: f, line: line(node),
                "document_settings 应为映射 (expected a mapping of mark, code, addressees, copies, printer)")
            return nil
        }
        let known: Set<String> = ["mark", "code", "addressees", "copies", "printer"]
        for k in m.keys where !known.contains(k.string ?? "") {
            problem(
                in: f, line: line(k),
                "document_settings 中未知的字段: \(k.string ?? "?")（可选: mark, code, addressees, copies, printer）(unknown field)"
            )
        }
        func field(_ key: String, _ fallback: String) -> String {
            guard let v = string(key, of: node, in: f, required: false) else { return fallback }
            if let p = DocumentSettings.problem(field: key, value: v) {
                problem(in: f, line: line(node[field: key]), "document_settings: " + p)
            }
            return v
        }
        var copies = d.copies
        if let listed = strings("copies", of: node, in: f, required: false) {
            copies = listed.map(\.0)
            for (c, l) in listed {
                if let p = DocumentSettings.problem(field: "copies", value: c) {
                    problem(in: f, line: l, "document_settings: " + p)
                }
            }
        }
        return DocumentSettings(
            mark: field("mark", d.mark), code: field("code", d.code),
            addressees: field("addressees", d.addressees), copies: copies, printer: field("printer", d.printer))
    }

    // MARK: targets

    mutating func targets(in f: String, root: Node) -> TargetSet? {
        let before = problems.count
        let id = string("id", of: root, in: f)
        let document = string("document", of: root, in: f)
        let column = string("column", of: root, in: f)
        var out: [Target] = []
        var ids = Set<String>()
        for n in list("targets", of: root, in: f) ?? [] {
            guard let tid = string("id", of: n, in: f), let group = string("group", of: n, in: f),
                let title = string("title", of: n, in: f),
                let text = string("text", of: n, in: f), let cmp = string("comparator", of: n, in: f),
                let value = number("value", of: n, in: f),
                let measure = string("measure", of: n, in: f)
            else { continue }
            guard checkID(tid, of: .target, in: f, node: n[field: "id"]) else { continue }
            guard let comparator = Comparator(rawValue: cmp) else {
                problem(
                    in: f, line: line(n[field: "comparator"]),
                    "目标 \(tid) 的 comparator 应为 =、>=、>、<= 或 <: \(cmp) (bad comparator)")
                continue
            }
            let year = number("year", of: n, in: f) ?? 0
            if year < 2000 || year > 2100 || year != year.rounded() {
                problem(in: f, line: line(n[field: "year"]), "目标 \(tid) 的目标年份无效: \(formatCount(year)) (bad year)")
            }
            let methodText = string("method", of: n, in: f, required: false) ?? "linear"
            guard let method = TrendMethod(rawValue: methodText) else {
                problem(
                    in: f, line: line(n[field: "method"]),
                    "目标 \(tid) 的 method 应为 linear 或 cagr: \(methodText) (bad method)")
                continue
            }
            if method == .cagr && value <= 0 {
                problem(in: f, line: line(n[field: "value"]), "目标 \(tid) 使用 cagr 时数值应大于 0 (cagr needs a value above 0)")
            }
            var base: (year: Double, value: Double)?
            if let b = n[field: "base"] {
                if let by = number("year", of: b, in: f), let bv = number("value", of: b, in: f) { base = (by, bv) }
            }
            if !ids.insert(tid).inserted {
                problem(in: f, line: line(n[field: "id"]), "目标编号重复: \(tid) (duplicate target id)")
                continue
            }
            out.append(
                Target(
                    id: tid, group: group, title: title, text: text, comparator: comparator, value: value,
                    measure: measure, year: Int(year), method: method, base: base))
        }
        guard problems.count == before, let id, let document, let column else { return nil }
        return TargetSet(id: id, document: document, column: column, targets: out)
    }
}

/// Whether `id` follows the rule of ids that become paths: 1 to 64 lower-case ASCII letters,
/// digits and `-`, the first a letter or digit.
public func isPathSafeID(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    func allowed(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D }
    return (1...64).contains(bytes.count) && bytes[0] != 0x2D && bytes.allSatisfy(allowed)
}

/// Known names closest to `text` (edit distance), for "did you mean" hints.
public func suggestions(_ text: String, among names: [String], limit: Int = 3) -> [String] {
    let t = Array(text)
    // No name is this long: a huge cell gets no guesses (edit distance would cost its length × each name).
    guard t.count <= 256 else { return [] }
    var scored: [(Int, String)] = []
    for n in Set(names) {
        let d = editDistance(t, Array(n))
        let c = Array(n)
        let contains = c.contains(subsequence: t) || t.contains(subsequence: c)
        let threshold = max(2, min(t.count, n.count) / 2)
        if d <= threshold || (contains && !text.isEmpty) { scored.append((contains ? min(d, 1) : d, n)) }
    }
    return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.1)
}

extension Array where Element == Character {
    /// Whether `part` occurs in the array as a run (plain comparison: no Foundation, so NUL and any
    /// other character is just a character).
    func contains(subsequence part: [Character]) -> Bool {
        if part.isEmpty { return true }
        if part.count > count { return false }
        for i in 0...(count - part.count) where self[i] == part[0] && self[i..<(i + part.count)].elementsEqual(part) {
            return true
        }
        return false
    }
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

extension Node {
    /// The value of `key` in a mapping, keys compared as plain text. Yams' own `node["key"]` builds a
    /// node of the key and resolves the tag of every key it compares with a regular expression: that
    /// was a quarter of reading a 2,000-unit registry, and so of every `kaohe score` of a province.
    /// Pairs are visited by index from the last (the last equal key counts, as in Yams): iterating
    /// or reversing a `Node.Mapping` copies all its pairs into a new array first.
    fileprivate subscript(field key: String) -> Node? {
        guard case .mapping(let pairs) = self else { return nil }
        var i = pairs.endIndex
        while i > pairs.startIndex {
            i -= 1
            if case .scalar(let k) = pairs[i].key, k.string == key { return pairs[i].value }
        }
        return nil
    }
}
