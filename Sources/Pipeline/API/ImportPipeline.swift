import Foundation
import Indicators
import Ingest
import Store

/// A failure of the import path that is not a problem of the file's rows (the database failed).
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public let step: String
    public let file: String
    public let message: String
    public init(step: String, file: String, message: String) { self.step = step; self.file = file; self.message = message }
    public var description: String { "\(file): \(step): \(message)" }
}

/// What importing one file did.
public struct FileSummary: Sendable {
    public enum Outcome: Sendable {
        /// Rows were written (or would be, on a dry run).
        case imported(ImportResult)
        /// Every row was already there with the same values: nothing was written.
        case unchanged(ImportResult)
        /// The file was refused; the database is as it was.
        case failed(IngestError)
    }

    public let file: String
    public let kind: DataKind?
    public let scheme: String?
    public let outcome: Outcome
    /// Unknown columns and the like.
    public let warnings: [Problem]
    public let dryRun: Bool

    public var failed: Bool { if case .failed = outcome { true } else { false } }

    /// `FILE: 新增 N 行，更正 M 行，未变 K 行` (with a note when unchanged or a dry run); the
    /// problems, one per line, when the file was refused.
    public var line: String {
        switch outcome {
        case .failed(let e): return e.description
        case .imported(let r):
            return "\(file): 新增 \(r.new) 行，更正 \(r.replaced) 行，未变 \(r.unchanged) 行" + (dryRun ? "（试运行，未写入）(dry run)" : "")
        case .unchanged(let r):
            var s = "\(file): 新增 0 行，更正 0 行，未变 \(r.unchanged) 行"
            if let same = r.sameFileAs, let id = same.id { s += "（与第 \(id) 次导入的文件相同，数据库未改动）(same file as import #\(id): unchanged)" }
            else { s += "（数据均已存在，数据库未改动）(unchanged)" }
            return s
        }
    }
}

/// The import path shared by `kaohe import` and `kaohe demo`: read and check a file as a whole,
/// then store it in one write transaction.
public struct ImportPipeline: Sendable {
    public let catalog: Catalog
    public let database: AppDatabase

    public init(catalog: Catalog, database: AppDatabase) { self.catalog = catalog; self.database = database }

    /// Imports each file on its own: a file with any problem is refused whole (its summary says
    /// why) and the others go on. Throws only when the database fails.
    public func importFiles(_ urls: [URL], kind: DataKind? = nil, scheme: String? = nil, week: ISOWeek? = nil,
                            dryRun: Bool = false, today: Day, now: Date) throws -> [FileSummary] {
        let checker = FileChecker(catalog: catalog)
        let options = CheckOptions(kind: kind, scheme: scheme, week: week, today: today)
        var out: [FileSummary] = []
        for url in urls {
            let name = url.relativeString.hasPrefix("file://") ? url.path : url.relativePath
            let data: Data
            do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
                let e = IngestError(file: name, problems: [Problem(file: name, row: nil, column: nil,
                    message: "无法读取文件 (cannot read file): \((error as NSError).localizedDescription)")])
                out.append(FileSummary(file: name, kind: kind, scheme: scheme, outcome: .failed(e), warnings: [], dryRun: dryRun))
                continue
            }
            out.append(try importData(data, name: name, checker: checker, options: options, dryRun: dryRun, now: now))
        }
        return out
    }

    /// Imports one file's bytes (`name` is how messages call it).
    public func importData(_ data: Data, name: String, kind: DataKind? = nil, scheme: String? = nil, week: ISOWeek? = nil,
                           dryRun: Bool = false, today: Day, now: Date) throws -> FileSummary {
        try importData(data, name: name, checker: FileChecker(catalog: catalog),
                       options: CheckOptions(kind: kind, scheme: scheme, week: week, today: today), dryRun: dryRun, now: now)
    }

    private func importData(_ data: Data, name: String, checker: FileChecker, options: CheckOptions,
                            dryRun: Bool, now: Date) throws -> FileSummary {
        let checked: CheckedFile
        do { checked = try checker.check(data: data, name: name, options: options) } catch {
            return FileSummary(file: name, kind: options.kind, scheme: options.scheme, outcome: .failed(error), warnings: [], dryRun: dryRun)
        }
        let batch = ImportBatch(fileName: (name as NSString).lastPathComponent, sha256: AppDatabase.sha256(data),
                                kind: checked.kind, scheme: checked.scheme, submissions: checked.submissions,
                                events: checked.events, observations: checked.observations)
        let result: ImportResult
        do { result = try database.store(batch, now: now, dryRun: dryRun) } catch {
            throw PipelineError(step: "写入数据库 (store)", file: name, message: "\(error)")
        }
        let outcome: FileSummary.Outcome = result.new + result.replaced == 0 ? .unchanged(result) : .imported(result)
        return FileSummary(file: name, kind: checked.kind, scheme: checked.scheme, outcome: outcome,
                           warnings: checked.warnings, dryRun: dryRun)
    }
}
