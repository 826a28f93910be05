/// Key → first row, for finding the same unit/indicator/week twice in a file of millions of rows:
/// open addressing over non-negative Int keys with a multiplicative hash (no per-key hashing state).
struct RowTable {
    private var keys: [Int]
    private var rows: [Int32]
    private var count = 0
    private var shift: Int

    init() {
        keys = Array(repeating: -1, count: 1024)
        rows = Array(repeating: 0, count: 1024)
        shift = 64 - 10
    }

    private func slot(_ key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// The row already stored for `key`, or nil after storing `row` for it.
    mutating func firstRow(_ key: Int, row: Int) -> Int? {
        if count * 2 >= keys.count { grow() }
        let mask = keys.count - 1
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return Int(rows[i]) }
            if k == -1 {
                keys[i] = key
                rows[i] = Int32(truncatingIfNeeded: row)
                count += 1
                return nil
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldRows = rows
        keys = Array(repeating: -1, count: oldKeys.count * 2)
        rows = Array(repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (k, r) in zip(oldKeys, oldRows) where k != -1 { _ = firstRow(k, row: Int(r)) }
    }
}
