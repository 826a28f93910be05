import Foundation
import Indicators
import Mustache
import Store

/// The templates of a folder: every `*.mustache` (by name without extension) and `style.css`.
struct TemplateSet: @unchecked Sendable {
    let library: MustacheLibrary
    let stylesheet: Data
    /// Hash of every template's text, part of every page's input key.
    let fingerprint: String

    init(directory: URL) throws {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            throw KaoheError(step: KaoheError.Step.templates, path: directory.path, message: "模板目录不存在或不可读 (no readable templates folder)")
        }
        var library = MustacheLibrary()
        var hash = StableHash()
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(name)
            guard let data = fm.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw KaoheError(step: KaoheError.Step.templates, path: url.path, message: "无法读取（需 UTF-8 文本）(cannot read as UTF-8 text)")
            }
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw KaoheError(step: KaoheError.Step.parseTemplates, path: url.path, message: "\(error)")
            }
            hash.add(name); hash.add(text)
        }
        for required in ["notice", "ranking", "unit", "targets", "news", "index"] where library.getTemplate(named: required) == nil {
            throw KaoheError(step: KaoheError.Step.templates, path: directory.appendingPathComponent(required + ".mustache").path,
                             message: "缺少模板 \(required).mustache (template missing)")
        }
        let css = directory.appendingPathComponent("style.css")
        guard let cssData = fm.contents(atPath: css.path) else {
            throw KaoheError(step: KaoheError.Step.templates, path: css.path, message: "缺少样式表 style.css (stylesheet missing)")
        }
        self.library = library
        self.stylesheet = cssData
        self.fingerprint = hash.hex
    }

    func render(_ model: Any, template: String) throws -> Data {
        guard let html = library.render(model, withTemplate: template) else {
            throw KaoheError(step: KaoheError.Step.render, path: template + ".mustache", message: "模板不存在 (no such template)")
        }
        return Data(html.utf8)
    }
}

/// One file of the site: its path, the hash of its inputs and how to produce it.
struct FileJob {
    enum Kind: String { case page, chart, document, other }
    let path: String
    let kind: Kind
    let key: String
    let produce: () throws -> Data
}

/// Writes jobs into a temporary folder beside the output, reusing unchanged files of the previous
/// output (by the manifest), then swaps the new folder in whole.
struct OutputWriter {
    let out: URL
    static let manifestName = ".manifest.json"

