import Foundation
import Indicators
import Scoring
import Store

/// `kaohe score` of a month or a quarter reads the rows of `--scheme` on one thread while the other
/// loads the catalog and then indexes those rows as they come (docs/benchmarks.md, "Issue #15, third
/// wave"). The read's arguments are a guess made without the catalog: the last day with data is that
/// of every scheme in the database (the catalog's schemes are checked against it), and the
/// cumulative indicators are those whose keys the imports keep (`cumulative_indicator`). The index
/// is used only when the arguments the catalog gives are equal (`Read`); otherwise, and whenever
/// anything fails here, `score` reads as it would without this (errors then come as they always did).
final class ReadAhead: @unchecked Sendable {
    /// What `AppDatabase.readWindow` is asked for (it reads nothing else).
    struct Read: Equatable, Sendable {
        let scheme: String
        let from: Day
        let through: Day
        /// Sorted.
        let cumulative: [String]
    }

    /// The guess, with what the indexing thread needs to check it.
    fileprivate struct Guess: Sendable {
        let read: Read
        let latestWeeks: [String: ISOWeek]
    }

    /// The index of the rows read ahead, and the arguments they were read with.
    struct Indexed: Sendable {
        let read: Read
        let builder: WeeklyIndex.Builder
    }

    private let scheme: String
    private let window: ScoreWindow?
    private let asOf: Day?
    private let pipe = Pipe()
    /// The database opened by `read`, nil when it could not be.
    private(set) var database: AppDatabase?

    /// A read ahead of the rows of `scheme` for `window` (nil: none, as for `--week`, whose window
    /// depends on the scheme's start).
    init(scheme: String, window: ScoreWindow?, asOf: Day?) {
        self.scheme = scheme
        self.window = window
        self.asOf = asOf
    }

    /// The window's rows scored to `lastDay`, the window before included (for rank changes).
    static func read(scheme: String, window: ScoreWindow, lastDay: Day?, cumulative: [String]) -> Read {
        let scored = lastDay.map { window.through($0) } ?? window
        return Read(
            scheme: scheme, from: min(scored.range.from, scored.previous().range.from),
            through: lastDay.map { min($0, scored.range.to) } ?? scored.range.to, cumulative: cumulative)
    }

    /// Opens the database at `path` and reads (on the calling thread), handing the rows on in chunks.
    func read(database path: String) {
        guard let window, FileManager.default.fileExists(atPath: path),
            let database = try? AppDatabase.open(path: path, mode: .readOnly),
            let latestWeeks = try? database.latestWeeks(),
            let cumulative = try? database.keptCumulativeCodes(scheme: scheme)
        else { return pipe.start(nil) }
        self.database = database
        // One short read of a window: through a memory map rather than copies into SQLite's cache.
        try? database.mapForReading()
        let read = Self.read(
            scheme: scheme, window: window, lastDay: asOf ?? latestWeeks.values.max()?.sunday, cumulative: cumulative)
        pipe.start(Guess(read: read, latestWeeks: latestWeeks))
        var sink = ChunkedRows(pipe: pipe)
        do {
            try database.readWindow(
                scheme: scheme, from: read.from, through: read.through, cumulative: cumulative, into: &sink)
            sink.flush()
            pipe.end(failed: false)
        } catch {
            pipe.end(failed: true)
        }
    }

    /// On the other thread, once the catalog is loaded: the index of the rows read ahead, nil when
    /// the guess was wrong for this catalog or the read failed.
    func index(catalog: Catalog) -> Indexed? {
        guard let guess = pipe.guess(), let window, let s = catalog.scheme(id: scheme) else {
            pipe.cancel()
            return nil
        }
        let lastDay = asOf ?? catalog.schemes.compactMap { guess.latestWeeks[$0.id] }.max()?.sunday
        guard
            guess.read
                == Self.read(scheme: s.id, window: window, lastDay: lastDay, cumulative: s.cumulativeCodes.sorted())
        else {
            pipe.cancel()
            return nil
        }
        var builder = WeeklyIndex.Builder(schemes: catalog.schemes)
        while let chunk = pipe.next() { chunk.replay(into: &builder) }
        return pipe.succeeded ? Indexed(read: guess.read, builder: builder) : nil
    }
}

/// Rows handed from the reading thread to the indexing one, in chunks.
private final class Pipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var started = false
    private var guessMade: ReadAhead.Guess?
    private var chunks: [RecordedRows] = []
    private var ended = false
    private var failed = false
    private var cancelled = false

    func start(_ guess: ReadAhead.Guess?) {
        condition.withLock {
            started = true
            guessMade = guess
            if guess == nil { ended = true }
            condition.broadcast()
        }
    }

    /// Waits for the read to start; its guess, nil when there is no read.
    func guess() -> ReadAhead.Guess? {
        condition.withLock {
            while !started { condition.wait() }
            return guessMade
        }
    }

    var isCancelled: Bool { condition.withLock { cancelled } }

    func send(_ chunk: RecordedRows) {
        condition.withLock {
            guard !cancelled else { return }
            chunks.append(chunk)
            condition.broadcast()
        }
    }

    func end(failed: Bool) {
        condition.withLock {
            ended = true
            self.failed = failed
            condition.broadcast()
        }
    }

    func cancel() { condition.withLock { cancelled = true } }

    /// The next chunk, waiting for it; nil once the read has ended and every chunk was taken.
    func next() -> RecordedRows? {
        condition.withLock {
            while chunks.isEmpty && !ended { condition.wait() }
            return chunks.isEmpty ? nil : chunks.removeFirst()
        }
    }

    /// Whether the read ended without an error (after `next` gave nil).
    var succeeded: Bool { condition.withLock { ended && !failed } }
}

/// A sink that records rows and sends them down a pipe every few thousand.
private struct ChunkedRows: WeeklyRowSink {
    static let chunkSize = 4096
    /// A chunk's rows, the scheme it begins with and a few calls after its last row (the events, the earliest week).
    static let chunkCapacity = chunkSize + 16
    let pipe: Pipe
    private var rows = RecordedRows(capacity: chunkCapacity)
    private var scheme: String?
    private var cancelled = false

    init(pipe: Pipe) { self.pipe = pipe }

    mutating func begin(scheme id: String) -> Bool {
        scheme = id
        return rows.begin(scheme: id)
    }

    mutating func addCount(unit: String, indicator: String, week: ISOWeek, submitted: Int, qualified: Int) {
        guard !cancelled else { return }
        if rows.callCount >= Self.chunkSize { send() }
        rows.addCount(unit: unit, indicator: indicator, week: week, submitted: submitted, qualified: qualified)
    }

    mutating func addEvent(_ event: DeductionEvent) { rows.addEvent(event) }

    mutating func noteEarliest(week: ISOWeek) { rows.noteEarliest(week: week) }

    /// Sends what is recorded; the next chunk starts with the same scheme.
    private mutating func send() {
        pipe.send(rows)
        cancelled = pipe.isCancelled
        rows = RecordedRows(capacity: Self.chunkCapacity)
        if let scheme { _ = rows.begin(scheme: scheme) }
    }

    /// Sends the last rows.
    mutating func flush() { send() }
}

/// A value computed on a thread of its own; `value()` waits for it.
final class InBackground<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result(catching: work)
            done.signal()
        }
        // As deep as the main thread's (8 MiB by default): Yams composes nested YAML by recursion.
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// The value, or the error the work threw.
    func value() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
