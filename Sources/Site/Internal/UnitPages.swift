import Charts
import Foundation
import Indicators
import Scoring

extension SitePlan {
    // MARK: a unit's page in a scheme

    mutating func planUnit(_ unitID: String, of s: Scheme) throws {
        let results = series[s.id] ?? []
        let path = Self.unitPath(s.id, unitID)
        let dir = dirname(path)
        let unit = catalog.registry.unit(id: unitID)
        let name = unit?.name ?? unitID
        let latest = results.last
        let u = byUnit[s.id]?.last?[unitID]

        let rows = indicatorRows(of: unitID, in: s, result: u)
        var csvRows = rows.map(\.csvFields)
        let (totals, conversion) = u.map { totalsRow(of: $0, in: s) } ?? (nil, "")
        if let totals { csvRows.append(Array(totals.csvFields.dropLast()) + [conversion]) }
        addCSV(
            "\(dir)/\(unitID)-indicators.csv",
            table: CSVTable(header: ["代码", "指标", "规则", "档次", "指标分值", "应得分", "完成率", "得分", "尚缺"], rows: csvRows))
        let (history, historyCSV) = historyRows(of: unitID, in: s, results: results, from: dir)
        addCSV(
            "\(dir)/\(unitID)-history.csv",
            table: CSVTable(header: ["期间", "得分", "名次", "参评单位数", "名次变化"], rows: historyCSV))

        let events = (eventsByUnit[s.id]?[unitID] ?? []).filter { $0.date <= asOf }
        let ch = Fmt.change(u?.rankChange)
        var charts: [ChartRef] = []
        let (specs, chartNote) = historyCharts(of: unitID, in: s, name: name, results: results, dir: dir)
        for spec in specs {
            addChart(spec)
            charts.append(spec.ref(from: dir))
        }
        let steps = [(s.title, Self.schemePath(s.id)), ("各单位", Self.schemePath(s.id) + "#units"), (name, "")]
        let page = UnitPage(
            frame: frame(title: "\(name) · \(s.title)", crumbs: crumbs(steps, from: dir), in: dir), name: name,
            kind: unit?.kind.label ?? "", scheme: s.document, schemeTitle: s.title,
            aliases: unit.flatMap { $0.aliases.isEmpty ? nil : Fmt.list($0.aliases) },
            window: latest.map { periodText($0.window) } ?? "—",
            windowHref: latest.map { relative(Self.noticePath(s.id, $0.window), from: dir) } ?? "",
            score: u.map { Fmt.score($0.score) } ?? "—",
            rank: u.map { place(s.id, window: results.count - 1, rank: $0.rank) } ?? "—",
            of: String(latest?.units.count ?? 0), change: ch.text, changeClass: ch.cls,
            nextRank: u.map { nextRankText($0, in: s) } ?? "",
            rollup: u?.rollup.map { id in
                catalog.scheme(id: id).map { "本项得分由\($0.document)各单位完成情况汇总得出。" } ?? ""
            },
            indicators: rows, totals: totals, conversion: conversion, indicatorsCSV: "\(unitID)-indicators.csv",
            events: eventRows(events, in: s, from: dir), history: history.reversed(),
            historyCSV: "\(unitID)-history.csv",
            charts: charts, chartNote: chartNote, related: related(to: unitID, in: s, from: dir))
        addPage(path, template: "unit", model: page)
    }

    /// The period a unit's page reports on: the window with its days, or how far an open one has come.
    func periodText(_ w: ScoreWindow) -> String {
        w.isComplete
            ? "\(windowTitle(w))（\(Fmt.span(from: w.range.from, to: min(w.range.to, asOf))))"
            : "\(windowTitle(w))（截至\(Fmt.date(w.range.to))，本期尚未结束）"
    }

    /// How far a unit is from the next place up in its latest result.
    func nextRankText(_ u: UnitResult, in s: Scheme) -> String {
        let tied = tiedRanks[s.id]?.last?.contains(u.rank) == true
        return u.pointsToNextRank.map { "距上一名次还差\(Fmt.score($0))分" } ?? (tied ? "与其他单位并列第一" : "已位列第一")
    }

