import Charts
import Foundation
import Indicators
import Mustache
import Store

/// The templates of a folder: every `*.mustache` (by name without extension) and `style.css`.
struct TemplateSet: Sendable {
    let library: MustacheLibrary
    let stylesheet: Data
    /// Hash of every template's text, part of every page's input key.
    let fingerprint: String

    init(directory: URL) throws {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            throw KaoheError(
                step: KaoheError.Step.templates, path: directory.path,
                message: "模板目录不存在或不可读 (no readable templates folder)")
        }
        _ = HTMLText.registered
        var library = MustacheLibrary()
        var hash = StableHash()
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(name)
            guard let data = fm.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw KaoheError(
                    step: KaoheError.Step.templates, path: url.path,
                    message: "无法读取（需 UTF-8 文本）(cannot read as UTF-8 text)")
            }
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw KaoheError(step: KaoheError.Step.parseTemplates, path: url.path, message: "\(error)")
            }
            hash.add(name)
            hash.add(text)
        }
        for required in ["notice", "ranking", "unit", "targets", "news", "index"]
        where library.getTemplate(named: required) == nil {
            throw KaoheError(
                step: KaoheError.Step.templates, path: directory.appendingPathComponent(required + ".mustache").path,
                message: "缺少模板 \(required).mustache (template missing)")
        }
        let css = directory.appendingPathComponent("style.css")
        guard let cssData = fm.contents(atPath: css.path) else {
            throw KaoheError(
                step: KaoheError.Step.templates, path: css.path, message: "缺少样式表 style.css (stylesheet missing)")
        }
        self.library = library
        self.stylesheet = cssData
        self.fingerprint = hash.hex
    }

    func render(_ model: Any, template: String) throws -> Data {
        guard let html = library.render(mustacheRoot(model), withTemplate: template) else {
            throw KaoheError(
                step: KaoheError.Step.render, path: template + ".mustache", message: "模板不存在 (no such template)")
        }
        return Data(html.utf8)
    }
}

/// One file of the site: its path, the hash of its inputs and how to produce it (a pure function,
/// run on any thread).
struct FileJob: Sendable {
    enum Kind: String, Sendable { case page, chart, document, other }
    let path: String
    let kind: Kind
    let key: String
    /// The line of the build profile the job's time counts under (`chart line (phone)`).
    let label: String
    let produce: @Sendable () throws -> Data

    init(path: String, kind: Kind, key: String, label: String? = nil, produce: @escaping @Sendable () throws -> Data) {
        self.path = path
        self.kind = kind
        self.key = key
        self.label = label ?? kind.rawValue
        self.produce = produce
    }
}

/// Writes jobs into a temporary folder beside the output, reusing unchanged files of the previous
/// output (by the manifest), then swaps the new folder in whole.
struct OutputWriter {
    let out: URL
    static let manifestName = ".manifest.json"

    /// What happened to one job: drawn anew or reused, and the thread CPU seconds it took.
    struct Outcome: Sendable {
        var reused = false
        var produceSeconds = 0.0
        var writeSeconds = 0.0
        var encodeSeconds = 0.0
    }

    /// Writes the jobs (see the type) as one part of an `OutputSession`.
    func write(_ jobs: [FileJob], asOf: Day, progress: ((Int, Int) -> Void)?) throws -> BuildReport {
        var profile = ProfileRecorder()
        let session = try OutputSession(out: out, progress: progress)
        do {
            try session.write(jobs)
            return try session.finish(asOf: asOf, profile: &profile)
        } catch {
            session.abandon()
            throw error
        }
    }

