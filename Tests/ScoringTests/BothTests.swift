import Testing

@testable import Scoring

private struct Failed: Error, Equatable { let which: Int }

@Suite struct BothTests {
    @Test func givesBothValuesInTheirOrder() {
        // Given two independent pieces of work, when worked out at once, then each value is in its place
        let (a, b) = both({ (1...1000).reduce(0, +) }, { String(repeating: "x", count: 3) })
        #expect(a == 500_500 && b == "xxx")
    }

    @Test func throwsTheFirstErrorAsASequenceWould() {
        // Given both fail, then the first one's error is thrown; given only the second fails, then its error is
        #expect(throws: Failed(which: 1)) {
            _ = try both({ () throws -> Int in throw Failed(which: 1) }, { () throws -> Int in throw Failed(which: 2) })
        }
        #expect(throws: Failed(which: 2)) {
            _ = try both({ () throws -> Int in 1 }, { () throws -> Int in throw Failed(which: 2) })
        }
    }
}
