import Foundation
import Indicators
import Store
import Testing

@Suite struct ReceiptsTests {
    @Test func aWeeksReceiptsSumEachUnitsRowsAndNameTheirFiles() throws {
        // Given two units' rows over two weeks, one unit's week in two files, one corrected later
        let db = try AppDatabase.inMemory()
        let t0 = Date(timeIntervalSince1970: 1_552_000_000)
        _ = try db.store(
            batch(
                "a.csv",
                [
                    count("u1", "1", "2019-W10", 3, 2), count("u1", "2", "2019-W10", 1, 1),
                    count("u2", "1", "2019-W10", 0, 0), count("u1", "1", "2019-W11", 9, 9),
                ]), now: t0)
        _ = try db.store(batch("b.xlsx", [count("u1", "3", "2019-W10", 2, 2)]), now: t0.addingTimeInterval(3600))
        _ = try db.store(batch("c.csv", [count("u2", "1", "2019-W10", 4, 3)]), now: t0.addingTimeInterval(7200))
        // When the week's receipts are read
        let r = try db.receipts(scheme: "s", week: ISOWeek("2019-W10")!)
        // Then one line per unit, by id, with sums, the latest import time and the files still holding rows
        #expect(r.map(\.unit) == ["u1", "u2"])
        #expect(r[0].rows == 3 && r[0].submitted == 6 && r[0].qualified == 5)
        #expect(r[0].files == ["a.csv", "b.xlsx"])
        #expect(r[0].lastImportedAt == "2019-03-08T00:06:40Z")
        #expect(r[1].rows == 1 && r[1].submitted == 4 && r[1].qualified == 3)
        #expect(r[1].files == ["c.csv"])
        #expect(try db.receipts(scheme: "s", week: ISOWeek("2019-W12")!).isEmpty)
        #expect(try db.receipts(scheme: "t", week: ISOWeek("2019-W10")!).isEmpty)
    }
}