    static func makeTemporaryFolder(beside out: URL) throws -> URL {
        let tmp = out.deletingLastPathComponent().appendingPathComponent(
            "\(out.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        )
        do {
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        } catch {
            throw KaoheError(
                step: KaoheError.Step.temporaryFolder, path: tmp.path, message: "\(error.localizedDescription)")
        }
        return tmp
    }

    /// Produces (or reuses) and writes every job on every core: each worker takes the next job,
    /// draws it and writes it at once, so no core waits for a serial write phase and no drawn file
    /// is held longer than its own write. The PDFs, the longest jobs, go first, but one at a time:
    /// a province ranking PDF holds about 110 MB while cairo draws it, so while one worker draws a
    /// document the others take the other jobs (the build's peak memory; docs/benchmarks.md). After
    /// the last document, the memory the PDFs left resident (the font files cairo read whole, free
    /// heap pages) is given back before the charts and pages of the part grow the heap again; the
    /// documents' layouts are kept for the next part's documents, until a part without any.
    static func produce(
        _ jobs: [FileJob], reusing old: [String: String], from out: URL, into tmp: URL,
        progress: ((Int, Int) -> Void)?
    ) throws -> [Outcome] {
        try produce(JobList(jobs), reusing: old, from: out, into: tmp, progress: progress)
    }

    /// `produce` of jobs that `list` alone holds: each job (its page model, chart spec or document)
    /// is released as soon as its file is written, not when the whole part is.
    static func produce(
        _ list: JobList, reusing old: [String: String], from out: URL, into tmp: URL,
        progress: ((Int, Int) -> Void)?
    ) throws -> [Outcome] {
        // The documents' layouts serve the next part's documents (a large scheme hands each notice
        // over as a part); the first part without documents releases them.
        if !list.kinds.contains(.document) { ResidentMemory.releaseDocumentLayouts() }
        let work = ParallelWork(isDocument: list.kinds.map { $0 == .document }, progress: progress)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = work.next() {
                do {
                    let job = list.take(i)
                    let outcome = try run(job, reusing: old[job.path] == job.key, from: out, into: tmp)
                    switch work.finish(i, outcome) {
                    case .other: break
                    case .document: ResidentMemory.trimHeap()
                    case .lastDocument: ResidentMemory.releaseFontPages()
                    }
                } catch {
                    work.fail(i, error)
                }
            }
        }
        // The part's page models, charts' pixels and PNGs (several MB each: above glibc's raised mmap
        // threshold, so taken from the heap) are freed, but their pages would stay resident under
        // the next part's peak (docs/benchmarks.md, "Issue #15, fourth wave").
        ResidentMemory.trimHeap()
        return try work.outcomes()
    }

    /// One job: a hard link to (or else a copy of) the previous output's file when its key is
    /// unchanged, else drawn and written with one `write`.
    static func run(_ job: FileJob, reusing: Bool, from out: URL, into tmp: URL) throws -> Outcome {
        let target = tmp.path + "/" + job.path
        if reusing, reuse(out.path + "/" + job.path, at: target) {
            return Outcome(reused: true)
        }
        var outcome = Outcome()
        let encodeBefore = ChartClock.encodingSeconds
        let t0 = ProfileRecorder.threadCPU()
        let data = try job.produce()
        let t1 = ProfileRecorder.threadCPU()
        outcome.encodeSeconds = ChartClock.encodingSeconds - encodeBefore
        try writeFile(data, to: target)
        outcome.produceSeconds = t1 - t0
        outcome.writeSeconds = ProfileRecorder.threadCPU() - t1
        return outcome
    }

    /// Links the old file into the new folder (no bytes copied); copies it where links fail.
    static func reuse(_ source: String, at target: String) -> Bool {
        if link(source, target) == 0 { return true }
        return (try? FileManager.default.copyItem(atPath: source, toPath: target)) != nil
    }

