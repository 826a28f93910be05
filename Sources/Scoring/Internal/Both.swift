import Dispatch

/// Works out two independent values at once, on the calling thread and one other (`kaohe score`
/// waits for both; docs/benchmarks.md, "Issue #15, fourth wave").
func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    let slots = Slots<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { k in
        if k == 0 { slots.first = first() } else { slots.second = second() }
    }
    return (slots.first!, slots.second!)
}

/// `both` for work that may fail: an error of `first` is thrown before one of `second`, as in sequence.
func both<A: Sendable, B: Sendable>(
    _ first: @Sendable () throws -> A, _ second: @Sendable () throws -> B
) throws -> (A, B) {
    let (a, b) = both({ Result(catching: first) }, { Result(catching: second) })
    return (try a.get(), try b.get())
}

/// The two values of `both`: each slot is written by one iteration, read after both have ended.
private final class Slots<A: Sendable, B: Sendable>: @unchecked Sendable {
    var first: A?
    var second: B?
}
