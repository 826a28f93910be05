import Charts
import Foundation
import Indicators

/// One build's output, written part by part (OutputWriter's rules: a temporary folder beside the
/// output, unchanged files linked from the previous output by the manifest, the whole folder
/// swapped in at the end). The plan hands its jobs over in parts (a scheme's notices, a few hundred
/// unit pages) and each part is drawn and written at once on every core, so that no more than one
/// part's page models and chart specs are held at a time (the province's peak memory).
/// A part is drawn on the worker threads while the plan makes the next one (two parts at most are
/// held). A class: the plan's sink keeps a reference to it while the plan runs. Unchecked Sendable:
/// the part being drawn reads `partProgress` and writes only `drawing`, which the plan's thread
/// changes and reads only after `drawn.wait()`.
final class OutputSession: @unchecked Sendable {
    let out: URL
    let tmp: URL
    /// The previous output's manifest: path → key (the file's own key, without its group).
    let old: [String: String]
    /// The groups of files the previous output lists (the notices reused whole: `NoticeGroups`).
    let previousGroups: NoticeGroups
    /// The group key of each file handed over in a group, for the manifest.
    private var groups: [String: String] = [:]
    private let progress: ((Int, Int) -> Void)?
    private var paths = Set<String>()
    private var folders = Set<String>()
    /// Every job written so far without its producer (path, kind, key and label), and its outcome.
    private var written: [FileJob] = []
    private var outcomes: [OutputWriter.Outcome] = []
    /// Wall seconds of drawing and writing the parts (each from its start to its end).
    private(set) var wallSeconds = 0.0
    /// Wall seconds the plan's thread spent handing parts over and waiting for them.
    private(set) var waitSeconds = 0.0
    /// The part being drawn: signalled when it is done, with its outcomes (or its error) and wall time.
    private let drawn = DispatchGroup()
    private var drawing: (outcomes: Result<[OutputWriter.Outcome], any Error>, wall: Double)?
    /// The progress of the part being drawn, counted on from the parts before it.
    private var partProgress: ((Int, Int) -> Void)?

    /// Recovers what killed builds left beside `out`, reads its manifest and makes the temporary folder.
    init(out: URL, progress: ((Int, Int) -> Void)?) throws {
        let out = out.standardizedFileURL
        try? FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        OutputWriter.recover(out)
        self.out = out
        self.progress = progress
        (old, previousGroups) = NoticeGroups.read(manifest: OutputWriter.readManifest(out), out: out)
        tmp = try OutputWriter.makeTemporaryFolder(beside: out)
        OfficialDocument.useFontCache(from: fontCache)
    }

    /// The previous output's subset faces (docs/documents.md, "The subset faces between builds").
    private var fontCache: URL { Self.fontCache(in: out) }

    private static func fontCache(in site: URL) -> URL {
        site.appendingPathComponent(OfficialDocument.fontCacheFolder, isDirectory: true)
    }
    private var usesFontCache = true

    /// Stops looking for subset faces in the previous output (once).
    private func stopUsingFontCache() {
        guard usesFontCache else { return }
        usesFontCache = false
        OfficialDocument.stopUsingFontCache(from: fontCache)
    }

    /// How many files the progress counts toward: those handed over so far, or as many as the
    /// previous output had when that is more (the plan hands its parts over as it goes).
    private var expected: Int { max(old.count, written.count) }

    /// CPU seconds of the files drawn (the parallel phase's, set by the builder: process CPU while
    /// the plan and the parts ran, less the plan's thread).
    var filesCPU = 0.0

    /// Checks one part of the site and starts drawing (or reusing) and writing it on every core,
    /// after the previous part is done. Every path must stay inside the output and none may come
    /// twice, in this part or an earlier one.
    func write(_ grouped: [FileJob]) throws {
        let w0 = ProfileRecorder.now()
        defer { waitSeconds += ProfileRecorder.now() - w0 }
        let jobs = grouped.map(ungrouped)
        for job in jobs {
            try OutputWriter.checkInside(job.path)
            guard paths.insert(job.path).inserted else {
                throw KaoheError(
                    step: KaoheError.Step.build, path: job.path, message: "同一路径生成了两次 (one path produced twice)")
            }
        }
        let sorted = jobs.sorted { $0.path < $1.path }
        for job in sorted {
            let dir = dirname(job.path)
            guard !dir.isEmpty, folders.insert(dir).inserted else { continue }
            try FileManager.default.createDirectory(atPath: tmp.path + "/" + dir, withIntermediateDirectories: true)
        }
        try collect()
        let before = written.count
        written += sorted.map(\.withoutProducer)
        let total = max(expected, written.count)
        partProgress = progress.map { p in { (done: Int, _: Int) in p(before + done, total) } }
        // Only the list holds the jobs while they are drawn: each is freed once written.
        let list = JobList(sorted)
        DispatchQueue.global().async(group: drawn) {
            let t0 = ProfileRecorder.now()
            let outcomes = Result {
                try OutputWriter.produce(
                    list, reusing: self.old, from: self.out, into: self.tmp, progress: self.partProgress)
            }
            self.drawing = (outcomes, ProfileRecorder.now() - t0)
        }
    }

    /// The job with its own key only; its group key (`NoticeGroups`), if any, is kept for the manifest.
    private func ungrouped(_ job: FileJob) -> FileJob {
        let (key, group) = NoticeGroups.split(job.key)
        guard let group else { return job }
        groups[job.path] = group
        return FileJob(path: job.path, kind: job.kind, key: key, label: job.label, produce: job.produce)
    }

    /// Waits for the part being drawn and takes its outcomes (or throws its error).
    private func collect() throws {
        drawn.wait()
        guard let part = drawing else { return }
        drawing = nil
        wallSeconds += part.wall
        outcomes += try part.outcomes.get()
    }

    /// Waits until every part handed over is drawn and written (or throws the first error).
    func waitForAll() throws {
        let w0 = ProfileRecorder.now()
        defer { waitSeconds += ProfileRecorder.now() - w0 }
        try collect()
    }

    /// Writes the manifest and swaps the new folder in; the report lists every file in path order.
    func finish(asOf: Day, profile: inout ProfileRecorder) throws -> BuildReport {
        try waitForAll()
        let order = written.indices.sorted { written[$0].path < written[$1].path }
        let jobs = order.map { written[$0] }
        let results = order.map { outcomes[$0] }
        profile.record(jobs, results, wall: wallSeconds, cpu: filesCPU)
        let report = OutputWriter.tally(jobs, results, asOf: asOf)
        let listed = jobs.map { job in
            groups[job.path].map { NoticeGroups.grouped(job.withoutProducer, under: $0) } ?? job
        }
        if jobs.contains(where: { $0.kind == .document }) {
            profile.serial("output: fonts") {
                OfficialDocument.saveFontCache(carryingFrom: fontCache, into: Self.fontCache(in: tmp))
            }
        }
        stopUsingFontCache()
        try profile.serial("output: manifest") { try OutputWriter.finish(tmp, manifest: listed, carryingFrom: out) }
        try profile.serial("output: swap") { try OutputWriter.swap(tmp, into: out) }
        return report
    }

    /// Removes the temporary folder after a failure (the previous output stays as it was).
    func abandon() {
        try? collect()
        stopUsingFontCache()
        TreeRemover.remove(tmp.path)
    }
}

extension FileJob {
    /// The job without what its producer holds (the page model, the chart spec): for the manifest,
    /// the report and the profile once the file is written.
    var withoutProducer: FileJob {
        FileJob(path: path, kind: kind, key: key, label: label, produce: { Data() })
    }
}
