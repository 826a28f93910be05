import Indicators

extension Session {
    /// Checks one data row and keeps its records.
    mutating func row(_ r: Int, _ cells: [Cell], _ layout: inout Layout) {
        let cols = layout.cols
        @inline(__always) func cell(_ f: Field) -> (Cell, Int)? {
            let c = cols[f.ordinal]
            if c < 0 { return nil }
            return (c < cells.count ? cells[c] : .empty, c)
        }
        switch layout.kind {
        case .targets: return target(r, cell, &layout)
        case .events:
            guard let ctx = scheme(r, cell(.scheme), layout) else { return }
            return event(r, ctx, cell, &layout)
        case .submissions:
            guard let ctx = scheme(r, cell(.scheme), layout) else { return }
            if layout.wide { return wideRow(r, ctx, cells, cell, &layout) }
            return longRow(r, ctx, cell, &layout)
        }
    }

    // MARK: Submissions

    mutating func longRow(_ r: Int, _ ctx: SchemeContext, _ cell: (Field) -> (Cell, Int)?, _ layout: inout Layout) {
        let unit = self.unit(r, cell(.unit), ctx)
        let ind = self.indicator(r, cell(.indicator), ctx)
        let week = self.week(r, cell(.week), ctx)
        let sub = whole(r, cell(.submitted), name: "报送数")
        var qual = sub
        if let q = cell(.qualified), !q.0.isEmpty { qual = whole(r, q, name: "合格数") }
        guard let unit, let ind, let week, let sub, let qual else { return }
        if ctx.isDeduction[ind] {
            problem(
                r, cell(.indicator)?.1, "指标 \(ctx.codes[ind]) 是扣分指标，请作为事件导入 (deduction indicator: import as events)")
            return
        }
        if qual > sub {
            problem(r, cell(.qualified)?.1, "合格数 \(qual) 大于报送数 \(sub) (qualified > submitted)")
            return
        }
        if !ctx.isResponsible(unit: unit, id: unitIDs[unit], indicator: ind) {
            problem(r, cell(.unit)?.1, notResponsible(catalog.registry.units[unit], ctx.scheme.indicators[ind], ctx))
            return
        }
        keep(r, ctx, unit, ind, week, sub, qual, cell(.unit)?.1, &layout)
    }

    mutating func wideRow(
        _ r: Int, _ ctx: SchemeContext, _ cells: [Cell], _ cell: (Field) -> (Cell, Int)?, _ layout: inout Layout
    ) {
        let unit = self.unit(r, cell(.unit), ctx)
        let week = self.week(r, cell(.week), ctx)
        for (c, header) in layout.wideColumns {
            let v = c < cells.count ? cells[c] : .empty
            if v.isEmpty { continue }
            if case .text(let t) = v, ["-", "—", "/", "－", "／"].contains(t) { continue }
            guard let ind = indicatorIndex(header, ctx) else {
                problem(r, c, "指标“\(header)”不属于方案 \(ctx.scheme.id) (indicator not in scheme)")
                continue
            }
            guard let n = whole(r, (v, c), name: "合格数") else { continue }
            guard let unit, let week else { continue }
            if ctx.isDeduction[ind] {
                problem(r, c, "指标 \(ctx.codes[ind]) 是扣分指标，请作为事件导入 (deduction indicator: import as events)")
                continue
            }
            if !ctx.isResponsible(unit: unit, id: unitIDs[unit], indicator: ind) {
                if n != 0 {
                    problem(r, c, notResponsible(catalog.registry.units[unit], ctx.scheme.indicators[ind], ctx))
                }
                continue
            }
            keep(r, ctx, unit, ind, week, n, n, c, &layout)
        }
    }

