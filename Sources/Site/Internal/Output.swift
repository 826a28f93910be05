import Foundation
import Indicators
import Mustache

/// The templates of a folder: every `*.mustache` (by name without extension) and `style.css`.
struct TemplateSet: @unchecked Sendable {
    let library: MustacheLibrary
    let stylesheet: Data
    /// Hash of every template's text, part of every page's input key.
    let fingerprint: String

    init(directory: URL) throws {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            throw SiteError(step: "读取模板 (templates)", path: directory.path, message: "模板目录不存在或不可读")
        }
        var library = MustacheLibrary()
        var hash = StableHash()
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(name)
            guard let data = fm.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw SiteError(step: "读取模板 (templates)", path: url.path, message: "无法读取（需 UTF-8 文本）")
            }
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw SiteError(step: "解析模板 (templates)", path: url.path, message: "\(error)")
            }
            hash.add(name); hash.add(text)
        }
        for required in ["notice", "ranking", "unit", "targets", "news", "index"] where library.getTemplate(named: required) == nil {
            throw SiteError(step: "读取模板 (templates)", path: directory.appendingPathComponent(required + ".mustache").path,
                            message: "缺少模板 \(required).mustache")
        }
        let css = directory.appendingPathComponent("style.css")
        guard let cssData = fm.contents(atPath: css.path) else {
            throw SiteError(step: "读取模板 (templates)", path: css.path, message: "缺少样式表 style.css")
        }
        self.library = library
        self.stylesheet = cssData
        self.fingerprint = hash.hex
    }

    func render(_ model: Any, template: String) throws -> Data {
        guard let html = library.render(model, withTemplate: template) else {
            throw SiteError(step: "渲染页面 (render)", path: template + ".mustache", message: "模板不存在")
        }
        return Data(html.utf8)
    }
}

/// One file of the site: its path, the hash of its inputs and how to produce it.
struct FileJob {
    enum Kind: String { case page, chart, other }
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
        try? fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let old = readManifest(out)
        let tmp = parent.appendingPathComponent("\(base).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        } catch {
            throw SiteError(step: "建立临时目录 (build)", path: tmp.path, message: "\(error.localizedDescription)")
        }
        var report = BuildReport(asOf: asOf)
        var manifest: [String: String] = [:]
        let sorted = jobs.sorted { $0.path < $1.path }
        do {
            var seen = Set<String>()
            var dirs = Set<String>()
            for (n, job) in sorted.enumerated() {
                guard seen.insert(job.path).inserted else {
                    throw SiteError(step: "生成站点 (build)", path: job.path, message: "同一路径生成了两次")
                }
                let target = tmp.appendingPathComponent(job.path)
                let dir = target.deletingLastPathComponent().path
                if dirs.insert(dir).inserted { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
                let previous = out.appendingPathComponent(job.path)
                if old[job.path] == job.key, fm.fileExists(atPath: previous.path),
                   (try? fm.copyItem(at: previous, to: target)) != nil {
                    switch job.kind {
                    case .page: report.pagesReused += 1
                    case .chart: report.chartsReused += 1
                    case .other: report.filesReused += 1
                    }
                } else {
                    let data = try job.produce()
                    do { try data.write(to: target) } catch {
                        throw SiteError(step: "写入文件 (build)", path: target.path, message: error.localizedDescription)
                    }
                    switch job.kind {
                    case .page: report.pagesDrawn += 1
                    case .chart: report.chartsDrawn += 1
                    case .other: report.filesWritten += 1
                    }
                }
                manifest[job.path] = job.key
                report.paths.append(job.path)
                progress?(n + 1, sorted.count)
            }
            let json = try JSONSerialization.data(withJSONObject: ["version": 1, "files": manifest] as [String: Any],
                                                  options: [.sortedKeys, .prettyPrinted])
            try json.write(to: tmp.appendingPathComponent(Self.manifestName))
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }
        // Swap: the old site away, the new one in, the old one deleted.
        let retired = parent.appendingPathComponent("\(base).old-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        var hadOld = false
        if fm.fileExists(atPath: out.path) {
            do { try fm.moveItem(at: out, to: retired); hadOld = true } catch {
                try? fm.removeItem(at: tmp)
                throw SiteError(step: "替换输出目录 (build)", path: out.path, message: error.localizedDescription)
            }
        }
        do { try fm.moveItem(at: tmp, to: out) } catch {
            if hadOld { try? fm.moveItem(at: retired, to: out) }
            try? fm.removeItem(at: tmp)
            throw SiteError(step: "替换输出目录 (build)", path: out.path, message: error.localizedDescription)
        }
        if hadOld { try? fm.removeItem(at: retired) }
        return report
    }

    private func readManifest(_ out: URL) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: out.appendingPathComponent(Self.manifestName).path),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = obj["files"] as? [String: String] else { return [:] }
        return files
    }
}