    static func writeFile(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw KaoheError(step: KaoheError.Step.write, path: path, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buf.count {
                let n = posixWrite(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw KaoheError(step: KaoheError.Step.write, path: path, message: String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }

    static func tally(_ jobs: [FileJob], _ outcomes: [Outcome], asOf: Day) -> BuildReport {
        var report = BuildReport(asOf: asOf)
        for (job, o) in zip(jobs, outcomes) {
            switch (job.kind, o.reused) {
            case (.page, true): report.pagesReused += 1
            case (.page, false): report.pagesDrawn += 1
            case (.chart, true): report.chartsReused += 1
            case (.chart, false): report.chartsDrawn += 1
            case (.document, true): report.documentsReused += 1
            case (.document, false): report.documentsDrawn += 1
            case (.other, true): report.filesReused += 1
            case (.other, false): report.filesWritten += 1
            }
        }
        report.paths = jobs.map(\.path)
        return report
    }

    /// The manifest (every path with its key; `jobs` in path order), and the output folder's README
    /// carried over (kept in the repository, it is not the site's). The JSON is written by hand:
    /// `JSONSerialization` with sorted keys took half a second for the province's 10,000 files.
    static func finish(_ tmp: URL, manifest jobs: [FileJob], carryingFrom out: URL) throws {
        var json = "{\n  \"files\" : {\n"
        for (k, job) in jobs.enumerated() {
            json += "    " + jsonString(job.path) + " : " + jsonString(job.key) + (k == jobs.count - 1 ? "\n" : ",\n")
        }
        json += "  },\n  \"renderer\" : " + jsonString(renderer) + ",\n  \"version\" : 1\n}"
        try Data(json.utf8).write(to: tmp.appendingPathComponent(manifestName))
        let fm = FileManager.default
        let readme = out.appendingPathComponent("README.md")
        if fm.fileExists(atPath: readme.path), !fm.fileExists(atPath: tmp.appendingPathComponent("README.md").path) {
            try fm.copyItem(at: readme, to: tmp.appendingPathComponent("README.md"))
        }
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// Swap: the old site away, the new one in, the old one deleted. A kill between the two
    /// renames leaves only `<out>.old-*`: the next build puts it back first (`recover`).
    static func swap(_ tmp: URL, into out: URL) throws {
        let fm = FileManager.default
        TestHook.pause("KAOHE_TEST_HOOK_BEFORE_SWAP")
        let retired = out.deletingLastPathComponent().appendingPathComponent(
            "\(out.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        )
        var hadOld = false
        if fm.fileExists(atPath: out.path) {
            do {
                try fm.moveItem(at: out, to: retired)
                hadOld = true
            } catch {
                try? fm.removeItem(at: tmp)
                throw KaoheError(step: KaoheError.Step.swap, path: out.path, message: error.localizedDescription)
            }
        }
        TestHook.pause("KAOHE_TEST_HOOK_BETWEEN_RENAMES")
        do { try fm.moveItem(at: tmp, to: out) } catch {
            if hadOld { try? fm.moveItem(at: retired, to: out) }
            try? fm.removeItem(at: tmp)
            throw KaoheError(step: KaoheError.Step.swap, path: out.path, message: error.localizedDescription)
        }
        if hadOld { TreeRemover.remove(retired.path) }
    }

    static let escapeMessage = "路径超出输出目录，拒绝写入 (path leaves --out: refused)"

    /// A job's path must stay inside the output folder whatever the catalog says: relative, no
    /// empty, `.` or `..` component, no backslash or control character.
    static func checkInside(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let bad =
            path.isEmpty || path.hasPrefix("/") || parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            || path.unicodeScalars.contains { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
        if bad { throw KaoheError(step: KaoheError.Step.build, path: path, message: escapeMessage) }
    }

    /// Cleans up after builds that were killed: a missing `<out>` with a `<out>.old-*` left by a
    /// kill between the two renames of the swap gets it back (the newest), and `<out>.tmp-*` and
    /// `<out>.old-*` folders of processes that no longer run are removed. Folders of a build still
    /// running (its process id is alive) are left alone.
    static func recover(_ out: URL) {
        let fm = FileManager.default
        let parent = out.deletingLastPathComponent()
        let base = out.lastPathComponent
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        func stale(_ name: String, _ kind: String) -> Bool {
            guard name.hasPrefix("\(base).\(kind)-") else { return false }
            let rest = name.dropFirst(base.count + kind.count + 2)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else { return false }
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        let retired = names.filter { stale($0, "old") }.map { parent.appendingPathComponent($0) }
        if !fm.fileExists(atPath: out.path), let newest = retired.max(by: { modified($0) < modified($1) }) {
            try? fm.moveItem(at: newest, to: out)
        }
        for url in retired where fm.fileExists(atPath: url.path) { TreeRemover.remove(url.path) }
        for name in names where stale(name, "tmp") { TreeRemover.remove(parent.appendingPathComponent(name).path) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    static func readManifest(_ out: URL) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: out.appendingPathComponent(Self.manifestName).path),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let files = obj["files"] as? [String: String],
            obj["renderer"] as? String == Self.renderer
        else { return [:] }
        return files
    }

    /// Which build of the program drew the files (size and time of the running executable): a new
    /// build of kaohe may draw differently, so a manifest of another build reuses nothing.
    static let renderer: String = {
        guard let exe = Bundle.main.executableURL?.resolvingSymlinksInPath(),
            let a = try? FileManager.default.attributesOfItem(atPath: exe.path)
        else { return "unknown" }
        let size = (a[.size] as? NSNumber)?.int64Value ?? 0
        let time = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)-\(Int64(time * 1000))"
    }()
}

/// `write(2)` (inside `OutputWriter` the name is its own method's).
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

/// The shared state of `OutputWriter.produce`'s workers: the next job to take, each job's outcome,
/// the first error (after which no worker takes another job). Documents are taken first but never
/// two at once: a worker that finds a document being drawn takes another job, or waits when only
/// documents are left. Unchecked: `state` and `progress` are only used under `condition` (the
/// package supports macOS 13, before `Synchronization.Mutex`).
private final class ParallelWork: @unchecked Sendable {
    private struct State {
        var nextDocument = 0
        var nextOther = 0
        var drawingDocument = false
        var documentsDone = 0
        var documentsDrawn = 0
        var done = 0
        var outcomes: [OutputWriter.Outcome?]
        var error: (any Error)?
    }
    private let documents: [Int]
    private let others: [Int]
    private let isDocument: [Bool]
    private let condition = NSCondition()
    private var state: State
    /// Told (done, total) after every job, under the lock: a progress bar is drawn by one thread at a time.
    private let progress: ((Int, Int) -> Void)?

    /// The work of the jobs whose kinds `isDocument` tells, in their order.
    init(isDocument: [Bool], progress: ((Int, Int) -> Void)?) {
        self.isDocument = isDocument
        documents = isDocument.indices.filter { isDocument[$0] }
        others = isDocument.indices.filter { !isDocument[$0] }
        self.progress = progress
        state = State(outcomes: Array(repeating: nil, count: isDocument.count))
    }

    /// The index of the next job to draw; nil when all are taken or a job failed.
    func next() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while state.error == nil {
            if !state.drawingDocument, state.nextDocument < documents.count {
                state.drawingDocument = true
                defer { state.nextDocument += 1 }
                return documents[state.nextDocument]
            }
            if state.nextOther < others.count {
                defer { state.nextOther += 1 }
                return others[state.nextOther]
            }
            guard state.nextDocument < documents.count else { return nil }
            condition.wait()
        }
        return nil
    }

    /// What a finished job was: a document drawn (the last one of the jobs, when some were drawn),
    /// or anything else.
    enum Finished {
        case other, document, lastDocument
    }

    /// Records job `i`'s outcome and reports progress.
    @discardableResult
    func finish(_ i: Int, _ outcome: OutputWriter.Outcome) -> Finished {
        condition.lock()
        defer { condition.unlock() }
        state.outcomes[i] = outcome
        state.done += 1
        progress?(state.done, state.outcomes.count)
        release(i)
        guard isDocument[i] else { return .other }
        state.documentsDone += 1
        if !outcome.reused { state.documentsDrawn += 1 }
        if state.documentsDone == documents.count { return state.documentsDrawn > 0 ? .lastDocument : .other }
        return outcome.reused ? .other : .document
    }

    func fail(_ i: Int, _ error: any Error) {
        condition.lock()
        defer { condition.unlock() }
        if state.error == nil { state.error = error }
        release(i)
    }

    /// After job `i` (under the lock): a finished (or failed) document lets the next one be taken.
    private func release(_ i: Int) {
        guard state.drawingDocument, isDocument[i] else { return }
        state.drawingDocument = false
        condition.broadcast()
    }

    /// Every outcome in job order, or the first error.
    func outcomes() throws -> [OutputWriter.Outcome] {
        condition.lock()
        defer { condition.unlock() }
        if let e = state.error { throw e }
        return state.outcomes.map { $0! }
    }
}

/// The jobs of a part, each handed out once (`take`) and then no longer held here: what its producer
/// holds (a page's model, a chart's spec, a document's tables) is freed as soon as its file is
/// written rather than with the whole part. Unchecked Sendable: `jobs` is only used under `lock`.
final class JobList: @unchecked Sendable {
    let kinds: [FileJob.Kind]
    private var jobs: [FileJob?]
    private let lock = NSLock()

    init(_ jobs: [FileJob]) {
        kinds = jobs.map(\.kind)
        self.jobs = jobs
    }

    /// Job `i`, handed out once.
    func take(_ i: Int) -> FileJob {
        lock.lock()
        defer { lock.unlock() }
        guard let job = jobs[i] else { preconditionFailure("job \(i) taken twice") }
        jobs[i] = nil
        return job
    }
}