    /// A unit's row for each indicator it answers for in `s`, from its latest result `u`.
    func indicatorRows(of unitID: String, in s: Scheme, result u: UnitResult?) -> [UnitIndicatorRow] {
        s.indicators.filter { s.isResponsible(unit: unitID, indicator: $0) }.map { ind in
            let x = u?.indicator(ind.code)
            let tier: String
            if let t = ind.tier(of: unitID) {
                tier = "第\(t.index + 1)档 \(Fmt.value(t.tier.weight))%（\(t.tier.units.count)个单位）"
            } else {
                tier = ind.rule.isDeduction ? "扣分项" : "全额"
            }
            return UnitIndicatorRow(
                code: ind.code, short: ind.short, rule: ind.rule.label, tier: tier, points: Fmt.value(ind.points),
                responsibility: x?.responsibility.map(Fmt.score) ?? "—",
                completion: x?.completion.map(Fmt.percent) ?? (x?.events.map { "事件 \($0) 次" } ?? "—"),
                earned: x.map { Fmt.score($0.earned) } ?? "—",
                missing: x?.missing.map { maskIdentifiers($0.text) } ?? (x == nil ? "—" : "已完成"),
                rowClass: x?.missing == nil ? "" : "short")
        }
    }

    /// A unit's score and place in every window of `results` it was ranked in, for its page and its CSV.
    func historyRows(of unitID: String, in s: Scheme, results: [SchemeResult], from dir: String)
        -> (rows: [HistoryRow], csv: [[String]])
    {
        let index = byUnit[s.id] ?? []
        var rows: [HistoryRow] = []
        var csv: [[String]] = []
        for (k, r) in results.enumerated() {
            guard let x = index[k][unitID] else { continue }
            let ch = Fmt.change(x.rankChange)
            rows.append(
                HistoryRow(
                    window: windowTitle(r.window) + cutNote(r.window),
                    href: relative(Self.noticePath(s.id, r.window), from: dir),
                    score: Fmt.score(x.score), rank: "\(place(s.id, window: k, rank: x.rank))/\(r.units.count)",
                    change: ch.text, changeClass: ch.cls))
            csv.append([r.window.label, Fmt.score(x.score), String(x.rank), String(r.units.count), ch.text])
        }
        return (rows, csv)
    }

    /// The totals row of a unit's indicator table and the sentence that turns it into the headline
    /// score (docs/site.md, "Totals"): Σ 应得分, Σ 得分, and for a shared scheme the 百分制 conversion.
    func totalsRow(of u: UnitResult, in s: Scheme) -> (UnitIndicatorRow?, String) {
        let own = u.indicators.filter { !$0.rule.isDeduction }
        let deductions = u.indicators.filter { $0.rule.isDeduction }
        guard !u.indicators.isEmpty else { return (nil, "") }
        let conversion: String
        let earnedSum: Double
        if s.mode == .shared {
            let off = deductions.reduce(0.0) { $0 - $1.earned }
            earnedSum = u.earned
            if u.responsibility > 0 {
                var t = "百分制得分 = 得分合计 \(Fmt.score(u.earned)) ÷ 应得分合计 \(Fmt.score(u.responsibility)) × 100"
                t += " = \(Fmt.score(100 * u.earned / u.responsibility))分"
                if off > 0 { t += "，减扣分 \(Fmt.score(off)) 分，即\(Fmt.score(u.score))分" }
                conversion = t + "（按未舍入的数值计算）。"
            } else {
                conversion = "本单位只承担扣分项：得分 = 100 − 扣分 \(Fmt.score(off)) = \(Fmt.score(u.score))分。"
            }
        } else {
            earnedSum = u.indicators.reduce(0.0) { $0 + $1.earned }
            conversion = "得分 = 各项得分之和 = \(Fmt.score(u.score))分（满分\(Fmt.value(s.total))分）。"
        }
        let label = s.mode == .shared && !deductions.isEmpty && !own.isEmpty ? "合计（不含扣分项）" : "合计"
        let row = UnitIndicatorRow(
            code: "", short: label, rule: "", tier: "",
            points: s.mode == .individual ? Fmt.value(u.indicators.reduce(0.0) { $0 + $1.points }) : "",
            responsibility: own.isEmpty ? "—" : Fmt.score(u.responsibility), completion: "",
            earned: Fmt.score(earnedSum), missing: "", rowClass: "total")
        return (row, conversion)
    }

