import Foundation
import GRDB
import Indicators
import Testing

@testable import Store

@Suite struct MappedReads {
    @Test func aReadThroughAMemoryMapGivesTheSameRowsAndLeavesTheFileAsItWas() throws {
        // Given a database file with random rows, closed, then opened read-only
        let s = try Scratch()
        let p = s.path("mapped.sqlite")
        let (memory, rows) = try WeeklyReads.randomDatabase(seed: 5)
        let rw = try AppDatabase.open(path: p)
        _ = try rw.store(batch("a.csv", rows), now: now)
        try rw.close()
        try memory.close()
        let before = try #require(s.bytes(p))
        let ro = try AppDatabase.open(path: p, mode: .readOnly)
        let (from, through) = (Day(iso: "2018-12-01")!, Day(iso: "2019-02-28")!)
        var copied = RecordingSink(known: ["s"])
        try ro.readWindow(scheme: "s", from: from, through: through, cumulative: ["1"], into: &copied)
        #expect(try ro.writer.read { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } == 0)
        // When the connection maps the file and reads the same window again
        try ro.mapForReading()
        var mapped = RecordingSink(known: ["s"])
        try ro.readWindow(scheme: "s", from: from, through: through, cumulative: ["1"], into: &mapped)
        // Then the map is on, the rows are the same, in the same order, and the file is untouched
        #expect(try ro.writer.read { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } == AppDatabase.mappedReadLimit)
        #expect(mapped.rows == copied.rows && mapped.rows.count > 100)
        #expect(mapped.earliest == copied.earliest)
        try ro.close()
        #expect(s.bytes(p) == before)
    }
}
