import Charts
import Foundation
import Indicators
import Scoring

extension SitePlan {
    /// Units of a scheme that are expected to hand in items (answer for a non-deduction indicator).
    func reporting(_ s: Scheme) -> [String] {
        s.units.filter { u in s.indicators.contains { !$0.rule.isDeduction && s.isResponsible(unit: u, indicator: $0) }
        }
    }

    /// Items a unit handed in during the week: (submitted, qualified) summed over indicators.
    func weekTotals(_ s: Scheme, _ unit: String, _ w: ISOWeek) -> (submitted: Int, qualified: Int) {
        weekly.weekTotal(scheme: s.id, unit: unit, week: w)
    }

    /// Sum of counts of a unit on an indicator over a date window (rows dated by their Sunday), up to
    /// the as-of day.
    func counts(_ s: Scheme, _ unit: String, _ code: String, in window: DateWindow) -> (submitted: Int, qualified: Int)
    {
        weekly.sum(
            scheme: s.id, unit: unit, indicator: code, in: DateWindow(from: window.from, to: min(window.to, asOf)))
    }

    /// Hands the notices collected so far over as a part of their own when the scheme is large (at
    /// least `unitsPerPart` units): a province ranking's page, tables, charts and document hold
    /// about as much as a part of unit pages, and holding all 24 while their PDFs are drawn one at a
    /// time made the build's peak memory (docs/benchmarks.md, "Issue #15, fifth wave"). A small
    /// scheme's notices stay together (one part: fewer waits between parts).
    mutating func handOverNotice(of s: Scheme) throws {
        if s.units.count >= Self.unitsPerPart { try flush() }
    }

    // MARK: weekly notice (GB/T 9704 manner)

