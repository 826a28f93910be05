import Foundation
import Testing

@testable import Site

/// The documents' subset faces kept in the site's `.fonts/` between builds (docs/documents.md).
@Suite("The subset faces' cache in the output")
struct FontCacheSiteTests {
    /// The names in `dir/.fonts` and the inode of each.
    func entries(_ out: URL) throws -> [String: UInt64] {
        let dir = out.appendingPathComponent(".fonts")
        var found: [String: UInt64] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular, "\(name)")
            found[name] = attributes[.systemFileNumber] as? UInt64
        }
        return found
    }

    @Test func aSiteWithDocumentsKeepsItsFacesAndARebuildLinksThemOver() throws {
        // Given a site with documents built into a new folder
        let out = Fixture.tempDir("fonts").appendingPathComponent("output")
        let input = try Fixture.input(last: Fixture.w("2019-W02"))
        let first = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        #expect(first.documentsDrawn > 0)
        // Then its .fonts holds the fonts' licence and pairs of a face and its sidecar, named by a 64-digit key
        var before = try entries(out)
        #expect(before.removeValue(forKey: "OFL.txt") != nil)
        let keys = Set(before.keys.map { String($0.split(separator: ".")[0]) })
        #expect(!keys.isEmpty)
        for key in keys {
            #expect(key.count == 64 && key.allSatisfy(\.isHexDigit))
            #expect(before[key + ".otf"] != nil && before[key + ".glyphs"] != nil)
        }
        #expect(before.count == 2 * keys.count)
        // When it is built again (no document drawn)
        let again = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        #expect(again.documentsDrawn == 0)
        // Then the same files are there, hard-linked from the previous output
        let after = try entries(out)
        for (name, inode) in before { #expect(after[name] == inode, "\(name)") }
        #expect(after["OFL.txt"] != nil)
    }

    @Test func aFontsFolderLinkedOutsideIsNeitherReadNorWritten() throws {
        // Given a built site whose .fonts is replaced by a link to a folder outside it
        let parent = Fixture.tempDir("fonts-link")
        let out = parent.appendingPathComponent("output")
        let input = try Fixture.input(last: Fixture.w("2019-W02"))
        _ = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        let outside = parent.appendingPathComponent("outside")
        try FileManager.default.moveItem(at: out.appendingPathComponent(".fonts"), to: outside)
        try FileManager.default.createSymbolicLink(
            at: out.appendingPathComponent(".fonts"), withDestinationURL: outside)
        let kept = try FileManager.default.contentsOfDirectory(atPath: outside.path).sorted()
        // When the site is built again
        _ = try SiteBuilder(input: input, templates: Fixture.templates).build(into: out)
        // Then .fonts is a folder of its own again, and the folder outside is as it was
        let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(".fonts").path)
        #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).sorted() == kept)
        #expect(Set(try entries(out).keys).isSuperset(of: kept))
        for name in kept {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(".fonts/" + name))
                    == (try Data(contentsOf: outside.appendingPathComponent(name))))
        }
    }
}
