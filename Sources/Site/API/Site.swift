import Foundation
import Indicators
import Scoring
import Store

/// Everything the site is built from: the catalog and the data, already read (the CLI reads them
/// from the database; tests build them in memory).
public struct SiteInput: Sendable {
    public var catalog: Catalog
    /// Weekly counts of every scheme, indexed once for the scorer and the pages (the events it may
    /// hold are not read: `events` are).
    public var index: WeeklyIndex
    /// Deduction events of every scheme, mixed.
    public var events: [DeductionEvent]
    /// Observations of the 专栏1 targets.
    public var observations: [TargetObservation]
    /// The last day the site covers; nil: the Sunday of the latest week with data.
    public var asOf: Day?

    /// The input from an index already built.
    public init(
        catalog: Catalog, index: WeeklyIndex, events: [DeductionEvent] = [],
        observations: [TargetObservation] = [], asOf: Day? = nil
    ) {
        self.catalog = catalog
        self.index = index
        self.events = events
        self.observations = observations
        self.asOf = asOf
    }

    /// The input from rows in memory (tests, generated data).
    public init(
        catalog: Catalog, counts: [WeeklyCount], events: [DeductionEvent] = [],
        observations: [TargetObservation] = [], asOf: Day? = nil
    ) {
        self.init(
            catalog: catalog, index: WeeklyIndex(schemes: catalog.schemes, counts: counts),
            events: events, observations: observations, asOf: asOf)
    }

    /// The scorer of this input: the index's weekly counts with `events`.
    public func scorer() -> Scorer {
        Scorer(catalog: catalog, index: index.replacingEvents(with: events))
    }

    /// Reads the input of `kaohe build` and `kaohe demo`: the weekly rows go straight into the index.
    public init(catalog: Catalog, database: AppDatabase, asOf: Day? = nil) throws {
        var profile = BuildProfile()
        try self.init(catalog: catalog, database: database, asOf: asOf, profile: &profile)
    }

    /// Reads the input as above, adding the reading and the indexing to `profile`.
    public init(catalog: Catalog, database: AppDatabase, asOf: Day? = nil, profile: inout BuildProfile) throws {
        // Each scheme's earlier and later weeks read and indexed on two cores, then joined.
        var early = WeeklyIndex.Builder(schemes: catalog.schemes)
        var later = WeeklyIndex.Builder(schemes: catalog.schemes)
        let rows = try profile.measure("database: read counts (2 threads), events, observations") {
            try database.siteRows(schemes: catalog.schemes.map(\.id), countsInto: &early, later: &later)
        }
        let index = profile.measure("counts: join the halves, index them") {
            early.append(contentsOf: later)
            later = WeeklyIndex.Builder(schemes: [])
            return early.build()
        }
        self.init(catalog: catalog, index: index, events: rows.events, observations: rows.observations, asOf: asOf)
    }
}

/// What a build wrote: files rendered anew and files copied unchanged from the previous output.
public struct BuildReport: Sendable, Equatable, CustomStringConvertible {
    /// HTML pages rendered / reused.
    public var pagesDrawn = 0, pagesReused = 0
    /// PNG charts drawn / reused.
    public var chartsDrawn = 0, chartsReused = 0
    /// PDF documents (GB/T 9704) drawn / reused.
    public var documentsDrawn = 0, documentsReused = 0
    /// CSV downloads and assets written / reused.
    public var filesWritten = 0, filesReused = 0
    /// The as-of day the site covers.
    public var asOf: Day
    /// Every file of the site (manifest excluded), in path order.
    public var paths: [String] = []
    /// Where the build's time went (not part of equality: two builds of one database differ only here).
    public var profile = BuildProfile()

    public init(asOf: Day) { self.asOf = asOf }

    public var description: String {
        "页面 \(pagesDrawn + pagesReused) 个（新绘 \(pagesDrawn)，沿用 \(pagesReused)），"
            + "图表 \(chartsDrawn + chartsReused) 幅（新绘 \(chartsDrawn)，沿用 \(chartsReused)），"
            + "公文PDF \(documentsDrawn + documentsReused) 份（新绘 \(documentsDrawn)，沿用 \(documentsReused)），"
            + "其他文件 \(filesWritten + filesReused) 个（新写 \(filesWritten)，沿用 \(filesReused)）；数据截至 \(asOf)"
    }

    public static func == (a: BuildReport, b: BuildReport) -> Bool {
        (a.pagesDrawn, a.pagesReused, a.chartsDrawn, a.chartsReused) == (
            b.pagesDrawn, b.pagesReused, b.chartsDrawn, b.chartsReused
        )
            && (a.documentsDrawn, a.documentsReused, a.filesWritten, a.filesReused) == (
                b.documentsDrawn, b.documentsReused, b.filesWritten, b.filesReused
            )
            && a.asOf == b.asOf && a.paths == b.paths
    }
}