    mutating func planNotice(of s: Scheme, results: [SchemeResult], at i: Int) throws {
        let r = results[i]
        guard let week = r.window.week else { return }
        let path = Self.noticePath(s.id, r.window)
        let dir = dirname(path)
        let issued = reportDay(r.window)
        let weekRange = DateWindow(from: max(week.monday, s.start), to: week.sunday)
        let inds = s.indicators

        // Summary from the data. A unit that handed in nothing this week but has already met every
        // requirement of the window is neither listed as silent nor told to 高度重视.
        let status = weekStatus(s, r, week)
        let silent = status.silent
        let silentNames = silent.map(unitName)
        var summary = [
            weekSentence(
                week: week, range: weekRange, expected: status.expected, submitted: status.submitted,
                items: status.items, qualified: status.qualified, silent: silent.count, done: status.done.count)
        ]
        if !r.units.isEmpty { summary.append(Self.standingsSentence(r, through: week.sunday)) }
        let weekEvents = input.events.filter { $0.scheme == s.id && weekRange.contains($0.date) }
        if !weekEvents.isEmpty { summary.append(eventsSentence(weekEvents)) }
        summary.append(
            silent.isEmpty
                ? "请各单位继续保持，按时、准确、全量报送信用信息。"
                : "请未报送单位高度重视，认真落实考核要求，及时报送本单位信用信息。")

        // Table: this week's submitted/qualified per indicator, events, cumulative score, rank, change.
        var groups: [Column] = []
        var columns: [Column] = []
        for ind in inds {
            if ind.rule.isDeduction {
                groups.append(Column(text: Fmt.keepTogether(ind.short), sub: "", span: 1))
                columns.append(Column(text: "事件", sub: "", span: 1))
            } else {
                groups.append(Column(text: Fmt.keepTogether(ind.short), sub: "", span: 2))
                columns.append(Column(text: "报送", sub: "", span: 1))
                columns.append(Column(text: "合格", sub: "", span: 1))
            }
        }
        var rows: [RankRow] = []
        var csvRows: [[String]] = []
        let silentSet = Set(silent)
        for u in r.units {
            var cells: [Cell] = []
            var csv = [String(u.rank), u.name]
            for ind in inds {
                let responsible = s.isResponsible(unit: u.unit, indicator: ind)
                if ind.rule.isDeduction {
                    let n = weekEvents.filter { $0.unit == u.unit && $0.indicator == ind.code }.map(\.count).reduce(
                        0, +)
                    cells.append(
                        responsible ? Cell(text: String(n), cls: n > 0 ? "num bad" : "num") : Cell(text: "—", cls: "na")
                    )
                    csv.append(responsible ? String(n) : "")
                } else if responsible {
                    let c = weekly.count(scheme: s.id, unit: u.unit, indicator: ind.code, week: week)
                    cells.append(Cell(text: String(c.submitted), cls: c.submitted == 0 ? "num zero" : "num"))
                    cells.append(Cell(text: String(c.qualified), cls: c.qualified == 0 ? "num zero" : "num"))
                    csv += [String(c.submitted), String(c.qualified)]
                } else {
                    cells += [Cell(text: "—", cls: "na"), Cell(text: "—", cls: "na")]
                    csv += ["", ""]
                }
            }
            let ch = Fmt.change(u.rankChange)
            rows.append(
                RankRow(
                    rank: String(u.rank), name: u.name, href: relative(Self.unitPath(s.id, u.unit), from: dir),
                    cells: cells, score: Fmt.score(u.score), change: ch.text, changeClass: ch.cls,
                    rowClass: silentSet.contains(u.unit) ? "silent" : ""))
            csv += [Fmt.score(u.score), ch.text]
            csvRows.append(csv)
        }
        let csvName = "\(r.window.label).csv"
        var header = ["排名", "单位"]
        for ind in inds {
            header += ind.rule.isDeduction ? ["\(ind.short) 本周事件"] : ["\(ind.short) 报送", "\(ind.short) 合格"]
        }
        header += ["累计得分", "名次变化"]
        addCSV("\(dir)/\(csvName)", table: CSVTable(header: header, rows: csvRows))
        let events = eventRows(weekEvents, in: s, from: dir)
        let eventsCSV = "\(r.window.label)-events.csv"
        if !events.isEmpty {
            addCSV(
                "\(dir)/\(eventsCSV)",
                table: CSVTable(
                    header: ["日期", "单位", "指标", "次数", "事由"],
                    rows: events.map { [$0.date, $0.unit, $0.indicator, $0.count, $0.reason] }))
        }
        let table = RankTable(
            caption: "表1  各单位\(Fmt.week(week))信用信息报送情况及累计得分",
            note: "注：报送、合格为本周数量；累计得分为自\(Fmt.date(s.start))起至本周日的百分制得分；“—”表示该单位不承担此项指标；标“※未报送”（红色）的单位本周未报送任何信息。",
            groups: groups, columns: columns, rows: rows, csv: csvName, scoreHeader: "累计得分")
        let bars = barChart(
            path: "\(dir)/\(r.window.label)-scores.png", title: "各单位累计得分（截至\(Fmt.date(week.sunday))）",
            source: s.document, result: r)
        let heat = heatChart(
            path: "\(dir)/\(r.window.label)-completion.png", title: "各单位各项指标累计完成率",
            source: s.document, scheme: s, result: r)
        addChart(bars)
        addChart(heat)
        var head = Masthead(
            office: s.office, kind: "信用信息报送情况通报", issue: "第\(i + 1)期",
            date: Fmt.date(issued),
            title: "关于\(Fmt.week(week))各单位信用信息报送情况的通报")
        head = try addDocument(
            at: path, of: s, serial: i + 1, issued: issued, summary: summary, tables: [table],
            events: events, silent: silent.isEmpty ? nil : "本周未报送单位：" + Fmt.list(silentNames),
            figures: [bars, heat], head: head)
        let frame = frame(
            title: head.title, crumbs: schemeCrumbs(s, page: "第\(i + 1)期 \(Fmt.week(week))", from: dir),
            in: dir, footer: noticeFooter(r.window))
        let page = NoticePage(
            frame: frame, head: head, summary: summary, table: table,
            silent: silent.isEmpty ? nil : Fmt.list(silentNames), events: events, eventsCSV: eventsCSV,
            charts: [bars.ref(from: dir), heat.ref(from: dir)], nav: nav(of: s, results: results, at: i, from: dir))
        addPage(path, template: "notice", model: page)
    }

    /// The notice's second paragraph: the average score up to `day`, the first three places and the last.
    static func standingsSentence(_ r: SchemeResult, through day: Day) -> String {
        var p = "截至\(Fmt.date(day))，\(r.units.count)个单位累计平均得分\(Fmt.score(Self.average(r) ?? 0))分，"
        p += Self.podium(r, through: 3)
        if let bottom = Self.bottom(r) { p += "，" + bottom }
        return p + "。"
    }