    func write(_ jobs: [FileJob], asOf: Day, progress: ((Int, Int) -> Void)?) throws -> BuildReport {
        let fm = FileManager.default
        let out = self.out.standardizedFileURL
        let parent = out.deletingLastPathComponent()
        let base = out.lastPathComponent
        for job in jobs { try Self.checkInside(job.path) }
        try? fm.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.recover(out)
        let old = readManifest(out)
        let tmp = parent.appendingPathComponent("\(base).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        } catch {
            throw KaoheError(step: KaoheError.Step.temporaryFolder, path: tmp.path, message: "\(error.localizedDescription)")
        }
        var report = BuildReport(asOf: asOf)
        var manifest: [String: String] = [:]
        let sorted = jobs.sorted { $0.path < $1.path }
        do {
            var seen = Set<String>()
            var dirs = Set<String>()
            // Which files can be copied from the previous output, which must be produced.
            var reuse: [Bool] = []
            for job in sorted {
                guard seen.insert(job.path).inserted else {
                    throw KaoheError(step: KaoheError.Step.build, path: job.path, message: "同一路径生成了两次 (one path produced twice)")
                }
                reuse.append(old[job.path] == job.key && fm.fileExists(atPath: out.appendingPathComponent(job.path).path))
            }
            var done = 0
            let batch = 64
            var start = 0
            while start < sorted.count {
                let end = min(start + batch, sorted.count)
                // Produce the batch's new files on every core (each job is pure), then write in order.
                let todo = (start..<end).filter { !reuse[$0] }
                let produced = ProducedBox(count: todo.count)
                let jobsBox = JobsBox(jobs: sorted)
                DispatchQueue.concurrentPerform(iterations: todo.count) { k in
                    produced.set(k, Result { try jobsBox.jobs[todo[k]].produce() })
                }
                var next = 0
                for n in start..<end {
                    let job = sorted[n]
                    let target = tmp.appendingPathComponent(job.path)
                    guard target.standardizedFileURL.path.hasPrefix(tmp.path + "/") else {
                        throw KaoheError(step: KaoheError.Step.write, path: job.path, message: Self.escapeMessage)
                    }
                    let dir = target.deletingLastPathComponent().path
                    if dirs.insert(dir).inserted { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
                    var copied = false
                    if reuse[n] {
                        copied = (try? fm.copyItem(at: out.appendingPathComponent(job.path), to: target)) != nil
                    }
                    if copied {
                        switch job.kind {
                        case .page: report.pagesReused += 1
                        case .chart: report.chartsReused += 1
                        case .document: report.documentsReused += 1
                        case .other: report.filesReused += 1
                        }
                    } else {
                        let data: Data
                        if !reuse[n] { data = try produced.get(next).get(); next += 1 } else { data = try job.produce() }
                        do { try data.write(to: target) } catch {
                            throw KaoheError(step: KaoheError.Step.write, path: target.path, message: error.localizedDescription)
                        }
                        switch job.kind {
                        case .page: report.pagesDrawn += 1
                        case .chart: report.chartsDrawn += 1
                        case .document: report.documentsDrawn += 1
                        case .other: report.filesWritten += 1
                        }
                    }
                    manifest[job.path] = job.key
                    report.paths.append(job.path)
                    done += 1
                    progress?(done, sorted.count)
                }
                start = end
            }
            let json = try JSONSerialization.data(withJSONObject: ["version": 1, "renderer": Self.renderer, "files": manifest] as [String: Any],
                                                  options: [.sortedKeys, .prettyPrinted])
            try json.write(to: tmp.appendingPathComponent(Self.manifestName))
            // A README of the output folder (kept in the repository) is not the site's: carry it over.
            let readme = out.appendingPathComponent("README.md")
            if fm.fileExists(atPath: readme.path), !fm.fileExists(atPath: tmp.appendingPathComponent("README.md").path) {
                try fm.copyItem(at: readme, to: tmp.appendingPathComponent("README.md"))
            }
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }
        TestHook.pause("KAOHE_TEST_HOOK_BEFORE_SWAP")
        // Swap: the old site away, the new one in, the old one deleted. A kill between the two
        // renames leaves only `<out>.old-*`: the next build puts it back first (`recover`).
        let retired = parent.appendingPathComponent("\(base).old-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        var hadOld = false
        if fm.fileExists(atPath: out.path) {
            do { try fm.moveItem(at: out, to: retired); hadOld = true } catch {
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
        if hadOld { try? fm.removeItem(at: retired) }
        return report
    }

    static let escapeMessage = "路径超出输出目录，拒绝写入 (path leaves --out: refused)"

    /// A job's path must stay inside the output folder whatever the catalog says: relative, no
    /// empty, `.` or `..` component, no backslash or control character.
    static func checkInside(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let bad = path.isEmpty || path.hasPrefix("/") || parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
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
        for url in retired where fm.fileExists(atPath: url.path) { try? fm.removeItem(at: url) }
        for name in names where stale(name, "tmp") { try? fm.removeItem(at: parent.appendingPathComponent(name)) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    private func readManifest(_ out: URL) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: out.appendingPathComponent(Self.manifestName).path),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = obj["files"] as? [String: String],
              obj["renderer"] as? String == Self.renderer else { return [:] }
        return files
    }

    /// Which build of the program drew the files (size and time of the running executable): a new
    /// build of kaohe may draw differently, so a manifest of another build reuses nothing.
    static let renderer: String = {
        let fm = FileManager.default
        let exe = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let a = try? fm.attributesOfItem(atPath: exe) else { return "unknown" }
        let size = (a[.size] as? NSNumber)?.int64Value ?? 0
        let time = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)-\(Int64(time * 1000))"
    }()
}

/// Results of jobs produced in parallel, by index.
private final class ProducedBox: @unchecked Sendable {
    private var results: [Result<Data, Error>?]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<Data, Error>) { lock.lock(); results[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<Data, Error> { lock.lock(); defer { lock.unlock() }; return results[i]! }
}

/// The jobs, shared read-only with the worker threads (each job's closure is pure).
private struct JobsBox: @unchecked Sendable { let jobs: [FileJob] }
