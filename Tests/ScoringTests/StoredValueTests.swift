import Indicators
import Testing

@testable import Scoring

/// Stored counts are trusted by nobody: a database may hold Int.max (imports before the 1,000,000
/// limit did), and sums over it must not trap.
@Suite struct StoredValues {
    @Test func seriesOfHugeCountsSumsWithoutOverflow() {
        // Given three days of Int.max counts and one of a negative count
        let s = Series([
            (day: 1, submitted: Int.max, qualified: Int.max), (day: 1, submitted: Int.max, qualified: 1),
            (day: 2, submitted: Int.max, qualified: Int.max), (day: 3, submitted: -5, qualified: -5),
        ])
        // When summed over every day, then each count weighs at most the ceiling and negatives nothing
        let sum = s.sum(from: 1, to: 3)
        #expect(sum.submitted == 3 * Series.countCeiling)
        #expect(sum.qualified == 2 * Series.countCeiling + 1)
        #expect(s.sum(from: 3, to: 3).submitted == 0)
    }
}