/// Where a build's time went: named phases with their CPU and wall seconds and counts. Serial
/// phases (templates, the plan with all scoring, the manifest, the swap) have both; the lines under
/// the parallel file phase give the CPU time of the files drawn, per kind (`page unit`,
/// `chart line (phone)`, `document pdf`, `file csv`), of PNG encoding and of the writes.
public struct BuildProfile: Sendable, Equatable {
    public struct Phase: Sendable, Equatable {
        public var name: String
        /// Jobs or steps in the phase.
        public var count: Int
        public var cpuSeconds: Double
        /// Nil for a part of a parallel phase (its files ran on every core, interleaved).
        public var wallSeconds: Double?

        public init(name: String, count: Int, cpuSeconds: Double, wallSeconds: Double?) {
            self.name = name
            self.count = count
            self.cpuSeconds = cpuSeconds
            self.wallSeconds = wallSeconds
        }
    }

    public var phases: [Phase]
    /// CPU seconds of the whole process during the build (every thread).
    public var cpuSeconds: Double
    public var wallSeconds: Double

    public init(phases: [Phase] = [], cpuSeconds: Double = 0, wallSeconds: Double = 0) {
        self.phases = phases
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
    }

    /// Runs `body` as the serial phase `name` and adds its CPU and wall seconds to the totals: the
    /// steps of a command before its site is built (opening the database, loading the catalog,
    /// reading the counts), given to `SiteBuilder.build(into:after:progress:)`.
    public mutating func measure<T>(_ name: String, count: Int = 1, _ body: () throws -> T) rethrows -> T {
        let (result, cpu, wall) = try ProfileRecorder.timed(body)
        phases.append(Phase(name: name, count: count, cpuSeconds: cpu, wallSeconds: wall))
        cpuSeconds += cpu
        wallSeconds += wall
        return result
    }

    /// This profile followed by `later`'s phases, the totals summed.
    func followed(by later: BuildProfile) -> BuildProfile {
        BuildProfile(
            phases: phases + later.phases, cpuSeconds: cpuSeconds + later.cpuSeconds,
            wallSeconds: wallSeconds + later.wallSeconds)
    }

    /// The phases as a text table, with the total and how many cores were busy on average.
    public var summary: String {
        func row(_ name: String, _ count: String, _ cpu: String, _ wall: String) -> String {
            let pad = max(1, 44 - name.count)
            return name + String(repeating: " ", count: pad)
                + [count, cpu, wall].map { String(repeating: " ", count: max(0, 9 - $0.count)) + $0 }.joined(
                    separator: " ")
        }
        func s(_ v: Double) -> String { String(format: "%.3f", v) }
        var lines = [row("build phase", "count", "CPU s", "wall s")]
        for p in phases { lines.append(row(p.name, String(p.count), s(p.cpuSeconds), p.wallSeconds.map(s) ?? "–")) }
        lines.append(row("total", "", s(cpuSeconds), s(wallSeconds)))
        let busy = wallSeconds > 0 ? cpuSeconds / wallSeconds : 0
        lines.append(String(format: "cores busy on average: %.2f", busy))
        return lines.joined(separator: "\n")
    }
}

/// Builds the static site (notices, rankings, unit pages, targets) from `SiteInput` and the
/// Mustache templates of a folder, into an output folder that is swapped in whole.
public struct SiteBuilder: Sendable {
    public let input: SiteInput
    public let templates: URL

    public init(input: SiteInput, templates: URL) {
        self.input = input
        self.templates = templates
    }

    /// Builds the whole site into `out`: renders into a temporary folder beside it and swaps it in
    /// whole, so that a failure leaves the previous site as it was. Files whose inputs did not change
    /// since the previous build (output/.manifest.json) are copied instead of drawn again.
    /// `progress(done, total)` is called after every file. The report's profile starts with the
    /// phases of `earlier` (what the command did before: reading the database).
    public func build(
        into out: URL, after earlier: BuildProfile = BuildProfile(), progress: ((Int, Int) -> Void)? = nil
    ) throws -> BuildReport {
        var profile = ProfileRecorder()
        let templates = try profile.serial("templates") { [templates] in try TemplateSet(directory: templates) }
        // The plan hands its jobs to the output part by part, each drawn and written while the next is
        // planned: no more than two parts' page models and chart specs are held at a time.
        let (w0, c0, t0) = (ProfileRecorder.now(), ProfileRecorder.processCPU(), ProfileRecorder.threadCPU())
        let session = try OutputSession(out: out, progress: progress)
        do {
            let plan = try SitePlan(
                input: input, templates: templates, previous: session.previousGroups, sink: { try session.write($0) })
            let asOf = plan.asOf
            // The plan's CPU: this thread's and that of its work on the other cores.
            let planCPU = ProfileRecorder.threadCPU() - t0 + plan.backgroundCPU
            try session.waitForAll()
            // The plan ran on this thread (and partly on the others) while the workers drew the parts it
            // had handed over.
            profile.add(
                "plan: scoring, page models, chart specs", cpu: planCPU,
                wall: ProfileRecorder.now() - w0 - session.waitSeconds)
            session.filesCPU = ProfileRecorder.processCPU() - c0 - planCPU
            var report = try session.finish(asOf: asOf, profile: &profile)
            report.profile = earlier.followed(by: profile.profile)
            return report
        } catch {
            session.abandon()
            throw error
        }
    }
}