    /// The week's new deduction events, in one sentence.
    func eventsSentence(_ events: [DeductionEvent]) -> String {
        let names = Array(Set(events.map(\.unit))).sorted().map(unitName)
        return "本周新增失信被执行人记录\(events.map(\.count).reduce(0, +))条，涉及\(Fmt.names(names))，已按规定扣分。"
    }

    /// Who handed in what in a week: the units expected to report, those that did (items, qualified),
    /// those that had already met every requirement of the window, and the silent rest.
    func weekStatus(_ s: Scheme, _ r: SchemeResult, _ week: ISOWeek)
        -> (expected: Int, submitted: Int, items: Int, qualified: Int, done: [String], silent: [String])
    {
        let expected = reporting(s)
        var submitted = 0
        var items = 0
        var qualified = 0
        var silent: [String] = []
        var done: [String] = []
        for u in expected {
            let t = weekTotals(s, u, week)
            if t.submitted > 0 {
                submitted += 1
                items += t.submitted
                qualified += t.qualified
            } else if r.unit(u).map(Self.metEveryRequirement) == true {
                done.append(u)
            } else {
                silent.append(u)
            }
        }
        return (expected.count, submitted, items, qualified, done, silent)
    }

    /// The first paragraph of a weekly notice. The names of the silent units are printed once, in the
    /// list that follows the table (本周未报送单位), not repeated here.
    func weekSentence(
        week: ISOWeek, range: DateWindow, expected: Int, submitted: Int, items: Int, qualified: Int,
        silent: Int, done: Int
    ) -> String {
        var p = "\(Fmt.week(week))（\(Fmt.span(from: range.from, to: range.to))），应报送信用信息的\(expected)个单位中，"
        if submitted == 0 {
            p += "没有单位报送信用信息"
        } else {
            p += "有\(submitted)个单位报送信用信息\(items)条，经审核合格\(qualified)条"
            p += items > 0 ? "，合格率\(Fmt.percent(Double(qualified) / Double(items)))" : ""
        }
        if done > 0 { p += "；\(done)个单位已完成各项考核要求，本周未再报送" }
        if silent > 0 { p += "；\(silent)个单位本周未报送任何信息（名单附后）" } else if submitted > 0 && done == 0 { p += "；各单位本周均有报送" }
        return p + "。"
    }

    /// Whether a unit has met every requirement of the window: no indicator it answers for (events
    /// aside) is missing anything.
    static func metEveryRequirement(_ u: UnitResult) -> Bool {
        let own = u.indicators.filter { !$0.rule.isDeduction }
        return !own.isEmpty && own.allSatisfy { $0.missing == nil }
    }

    /// `甲以100.00分位列第一，乙、丙以95.00分并列第二`: the units placed 1 … `place`, ties as 并列.
    static func podium(_ r: SchemeResult, through place: Int) -> String {
        let numerals = ["一", "二", "三", "四", "五"]
        var parts: [String] = []
        var k = 0
        while k < r.units.count, r.units[k].rank <= place {
            let rank = r.units[k].rank
            var group: [UnitResult] = []
            while k < r.units.count, r.units[k].rank == rank {
                group.append(r.units[k])
                k += 1
            }
            let verb = group.count > 1 ? "并列" : "位列"
            parts.append(
                "\(Fmt.names(group.map(\.name), limit: 10))以\(Fmt.score(group[0].score))分\(verb)第\(numerals[min(rank, 5) - 1])"
            )
        }
        return parts.joined(separator: "，")
    }

    /// `丁位列末位` / `丁、戊以0.00分并列末位`; nil when every unit shares the first place or the
    /// last place is already named among the first three.
    static func bottom(_ r: SchemeResult) -> String? {
        guard let last = r.units.last, last.rank > 3 else { return nil }
        let group = r.units.filter { $0.rank == last.rank }
        return "\(Fmt.names(group.map(\.name), limit: 10))以\(Fmt.score(last.score))分\(group.count > 1 ? "并列" : "位列")末位"
    }

    // MARK: monthly ranking

