import Charts
import Foundation
import Indicators
import Scoring

extension SitePlan {
    // MARK: a unit's page in a scheme

    mutating func planUnit(_ s: Scheme, _ unitID: String) throws {
        let results = series[s.id] ?? []
        let path = Self.unitPath(s.id, unitID)
        let dir = dirname(path)
        let unit = catalog.registry.unit(id: unitID)
        let name = unit?.name ?? unitID
        let latest = results.last
        let index = byUnit[s.id] ?? []
        let u = index.last?[unitID]

        var rows: [UnitIndicatorRow] = [], csvRows: [[String]] = []
        for ind in s.indicators where s.isResponsible(unit: unitID, indicator: ind) {
            let x = u?.indicator(ind.code)
            let tier: String
            if let t = ind.tier(of: unitID) {
                tier = "第\(t.index + 1)档 \(Fmt.value(t.tier.weight))%（\(t.tier.units.count)个单位）"
            } else {
                tier = ind.rule.isDeduction ? "扣分项" : "全额"
            }
            let row = UnitIndicatorRow(
                code: ind.code, short: ind.short, rule: ind.rule.label, tier: tier, points: Fmt.value(ind.points),
                responsibility: x?.responsibility.map(Fmt.score) ?? "—",
                completion: x?.completion.map(Fmt.percent) ?? (x?.events.map { "事件 \($0) 次" } ?? "—"),
                earned: x.map { Fmt.score($0.earned) } ?? "—",
                missing: x?.missing.map { maskIdentifiers($0.text) } ?? (x == nil ? "—" : "已完成"),
                rowClass: x?.missing == nil ? "" : "short")
            rows.append(row)
            csvRows.append([row.code, row.short, row.rule, row.tier, row.points, row.responsibility, row.completion,
                            row.earned, row.missing])
        }
        let base = unitID
        addCSV("\(dir)/\(base)-indicators.csv",
               CSVTable(header: ["代码", "指标", "规则", "档次", "指标分值", "应得分", "完成率", "得分", "尚缺"], rows: csvRows))

        var history: [HistoryRow] = [], historyCSV: [[String]] = []
        for (k, r) in results.enumerated() {
            guard let x = index[k][unitID] else { continue }
            let ch = Fmt.change(x.rankChange)
            history.append(HistoryRow(window: windowTitle(r.window), href: relative(Self.noticePath(s.id, r.window), from: dir),
                                      score: Fmt.score(x.score), rank: "\(x.rank)/\(r.units.count)",
                                      change: ch.text, changeClass: ch.cls))
            historyCSV.append([r.window.label, Fmt.score(x.score), String(x.rank), String(r.units.count), ch.text])
        }
        addCSV("\(dir)/\(base)-history.csv", CSVTable(header: ["期间", "得分", "名次", "参评单位数", "名次变化"], rows: historyCSV))

        let events = (eventsByUnit[s.id]?[unitID] ?? []).filter { $0.date <= asOf }
        let ch = Fmt.change(u?.rankChange)
        let nextRank: String
        if let u {
            nextRank = u.pointsToNextRank.map { "距上一名次还差\(Fmt.score($0))分" } ?? "已位列第一"
        } else {
            nextRank = ""
        }
        var charts: [ChartRef] = []
        for spec in historyCharts(s, unitID, name: name, results: results, dir: dir) {
            addChart(spec); charts.append(spec.ref(from: dir))
        }
        let page = UnitPage(
            root: relative("", from: dir), pageTitle: "\(name) · \(s.title)", name: name,
            kind: unit?.kind.label ?? "", scheme: s.document, schemeTitle: s.title,
            aliases: Fmt.list(unit?.aliases ?? []), hasAliases: !(unit?.aliases ?? []).isEmpty,
            window: latest.map { "\(windowTitle($0.window))（\(Fmt.span($0.window.range.from, min($0.window.range.to, asOf)))）" } ?? "—",
            windowHref: latest.map { relative(Self.noticePath(s.id, $0.window), from: dir) } ?? "",
            score: u.map { Fmt.score($0.score) } ?? "—", rank: u.map { String($0.rank) } ?? "—",
            of: String(latest?.units.count ?? 0), change: ch.text, changeClass: ch.cls, nextRank: nextRank,
            rollup: u?.rollup.flatMap { catalog.scheme(id: $0) }.map { "本项得分由\($0.document)各单位完成情况汇总得出。" } ?? "",
            hasRollup: u?.rollup != nil,
            indicators: rows, indicatorsCSV: "\(base)-indicators.csv",
            events: eventsRows(s, events, from: dir), hasEvents: !events.isEmpty,
            history: history.reversed(), historyCSV: "\(base)-history.csv", charts: charts, footer: footer)
        addPage(path, "unit", page)
    }

