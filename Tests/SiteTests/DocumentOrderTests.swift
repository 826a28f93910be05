import Foundation
import Testing

@testable import Site

/// What the jobs saw while they ran: how many documents were being drawn at once, how many pages ran.
private final class Witness: @unchecked Sendable {
    private let lock = NSLock()
    private var documentsNow = 0
    private(set) var mostDocumentsAtOnce = 0
    private(set) var pages = 0

    func document(_ body: () -> Void) {
        lock.withLock {
            documentsNow += 1
            mostDocumentsAtOnce = max(mostDocumentsAtOnce, documentsNow)
        }
        body()
        lock.withLock { documentsNow -= 1 }
    }

    func page() {
        lock.withLock { pages += 1 }
    }
}

private struct Broken: Error {}

@Suite("Documents one at a time")
struct DocumentOrderTests {
    fileprivate func jobs(_ witness: Witness, failing: Int? = nil) -> [FileJob] {
        let documents = (0..<4).map { n in
            FileJob(path: "d\(n).pdf", kind: .document, key: "d\(n)") {
                if n == failing { throw Broken() }
                witness.document { usleep(40_000) }
                return Data("pdf \(n)".utf8)
            }
        }
        let pages = (0..<40).map { n in
            FileJob(path: "p\(n).html", kind: .page, key: "p\(n)") {
                witness.page()
                usleep(4_000)
                return Data("page \(n)".utf8)
            }
        }
        return pages[..<20] + documents + pages[20...]
    }

    @Test func neverTwoDocumentsAtOnce() throws {
        // Given four slow documents among forty pages, on every core
        let witness = Witness()
        let tmp = Fixture.tempDir("one-document")
        // When they are produced
        let outcomes = try OutputWriter.produce(
            jobs(witness), reusing: [:], from: tmp.appendingPathComponent("none"), into: tmp, progress: nil)
        // Then every job is written and no two documents were drawn at once (whether the other worker
        // drew pages meanwhile depends on the scheduler: not asserted, a loaded machine may run both
        // workers' jobs on one thread)
        #expect(outcomes.count == 44 && witness.pages == 40)
        #expect(try String(contentsOf: tmp.appendingPathComponent("d3.pdf"), encoding: .utf8) == "pdf 3")
        #expect(try String(contentsOf: tmp.appendingPathComponent("p39.html"), encoding: .utf8) == "page 39")
        #expect(witness.mostDocumentsAtOnce == 1)
    }

    @Test func aFailingDocumentEndsTheWorkWithItsErrorAndNoWorkerWaitsForever() throws {
        // Given the second document fails
        let tmp = Fixture.tempDir("failing-document")
        // When the jobs are produced, then its error comes back (and the call returns)
        #expect(throws: Broken.self) {
            try OutputWriter.produce(
                jobs(Witness(), failing: 1), reusing: [:], from: tmp.appendingPathComponent("none"), into: tmp,
                progress: nil)
        }
    }
}

@Suite("Notices handed over in parts")
struct NoticePartsTests {
    @Test func aSmallSchemesNoticesAreHandedOverTogetherAndEachNoticeWithItsDocument() throws {
        // Given the fixture's schemes (each fewer than `unitsPerPart` units), planned with a sink that
        // records the parts
        final class Parts: @unchecked Sendable { var paths: [[String]] = [] }
        let parts = Parts()
        let input = try Fixture.input()
        _ = try SitePlan(
            input: input, templates: try TemplateSet(directory: Fixture.templates),
            sink: { jobs in parts.paths.append(jobs.map(\.path)) })
        // When the parts holding each scheme's documents are looked up
        let schemes = input.catalog.schemes.filter { s in
            parts.paths.joined().contains { $0.hasPrefix(s.id + "/") && $0.hasSuffix(".pdf") }
        }
        #expect(schemes.count >= 2)
        for s in schemes {
            let holding = parts.paths.filter { $0.contains { $0.hasPrefix(s.id + "/") && $0.hasSuffix(".pdf") } }
            // Then all its notices come in one part, each document with its page
            #expect(holding.count == 1, "\(s.id): notices in \(holding.count) parts")
            let part = Set(holding.first ?? [])
            for pdf in part where pdf.hasSuffix(".pdf") {
                #expect(part.contains(String(pdf.dropLast(".pdf".count)) + ".html"))
            }
            #expect(s.units.count < SitePlan.unitsPerPart)
        }
    }
}