    mutating func planRanking(of s: Scheme, results: [SchemeResult], at i: Int) throws {
        let r = results[i]
        guard let month = r.window.month else { return }
        let rollups = try s.rollups.sorted(by: { $0.key < $1.key }).compactMap { unit, other in
            try catalog.scheme(id: other).map { (unit: unit, scheme: $0, result: try score(other, r.window)) }
        }
        // Every input of the ranking's files is in its key: unchanged, they are reused unbuilt.
        let key = rankingKey(of: s, results: results, at: i, rollups: rollups)
        if reuseGroup(key) { return }
        let first = jobs.count
        defer { group(jobsFrom: first, under: key) }
        let path = Self.noticePath(s.id, r.window)
        let dir = dirname(path)
        var sections: [RankingSection] = []
        let noun = unitNoun(s)
        let districts = noun == "区县"
        var summary = r.units.isEmpty ? [] : [Self.rankingSentence(r, month: month, noun: noun)]
        sections.append(
            rankingSection(
                of: s, result: r, dir: dir, file: "\(r.window.label)", number: 1,
                heading: "一、各\(noun)\(Fmt.month(month))考核排名"))
        var n = 2
        for (unit, os, orr) in rollups {
            let other = os.id
            let name = unitName(unit)
            let rolled = r.unit(unit)
            summary.append(
                "\(name)的得分由其本区考核（\(os.document)）各单位完成情况汇总得出"
                    + (rolled.map { "，本月得分\(Fmt.score($0.score))分，\(r.place(of: $0))位" } ?? "")
                    + "；本区考核得分\(Fmt.score(orr.region.total))分（满分\(Fmt.value(os.total))分）。")
            sections.append(
                rankingSection(
                    of: os, result: orr, dir: dir, file: "\(r.window.label)-\(other)", number: n,
                    heading: "\(["", "一", "二", "三", "四", "五"][min(n, 5)])、\(name)各单位\(Fmt.month(month))考核得分"))
            n += 1
        }
        var head = Masthead(
            office: s.office, kind: districts ? "区县信用监测月报" : "信用考核月报", issue: "第\(i + 1)期",
            date: Fmt.date(reportDay(r.window)),
            title: "关于\(Fmt.month(month))各\(noun)社会信用体系建设考核排名情况的通报")
        head = try addDocument(
            at: path, of: s, serial: i + 1, issued: reportDay(r.window), summary: summary,
            tables: sections.map(\.table), figures: documentFigures(sections, dir: dir), head: head)
        let frame = frame(
            title: head.title, crumbs: schemeCrumbs(s, page: "第\(i + 1)期 \(Fmt.month(month))", from: dir),
            in: dir, footer: noticeFooter(r.window))
        let page = RankingPage(
            frame: frame, head: head, summary: summary, sections: sections,
            nav: nav(of: s, results: results, at: i, from: dir))
        addPage(path, template: "ranking", model: page)
    }

    /// The ranking's opening paragraph: how many took part, the average, the first and last places,
    /// and who rose or fell since last month.
    static func rankingSentence(_ r: SchemeResult, month: YearMonth, noun: String) -> String {
        let avg = Self.average(r) ?? 0
        let last = r.units[r.units.count - 1]
        let period =
            r.window.isComplete ? Fmt.month(month) : "\(Fmt.month(month))（截至\(Fmt.shortDate(r.window.range.to))，本月尚未结束）"
        var p = "\(period)，\(r.units.count)个\(noun)参加排名，平均得分\(Fmt.score(avg))分。"
        p += Self.podium(r, through: 1)
        if last.rank > 1 {
            let group = r.units.filter { $0.rank == last.rank }
            p +=
                "，\(Fmt.names(group.map(\.name), limit: 10))以\(Fmt.score(last.score))分\(group.count > 1 ? "并列" : "位列")末位"
        }
        p += "。"
        let up = r.units.filter { ($0.rankChange ?? 0) > 0 }.map(\.name)
        let down = r.units.filter { ($0.rankChange ?? 0) < 0 }.map(\.name)
        if !up.isEmpty || !down.isEmpty {
            p += "与上月相比，"
            if !up.isEmpty { p += "\(Fmt.names(up, limit: 10))名次上升" }
            if !up.isEmpty && !down.isEmpty { p += "；" }
            if !down.isEmpty { p += "\(Fmt.names(down, limit: 10))名次下降" }
            p += "。"
        }
        return p
    }