    /// Links between a unit's views in other schemes: the same unit elsewhere, the monthly row a weekly
    /// scheme rolls up into, and the weekly scheme a monthly unit rolls up from.
    func related(to unitID: String, in s: Scheme, from dir: String) -> [Link] {
        var out: [Link] = []
        for other in catalog.schemes where other.id != s.id {
            if other.units.contains(unitID) {
                out.append(
                    Link(
                        href: relative(Self.unitPath(other.id, unitID), from: dir),
                        text: "\(other.title)：\(unitName(unitID))"))
            }
            // `s` rolls up into a unit of `other` (the zone's weekly scheme into the city's monthly ranking).
            for (zone, sub) in other.rollups.sorted(by: { $0.key < $1.key }) where sub == s.id {
                out.append(
                    Link(
                        href: relative(Self.unitPath(other.id, zone), from: dir),
                        text: "\(unitName(zone))在\(other.title)中的得分与名次"))
                if let last = series[other.id]?.last {
                    out.append(
                        Link(
                            href: relative(Self.noticePath(other.id, last.window), from: dir),
                            text: "\(other.title)：\(windowTitle(last.window))"))
                }
            }
        }
        // A unit of `s` whose score rolls up from another scheme (the zone in the city's ranking).
        if let sub = s.rollups[unitID], let os = catalog.scheme(id: sub) {
            out.append(Link(href: relative(Self.schemePath(sub), from: dir), text: "\(os.title)：各单位每期通报与得分"))
            if let last = series[sub]?.last {
                out.append(
                    Link(
                        href: relative(Self.noticePath(sub, last.window), from: dir),
                        text: "最新一期：\(windowTitle(last.window))"))
            }
        }
        return out
    }

    /// A unit's history chart: its score in every *finished* window it was ranked in (docs/decisions.md,
    /// "History charts end at the last finished period"), with the line under it saying where the
    /// chart ends. A running window is left out (its point would be a dip: its quotas are not yet
    /// due), so a new week inside a running month changes no chart and every drawing is reused.
    /// No chart while the unit has no finished window; the line then says so.
    func historyCharts(of unitID: String, in s: Scheme, name: String, results: [SchemeResult], dir: String)
        -> (specs: [ChartSpec], note: String?)
    {
        let index = byUnit[s.id] ?? []
        let ranked = results.indices.filter { index[$0][unitID] != nil }
        let running = ranked.last.map { results[$0].window }.flatMap { $0.isComplete ? nil : $0 }
        let ks = ranked.filter { results[$0].window.isComplete }
        guard let lastK = ks.last else {
            return ([], running.map { "\(windowTitle($0))尚未结束，暂无已结束期间的得分图；本期得分见上文与表2。" })
        }
        let shown = ks.map { results[$0] }
        let own: [Double?] = ks.map { k in index[k][unitID].map { Numbers.roundedScore($0.score) } }
        let allAverages = averages[s.id] ?? []
        let avg: [Double?] = ks.map { allAverages[$0] }
        let chart = LineChart(
            title: "\(name)历期得分", source: s.document, xLabels: shown.map { ChartSpec.axisLabel($0.window) },
            series: [(name: name, values: own), (name: "全部单位平均", values: avg)],
            yRange: 0...max(100, (own.compactMap { $0 }.max() ?? 0)), decimals: 2, valueUnit: "分")
        let last = index[lastK][unitID]!
        let end = windowTitle(results[lastK].window)
        var alt = "折线图「\(name)历期得分」：已结束的 \(shown.count) 期，图示至\(end)"
        alt += "（得分 \(Fmt.score(last.score)) 分，第 \(last.rank) 名）"
        if let best = own.compactMap({ $0 }).max() { alt += "；最高 \(Fmt.score(best)) 分" }
        if let running { alt += "；\(windowTitle(running))尚未结束，不在图中" }
        let note = "图示至\(end)" + (running.map { "；\(windowTitle($0))（进行中）的得分见上文与表2。" } ?? "。")
        let spec = ChartSpec(
            path: "\(dir)/\(unitID)-history.png", figure: .line(chart), width: 680, height: 260, alt: alt)
        return ([spec], note)
    }