/// Masks 18-character identity numbers (17 digits and a digit or X) and 统一社会信用代码
/// (18 characters of digits and capitals without I, O, S, V, Z) that stand alone in the text,
/// keeping the first 6 and the last 4 characters: `370102199001011234` → `370102********1234`.
/// Also written the ways people type them: full-width (`３７０１…`), lower case (`91370100ma…`),
/// in groups split by spaces or hyphens (`370102 19900101 1234`, `3701-0219…`), and with
/// invisible zero-width characters inside. Separators are kept; the masked characters become `*`.
private let creditCodeCharacters = Set("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars)

public func maskIdentifiers(_ text: String) -> String {
    // Fast path (every CSV field passes here): fewer than 18 letters or digits, nothing to mask.
    var letters = 0
    for s in text.unicodeScalars where IdentifierScan.significant(s) != nil {
        letters += 1
        if letters >= 18 { break }
    }
    if letters < 18 { return text }
    var scan = IdentifierScan(Array(text.unicodeScalars))
    scan.maskAll()
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scan.scalars)
    return String(out)
}

/// The scan behind `maskIdentifiers`: groups of letters and digits (zero-width characters inside
/// them ignored) joined by short runs of spaces or hyphens; 18 characters of consecutive groups
/// that form an identity number or a credit code are masked.
private struct IdentifierScan {
    var scalars: [Unicode.Scalar]
    /// Each group's positions of significant characters, in text order.
    var groups: [[Int]] = []
    /// Whether group k is joined to group k + 1 by a short separator run.
    var joined: [Bool] = []

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// A letter or digit, ASCII or full-width, as upper-case ASCII; nil for anything else.
    static func significant(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A: return s
        case 0x61...0x7A: return Unicode.Scalar(s.value - 0x20)
        case 0xFF10...0xFF19: return Unicode.Scalar(s.value - 0xFF10 + 0x30)
        case 0xFF21...0xFF3A: return Unicode.Scalar(s.value - 0xFF21 + 0x41)
        case 0xFF41...0xFF5A: return Unicode.Scalar(s.value - 0xFF41 + 0x41)
        default: return nil
        }
    }

    static func invisible(_ s: Unicode.Scalar) -> Bool {
        [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD].contains(s.value)
    }

    static func separator(_ s: Unicode.Scalar) -> Bool {
        [0x20, 0x2D, 0xA0, 0x3000, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0xFF0D, 0x2212].contains(s.value)
    }

    mutating func split() {
        var i = 0
        while i < scalars.count {
            guard Self.significant(scalars[i]) != nil else {
                i += 1
                continue
            }
            var positions: [Int] = []
            while i < scalars.count, Self.significant(scalars[i]) != nil || Self.invisible(scalars[i]) {
                if Self.significant(scalars[i]) != nil { positions.append(i) }
                i += 1
            }
            groups.append(positions)
            var j = i
            while j < scalars.count, Self.separator(scalars[j]) || Self.invisible(scalars[j]) { j += 1 }
            joined.append(j > i && j - i <= 3 && j < scalars.count && Self.significant(scalars[j]) != nil)
            i = j
        }
    }

    mutating func maskAll() {
        split()
        var g = 0
        while g < groups.count {
            var positions: [Int] = []
            var h = g
            while h < groups.count, positions.count < 18 {
                positions += groups[h]
                if positions.count >= 18 || !joined[h] { break }
                h += 1
            }
            if positions.count == 18, h < groups.count,
                Self.isIdentifier(positions.map { Self.significant(scalars[$0])! })
            {
                for p in positions[6..<14] { scalars[p] = "*" }
                g = h + 1
            } else {
                g += 1
            }
        }
    }

    static func isIdentifier(_ code: [Unicode.Scalar]) -> Bool {
        func isDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }
        let idNumber = code.prefix(17).allSatisfy(isDigit) && (isDigit(code[17]) || code[17] == "X")
        let creditCode = code.allSatisfy { creditCodeCharacters.contains($0) } && code.contains(where: isDigit)
        return idNumber || creditCode
    }
}
