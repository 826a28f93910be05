import Testing

@testable import Indicators

@Suite struct CalendarTests {
    @Test func isoWeeksAtYearBoundaries() {
        #expect(Day(iso: "2018-12-01")!.isoWeek.description == "2018-W48")
        #expect(Day(iso: "2018-12-03")!.isoWeek.description == "2018-W49")
        #expect(Day(iso: "2018-12-31")!.isoWeek.description == "2019-W01")
        #expect(Day(iso: "2021-01-03")!.isoWeek.description == "2020-W53")
        #expect(ISOWeek("2018-W49")!.monday.description == "2018-12-03")
        #expect(ISOWeek("2018-W49")!.sunday.description == "2018-12-09")
        #expect(ISOWeek("2020-W53") != nil)
        #expect(ISOWeek("2019-W53") == nil)
        #expect(ISOWeek("2018W49")?.description == "2018-W49")
        #expect(ISOWeek("2018-12") == nil)  // a month, not week 12
    }

    @Test func weekdaysAndStepping() {
        #expect(Day(iso: "2018-12-01")!.weekday == 6)
        #expect(Day(iso: "2018-12-02")!.weekday == 7)
        #expect(Day(iso: "2000-02-29") != nil)
        #expect(Day(iso: "1900-02-29") == nil)
        #expect(YearMonth("2018-12")!.adding(months: 1).description == "2019-01")
        #expect(Quarter("2019-Q1")!.adding(quarters: -1).description == "2018-Q4")
        #expect(DateWindow(from: Day(iso: "2018-12-01")!, to: Day(iso: "2018-12-31")!).days == 31)
    }

    @Test func halfWidthNormalisesFullWidthForms() {
        #expect("２０１８，％".halfWidth == "2018,%")
    }
}
