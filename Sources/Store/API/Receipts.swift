import Foundation
import GRDB
import Indicators

/// What one unit has handed in for one week of a scheme (`kaohe status`, 催报).
public struct WeekReceipt: Sendable, Hashable {
    public let unit: String
    /// Rows stored for the week (one per indicator).
    public let rows: Int
    public let submitted: Int
    public let qualified: Int
    /// When the latest of those rows was imported (ISO 8601, UTC).
    public let lastImportedAt: String
    /// The files the rows came from, sorted.
    public let files: [String]
}

extension AppDatabase {
    /// Every unit with at least one row of `scheme` in `week`, by unit id.
    public func receipts(scheme: String, week: ISOWeek) throws -> [WeekReceipt] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.unit, COUNT(*), SUM(s.submitted), SUM(s.qualified), MAX(i.imported_at),
                           (SELECT GROUP_CONCAT(f, char(31)) FROM (
                                SELECT DISTINCT i2.file_name AS f FROM submission s2 JOIN import i2 ON i2.id = s2.import_id
                                WHERE s2.scheme = s.scheme AND s2.week = s.week AND s2.unit = s.unit ORDER BY f))
                    FROM submission s JOIN import i ON i.id = s.import_id
                    WHERE s.scheme = ? AND s.week = ?
                    GROUP BY s.unit ORDER BY s.unit
                    """, arguments: [scheme, week.description])
            return rows.map { r in
                let files: String = r[5] ?? ""
                return WeekReceipt(
                    unit: r[0], rows: r[1], submitted: r[2], qualified: r[3], lastImportedAt: r[4],
                    files: files.split(separator: "\u{1F}").map(String.init))
            }
        }
    }
}