    mutating func rankingSection(
        of s: Scheme, result r: SchemeResult, dir: String, file: String, number: Int,
        heading: String
    ) -> RankingSection {
        let individual = s.mode == .individual
        // An individual scheme's cells are points out of the indicator's maximum (the header gives it); a
        // shared scheme's cells are the unit's apportioned share, which no maximum in the header fits.
        let sub: (Indicator) -> String = {
            individual ? "满分\(Fmt.value($0.points))分" : ($0.rule.isDeduction ? "扣分" : "分摊得分")
        }
        let columns = s.indicators.map { Column(text: Fmt.keepTogether($0.short), sub: sub($0), span: 1) }
        var rows: [RankRow] = []
        var csvRows: [[String]] = []
        for u in r.units {
            var cells: [Cell] = []
            var csv = [String(u.rank), u.name]
            for ind in s.indicators {
                if let x = u.indicator(ind.code) {
                    let text = Fmt.score(x.earned)
                    cells.append(Cell(text: text, cls: x.earned < 0 ? "num bad" : "num"))
                    csv.append(text)
                } else {
                    cells.append(Cell(text: "—", cls: "na"))
                    csv.append("")
                }
            }
            let ch = Fmt.change(u.rankChange)
            rows.append(
                RankRow(
                    rank: String(u.rank), name: u.name, href: relative(Self.unitPath(s.id, u.unit), from: dir),
                    cells: cells, score: Fmt.score(u.score), change: ch.text, changeClass: ch.cls,
                    rowClass: u.rollup != nil ? "rollup" : ""))
            csv += [Fmt.score(u.score), ch.text]
            csvRows.append(csv)
        }
        addCSV(
            "\(dir)/\(file).csv",
            table: CSVTable(
                header: ["排名", "单位"] + s.indicators.map { "\($0.short)（\(sub($0))）" }
                    + [individual ? "得分" : "百分制得分", "名次变化"],
                rows: csvRows))
        let note =
            individual
            ? "注：各项为该区县本月所得分值（满分见表头），得分为各项之和（满分\(Fmt.value(s.total))分）；名次变化与上月相比。"
            : "注：各项为该单位本月所得的分摊分值（指标分值按责任权重分摊给各责任单位，扣分项为所扣分值），不是各项满分；"
                + "百分制得分 = 各项分摊得分之和 ÷ 该单位各项应得分之和 × 100 − 扣分；“—”表示不承担此项指标。"
        let table = RankTable(
            caption: "表\(number)  \(heading.dropFirst(2))", note: note, groups: [],
            columns: columns, rows: rows, csv: "\(file).csv", scoreHeader: individual ? "得分" : "百分制得分")
        let highlight = r.units.first { $0.rollup != nil }?.name
        let bars = barChart(
            path: "\(dir)/\(file)-scores.png", title: String(heading.dropFirst(2)), source: s.document,
            result: r, highlight: highlight)
        var charts = [bars]
        if individual {
            charts.append(
                heatChart(
                    path: "\(dir)/\(file)-completion.png", title: "各项指标完成率",
                    source: s.document, scheme: s, result: r))
        }
        for c in charts { addChart(c) }
        return RankingSection(heading: heading, intro: "", table: table, charts: charts.map { $0.ref(from: dir) })
    }

    // MARK: quarterly news notice

