import Foundation
import Indicators
import Testing

@testable import Scoring

@Suite struct ReportTests {
    /// a and b; 80 points for 1 item a month, 20 points of deductions at 5 an event.
    static func tiny() throws -> SchemeResult {
        let s = scheme(
            mode: .individual, units: ["a", "b"],
            indicators: [
                indicator("1", 80, .quota(count: 1, period: .month)), indicator("2", 20, .deduction(perEvent: 5)),
            ])
        let scorer = Scorer(
            catalog: catalog(s),
            input: ScoringInput(
                counts: [
                    count("t", "b", "1", "2018-W50", 1), count("t", "a", "1", "2019-W03", 2, 1),
                    count("t", "b", "1", "2019-W04", 2, 0),
                ],
                events: [event("t", "b", "2", "2019-01-09")]))
        return try scorer.score(scheme: "t", window: month("2019-01"))
    }

    @Test func jsonIsTheObjectOfFormatsMdInItsKeyOrder() throws {
        let json = ScoreReport.json(try Self.tiny())
        #expect(
            json == """
                {"scheme":"t","window":{"from":"2019-01-01","to":"2019-01-31"},"units":[\
                {"id":"a","name":"单位A","score":100,"rank":1,"rank_change":1,"responsibility":80,"earned":80,"indicators":[\
                {"code":"1","responsibility":80,"completion":1,"earned":80},\
                {"code":"2","events":0,"earned":20,"responsibility":null,"completion":null}]},\
                {"id":"b","name":"单位B","score":15,"rank":2,"rank_change":-1,"responsibility":80,"earned":0,"indicators":[\
                {"code":"1","responsibility":80,"completion":0,"earned":0},\
                {"code":"2","events":1,"earned":15,"responsibility":null,"completion":null}]}],\
                "region":{"total":57.5,"indicators":[{"code":"1","points":80,"score":40},{"code":"2","points":20,"score":17.5}]}}
                """)
    }

    @Test func jsonPartsAreTheObjectCutBetweenTheTwoHalvesOfTheUnits() throws {
        for n in [1, 2, 5] {
            // Given a ranking of n units, each with a row
            let ids = (1...n).map { "u\($0)" }
            let s = scheme(
                mode: .individual, units: ids, indicators: [indicator("1", 100, .quota(count: 4, period: .month))])
            let counts = ids.enumerated().map { k, u in count("t", u, "1", "2019-W03", k) }
            let result = try Scorer(catalog: catalog(s), input: ScoringInput(counts: counts, events: []))
                .score(scheme: "t", window: month("2019-01"))
            // When the JSON is written in its parts
            let parts = ScoreReport.jsonParts(result)
            let text = parts.map { String(decoding: $0, as: UTF8.self) }
            // Then they are the head, the front half of the units, the comma between the halves, the
            // back half and the tail, and together the one object of `json`
            #expect(parts.count == 5)
            #expect(text[0] == #"{"scheme":"t","window":{"from":"2019-01-01","to":"2019-01-31"},"units":["#)
            #expect(text[2] == (n >= 2 ? "," : ""))
            #expect(text[4].hasPrefix(#"],"region":{"total":"#) && text[4].hasSuffix("]}}"))
            #expect(text[1].components(separatedBy: #"{"id":"#).count - 1 == n / 2)
            #expect(text[3].components(separatedBy: #"{"id":"#).count - 1 == n - n / 2)
            #expect(text.joined() == ScoreReport.json(result))
            let object = try #require(
                JSONSerialization.jsonObject(with: Data(parts.joined())) as? [String: Any])
            #expect((object["units"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted() == ids)
        }
    }

    @Test func jsonNumbersAreUnroundedAndStringsEscaped() {
        #expect(ScoreReport.number(30.0 * 0.4 / 11) == "1.0909090909090908")
        #expect(ScoreReport.number(-5) == "-5")
        #expect(ScoreReport.number(-0.0) == "0")
        #expect(ScoreReport.number(.infinity) == "null")
        #expect(ScoreReport.string("a\"b\\c\n\u{1}办") == "\"a\\\"b\\\\c\\n\\u0001办\"")
        #expect(ScoreReport.string("\r\t\u{1F}\u{7F}é") == "\"\\r\\t\\u001f\u{7F}é\"")
    }

    @Test func csvHasTheSameTableWithAHeaderRow() throws {
        let csv = ScoreReport.csv(try Self.tiny())
        #expect(
            csv == "排名,名次变化,单位代码,单位,得分,应得分,实得分,1 指标1,2 指标2\r\n"
                + "1,1,a,单位A,100,80,80,80,20\r\n"
                + "2,-1,b,单位B,15,80,0,0,15\r\n")
        #expect(ScoreReport.csv(try Self.tiny(), excelBOM: true).hasPrefix("\u{FEFF}排名,"))
        #expect(ScoreReport.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }
}