    func historyCharts(_ s: Scheme, _ unitID: String, name: String, results: [SchemeResult], dir: String) -> [ChartSpec] {
        let index = byUnit[s.id] ?? []
        let ks = results.indices.filter { index[$0][unitID] != nil }
        guard !ks.isEmpty else { return [] }
        let shown = ks.map { results[$0] }
        let own: [Double?] = ks.map { k in index[k][unitID].map { ($0.score * 100).rounded() / 100 } }
        let allAverages = averages[s.id] ?? []
        let avg: [Double?] = ks.map { allAverages[$0] }
        let chart = LineChart(title: "\(name)历期得分", source: s.document, xLabels: shown.map(\.window.label),
                              series: [(name: name, values: own), (name: "全部单位平均", values: avg)],
                              yRange: 0...max(100, (own.compactMap { $0 }.max() ?? 0)), decimals: 2, valueUnit: "分")
        let last = index[ks.last!][unitID]!
        var alt = "折线图「\(name)历期得分」：\(shown.count) 期，最近一期（\(windowTitle(shown.last!.window))）"
        alt += "得分 \(Fmt.score(last.score)) 分，第 \(last.rank) 名"
        if let best = own.compactMap({ $0 }).max() { alt += "；最高 \(Fmt.score(best)) 分" }
        return [ChartSpec(path: "\(dir)/\(unitID)-history.png", figure: .line(chart), width: 680, height: 260, alt: alt,
                          scale: ChartSpec.screenScale)]
    }

    // MARK: targets (专栏1)