    mutating func keep(
        _ r: Int, _ ctx: SchemeContext, _ unit: Int, _ ind: Int, _ week: ISOWeek, _ sub: Int, _ qual: Int,
        _ column: Int?, _ layout: inout Layout
    ) {
        let first: Int?
        let offset =
            week == lastWeekPassed.week && ctx.index == lastWeekPassed.scheme
            ? lastWeekPassed.offset : ctx.weekOffset(week)
        if let dense = ctx.denseSlot(unit: unit, indicator: ind, weekOffset: offset) {
            let seen = ctx.firstRows[dense]
            if seen == 0 {
                ctx.firstRows[dense] = Int32(truncatingIfNeeded: rowKey(r))
                first = nil
            } else {
                first = Int(seen)
            }
        } else {
            let key = ((ctx.index * 4096 + ind) * 1_048_576 + unit) * 1_000_000 + week.year * 100 + week.week
            first = records.seen.firstRow(key, row: rowKey(r))
        }
        if let first {
            problem(r, column, "与\(rowName(first))重复（同一单位、指标、周次）(duplicate row)")
            return
        }
        if total > 0 { return }
        if !ctx.used {
            ctx.used = true
            usedSchemes.insert(ctx.scheme.id)
        }
        records.submissions.append(
            WeeklyCount(
                scheme: ctx.scheme.id, unit: unitIDs[unit],
                indicator: ctx.codes[ind], week: week, submitted: sub, qualified: qual))
    }

    func notResponsible(_ u: Unit, _ indicator: Indicator, _ ctx: SchemeContext) -> String {
        "单位“\(u.name)”不负责方案 \(ctx.scheme.id) 的指标 \(indicator.code)（\(indicator.short)）(unit not responsible for indicator)"
    }

    // MARK: Events

    mutating func event(_ r: Int, _ ctx: SchemeContext, _ cell: (Field) -> (Cell, Int)?, _ layout: inout Layout) {
        let unit = self.unit(r, cell(.unit), ctx)
        var ind: Int?
        if let c = cell(.indicator), !c.0.isEmpty {
            ind = indicator(r, c, ctx)
        } else if let d = ctx.scheme.deductionIndicator {
            ind = ctx.scheme.indicators.firstIndex(of: d)
        } else {
            problem(r, nil, "方案 \(ctx.scheme.id) 没有扣分指标 (scheme has no deduction indicator)")
        }
        let date = day(r, cell(.date), ctx)
        var count: Int? = 1
        if let c = cell(.count), !c.0.isEmpty { count = whole(r, c, name: "次数") }
        let reason = cell(.reason)?.0.text ?? ""
        guard let unit, let ind, let date, let count else { return }
        let indicator = ctx.scheme.indicators[ind]
        if !indicator.rule.isDeduction {
            problem(r, cell(.indicator)?.1, "指标 \(indicator.code) 不是扣分指标 (not a deduction indicator)")
            return
        }
        let u = catalog.registry.units[unit]
        if !ctx.scheme.isResponsible(unit: u.id, indicator: indicator) {
            problem(r, cell(.unit)?.1, notResponsible(u, indicator, ctx))
            return
        }
        let key = "\(ctx.scheme.id)\u{1F}\(u.id)\u{1F}\(indicator.code)\u{1F}\(date)\u{1F}\(reason)"
        if let first = records.seenEvents[key] {
            problem(r, cell(.unit)?.1, "与\(rowName(first))重复（同一单位、指标、日期、事由）(duplicate row)")
            return
        }
        records.seenEvents[key] = rowKey(r)
        usedSchemes.insert(ctx.scheme.id)
        records.events.append(
            DeductionEvent(
                scheme: ctx.scheme.id, unit: u.id, indicator: indicator.code, date: date,
                reason: reason, count: count))
    }

    // MARK: Targets

    mutating func target(_ r: Int, _ cell: (Field) -> (Cell, Int)?, _ layout: inout Layout) {
        guard let set = catalog.targets else { return }
        var target: Target?
        if let (c, col) = cell(.indicator) {
            if c.isEmpty {
                problem(r, col, "缺少目标 (missing target)")
            } else if let t = set.resolve(c.text) {
                target = t
            } else {
                let names = set.targets.flatMap { [$0.id, $0.title] }
                problem(r, col, Message.unknown(.target, c.text, among: names))
            }
        }
        var period: ObservationPeriod?
        if let (c, col) = cell(.period) {
            switch c {
            case .empty: problem(r, col, "缺少期间 (missing period)")
            case .date(let d): period = ObservationPeriod(year: d.year, month: d.month)
            case .number(let x) where x == x.rounded() && x >= 1000 && x < 10000:
                period = ObservationPeriod(year: Int(x))
            default:
                period = Values.period(c.text)
                if period == nil { problem(r, col, "无法识别的期间“\(c.text)”，应为 2021 或 2021-12 (unparseable period)") }
            }
        }
        var value: Double?
        if let (c, col) = cell(.value) {
            switch c {
            case .empty: problem(r, col, "缺少数值 (missing value)")
            case .number(let x): value = x
            default:
                value = Values.number(c.text, allowPercent: true)
                if value == nil { problem(r, col, "无法识别的数字“\(c.text)” (not a number)") }
            }
        }
        guard let target, let period, let value else { return }
        let key = "\(target.id)\u{1F}\(period)"
        if let first = records.seenTargets[key] {
            problem(r, cell(.indicator)?.1, "与\(rowName(first))重复（同一目标、期间）(duplicate row)")
            return
        }
        records.seenTargets[key] = rowKey(r)
        records.observations.append(TargetObservation(target: target.id, period: period, value: value))
    }

