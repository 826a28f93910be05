import Foundation
import Indicators

/// Everything the site is built from: the catalog and the data, already read (the CLI reads them
/// from the database; tests build them in memory).
public struct SiteInput: Sendable {
    public var catalog: Catalog
    /// Weekly counts of every scheme, mixed.
    public var counts: [WeeklyCount]
    /// Deduction events of every scheme, mixed.
    public var events: [DeductionEvent]
    /// Observations of the 专栏1 targets.
    public var observations: [TargetObservation]
    /// The last day the site covers; nil: the Sunday of the latest week with data.
    public var asOf: Day?

    public init(catalog: Catalog, counts: [WeeklyCount], events: [DeductionEvent] = [],
                observations: [TargetObservation] = [], asOf: Day? = nil) {
        self.catalog = catalog; self.counts = counts; self.events = events
        self.observations = observations; self.asOf = asOf
    }
}

/// What a build wrote: files rendered anew and files copied unchanged from the previous output.
public struct BuildReport: Sendable, Equatable, CustomStringConvertible {
    /// HTML pages rendered / reused.
    public var pagesDrawn = 0, pagesReused = 0
    /// PNG charts drawn / reused.
    public var chartsDrawn = 0, chartsReused = 0
    /// CSV downloads and assets written / reused.
    public var filesWritten = 0, filesReused = 0
    /// The as-of day the site covers.
    public var asOf: Day
    /// Every file of the site (manifest excluded), in path order.
    public var paths: [String] = []

    public init(asOf: Day) { self.asOf = asOf }

    public var description: String {
        "页面 \(pagesDrawn + pagesReused) 个（新绘 \(pagesDrawn)，沿用 \(pagesReused)），"
            + "图表 \(chartsDrawn + chartsReused) 幅（新绘 \(chartsDrawn)，沿用 \(chartsReused)），"
            + "其他文件 \(filesWritten + filesReused) 个（新写 \(filesWritten)，沿用 \(filesReused)）；数据截至 \(asOf)"
    }
}

/// A problem while building the site: the step, the file, what went wrong.
public struct SiteError: Error, Sendable, CustomStringConvertible {
    public let step: String
    public let path: String
    public let message: String
    public init(step: String, path: String, message: String) { self.step = step; self.path = path; self.message = message }
    public var description: String { "\(path): \(step): \(message)" }
}

/// Builds the static site (notices, rankings, unit pages, targets) from `SiteInput` and the
/// Mustache templates of a folder, into an output folder that is swapped in whole.
public struct SiteBuilder: Sendable {
    public let input: SiteInput
    public let templates: URL

    public init(input: SiteInput, templates: URL) { self.input = input; self.templates = templates }

    /// Builds the whole site into `out`: renders into a temporary folder beside it and swaps it in
    /// whole, so that a failure leaves the previous site as it was. Files whose inputs did not change
    /// since the previous build (output/.manifest.json) are copied instead of drawn again.
    /// `progress(done, total)` is called after every file.
    public func build(into out: URL, progress: ((Int, Int) -> Void)? = nil) throws -> BuildReport {
        let templates = try TemplateSet(directory: templates)
        // Only the jobs outlive the plan: its scores and indexes are freed before the files are produced.
        let (jobs, asOf) = try { () throws -> ([FileJob], Day) in
            let plan = try SitePlan(input: input, templates: templates)
            return (plan.jobs, plan.asOf)
        }()
        return try OutputWriter(out: out).write(jobs, asOf: asOf, progress: progress)
    }
}

/// Masks 18-character identity numbers (17 digits and a digit or X) and 统一社会信用代码
/// (18 characters of digits and capitals without I, O, S, V, Z) that stand alone in the text,
/// keeping the first 6 and the last 4 characters: `370102199001011234` → `370102********1234`.
private let creditCodeCharacters = Set("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars)

public func maskIdentifiers(_ text: String) -> String {
    // Fast path (every CSV field passes here): no run of 18 ASCII letters or digits, nothing to mask.
    var run = 0, longest = 0
    for b in text.utf8 {
        let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        run = alnum ? run + 1 : 0
        longest = max(longest, run)
    }
    if longest < 18 { return text }
    var scalars = Array(text.unicodeScalars)
    func isAlnum(_ s: Unicode.Scalar) -> Bool {
        (s >= "0" && s <= "9") || (s >= "A" && s <= "Z") || (s >= "a" && s <= "z")
    }
    func isDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }
    let codeLetters = creditCodeCharacters
    var i = 0
    while i < scalars.count {
        guard isAlnum(scalars[i]) else { i += 1; continue }
        var j = i
        while j < scalars.count, isAlnum(scalars[j]) { j += 1 }
        if j - i == 18 {
            let run = scalars[i..<j]
            let idNumber = run.prefix(17).allSatisfy(isDigit) && (isDigit(run.last!) || run.last! == "X" || run.last! == "x")
            let creditCode = run.allSatisfy { codeLetters.contains($0) } && run.contains(where: isDigit)
            if idNumber || creditCode {
                for k in (i + 6)..<(j - 4) { scalars[k] = "*" }
            }
        }
        i = j
    }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars)
    return String(out)
}