    // MARK: targets (专栏1)

    func targetRows(dir: String, charts: Bool) -> (rows: [TargetRow], specs: [ChartSpec], progress: [TargetProgress]) {
        guard let set = catalog.targets else { return ([], [], []) }
        let progress = targetProgress(targets: set, observations: input.observations, asOf: input.asOf?.yearMonth)
        var rows: [TargetRow] = []
        var specs: [ChartSpec] = []
        for p in progress {
            let t = p.target
            let latest = p.latest.map { "\(Fmt.value($0.value))\(t.measure == "名" ? " 名" : t.measure)" } ?? "—"
            let period =
                p.latest.map { o in o.period.month.map { "\(o.period.year)年\($0)月" } ?? "\(o.period.year)年" } ?? ""
            let chartSpecs = charts ? targetCharts(p) : []
            for c in chartSpecs { specs.append(c) }
            rows.append(
                TargetRow(
                    group: Fmt.digits(t.group), title: Fmt.digits(t.title), target: Fmt.digits(t.text),
                    latest: latest, period: period,
                    status: p.status.label, statusClass: "st-\(p.status.rawValue)",
                    ratio: p.ratio.map { Fmt.fixed($0, digits: 2) } ?? "—",
                    bullet: chartSpecs.first?.ref(from: dir),
                    trend: chartSpecs.count > 1 ? chartSpecs[1].ref(from: dir) : nil))
        }
        return (rows, specs, progress)
    }

    func targetCharts(_ p: TargetProgress) -> [ChartSpec] {
        let t = p.target
        let status: TargetStatusColor
        switch p.status {
        case .achieved: status = .achieved
        case .onTrack: status = .onTrack
        case .needsAcceleration: status = .needsAcceleration
        case .limited: status = .limited
        case .deterioration: status = .deterioration
        case .unknown: status = .unknown
        }
        let measure = t.measure == "名" ? " 名" : t.measure
        let valueText = p.latest.map { Fmt.value($0.value) + measure }
        let bullet = TargetBullet(
            title: t.title, value: p.latest?.value, target: t.value, lowerIsBetter: t.lowerIsBetter,
            status: status, valueText: valueText,
            targetText: "\(t.comparator.symbol) \(Fmt.value(t.value))\(measure)")
        var alt = "目标进度图「\(t.title)」：目标\(t.comparator.symbol)\(Fmt.value(t.value))\(measure)"
        alt += valueText.map { "，最新值 \($0)" } ?? "，暂无数据"
        alt += "，\(p.status.label)"
        var specs = [
            ChartSpec(path: "targets/\(t.id)-bullet.png", figure: .bullet(bullet), width: 300, height: 84, alt: alt)
        ]
        if !p.observations.isEmpty {
            // A rank (名, 1 is best) rises on the sparkline when it improves.
            let spark = Sparkline(
                values: p.observations.map { Optional($0.value) }, decimals: 1,
                higherIsBetter: t.measure != "名")
            let obs = p.observations.map { "\($0.period) \(Fmt.value($0.value))\(measure)" }
            specs.append(
                ChartSpec(
                    path: "targets/\(t.id)-trend.png", figure: .spark(spark), width: 120, height: 36,
                    alt: "走势图：" + obs.joined(separator: "，")))
        }
        return specs
    }