    // MARK: Cells

    mutating func scheme(_ r: Int, _ cell: (Cell, Int)?, _ layout: Layout) -> SchemeContext? {
        var index = layout.defaultScheme
        if let (c, col) = cell, !c.isEmpty {
            let t = c.text
            let found: Int?
            if t == lastScheme.text, let x = lastScheme.index {
                found = x
            } else if let x = schemeCache[t] {
                found = x
            } else {
                found = catalog.schemes.firstIndex { $0.id == t.halfWidth.trimmingSpaces }
                schemeCache[t] = found
            }
            guard let found else {
                problem(r, col, unknownScheme(t))
                return nil
            }
            lastScheme = (t, found)
            index = found
        }
        guard let index else {
            problem(r, cell?.1, "缺少方案 (missing scheme)")
            return nil
        }
        if let ctx = contexts[index] { return ctx }
        let ctx = SchemeContext(
            scheme: catalog.schemes[index], index: index, registry: catalog.registry, today: options.today)
        contexts[index] = ctx
        return ctx
    }

    mutating func unit(_ r: Int, _ cell: (Cell, Int)?, _ ctx: SchemeContext) -> Int? {
        guard let (c, col) = cell else { return nil }
        if c.isEmpty {
            problem(r, col, "缺少单位 (missing unit)")
            return nil
        }
        let t = c.text
        if t == lastUnit.text, let u = lastUnit.index { return u }
        let found: Int?
        if let x = unitCache[t] {
            found = x
        } else {
            found = catalog.registry.resolve(t).flatMap { unitIndex[$0.id] }
            unitCache[t] = found
        }
        if let found {
            lastUnit = (t, found)
            return found
        }
        problem(
            r, col, Message.unknown(.unit, t, suggesting: suggestions(t.halfWidth.trimmingSpaces, among: ctx.unitNames))
        )
        return nil
    }

    mutating func indicatorIndex(_ t: String, _ ctx: SchemeContext) -> Int? {
        // A scheme has a handful of indicators: comparing with the few texts met first is cheaper
        // than hashing the text for every row. Rows often list them in turn: the one after the
        // last found is tried first.
        let n = recentIndicators.count
        if n > 0 {
            let next = recentIndicators[(lastIndicator + 1) % n]
            if next.scheme == ctx.index && next.text == t {
                lastIndicator = (lastIndicator + 1) % n
                return next.index
            }
            for (k, (scheme, text, index)) in recentIndicators.enumerated() where scheme == ctx.index && text == t {
                lastIndicator = k
                return index
            }
        }
        let found: Int?
        if let x = indicatorCache[ctx.index]?[t] {
            found = x
        } else {
            found = ctx.scheme.resolveIndicator(t).flatMap { ctx.scheme.indicators.firstIndex(of: $0) }
            indicatorCache[ctx.index, default: [:]][t] = found
        }
        if n < Session.recentLimit {
            recentIndicators.append((ctx.index, t, found))
            lastIndicator = n
        }
        return found
    }

    mutating func indicator(_ r: Int, _ cell: (Cell, Int)?, _ ctx: SchemeContext) -> Int? {
        guard let (c, col) = cell else { return nil }
        if c.isEmpty {
            problem(r, col, "缺少指标 (missing indicator)")
            return nil
        }
        let t = c.text
        if let i = indicatorIndex(t, ctx) { return i }
        let key = t.halfWidth.trimmingSpaces
        if key.count <= 2 {
            let codes = ctx.scheme.indicators.map(\.code).joined(separator: "、")
            problem(r, col, "未知指标“\(t)”（方案 \(ctx.scheme.id) 的指标为 \(codes)）(unknown indicator)")
        } else {
            problem(r, col, Message.unknown(.indicator, t, suggesting: suggestions(key, among: ctx.indicatorNames)))
        }
        return nil
    }

