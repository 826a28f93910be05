import Foundation
import Indicators
import Ingest
import Testing

/// A filled template as text (the same rows a re-save as CSV gives); `marker` false drops the marker.
private func form(marker: Bool = true, rows: [String]) -> Data {
    let header = TemplateForm.headers.enumerated().map { c, h in c == TemplateForm.markerColumn && !marker ? "" : h }
    let text = """
        关于落实济南市社会信用体系建设考核工作的通知 数据报送表（2019年第1周）
        填报单位：东区街道办　　周次：2019-W01
        填写说明：只填黄色单元格
        \(header.joined(separator: ","))
        \(rows.joined(separator: "\n"))

        """
    return Data(text.utf8)
}

private func checkForm(_ data: Data) throws(IngestError) -> CheckedFile {
    try FileChecker(catalog: catalog).check(data: data, name: "f.csv", options: CheckOptions(today: today))
}

@Suite struct TemplateFormTests {
    let rows = [
        "1,组织领导与推进机制,报送正式文件。,,,gaoxin-2018,2019-W01,gx-dongqu,",
        "2,联合奖惩,规定格式,3,2,gaoxin-2018,2019-W01,gx-dongqu,",
        "3,信用宣传,至少3个,0,,gaoxin-2018,2019-W01,gx-dongqu,",
        "4,信用应用与创新,至少3个,,,gaoxin-2018,2019-W01,gx-dongqu,",
    ]

    @Test func aTemplateNeedsNoFlagsSkipsBlankRowsAndWarnsAboutNothing() throws {
        // Given a filled form with two of four rows left blank, checked with no scheme and no week
        let f = try checkForm(form(rows: rows))
        // Then the two filled rows are kept, with scheme, week and unit from the hidden columns
        #expect(f.submissions == [wc("gx-dongqu", "2", "2019-W01", 3, 2), wc("gx-dongqu", "3", "2019-W01", 0, 0)])
        #expect(f.rowCount == 2)
        #expect(f.scheme == "gaoxin-2018")
        #expect(f.warnings.isEmpty)
    }

    @Test func withoutTheMarkerBlankRowsAreErrorsAsInAnyFile() {
        // Given the same rows under a header without the marker
        let e = #expect(throws: IngestError.self) { try checkForm(form(marker: false, rows: rows)) }
        // Then the blank 报送数 cells are refused, each named by row and column
        let lines = e?.problems.map(\.description) ?? []
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("f.csv:5:D: ") == true)
        #expect(lines.last?.hasPrefix("f.csv:8:D: ") == true)
    }

    @Test func anEmptyTemplateAndABadFigureAreRefused() {
        let blank = rows.map {
            $0.replacingOccurrences(of: ",3,2,", with: ",,,").replacingOccurrences(of: ",0,,", with: ",,,")
        }
        let e = #expect(throws: IngestError.self) { try checkForm(form(rows: blank)) }
        #expect(e?.problems.map(\.description) == ["f.csv:4: 模板中没有填写任何数字 (nothing filled in the template)"])
        let bad = #expect(throws: IngestError.self) {
            try checkForm(form(rows: [rows[0], "2,联合奖惩,规定格式,-1,,gaoxin-2018,2019-W01,gx-dongqu,"]))
        }
        #expect(bad?.problems.first?.description.hasPrefix("f.csv:6:D: ") == true)
    }
}
