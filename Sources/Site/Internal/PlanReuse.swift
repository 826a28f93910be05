import Foundation
import Indicators
import Scoring

/// Notices reused whole, before their models are built (docs/decisions.md, "Notices reused whole").
///
/// A monthly ranking is a pure function of its inputs: the window's result (every unit with every
/// indicator), the results of the schemes rolled up into it, the scheme and the registry's kinds of
/// its units, its issue number, the day it reports on, its neighbours' windows (the page's links),
/// whether the site has a targets page, the templates, and the program itself (a manifest of another
/// build of kaohe reuses nothing: `OutputWriter.renderer`). The plan hashes exactly these into the
/// ranking's *group key* before it builds anything. Each file of the ranking is listed in the
/// manifest with its own key and that group key; when the previous output lists a group with the
/// same key and all its files are still there, the plan adds those files as reused jobs (same path,
/// same own key) instead of building the ranking's page model, table, CSV, charts and PDF.
struct NoticeGroups: Sendable {
    /// A file of the previous output that belonged to a group: its path and its own key.
    struct File: Sendable, Equatable {
        let path: String
        let key: String
    }

    /// Group key → the files listed under it by the previous output, in path order.
    private(set) var files: [String: [File]] = [:]

    /// What separates a file's own key from its group's in the manifest (`<key>|<group>`); keys are hex.
    static let separator: Character = "|"

    /// The manifest's value of a file: its own key, and its group's key after the separator.
    static func manifestValue(key: String, group: String?) -> String {
        group.map { key + String(separator) + $0 } ?? key
    }

    /// Splits a manifest value into the file's own key and its group key (nil when it has none).
    static func split(_ value: String) -> (key: String, group: String?) {
        guard let bar = value.firstIndex(of: separator) else { return (value, nil) }
        return (String(value[..<bar]), String(value[value.index(after: bar)...]))
    }

    /// Reads the groups of a previous manifest (path → manifest value) and returns each file's own
    /// key. A group is kept only when every one of its files is still in `out` (a file removed by hand
    /// since then makes its notice be built again).
    static func read(manifest: [String: String], out: URL) -> (keys: [String: String], groups: NoticeGroups) {
        var keys: [String: String] = [:]
        keys.reserveCapacity(manifest.count)
        var groups = NoticeGroups()
        for (path, value) in manifest {
            let (key, group) = split(value)
            keys[path] = key
            if let group { groups.files[group, default: []].append(File(path: path, key: key)) }
        }
        for (group, files) in groups.files {
            let present = files.allSatisfy { access(out.path + "/" + $0.path, F_OK) == 0 }
            groups.files[group] = present ? files.sorted { $0.path < $1.path } : nil
        }
        return (keys, groups)
    }

    /// A job's key with its group key attached, as the plan hands it over (`OutputSession.write` splits
    /// it again: the writer compares and the manifest lists the own key, the manifest also the group).
    static func grouped(_ job: FileJob, under group: String) -> FileJob {
        FileJob(
            path: job.path, kind: job.kind, key: manifestValue(key: job.key, group: group), label: job.label,
            produce: job.produce)
    }

    /// The kind of a reused file, by its name (for the build report's counts).
    static func kind(of path: String) -> FileJob.Kind {
        if path.hasSuffix(".html") { return .page }
        if path.hasSuffix(".png") { return .chart }
        if path.hasSuffix(".pdf") { return .document }
        return .other
    }
}

extension SitePlan {
    /// The ranking's group key: the hash of every input of its page, CSVs, charts and PDF (see
    /// `NoticeGroups`). `rollups` are the schemes rolled up into it with their results for the window.
    func rankingKey(
        of s: Scheme, results: [SchemeResult], at i: Int,
        rollups: [(unit: String, scheme: Scheme, result: SchemeResult)]
    ) -> String {
        var h = StableHash()
        h.add("ranking-1")
        h.add(templates.fingerprint)
        h.add(Self.documentVersion)
        h.add(ChartSpec.version)
        h.add(hasTargets)
        h.add(ReflectedKey.of(s))
        h.add(unitNoun(s))
        h.add(i)
        h.add(reportDay(results[i].window).ordinal)
        // The links to the neighbours: their paths and titles (`nav`), present or not.
        for j in [i - 1, i + 1] {
            guard results.indices.contains(j) else {
                h.add(count: 0)
                continue
            }
            h.add(count: 1)
            h.add(Self.noticePath(s.id, results[j].window))
            h.add(windowTitle(results[j].window))
        }
        ResultKey.feed(results[i], into: &h)
        h.add(count: rollups.count)
        for r in rollups {
            h.add(r.unit)
            h.add(unitName(r.unit))
            h.add(ReflectedKey.of(r.scheme))
            ResultKey.feed(r.result, into: &h)
        }
        return h.hex
    }