    mutating func week(_ r: Int, _ cell: (Cell, Int)?, _ ctx: SchemeContext) -> ISOWeek? {
        let w: ISOWeek
        var col: Int?
        if let (c, cc) = cell, !(c.isEmpty && options.week != nil) {
            col = cc
            switch c {
            case .empty:
                problem(r, cc, "缺少周次 (missing week)")
                return nil
            case .date(let d): w = d.isoWeek
            default:
                let t = c.text
                let parsed: ISOWeek?
                if t == lastWeek.text {
                    parsed = lastWeek.week
                } else if let x = weekCache[t] {
                    parsed = x
                    lastWeek = (t, x)
                } else {
                    parsed = c.isNumber ? nil : Values.week(t)
                    weekCache[t] = parsed
                    lastWeek = (t, parsed)
                }
                guard let parsed else {
                    problem(r, cc, "无法识别的周次“\(t)”，应为 2018-W49 或该周内的日期 (unparseable week)")
                    return nil
                }
                w = parsed
            }
        } else if let given = options.week {
            w = given
        } else {
            return nil
        }
        if w == lastWeekPassed.week, ctx.index == lastWeekPassed.scheme { return w }
        if w.sunday < ctx.scheme.start {
            problem(r, col, "周次 \(w) 早于方案开始日期 \(ctx.scheme.start) (week before the scheme starts)")
            return nil
        }
        if w.monday > options.today {
            problem(r, col, "周次 \(w) 尚未开始（今天是 \(options.today)）(week in the future)")
            return nil
        }
        lastWeekPassed = (w, ctx.index, ctx.weekOffset(w))
        return w
    }

    mutating func day(_ r: Int, _ cell: (Cell, Int)?, _ ctx: SchemeContext) -> Day? {
        guard let (c, col) = cell else { return nil }
        let d: Day
        switch c {
        case .empty:
            problem(r, col, "缺少日期 (missing date)")
            return nil
        case .date(let x): d = x
        case .number:
            problem(r, col, "无法识别的日期“\(c.text)” (unparseable date)")
            return nil
        case .text(let t):
            guard let x = Values.day(t) else {
                problem(r, col, "无法识别的日期“\(t)” (unparseable date)")
                return nil
            }
            d = x
        }
        if d < ctx.scheme.start {
            problem(r, col, "日期 \(d) 早于方案开始日期 \(ctx.scheme.start) (date before the scheme starts)")
            return nil
        }
        if d > options.today {
            problem(r, col, "日期 \(d) 晚于今天 \(options.today) (date in the future)")
            return nil
        }
        return d
    }

    /// A whole number ≥ 0.
    mutating func whole(_ r: Int, _ cell: (Cell, Int)?, name: String) -> Int? {
        guard let (c, col) = cell else { return nil }
        let x: Double
        switch c {
        case .empty:
            problem(r, col, "缺少\(name) (missing count)")
            return nil
        case .number(let v): x = v
        case .date:
            problem(r, col, "无法识别的数字“\(c.text)” (not a number)")
            return nil
        case .text(let t):
            if let i = Values.integer(t) {
                if i < 0 {
                    problem(r, col, "\(name)不能为负数: \(i) (negative count)")
                    return nil
                }
                if i > Session.maxCount {
                    problem(r, col, overLimit(name, t))
                    return nil
                }
                return i
            }
            guard let v = Values.number(t) else {
                problem(r, col, "无法识别的数字“\(t)” (not a number)")
                return nil
            }
            x = v
        }
        if x < 0 {
            problem(r, col, "\(name)不能为负数: \(c.text) (negative count)")
            return nil
        }
        if !x.isFinite || x != x.rounded() {
            problem(r, col, "\(name)应为整数: “\(c.text)” (not a whole number)")
            return nil
        }
        if x > Double(Session.maxCount) {
            problem(r, col, overLimit(name, c.text))
            return nil
        }
        return Int(x)
    }

    func overLimit(_ name: String, _ text: String) -> String {
        "\(name) \(text) 超过上限 \(Session.maxCount) (count over the limit of \(Session.maxCount))"
    }
}

extension Session {
    /// The largest count a cell may hold (报送数, 合格数, 次数): docs/formats.md, "Limits".
    static let maxCount = 1_000_000
}

extension Cell {
    var isNumber: Bool { if case .number = self { true } else { false } }
}
