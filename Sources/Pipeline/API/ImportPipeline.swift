import Foundation
import Indicators
import Ingest
import Store

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
    /// Title, total and footer rows, blank and notes sheets the file held (said on its line).
    public var skipped = Skipped()

    public var failed: Bool { if case .failed = outcome { true } else { false } }

    /// `FILE: 新增 N 行，更正 M 行，未变 K 行` (with a note when unchanged or a dry run), then what
    /// was skipped (`；跳过：…`); the problems, one per line, when the file was refused.
    public var line: String {
        if case .failed(let e) = outcome { return e.description }
        let skippedText = skipped.description
        return skippedText.isEmpty ? counts : counts + "；" + skippedText
    }

    private var counts: String {
        switch outcome {
        case .failed(let e): return e.description
        case .imported(let r):
            return Self.importedLine(file: file, r) + (dryRun ? "（试运行，未写入）(dry run)" : "")
        case .unchanged(let r):
            var s = "\(file): 新增 0 行，更正 0 行，未变 \(r.unchanged) 行"
            if let same = r.sameFileAs, let id = same.id {
                s += "（与第 \(id) 次导入的文件相同，数据库未改动）(same file as import #\(id): unchanged)"
            } else {
                s += "（数据均已存在，数据库未改动）(unchanged)"
            }
            return s
        }
    }
}

extension FileSummary {
    /// `FILE: 新增 N 行，更正 M 行，未变 K 行`: the line of a file whose rows were written, also its
    /// `audit_log` summary.
    static func importedLine(file: String, _ r: ImportResult) -> String {
        "\(file): 新增 \(r.new) 行，更正 \(r.replaced) 行，未变 \(r.unchanged) 行"
    }
}

/// The import path shared by `kaohe import` and `kaohe demo`: read and check a file as a whole,
/// then store it in one write transaction.
public struct ImportPipeline: Sendable {
    public let catalog: Catalog
    public let database: AppDatabase

    public init(catalog: Catalog, database: AppDatabase) {
        self.catalog = catalog
        self.database = database
    }

