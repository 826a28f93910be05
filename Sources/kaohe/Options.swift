import ArgumentParser
import Foundation
import Indicators
import Store

/// `--indicators`: the folder of the scheme YAML files, shared by every command that reads them.
struct CatalogOptions: ParsableArguments {
    @Option(help: "Folder of the scheme YAML files.")
    var indicators: String = "indicators"

    /// The schemes of `--indicators`; throws `CatalogError` listing their problems.
    func loadCatalog() throws -> Catalog {
        try CatalogLoader.load(directory: URL(fileURLWithPath: indicators))
    }
}

/// `--scheme` and `--week`: the week of one scheme that `template` and `status` work on.
struct SchemeWeekOptions: ParsableArguments {
    @Option(help: "Scheme id (gaoxin-2018, jinan-districts, news-2017).")
    var scheme: String

    @Option(help: "ISO week, YYYY-Www.", transform: ISOWeek.parsed { "--week 应为 YYYY-Www，而不是“\($0)” (bad week)" })
    var week: ISOWeek

    /// The scheme of `--scheme` in `catalog`, refused when unknown or when `--week` ends before it starts.
    func scheme(in catalog: Catalog) throws -> Scheme {
        guard let scheme = catalog.scheme(id: self.scheme) else {
            throw KaoheError.unknownScheme(self.scheme, in: catalog)
        }
        if week.sunday < scheme.start {
            throw Refusal.failure(
                "--week: \(week) 早于方案 \(scheme.id) 的开始日期 \(scheme.start) (week before the scheme's start)")
        }
        return scheme
    }
}

/// `--db` and `--indicators`: what the commands that read or write the database share.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The database file.")
    var db: String = defaultDatabasePath

    @OptionGroup var catalog: CatalogOptions

    /// Opens the existing database read-only (`score`, `targets`, `status`, `build`: they work from
    /// read-only media and never write), or refuses with a message.
    func openReadOnly() throws -> AppDatabase { try Self.openReadOnly(path: db) }

    /// `openReadOnly()` of the database at `path`.
    static func openReadOnly(path: String) throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KaoheError.noDatabase(at: path, hint: Message.importFirst)
        }
        return try open(path: path, mode: .readOnly)
    }

    /// Opens the database at `path` (default: `--db`), or refuses with the store's message.
    func open(
        path: String? = nil, mode: AppDatabase.OpenMode, busyTimeout: TimeInterval = 60,
        command: String? = nil
    ) throws -> AppDatabase {
        try Self.open(path: path ?? db, mode: mode, busyTimeout: busyTimeout, command: command)
    }

    /// `open(path:mode:busyTimeout:command:)` of the database at `path`.
    static func open(
        path: String, mode: AppDatabase.OpenMode, busyTimeout: TimeInterval = 60, command: String? = nil
    ) throws -> AppDatabase {
        do { return try AppDatabase.open(path: path, mode: mode, busyTimeout: busyTimeout) } catch {
            throw Refusal.failure(KaoheError.plain(error, step: KaoheError.Step.open, path: path), command: command)
        }
    }
}

/// `--templates`: the folder of the Mustache templates and the stylesheet.
struct TemplateOptions: ParsableArguments {
    @Option(help: "Folder of the Mustache templates and the stylesheet.")
    var templates: String = "templates"
}