    func statusCounts(_ progress: [TargetProgress]) -> [StatusCount] {
        TargetStatus.allCases.map { st in
            StatusCount(label: st.label, cls: "st-\(st.rawValue)", count: progress.filter { $0.status == st }.count)
        }.filter { $0.count > 0 }
    }

    mutating func planTargets() throws {
        guard let set = catalog.targets else { return }
        let (rows, specs, progress) = targetRows(dir: "", charts: true)
        for s in specs { addChart(s) }
        addCSV(
            "targets.csv",
            table: CSVTable(
                header: ["一级指标", "二级指标", "目标（2025年）", "最新值", "期间", "进展状态", "进度比"],
                rows: rows.map { [$0.group, $0.title, $0.target, $0.latest, $0.period, $0.status, $0.ratio] }))
        // The page dates its values by the latest observation shown, not by the weekly data's as-of day.
        let newest = progress.compactMap { $0.latest?.period }.max()
        let asOfText = newest.map { p in "指标数据截至" + (p.month.map { "\(p.year)年\($0)月" } ?? "\(p.year)年") } ?? "暂无指标数据"
        let title = "“十四五”社会信用体系建设主要指标进展"
        let page = TargetsPage(
            frame: frame(title: title, crumbs: crumbs([("“十四五”主要指标", "")], from: ""), in: ""),
            document: set.document, column: set.column, asOf: asOfText, rows: rows,
            statuses: statusCounts(progress), csv: "targets.csv")
        addPage("targets.html", template: "targets", model: page)
    }

    // MARK: a scheme's index

    /// A group of a unit index: its anchor, its label and the kinds of unit it holds.
    struct KindGroup {
        let anchor: String
        let label: String
        let kinds: Set<UnitKind>
    }

    /// The groups of a unit index: 部门, 街道办, 区县 (districts and counties together), then the others.
    static let kindGroups: [KindGroup] = [
        KindGroup(anchor: "department", label: "部门", kinds: [.department]),
        KindGroup(anchor: "subdistrict", label: "街道办", kinds: [.subdistrict]),
        KindGroup(anchor: "district", label: "区县", kinds: [.district, .county]),
        KindGroup(anchor: "member", label: "成员单位", kinds: [.member]),
        KindGroup(anchor: "district-office", label: "区县发展改革部门", kinds: [.districtOffice]),
    ]

    /// A scheme's units grouped by kind (`kindGroups`), each group in scheme order; empty groups left out.
    func unitKinds(_ s: Scheme) -> [(KindGroup, [String])] {
        var out: [(KindGroup, [String])] = []
        for g in Self.kindGroups {
            let ids = s.units.filter { g.kinds.contains(catalog.registry.unit(id: $0)?.kind ?? .department) }
            if !ids.isEmpty { out.append((g, ids)) }
        }
        return out
    }

    mutating func planScheme(_ s: Scheme) throws {
        let path = Self.schemePath(s.id)
        let dir = dirname(path)
        let results = series[s.id] ?? []
        let notices = results.enumerated().reversed().map { i, r in
            Link(
                href: relative(Self.noticePath(s.id, r.window), from: dir),
                text: "第\(i + 1)期 \(windowTitle(r.window))\(cutNote(r.window))")
        }
        let latest = byUnit[s.id]?.last ?? [:]
        let groups = unitKinds(s).map { g, ids in
            UnitIndexGroup(
                heading: "\(g.label)（\(ids.count)个）", anchor: "kind-\(g.anchor)",
                links: ids.map { id in
                    let score = latest[id].map { "：\(Fmt.score($0.score))分" } ?? ""
                    return Link(href: relative(Self.unitPath(s.id, id), from: dir), text: unitName(id) + score)
                })
        }
        let page = SchemePage(
            frame: frame(title: s.title, crumbs: crumbs([(s.title, "")], from: dir), in: dir),
            title: s.title, document: s.document, office: s.office, notices: notices, groups: groups)
        addPage(path, template: "scheme", model: page)
    }

    // MARK: home