    func targetRows(dir: String, charts: Bool) -> (rows: [TargetRow], specs: [ChartSpec], progress: [TargetProgress]) {
        guard let set = catalog.targets else { return ([], [], []) }
        let progress = targetProgress(targets: set, observations: input.observations, asOf: input.asOf?.yearMonth)
        var rows: [TargetRow] = [], specs: [ChartSpec] = []
        for p in progress {
            let t = p.target
            let latest = p.latest.map { "\(Fmt.value($0.value))\(t.measure == "名" ? " 名" : t.measure)" } ?? "—"
            let period = p.latest.map { o in o.period.month.map { "\(o.period.year)年\($0)月" } ?? "\(o.period.year)年" } ?? ""
            let chartSpecs = charts ? targetCharts(p) : []
            for c in chartSpecs { specs.append(c) }
            let empty = ChartRef(src: "", alt: "", width: 0, height: 0)
            rows.append(TargetRow(group: t.group, title: t.title, target: t.text, latest: latest, period: period,
                                  status: p.status.label, statusClass: "st-\(p.status.rawValue)",
                                  ratio: p.ratio.map { Fmt.fixed($0, 2) } ?? "—",
                                  bullet: chartSpecs.first?.ref(from: dir) ?? empty, hasBullet: chartSpecs.count > 0,
                                  trend: chartSpecs.count > 1 ? chartSpecs[1].ref(from: dir) : empty, hasTrend: chartSpecs.count > 1))
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
        let bullet = TargetBullet(title: t.title, value: p.latest?.value, target: t.value, lowerIsBetter: t.lowerIsBetter,
                                  status: status, valueText: valueText,
                                  targetText: "\(t.comparator.symbol) \(Fmt.value(t.value))\(measure)")
        var alt = "目标进度图「\(t.title)」：目标\(t.comparator.symbol)\(Fmt.value(t.value))\(measure)"
        alt += valueText.map { "，最新值 \($0)" } ?? "，暂无数据"
        alt += "，\(p.status.label)"
        var specs = [ChartSpec(path: "targets/\(t.id)-bullet.png", figure: .bullet(bullet), width: 300, height: 84, alt: alt)]
        if !p.observations.isEmpty {
            let spark = Sparkline(values: p.observations.map { Optional($0.value) }, decimals: 1)
            let obs = p.observations.map { "\($0.period) \(Fmt.value($0.value))\(measure)" }
            specs.append(ChartSpec(path: "targets/\(t.id)-trend.png", figure: .spark(spark), width: 120, height: 36,
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
        addCSV("targets.csv", CSVTable(header: ["一级指标", "二级指标", "目标（2025年）", "最新值", "期间", "进展状态", "进度比"],
                                       rows: rows.map { [$0.group, $0.title, $0.target, $0.latest, $0.period, $0.status, $0.ratio] }))
        let page = TargetsPage(root: "", pageTitle: "“十四五”社会信用体系建设主要指标进展", document: set.document,
                               column: set.column, asOf: Fmt.date(asOf), rows: rows, statuses: statusCounts(progress),
                               csv: "targets.csv", footer: footer)
        addPage("targets.html", "targets", page)
    }

    // MARK: home

    mutating func planHome() throws {
        var page = HomePage(root: "", pageTitle: "社会信用体系建设考核通报", asOf: Fmt.date(asOf), hasNotice: false,
                            notice: Link(href: "", text: ""), noticeDate: "", noticeSummary: [], noticeCharts: [], hasRanking: false,
                            ranking: Link(href: "", text: ""), rankingRows: [], hasTargets: false, statuses: [],
                            targetsRows: [], archives: [], units: [], footer: footer)
        if let s = catalog.schemes.first(where: { $0.notices == .weekly }), let r = series[s.id]?.last, let w = r.window.week {
            page.hasNotice = true
            page.notice = Link(href: Self.noticePath(s.id, r.window), text: "关于\(Fmt.week(w))各单位信用信息报送情况的通报")
            page.noticeDate = "\(s.office) · 第\(series[s.id]!.count)期 · \(Fmt.date(reportDay(r.window)))"
            let expected = reporting(s)
            var n = 0, items = 0, q = 0
            for u in expected {
                let t = weekTotals(s, u, w)
                if t.submitted > 0 { n += 1; items += t.submitted; q += t.qualified }
            }
            // The notice's ranked bars (the same file the notice uses; not drawn twice).
            page.noticeCharts = [barChart(path: "\(s.id)/\(r.window.label)-scores.png",
                                          title: "各单位累计得分（截至\(Fmt.date(w.sunday))）", source: s.document, result: r).ref(from: "")]
            page.noticeSummary = ["本周\(expected.count)个应报送单位中有\(n)个单位报送信用信息\(items)条，合格\(q)条，\(expected.count - n)个单位未报送。"]
        }
        if let s = catalog.schemes.first(where: { $0.notices == .monthly }), let r = series[s.id]?.last, let m = r.window.month {
            page.hasRanking = true
            page.ranking = Link(href: Self.noticePath(s.id, r.window), text: "\(Fmt.month(m))各区县考核排名")
            page.rankingRows = r.units.map { u in
                let ch = Fmt.change(u.rankChange)
                return RankRow(rank: String(u.rank), name: u.name, href: Self.unitPath(s.id, u.unit), cells: [],
                               score: Fmt.score(u.score), change: ch.text, changeClass: ch.cls,
                               rowClass: u.rollup != nil ? "rollup" : "")
            }
        }
        if catalog.targets != nil {
            let (rows, _, progress) = targetRows(dir: "", charts: false)
            page.hasTargets = true
            page.statuses = statusCounts(progress)
            page.targetsRows = rows
        }
        for s in catalog.schemes {
            let results = series[s.id] ?? []
            let heading: String
            switch s.notices {
            case .weekly: heading = "\(s.office) · 每周通报"
            case .monthly: heading = "\(s.title) · 月度排名"
            case .quarterly: heading = "\(s.title) · 季度通报"
            }
            let links = results.enumerated().reversed().map { (i, r) in
                Link(href: Self.noticePath(s.id, r.window), text: "第\(i + 1)期 \(windowTitle(r.window))")
            }
            page.archives.append(ArchiveGroup(heading: heading, links: links))
            page.units.append(UnitIndexGroup(heading: s.title, links: s.units.map {
                Link(href: Self.unitPath(s.id, $0), text: unitName($0))
            }))
        }
        addPage("index.html", "index", page)
    }
}