    mutating func planNews(of s: Scheme, results: [SchemeResult], at i: Int) throws {
        let r = results[i]
        guard let quarter = r.window.quarter, let ind = s.indicators.first(where: { !$0.rule.isDeduction }) else {
            return
        }
        let path = Self.noticePath(s.id, r.window)
        let dir = dirname(path)
        let window = DateWindow(from: max(quarter.first, s.start), to: quarter.last)
        var rows: [RankRow] = []
        var csvRows: [[String]] = []
        var totalS = 0
        var totalQ = 0
        var silent: [String] = []
        for u in r.units {
            let x = u.indicator(ind.code)
            let c = counts(s, u.unit, ind.code, in: window)
            totalS += c.submitted
            totalQ += c.qualified
            let isSilent = c.submitted == 0 && !Self.metEveryRequirement(u)
            if isSilent { silent.append(u.name) }
            let rate = c.submitted > 0 ? Fmt.percent(Double(c.qualified) / Double(c.submitted)) : "—"
            let expected = x?.expected.map(Fmt.count) ?? "—"
            let completion = x?.completion.map(Fmt.percent) ?? "—"
            let ch = Fmt.change(u.rankChange)
            let cells = [
                Cell(text: String(c.submitted), cls: c.submitted == 0 ? "num zero" : "num"),
                Cell(text: String(c.qualified), cls: c.qualified == 0 ? "num zero" : "num"),
                Cell(text: rate, cls: "num"), Cell(text: expected, cls: "num"), Cell(text: completion, cls: "num"),
            ]
            rows.append(
                RankRow(
                    rank: String(u.rank), name: u.name, href: relative(Self.unitPath(s.id, u.unit), from: dir),
                    cells: cells, score: Fmt.score(u.score), change: ch.text, changeClass: ch.cls,
                    rowClass: isSilent ? "silent" : ""))
            csvRows.append([
                String(u.rank), u.name, String(c.submitted), String(c.qualified), rate, expected, completion,
                Fmt.score(u.score), ch.text,
            ])
        }
        let csvName = "\(r.window.label).csv"
        addCSV(
            "\(dir)/\(csvName)",
            table: CSVTable(
                header: ["排名", "单位", "报送", "采用", "采用率", "应报送", "完成率", "得分", "名次变化"],
                rows: csvRows))
        let through = min(window.to, max(r.window.range.to, window.from))
        let running = r.window.isComplete ? "" : "，本季度尚未结束"
        var p = "\(Fmt.quarter(quarter))（\(Fmt.span(from: window.from, to: through))\(running)），"
        if totalS == 0 {
            p += "\(r.units.count)个单位均未向“信用济南”网站报送信用新闻信息。"
        } else {
            p +=
                "\(r.units.filter { counts(s, $0.unit, ind.code, in: window).submitted > 0 }.count)个单位共向“信用济南”网站报送信用新闻信息\(totalS)篇，采用\(totalQ)篇"
            p += "，采用率\(Fmt.percent(Double(totalQ) / Double(totalS)))。"
            p += silent.isEmpty ? "各单位本季度均有报送或已完成要求。" : "\(silent.count)个单位本季度未报送信息（名单附后）。"
        }
        let summary = [p, "按照每月报送信息不少于2篇的要求，现将各单位报送和采用情况通报如下。"]
        let columns = ["报送", "采用", "采用率", "应报送", "完成率"].map { Column(text: $0, sub: "", span: 1) }
        let table = RankTable(
            caption: "表1  各单位\(Fmt.quarter(quarter))信用新闻信息报送和采用情况",
            note: "注：应报送按每月2篇、按日折算\(cutNote(r.window))；得分为完成率折合的百分制得分（按报送数计）。",
            groups: [], columns: columns, rows: rows, csv: csvName, scoreHeader: "得分")
        let bars = barChart(
            path: "\(dir)/\(r.window.label)-scores.png", title: "各单位\(Fmt.quarter(quarter))报送得分",
            source: s.document, result: r)
        addChart(bars)
        var head = Masthead(
            office: s.office, kind: "信用新闻信息报送情况通报", issue: "第\(i + 1)期",
            date: Fmt.date(reportDay(r.window)),
            title: "关于\(Fmt.quarter(quarter))“信用济南”网站新闻信息报送和采用情况的通报")
        head = try addDocument(
            at: path, of: s, serial: i + 1, issued: reportDay(r.window), summary: summary, tables: [table],
            silent: silent.isEmpty ? nil : "本季度未报送单位：" + Fmt.list(silent), figures: [bars], head: head)
        let frame = frame(
            title: head.title, crumbs: schemeCrumbs(s, page: "第\(i + 1)期 \(Fmt.quarter(quarter))", from: dir),
            in: dir, footer: noticeFooter(r.window))
        let page = NoticePage(
            frame: frame, head: head, summary: summary, table: table,
            silent: silent.isEmpty ? nil : Fmt.list(silent), events: [], eventsCSV: "",
            charts: [bars.ref(from: dir)], nav: nav(of: s, results: results, at: i, from: dir))
        addPage(path, template: "news", model: page)
    }
}
