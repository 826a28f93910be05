import GRDB

extension AppDatabase {
    /// The most `mapForReading` maps: more than a province's database (≈ 75 MB).
    public static let mappedReadLimit = 256 << 20

    /// Lets SQLite read this connection's file through a memory map of at most `bytes` (`PRAGMA
    /// mmap_size`) instead of copying each page into its own cache first: for `kaohe score`'s one
    /// short read of a window (≈ 5 ms less of a province month's read, a third of its page faults).
    /// Not for long reads of the whole file (a site's build): the mapped pages count in the
    /// process's resident memory. Nothing is written; a file that cannot be mapped is read as before.
    public func mapForReading(bytes: Int = mappedReadLimit) throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA mmap_size = \(max(0, bytes))")
        }
    }
}
