import Foundation
import Testing

@testable import Site

/// A page model whose release the test watches.
private final class Model: @unchecked Sendable {
    let text: String
    init(_ text: String) { self.text = text }
}

@Suite("A part's jobs are released as they are written")
struct JobListTests {
    @Test func aWrittenJobsModelIsNotHeldByThePart() throws {
        // Given a part of pages, each producer holding its model, held only by the job list
        let tmp = Fixture.tempDir("job-list")
        weak var firstModel: Model?
        let list: JobList = {
            let models = (0..<6).map { Model("page \($0)") }
            firstModel = models[0]
            return JobList(
                models.enumerated().map { n, model in
                    FileJob(path: "p\(n).html", kind: .page, key: "p\(n)") { Data(model.text.utf8) }
                })
        }()
        #expect(firstModel != nil)
        // When the part is produced
        let outcomes = try OutputWriter.produce(
            list, reusing: [:], from: tmp.appendingPathComponent("none"), into: tmp, progress: nil)
        // Then every file is written, and the models are gone although the list is still alive
        #expect(outcomes.count == 6)
        #expect(try String(contentsOf: tmp.appendingPathComponent("p5.html"), encoding: .utf8) == "page 5")
        withExtendedLifetime(list) { #expect(firstModel == nil) }
        #expect(list.kinds == Array(repeating: .page, count: 6))
    }
}