    /// Imports each file on its own, in its own transaction: a file with any problem is refused
    /// whole (its summary says why) and the others go on, also when the database failed for one
    /// file (busy past the timeout, disk full: the summary says so in plain words). With
    /// `command`, each imported file's `audit_log` row is written in the file's transaction.
    public func importFiles(
        _ urls: [URL], kind: DataKind? = nil, scheme: String? = nil, week: ISOWeek? = nil,
        dryRun: Bool = false, today: Day, now: Date, command: String? = nil
    ) throws -> [FileSummary] {
        let checker = FileChecker(catalog: catalog)
        let options = CheckOptions(kind: kind, scheme: scheme, week: week, today: today)
        var out: [FileSummary] = []
        for url in urls {
            let name = url.relativeString.hasPrefix("file://") ? url.path : url.relativePath
            let data: Data
            do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
                let e = IngestError(
                    file: name,
                    problems: [
                        Problem(
                            file: name, row: nil, column: nil,
                            message: "无法读取文件 (cannot read file): \((error as NSError).localizedDescription)")
                    ])
                out.append(
                    FileSummary(
                        file: name, kind: kind, scheme: scheme, outcome: .failed(e), warnings: [], dryRun: dryRun))
                continue
            }
            do {
                out.append(
                    try importData(
                        data, name: name, checker: checker, options: options, dryRun: dryRun, now: now, command: command
                    ))
            } catch {
                let message = (error as? KaoheError).map { "\($0.step): \($0.message)" } ?? "\(error)"
                let e = IngestError(
                    file: name, problems: [Problem(file: name, row: nil, column: nil, message: message)])
                out.append(
                    FileSummary(
                        file: name, kind: kind, scheme: scheme, outcome: .failed(e), warnings: [], dryRun: dryRun))
            }
        }
        return out
    }

    /// Imports one file's bytes (`name` is how messages call it).
    public func importData(
        _ data: Data, name: String, kind: DataKind? = nil, scheme: String? = nil, week: ISOWeek? = nil,
        dryRun: Bool = false, today: Day, now: Date
    ) throws -> FileSummary {
        try importData(
            data, name: name, checker: FileChecker(catalog: catalog),
            options: CheckOptions(kind: kind, scheme: scheme, week: week, today: today), dryRun: dryRun, now: now)
    }

    /// Checks on a second thread while this one stores the rows already checked, in one
    /// transaction that is rolled back when the check fails (the file is all-or-nothing).
    private func importData(
        _ data: Data, name: String, checker: FileChecker, options: CheckOptions,
        dryRun: Bool, now: Date, command: String? = nil
    ) throws -> FileSummary {
        let channel = Channel()
        let thread = Thread {
            do throws(IngestError) {
                let f = try checker.check(data: data, name: name, options: options) { channel.put($0) }
                channel.finish(.success(f))
            } catch {
                channel.finish(.failure(error))
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer { channel.cancel() }
        let fileName = (name as NSString).lastPathComponent
        let sha = AppDatabase.sha256(data)
        var checked: CheckedFile?
        var failure: IngestError?
        let result: ImportResult?
        do {
            let audit = command.map { AuditNote(command: $0, summary: { FileSummary.importedLine(file: name, $0) }) }
            result = try database.store(
                fileName: fileName, sha256: sha, now: now, dryRun: dryRun, audit: audit,
                cumulative: catalog.cumulativeIndicators
            ) {
                switch channel.next() {
                case .rows(let rows): return .rows(rows)
                case .done(.failure(let e)):
                    failure = e
                    return .refused
                case .done(.success(let f)):
                    checked = f
                    return .end(
                        ImportBatch(
                            fileName: fileName, sha256: sha, kind: f.kind, scheme: f.scheme,
                            submissions: f.submissions, events: f.events, observations: f.observations))
                }
            }
        } catch {
            throw KaoheError(
                step: KaoheError.Step.store, path: name,
                message: KaoheError.plain(error, step: KaoheError.Step.store, path: name).message)
        }
        if let failure {
            return FileSummary(
                file: name, kind: options.kind, scheme: options.scheme, outcome: .failed(failure), warnings: [],
                dryRun: dryRun)
        }
        guard let result, let checked else {
            throw KaoheError(step: KaoheError.Step.store, path: name, message: "检查未给出结果 (check ended without a result)")
        }
        let outcome: FileSummary.Outcome = result.new + result.replaced == 0 ? .unchanged(result) : .imported(result)
        return FileSummary(
            file: name, kind: checked.kind, scheme: checked.scheme, outcome: outcome,
            warnings: checked.warnings, dryRun: dryRun, skipped: checked.skipped)
    }
}

/// Hands checked rows from the checking thread to the storing one, a few chunks at a time.
private final class Channel: @unchecked Sendable {
    enum Item {
        case rows([WeeklyCount])
        case done(Result<CheckedFile, IngestError>)
    }
    private let condition = NSCondition()
    private var chunks: [[WeeklyCount]] = []
    private var result: Result<CheckedFile, IngestError>?
    private var cancelled = false
    private let limit = 4

    func put(_ rows: [WeeklyCount]) {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= limit && !cancelled { condition.wait() }
        if !cancelled { chunks.append(rows) }
        condition.broadcast()
    }

    func finish(_ r: Result<CheckedFile, IngestError>) {
        condition.lock()
        defer { condition.unlock() }
        result = r
        condition.broadcast()
    }

    /// The next chunk, or the check's result once every chunk was taken.
    func next() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && result == nil { condition.wait() }
        condition.broadcast()
        if !chunks.isEmpty { return .rows(chunks.removeFirst()) }
        return .done(result!)
    }

    /// The storing side gave up: let the checking thread run to its end without waiting.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
    }
}
