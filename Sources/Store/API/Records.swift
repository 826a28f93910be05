import Foundation
import GRDB
import Indicators

// The records' properties are camelCase and their columns snake_case (`importId` ↔ `import_id`):
// GRDB's column coding strategies convert between them, so no record spells its columns out.

/// A record of one of kaohe's tables: fetched and saved by GRDB, its columns in snake_case.
public protocol SnakeCaseRecord: FetchableRecord, MutablePersistableRecord {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// What a file holds (the same as `DataKind`).
public typealias ImportKind = DataKind

/// One row of `import`: a file that was imported.
public struct ImportRecord: Codable, Hashable, Sendable, SnakeCaseRecord {
    public static let databaseTableName = "import"
    public var id: Int64?
    /// The file's name as given on the command line.
    public var fileName: String
    /// SHA-256 of the file's bytes, lower-case hex.
    public var sha256: String
    /// When it was imported (ISO 8601, UTC).
    public var importedAt: String
    public var kind: String
    public var scheme: String?
    /// Data rows in the file.
    public var rowCount: Int
    public var rowsNew: Int
    public var rowsReplaced: Int
    public var rowsUnchanged: Int
    /// `imported` (only new rows) or `corrected` (some rows replaced earlier ones).
    public var outcome: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One row of `submission`: a unit's counts for an indicator in an ISO week.
public struct SubmissionRecord: Codable, Hashable, Sendable, SnakeCaseRecord {
    public static let databaseTableName = "submission"
    public var scheme: String
    public var unit: String
    public var indicator: String
    /// `YYYY-Www`.
    public var week: String
    /// The week's Sunday, `YYYY-MM-DD`.
    public var weekEnd: String
    public var submitted: Int
    public var qualified: Int
    public var importId: Int64
}

/// One row of `event`: a deduction event.
public struct EventRecord: Codable, Hashable, Sendable, SnakeCaseRecord {
    public static let databaseTableName = "event"
    public var id: Int64?
    public var scheme: String
    public var unit: String
    public var indicator: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var reason: String
    public var count: Int
    public var importId: Int64
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One row of `target_observation`: an observed value of a 专栏1 target.
public struct TargetObservationRecord: Codable, Hashable, Sendable, SnakeCaseRecord {
    public static let databaseTableName = "target_observation"
    public var id: Int64?
    public var target: String
    /// `2021` or `2021-12`.
    public var period: String
    public var value: Double
    public var importId: Int64
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One row of `replaced_value`: a value that a later import corrected (the history of corrections).
public struct ReplacedValue: Codable, Hashable, Sendable, SnakeCaseRecord {
    public static let databaseTableName = "replaced_value"
    public var id: Int64?
    /// `submissions`, `events` or `targets`.
    public var kind: String
    /// nil for target observations.
    public var scheme: String?
    /// nil for target observations.
    public var unit: String?
    /// The indicator code, or the target id.
    public var indicator: String
    /// The week (`YYYY-Www`), the event's date or the observation's period.
    public var period: String
    /// The event's reason (events only).
    public var reason: String?
    public var oldSubmitted: Int?
    public var oldQualified: Int?
    /// An event's old count or an observation's old value.
    public var oldValue: Double?
    /// The import that had written the old value.
    public var oldImportId: Int64
    /// When it was replaced (ISO 8601, UTC).
    public var replacedAt: String
    /// The import that replaced it, and its file.
    public var importId: Int64
    public var fileName: String
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One row of `audit_log`: a command that changed the database (seed 004 asks for logs).
public struct AuditLogEntry: Codable, Hashable, Sendable, SnakeCaseRecord {
    public static let databaseTableName = "audit_log"
    public var id: Int64?
    /// ISO 8601, UTC.
    public var time: String
    public var command: String
    public var summary: String
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
