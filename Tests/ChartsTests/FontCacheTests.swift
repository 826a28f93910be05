import Foundation
import Testing

@testable import Charts

/// The documents' subset faces kept between builds (`FontCache`, docs/documents.md).
@Suite("OfficialDocument fonts (the cache between builds)")
struct FontCacheTests {
    /// The file and index of the face fontconfig gives for `pattern` (what the documents' font map matches).
    static func face(_ pattern: String) throws -> (file: String, index: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["fc-match", "-f", "%{file}|%{index}", pattern]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let parts = text.split(separator: "|")
        return (String(parts[0]), try #require(Int32(parts[1])))
    }

    /// A new empty folder, removed by the caller.
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-fontcache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func bytes(_ s: DocumentFonts.Subset) -> [UInt8] { Array(s.font) }

    static func inode(_ url: URL) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? UInt64)
    }

    /// A face made fresh and saved into a cache folder (`root/.fonts`).
    static func savedFace(in root: URL) throws -> (file: String, index: Int32, made: DocumentFonts.Subset, dir: URL) {
        let (file, index) = try face("Noto Sans CJK SC")
        let fonts = DocumentFonts()
        let made = try #require(fonts.subset(file: file, index: index))
        let dir = root.appendingPathComponent(".fonts")
        fonts.saveCache(carryingFrom: nil, into: dir)
        return (file, index, made, dir)
    }

    @Test func aSavedFaceIsReadBackWithTheSameBytesAndGlyphs() throws {
        // Given a face made fresh and saved into a folder
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (file, index, made, dir) = try Self.savedFace(in: root)
        let key = try #require(made.key)
        #expect(!made.cached)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                == [key + ".glyphs", key + ".otf", "OFL.txt"].sorted())
        #expect(try Data(contentsOf: dir.appendingPathComponent(key + ".otf")) == Data(Self.bytes(made)))
        // And the fonts' licence beside it
        let licence = try String(contentsOf: dir.appendingPathComponent("OFL.txt"), encoding: .utf8)
        #expect(licence.contains("Noto Serif CJK SC") && licence.contains("SIL OPEN FONT LICENSE Version 1.1"))
        #expect(licence.contains("This license becomes null and void if any of the above conditions are"))
        // When another process's fonts look for it there
        let fonts = DocumentFonts()
        fonts.useCache(dir)
        let read = try #require(fonts.subset(file: file, index: index))
        // Then it is read, not made: the same key, bytes, sidecar and glyphs
        #expect(read.cached)
        #expect(read.key == key)
        #expect(Self.bytes(read) == Self.bytes(made))
        #expect(read.sidecar == made.sidecar)
        for g in [UInt32(0), 1, 34, 100, 5_000, 20_000, 40_000, 65_000] {
            #expect(read.holds(glyph: g) == made.holds(glyph: g), "\(g)")
        }
    }

    @Test func aDocumentDrawnWithACachedFaceHasTheBytesOfOneDrawnWithAFreshFace() throws {
        // Given a cache folder holding the faces a document uses
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent(".fonts")
        let document = OfficialDocumentTests().document(paragraphs: 2, rows: 30)
        let fresh = DocumentFonts()
        let a = try #require(try DocumentWriter(document: document).write(withSubsetsOf: fresh))
        fresh.saveCache(carryingFrom: nil, into: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count >= 4)
        // When the document is drawn with faces read from there
        let cached = DocumentFonts()
        cached.useCache(dir)
        let b = try #require(try DocumentWriter(document: document).write(withSubsetsOf: cached))
        // Then the faces were read, and the PDF's bytes are those drawn with fresh faces and by `pdf()`
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".otf") }
        let (file, index) = try Self.face("Noto Sans CJK SC")
        #expect(try #require(cached.subset(file: file, index: index)).cached)
        #expect(names.count >= 2)
        #expect(a == b)
        #expect(b == (try document.pdf()))
    }

    /// How an entry of a cache folder is spoilt, and what a subset looking there must do.
    enum Spoil: CaseIterable {
        case truncatedFont, randomFont, randomSidecar, truncatedSidecar, folderInPlaceOfFont
        case fontLinkedOutside, folderLinkedOutside, otherFaceSidecar
    }

    func spoil(_ how: Spoil, dir: URL, key: String, outside: URL) throws {
        let fm = FileManager.default
        let font = dir.appendingPathComponent(key + ".otf")
        let sidecar = dir.appendingPathComponent(key + ".glyphs")
        switch how {
        case .truncatedFont:
            let data = try Data(contentsOf: font)
            try data.prefix(data.count / 2).write(to: font)
        case .randomFont:
            let n = try Data(contentsOf: font).count
            try Data((0..<n).map { _ in UInt8.random(in: 0...255) }).write(to: font)
        case .randomSidecar:
            let n = try Data(contentsOf: sidecar).count
            try Data((0..<n).map { _ in UInt8.random(in: 0...255) }).write(to: sidecar)
        case .truncatedSidecar:
            let data = try Data(contentsOf: sidecar)
            try data.dropLast(1).write(to: sidecar)
        case .folderInPlaceOfFont:
            try fm.removeItem(at: font)
            try fm.createDirectory(at: font, withIntermediateDirectories: false)
        case .fontLinkedOutside:
            // A whole, valid entry outside the folder, reached by a link: never followed.
            try fm.moveItem(at: font, to: outside.appendingPathComponent(key + ".otf"))
            try fm.createSymbolicLink(at: font, withDestinationURL: outside.appendingPathComponent(key + ".otf"))
        case .folderLinkedOutside:
            try fm.moveItem(at: dir, to: outside.appendingPathComponent("fonts"))
            try fm.createSymbolicLink(at: dir, withDestinationURL: outside.appendingPathComponent("fonts"))
        case .otherFaceSidecar:
            // The sidecar of another face (whole, its own hash right) under this key.
            let other = try Self.face("Noto Serif CJK SC")
            let made = DocumentFonts()
            let s = try #require(made.subset(file: other.file, index: other.index))
            try Data(s.sidecar).write(to: sidecar)
        }
    }

    @Test(arguments: Spoil.allCases)
    func aSpoiltEntryIsIgnoredAndTheFaceMadeAnew(_ how: Spoil) throws {
        // Given a cache folder whose entry is spoilt
        let root = try Self.folder()
        let outside = try Self.folder()
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        let (file, index, made, dir) = try Self.savedFace(in: root)
        let key = try #require(made.key)
        try spoil(how, dir: dir, key: key, outside: outside)
        // When a subset is looked for there
        let fonts = DocumentFonts()
        fonts.useCache(dir)
        let subset = try #require(fonts.subset(file: file, index: index))
        // Then it is made anew, with the bytes of a fresh one
        #expect(!subset.cached)
        #expect(Self.bytes(subset) == Self.bytes(made))
        // And saving from there into a new folder writes a whole entry, not the spoilt one
        let next = root.appendingPathComponent("next")
        fonts.saveCache(carryingFrom: dir, into: next)
        let again = DocumentFonts()
        again.useCache(next)
        let read = try #require(again.subset(file: file, index: index))
        #expect(read.cached)
        #expect(Self.bytes(read) == Self.bytes(made))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: next.path).sorted()
                == [key + ".glyphs", key + ".otf", "OFL.txt"].sorted())
    }

    @Test func aBuildThatMakesNoFaceCarriesTheCurrentEntriesOverByHardLinks() throws {
        // Given a cache folder with a current entry, and a stale one (its name not the key of its face now)
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, _, made, dir) = try Self.savedFace(in: root)
        let key = try #require(made.key)
        let stale = String(repeating: "0", count: 64)
        for ext in [".otf", ".glyphs"] {
            try FileManager.default.copyItem(
                at: dir.appendingPathComponent(key + ext), to: dir.appendingPathComponent(stale + ext))
        }
        try Data("x".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        // When a process that made no face saves into a new folder from there
        let next = root.appendingPathComponent("next")
        DocumentFonts().saveCache(carryingFrom: dir, into: next)
        // Then the current entry is there, hard-linked, and nothing else
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: next.path).sorted()
                == [key + ".glyphs", key + ".otf", "OFL.txt"].sorted())
        for ext in [".otf", ".glyphs"] {
            #expect(
                try Self.inode(next.appendingPathComponent(key + ext))
                    == Self.inode(dir.appendingPathComponent(key + ext)))
        }
    }

    @Test func aFaceAlreadyInThePreviousFolderIsLinkedNotWritten() throws {
        // Given a cache folder, and a process that read its face from there
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (file, index, made, dir) = try Self.savedFace(in: root)
        let key = try #require(made.key)
        let fonts = DocumentFonts()
        fonts.useCache(dir)
        #expect(try #require(fonts.subset(file: file, index: index)).cached)
        // When it saves into a new folder
        let next = root.appendingPathComponent("next")
        fonts.saveCache(carryingFrom: dir, into: next)
        // Then both files are links of the previous ones
        for ext in [".otf", ".glyphs"] {
            #expect(
                try Self.inode(next.appendingPathComponent(key + ext))
                    == Self.inode(dir.appendingPathComponent(key + ext)))
        }
    }

    @Test func theKeyChangesWithTheRecipeTheFaceFileAndItsIndex() throws {
        // Given a face file and a recipe
        let (file, index) = try Self.face("Noto Sans CJK SC")
        let recipe = DocumentFonts().recipe
        let key = try #require(FontCache.key(file: file, index: index, recipe: recipe))
        // Then the key is 64 hex digits, stable, and changes with each part; a missing file has none
        #expect(FontCache.isKey(Substring(key)))
        #expect(FontCache.key(file: file, index: index, recipe: recipe) == key)
        #expect(FontCache.key(file: file, index: index + 1, recipe: recipe) != key)
        #expect(FontCache.key(file: file, index: index, recipe: recipe + "x") != key)
        let copy = try Self.folder()
        defer { try? FileManager.default.removeItem(at: copy) }
        let other = copy.appendingPathComponent("face.ttc").path
        try FileManager.default.copyItem(atPath: file, toPath: other)
        #expect(FontCache.key(file: other, index: index, recipe: recipe) != key)
        let before = try #require(FontCache.key(file: other, index: index, recipe: recipe))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: other)
        #expect(FontCache.key(file: other, index: index, recipe: recipe) != before)
        #expect(FontCache.key(file: copy.appendingPathComponent("none").path, index: index, recipe: recipe) == nil)
    }

    @Test func aSidecarIsDecodedOnlyWhole() throws {
        // Given a sidecar
        let s = FontCache.Sidecar(
            file: "/fonts/a.ttc", index: 2, fontLength: 1234, fontHash: Array(repeating: 7, count: 32),
            glyphs: [1, 0, UInt64.max])
        let bytes = FontCache.encode(s)
        // Then it decodes to itself, and no shorter, longer or altered copy decodes
        #expect(FontCache.decode(bytes) == s)
        for n in [0, 1, 8, bytes.count - 33, bytes.count - 1] {
            #expect(FontCache.decode(Array(bytes.prefix(n))) == nil, "\(n)")
        }
        #expect(FontCache.decode(bytes + [0]) == nil)
        for k in [0, 9, 50, bytes.count - 1] {
            var altered = bytes
            altered[k] ^= 1
            #expect(FontCache.decode(altered) == nil, "\(k)")
        }
    }
}
