import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Removes a folder and everything inside it with `unlinkat(2)` relative to open folder
/// descriptors, the files of each folder unlinked by several threads: on ext4 most of an unlink's
/// time is the kernel freeing the file's blocks (and, mounted with `discard`, waiting for the disk
/// to trim them), which several threads overlap. No path is built per file, no `stat` where the
/// folder entry gives its type, and symbolic links are removed, never followed.
/// `FileManager.removeItem` took 1.15 s for the 10,000 files of the previous province site.
enum TreeRemover {
    /// Threads unlinking the files of one folder (more than cores: they mostly wait for the disk).
    static let threads = 4

    /// Removes `path` (a folder with everything in it, or a file); true when nothing is left there.
    @discardableResult
    static func remove(_ path: String) -> Bool {
        if unlink(path) == 0 || errno == ENOENT { return true }
        let dir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard dir >= 0 else { return false }
        empty(folder: dir)
        close(dir)
        return rmdir(path) == 0 || errno == ENOENT
    }

    /// Removes everything inside the open folder `dir`: its files by several threads, then each
    /// subfolder (emptied first).
    private static func empty(folder dir: Int32) {
        let (files, folders) = entries(of: dir)
        let names = UncheckedSendable(files)
        let workers = min(threads, max(1, files.count / 64))
        DispatchQueue.concurrentPerform(iterations: workers) { t in
            for k in stride(from: t, to: names.value.count, by: workers) {
                _ = names.value[k].withUnsafeBufferPointer { unlinkat(dir, $0.baseAddress!, 0) }
            }
        }
        for name in folders {
            name.withUnsafeBufferPointer { name in
                let sub = openat(dir, name.baseAddress!, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard sub >= 0 else { return }
                empty(folder: sub)
                close(sub)
                unlinkat(dir, name.baseAddress!, AT_REMOVEDIR)
            }
        }
    }

    /// The names (NUL-terminated) in `dir` but `.` and `..`: the folders (by the listed type, or by
    /// `fstatat` where the listing gives none) and the rest.
    private static func entries(of dir: Int32) -> (files: [[CChar]], folders: [[CChar]]) {
        let copy = dup(dir)
        guard copy >= 0 else { return ([], []) }
        guard let stream = fdopendir(copy) else {
            close(copy)
            return ([], [])
        }
        defer { closedir(stream) }
        var files: [[CChar]] = []
        var folders: [[CChar]] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { raw in
                raw.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) {
                    Array(UnsafeBufferPointer(start: $0, count: strlen($0) + 1))
                }
            }
            if name == [0x2E, 0] || name == [0x2E, 0x2E, 0] { continue }
            let type = entry.pointee.d_type
            if type == UInt8(DT_DIR) || (type == UInt8(DT_UNKNOWN) && isFolder(name, in: dir)) {
                folders.append(name)
            } else {
                files.append(name)
            }
        }
        return (files, folders)
    }

    private static func isFolder(_ name: [CChar], in dir: Int32) -> Bool {
        var info = stat()
        let found = name.withUnsafeBufferPointer { fstatat(dir, $0.baseAddress!, &info, AT_SYMLINK_NOFOLLOW) == 0 }
        return found && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