    mutating func planHome() throws {
        var page = HomePage(
            frame: frame(title: "社会信用体系建设考核通报", crumbs: crumbs([], from: ""), in: ""),
            asOf: Fmt.date(asOf), notice: nil, noticeDate: "", noticeSummary: [], noticeCharts: [], ranking: nil,
            rankingRows: [], statuses: [], targetsRows: [], archives: [], units: [])
        showLatestNotice(on: &page)
        showLatestRanking(on: &page)
        if catalog.targets != nil {
            let (rows, _, progress) = targetRows(dir: "", charts: false)
            page.statuses = statusCounts(progress)
            page.targetsRows = rows
        }
        for s in catalog.schemes {
            page.archives.append(archive(of: s))
            // One line per scheme: its units by kind, each kind linking to its group on the scheme's index.
            page.units.append(
                UnitIndexGroup(
                    heading: s.title, anchor: s.id,
                    links: unitKinds(s).map { g, ids in
                        Link(href: Self.schemePath(s.id) + "#kind-\(g.anchor)", text: "\(g.label)（\(ids.count)个）")
                    }))
            try planScheme(s)
        }
        addPage("index.html", template: "index", model: page)
    }

    /// The home page's panel on the latest weekly notice, where there is one.
    func showLatestNotice(on page: inout HomePage) {
        guard let s = catalog.schemes.first(where: { $0.notices == .weekly }), let r = series[s.id]?.last,
            let w = r.window.week
        else { return }
        page.notice = Link(href: Self.noticePath(s.id, r.window), text: "关于\(Fmt.week(w))各单位信用信息报送情况的通报")
        page.noticeDate = "\(s.office) · 第\(series[s.id]!.count)期 · \(Fmt.date(reportDay(r.window)))"
        let st = weekStatus(s, r, w)
        // The notice's ranked bars (the same file the notice uses; not drawn twice).
        page.noticeCharts = [
            barChart(
                path: "\(s.id)/\(r.window.label)-scores.png",
                title: "各单位累计得分（截至\(Fmt.date(w.sunday))）", source: s.document, result: r
            ).ref(from: "")
        ]
        var line = "本周\(st.expected)个应报送单位中有\(st.submitted)个单位报送信用信息\(st.items)条，合格\(st.qualified)条"
        if !st.done.isEmpty { line += "，\(st.done.count)个单位已完成各项考核要求" }
        line += st.silent.isEmpty ? "。" : "，\(st.silent.count)个单位未报送。"
        page.noticeSummary = [line]
    }

    /// The home page's panel on the latest monthly ranking, where there is one.
    func showLatestRanking(on page: inout HomePage) {
        guard let s = catalog.schemes.first(where: { $0.notices == .monthly }), let r = series[s.id]?.last,
            let m = r.window.month
        else { return }
        page.ranking = Link(
            href: Self.noticePath(s.id, r.window), text: "\(Fmt.month(m))各\(unitNoun(s))考核排名\(cutNote(r.window))")
        page.rankingRows = r.units.map { u in
            let ch = Fmt.change(u.rankChange)
            return RankRow(
                rank: String(u.rank), name: u.name, href: Self.unitPath(s.id, u.unit), cells: [],
                score: Fmt.score(u.score), change: ch.text, changeClass: ch.cls,
                rowClass: u.rollup != nil ? "rollup" : "")
        }
    }

    /// A scheme's notices for the home page's archive, newest first.
    func archive(of s: Scheme) -> ArchiveGroup {
        let heading: String
        switch s.notices {
        case .weekly: heading = "\(s.office) · 每周通报"
        case .monthly: heading = "\(s.title) · 月度排名"
        case .quarterly: heading = "\(s.title) · 季度通报"
        }
        let links = (series[s.id] ?? []).enumerated().reversed().map { i, r in
            Link(href: Self.noticePath(s.id, r.window), text: "第\(i + 1)期 \(windowTitle(r.window))\(cutNote(r.window))")
        }
        return ArchiveGroup(heading: heading, links: links)
    }
}
