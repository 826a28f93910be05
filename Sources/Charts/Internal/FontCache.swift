import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The subset faces kept between builds (docs/documents.md, "The subset faces between builds"): a
/// folder (the site's `.fonts/`) of `<key>.otf`, the face's bytes as HarfBuzz made them, and
/// `<key>.glyphs`, what `DocumentFonts.Subset` needs beside them (the source face's file and index,
/// the font's length and SHA-256, the covered glyph ids), closed by the SHA-256 of everything
/// before it. The key is the SHA-256 of everything the bytes depend on (`FontCache.key`), so an
/// entry is used only when a fresh subset would have the same bytes; an entry that does not match
/// exactly, cannot be read, is not a regular file (a symbolic link is never followed) or is
/// truncated is ignored (the subset is made anew). Nothing here throws: it is a cache.
enum FontCache {
    /// Bumped when the entries' format or the way subsets are made changes.
    static let format = "kaohe-font-cache-1"

    /// Largest entry read (a subset of a Noto CJK face is 3–6 MB).
    static let largest = 64 << 20

    private static let magic = Array("KAOHEFC1".utf8)

    /// The key of the subset of face `index` of `file` made by `recipe` (HarfBuzz's version, the
    /// characters, features, flags and tables dropped): nil when the file cannot be `stat`ed.
    static func key(file: String, index: Int32, recipe: String) -> String? {
        var st = stat()
        guard stat(file, &st) == 0 else { return nil }
        let identity = [
            format, recipe, file, "\(index)", "\(st.st_size)", "\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)",
            "\(st.st_ino)", "\(st.st_dev)",
        ].joined(separator: "\n")
        return hex(SHA256.hash(data: Data(identity.utf8)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// True when `name` is a key (64 lowercase hex digits).
    static func isKey(_ name: Substring) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    // MARK: The sidecar

    /// What a `<key>.glyphs` file holds.
    struct Sidecar: Equatable {
        let file: String
        let index: Int32
        let fontLength: Int
        let fontHash: [UInt8]
        let glyphs: [UInt64]
    }

    static func encode(_ s: Sidecar) -> [UInt8] {
        var out = magic
        append(UInt64(s.fontLength), to: &out)
        out += s.fontHash
        append(UInt32(bitPattern: s.index), to: &out)
        let path = Array(s.file.utf8)
        append(UInt32(path.count), to: &out)
        out += path
        append(UInt32(s.glyphs.count), to: &out)
        for w in s.glyphs { append(w, to: &out) }
        out += Array(SHA256.hash(data: out))
        return out
    }

    /// The sidecar in `bytes`; nil unless it is whole and its closing hash matches.
    static func decode(_ bytes: [UInt8]) -> Sidecar? {
        guard bytes.count >= magic.count + 8 + 32 + 12 + 32 else { return nil }
        let body = bytes[..<(bytes.count - 32)]
        guard Array(SHA256.hash(data: Data(body))) == Array(bytes[(bytes.count - 32)...]),
            Array(bytes[..<magic.count]) == magic
        else { return nil }
        var at = magic.count
        func read<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard at + size <= body.count else { return nil }
            var v: T = 0
            for k in 0..<size { v |= T(body[body.startIndex + at + k]) << (8 * k) }
            at += size
            return v
        }
        guard let length = read(UInt64.self), length <= UInt64(largest), at + 32 <= body.count else { return nil }
        let hash = Array(body[at..<(at + 32)])
        at += 32
        guard let index = read(UInt32.self), let pathLength = read(UInt32.self), at + Int(pathLength) <= body.count,
            let file = String(validating: body[at..<(at + Int(pathLength))], as: UTF8.self)
        else { return nil }
        at += Int(pathLength)
        guard let count = read(UInt32.self), body.count - at == Int(count) * 8 else { return nil }
        var glyphs: [UInt64] = []
        glyphs.reserveCapacity(Int(count))
        for _ in 0..<count { glyphs.append(read(UInt64.self)!) }
        return Sidecar(
            file: file, index: Int32(bitPattern: index), fontLength: Int(length), fontHash: hash, glyphs: glyphs)
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out += $0 }
    }

    // MARK: Reading

    /// A face read from a cache folder: its bytes (allocated for the process: FreeType reads them)
    /// and its sidecar.
    struct Entry {
        let font: UnsafeRawBufferPointer
        let sidecar: Sidecar
        let sidecarBytes: [UInt8]
        /// The font file read (its device and inode): what `save` may link.
        let origin: FileIdentity
    }

    /// A file's device and inode.
    struct FileIdentity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    /// The entry `key` of `folder` when it is whole and made from face `index` of `file`; nil otherwise.
    static func load(key: String, file: String, index: Int32, from folder: URL) -> Entry? {
        guard let dir = openFolder(folder) else { return nil }
        defer { close(dir) }
        guard let sidecarBytes = readFile(key + ".glyphs", in: dir, limit: 1 << 20),
            let sidecar = decode(sidecarBytes), sidecar.file == file, sidecar.index == index,
            let (font, origin) = readFileAndIdentity(key + ".otf", in: dir, limit: largest),
            font.count == sidecar.fontLength, Array(SHA256.hash(data: font)) == sidecar.fontHash
        else { return nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: font.count, alignment: 16)
        buffer.copyBytes(from: font)
        return Entry(
            font: UnsafeRawBufferPointer(buffer), sidecar: sidecar, sidecarBytes: sidecarBytes, origin: origin)
    }

    /// The folder `url`, opened without following a symbolic link in its place; nil when it is not a folder.
    static func openFolder(_ url: URL) -> Int32? {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }

    /// The bytes of the regular file `name` in `dir` (not a link, not more than `limit` bytes).
    static func readFile(_ name: String, in dir: Int32, limit: Int) -> [UInt8]? {
        readFileAndIdentity(name, in: dir, limit: limit)?.bytes
    }

    /// The bytes of the regular file `name` in `dir` and its identity.
    static func readFileAndIdentity(_ name: String, in dir: Int32, limit: Int) -> (
        bytes: [UInt8], identity: FileIdentity
    )? {
        let fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size <= limit else { return nil }
        let size = Int(st.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        let ok = bytes.withUnsafeMutableBytes { buf -> Bool in
            while done < size {
                let n = read(fd, buf.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        return ok ? (bytes, FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))) : nil
    }

    /// The size of the regular file `name` in `dir` (not following a link); nil when it is not one.
    static func regularSize(_ name: String, in dir: Int32) -> Int? {
        regularFile(name, in: dir)?.size
    }

    private static func regularFile(_ name: String, in dir: Int32) -> (size: Int, identity: FileIdentity)? {
        var st = stat()
        guard fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        return (Int(st.st_size), FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)))
    }

    // MARK: Writing

    /// One face to keep: its key, its bytes, its sidecar's bytes and the cache file it was read
    /// from (checked then), if any.
    struct Face {
        let key: String
        let font: UnsafeRawBufferPointer
        let sidecar: [UInt8]
        let origin: FileIdentity?
    }

    /// Fills `folder` (made here, inside a new output) with `faces`, each hard-linked from `previous`
    /// when it holds the face's entry whole (`holds`), written otherwise, and with the entries of `previous` that are
    /// still current (`recipe` and their face's file give their own key) but not among `faces`.
    /// Best effort: an entry that cannot be written is left out (a half-written one is never used).
    /// With any entry, the folder also holds the fonts' licence (`FontLicence`).
    static func save(_ faces: [Face], carryingFrom previous: URL?, into folder: URL, recipe: String) {
        mkdir(folder.path, 0o755)
        guard let new = openFolder(folder) else { return }
        defer { close(new) }
        let old = previous.flatMap(openFolder)
        defer { if let old { close(old) } }
        var kept = Set<String>()
        for face in faces where kept.insert(face.key).inserted {
            if let old, holds(face, old: old), link(face.key, from: old, into: new) { continue }
            unlinkEntry(face.key, in: new)
            if !write(Array(face.font), named: face.key + ".otf", in: new)
                || !write(face.sidecar, named: face.key + ".glyphs", in: new)
            {
                unlinkEntry(face.key, in: new)
            }
        }
        if let old, let previous {
            for name in carried(from: previous, old: old, recipe: recipe) where !kept.contains(name) {
                if link(name, from: old, into: new) { kept.insert(name) }
            }
        }
        // The fonts' licence goes with them (SIL Open Font License 1.1).
        if !kept.isEmpty { _ = write(Array(FontLicence.text.utf8), named: FontLicence.fileName, in: new) }
    }

    /// True when `old` holds `face`'s entry whole: the very font file it was read (and checked) from,
    /// or one with its bytes (checked here).
    private static func holds(_ face: Face, old: Int32) -> Bool {
        guard readFile(face.key + ".glyphs", in: old, limit: 1 << 20) == face.sidecar,
            let file = regularFile(face.key + ".otf", in: old), file.size == face.font.count
        else { return false }
        if let origin = face.origin, file.identity == origin { return true }
        guard let (bytes, identity) = readFileAndIdentity(face.key + ".otf", in: old, limit: largest) else {
            return false
        }
        return identity == file.identity && bytes.elementsEqual(face.font)
    }

    /// The keys of `previous`'s entries that are still current, in name order.
    private static func carried(from previous: URL, old: Int32, recipe: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: previous.path)) ?? []
        return names.sorted().compactMap { name -> String? in
            guard name.hasSuffix(".glyphs") else { return nil }
            let key = String(name.dropLast(".glyphs".count))
            guard isKey(Substring(key)), let bytes = readFile(name, in: old, limit: 1 << 20),
                let sidecar = decode(bytes),
                FontCache.key(file: sidecar.file, index: sidecar.index, recipe: recipe) == key,
                regularSize(key + ".otf", in: old) == sidecar.fontLength
            else { return nil }
            return key
        }
    }

    /// Hard-links both files of entry `key` from `old` into `new`; false (and nothing left) when one fails.
    private static func link(_ key: String, from old: Int32, into new: Int32) -> Bool {
        for name in [key + ".otf", key + ".glyphs"] {
            guard regularSize(name, in: old) != nil, linkat(old, name, new, name, 0) == 0 else {
                unlinkEntry(key, in: new)
                return false
            }
        }
        return true
    }

    private static func unlinkEntry(_ key: String, in dir: Int32) {
        unlinkat(dir, key + ".otf", 0)
        unlinkat(dir, key + ".glyphs", 0)
    }

    /// Writes a new file `name` in `dir`; false when it cannot be written whole.
    private static func write(_ bytes: [UInt8], named name: String, in dir: Int32) -> Bool {
        let fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var done = 0
        let ok = bytes.withUnsafeBytes { buf -> Bool in
            while done < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        return close(fd) == 0 && ok
    }
}