    /// Adds the files of a notice whose group the previous output lists under `key` as reused jobs;
    /// false (nothing added) when it lists none.
    mutating func reuseGroup(_ key: String) -> Bool {
        guard let files = previous.files[key] else { return false }
        for f in files {
            let path = f.path
            add(
                FileJob(
                    path: path, kind: NoticeGroups.kind(of: path),
                    key: NoticeGroups.manifestValue(key: f.key, group: key),
                    label: "reused",
                    produce: {
                        throw KaoheError(
                            step: KaoheError.Step.build, path: path,
                            message: "上次生成的文件在生成过程中消失 (the previous output's file vanished during the build)")
                    }))
        }
        return true
    }
}

/// Every stored field of a window's result, fed in a fixed order (`ResultKeyTests` checks that each
/// type still has the fields fed here: a new field must be added).
enum ResultKey {
    static func feed(_ w: ScoreWindow, into h: inout StableHash) {
        h.add(count: 1)
        h.add(w.kind.rawValue)
        h.add(w.label)
        h.add(w.fullRange.from.ordinal)
        h.add(w.fullRange.to.ordinal)
        h.add(w.range.to.ordinal)
        h.add(w.isComplete)
    }

    static func feed(_ r: SchemeResult, into h: inout StableHash) {
        h.add(r.scheme)
        feed(r.window, into: &h)
        h.add(count: r.units.count)
        for u in r.units { feed(u, into: &h) }
        h.add(r.region.total)
        h.add(count: r.region.indicators.count)
        for x in r.region.indicators {
            h.add(x.code)
            h.add(x.short)
            h.add(x.points)
            h.add(x.score)
        }
    }

    static func feed(_ u: UnitResult, into h: inout StableHash) {
        h.add(u.unit)
        h.add(u.name)
        h.add(u.score)
        h.add(u.rank)
        u.rankChange.feed(into: &h)
        h.add(u.responsibility)
        h.add(u.earned)
        h.add(u.events)
        h.add(count: u.indicators.count)
        for x in u.indicators { feed(x, into: &h) }
        u.pointsToNextRank.feed(into: &h)
        u.rollup.feed(into: &h)
    }

    static func feed(_ x: IndicatorResult, into h: inout StableHash) {
        h.add(x.code)
        h.add(x.short)
        h.add(x.points)
        feed(x.rule, into: &h)
        x.tier.feed(into: &h)
        x.weight.feed(into: &h)
        x.responsibility.feed(into: &h)
        x.completion.feed(into: &h)
        h.add(x.earned)
        x.events.feed(into: &h)
        h.add(x.counted)
        h.add(x.submitted)
        h.add(x.qualified)
        x.expected.feed(into: &h)
        if let m = x.missing {
            h.add(count: 1)
            h.add(m.items)
            h.add(m.text)
        } else {
            h.add(count: 0)
        }
    }

    /// A rule as a tag and its parameters (no text: this runs for every indicator of every unit).
    static func feed(_ rule: Rule, into h: inout StableHash) {
        switch rule {
        case .document(let required):
            h.add(0)
            h.add(required)
        case .quota(let count, let period):
            h.add(1)
            h.add(count)
            h.add(period.rawValue)
        case .rate: h.add(2)
        case .deduction(let perEvent):
            h.add(3)
            h.add(perEvent)
        }
    }
}

/// The hash of a value by reflection: every stored property, recursively, with dictionaries and sets
/// in an order of their own (their iteration order changes from run to run). For small values read
/// once per build (a scheme), so that no field of theirs can be forgotten.
enum ReflectedKey {
    static func of(_ value: Any) -> String {
        var h = StableHash()
        feed(value, into: &h)
        return h.hex
    }

    static func feed(_ value: Any, into h: inout StableHash) {
        switch value {
        case let s as String: h.add(s)
        case let n as Int: h.add(n)
        case let x as Double: h.add(x)
        case let f as Bool: h.add(f)
        default: feedMirror(Mirror(reflecting: value), of: value, into: &h)
        }
    }

    private static func feedMirror(_ m: Mirror, of value: Any, into h: inout StableHash) {
        switch m.displayStyle {
        case .dictionary, .set:
            let parts = m.children.map { of($0.value) }.sorted()
            h.add(count: parts.count)
            for p in parts { h.add(p) }
        case .enum where m.children.isEmpty:
            h.add(String(reflecting: value))
        default:
            if m.children.isEmpty, m.displayStyle == nil {
                h.add(String(reflecting: value))
                return
            }
            h.add(String(reflecting: type(of: value)))
            h.add(count: m.children.count)
            for c in m.children {
                h.add(c.label ?? "")
                feed(c.value, into: &h)
            }
        }
    }
}
