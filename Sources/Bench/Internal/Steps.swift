import Foundation

/// Every command `kaohe bench` runs as a process of its own. The first eight run once per round;
/// the others once (they prepare data or only have their memory measured).
enum Step: Int, CaseIterable, Comparable, Sendable {
    case sqliteImport, kaoheImport, score, provinceBuild, weekImport, weekRebuild, demoBuild, demoUnchanged
    case demoZone, check, status, template, targets, provinceDemo

    static let perRound: [Step] = [
        .sqliteImport, .kaoheImport, .score, .provinceBuild, .weekImport, .weekRebuild,
        .demoBuild, .demoUnchanged,
    ]
    static let once: [Step] = [.check, .status, .template, .targets, .provinceDemo]

    static func < (a: Step, b: Step) -> Bool { a.rawValue < b.rawValue }

    /// The name in the tables.
    var label: String {
        switch self {
        case .sqliteImport: "sqlite3 .import, province weeks 1–103"
        case .kaoheImport: "kaohe import, province weeks 1–103"
        case .score: "kaohe score --month --json, province"
        case .provinceBuild: "kaohe build, province (full)"
        case .weekImport: "kaohe import, one more week"
        case .weekRebuild: "kaohe build, province (one more week)"
        case .demoBuild: "kaohe build, demo (full)"
        case .demoUnchanged: "kaohe build, demo (nothing changed)"
        case .demoZone: "kaohe demo (zone: generate, import, build)"
        case .check: "kaohe check, province scheme"
        case .status: "kaohe status --week, province"
        case .template: "kaohe template --week, province"
        case .targets: "kaohe targets, demo"
        case .provinceDemo: "kaohe demo --scale province"
        }
    }

    /// The short name of the log files.
    var logName: String {
        switch self {
        case .sqliteImport: "sqlite3-import"
        case .kaoheImport: "import"
        case .score: "score"
        case .provinceBuild: "build-province"
        case .weekImport: "import-week"
        case .weekRebuild: "build-week"
        case .demoBuild: "build-demo"
        case .demoUnchanged: "build-demo-unchanged"
        case .demoZone: "demo"
        case .check: "check"
        case .status: "status"
        case .template: "template"
        case .targets: "targets"
        case .provinceDemo: "demo-province"
        }
    }

    /// Whether the step is a build that `--profile` applies to.
    var isProfiled: Bool { [.provinceBuild, .weekRebuild, .demoBuild].contains(self) }
}

/// The files and folders of one `kaohe bench` run inside its work folder. Only these are replaced,
/// never anything else in the folder.
struct Workspace: Sendable {
    let root: URL

    var province: URL { root.appendingPathComponent("province") }
    var provinceIndicators: URL { province.appendingPathComponent("indicators") }
    var bulkCSV: URL { province.appendingPathComponent("weeks-bulk.csv") }
    var weekCSV: URL { province.appendingPathComponent("week-last.csv") }
    var provinceDB: URL { root.appendingPathComponent("province.sqlite") }
    var weekDB: URL { root.appendingPathComponent("province-week.sqlite") }
    var sqliteDB: URL { root.appendingPathComponent("sqlite3-import.sqlite") }
    var provinceSite: URL { root.appendingPathComponent("province-site") }
    var demoData: URL { root.appendingPathComponent("demo-data") }
    var demoDB: URL { root.appendingPathComponent("demo.sqlite") }
    var demoFirstSite: URL { root.appendingPathComponent("demo-first-site") }
    var demoSite: URL { root.appendingPathComponent("demo-site") }
    var provinceDemo: URL { root.appendingPathComponent("province-demo") }
    var forms: URL { root.appendingPathComponent("forms") }
    var logs: URL { root.appendingPathComponent("logs") }

    /// Removes what an earlier run left and creates the folders.
    func reset() throws {
        let fm = FileManager.default
        for folder in [province, provinceSite, demoData, demoFirstSite, demoSite, provinceDemo, forms, logs] {
            try? fm.removeItem(at: folder)
        }
        for db in [provinceDB, weekDB, sqliteDB, demoDB] { Self.removeDatabase(db) }
        for folder in [root, province, logs] { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }
    }

    /// Removes a SQLite file with its -wal and -shm companions.
    static func removeDatabase(_ url: URL) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
    }

    /// Copies a SQLite file with its companions (none of its connections is open).
    static func copyDatabase(_ from: URL, to: URL) throws {
        removeDatabase(to)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: from.path + suffix) {
            try FileManager.default.copyItem(atPath: from.path + suffix, toPath: to.path + suffix)
        }
    }
}
