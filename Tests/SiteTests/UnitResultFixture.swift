import Scoring

enum UnitResultFixture {
    static func make(id: String, rank: Int) -> UnitResult {
        UnitResult(
            unit: id, name: id, score: Double(100 - rank), rank: rank, rankChange: nil, responsibility: 1,
            earned: 1, events: 0, indicators: [], pointsToNextRank: nil, rollup: nil)
    }
}
