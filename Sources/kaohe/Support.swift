import ArgumentParser
import Foundation
import Indicators
import Store

/// Loads indicators/ or exits with its problems.
func loadCatalog(_ folder: String) throws -> Catalog {
    do {
        return try CatalogLoader.load(directory: URL(fileURLWithPath: folder))
    } catch let e as CatalogError {
        FileHandle.standardError.write(Data((e.description + "\n").utf8))
        throw ExitCode(1)
    }
}

/// Opens an existing database read-only (`score`, `targets`, `build`: they work from read-only
/// media and never write), or exits with a message.
func openDatabase(_ path: String) -> AppDatabase {
    guard FileManager.default.fileExists(atPath: path) else {
        fail("\(path): 数据库不存在 (no database): run `kaohe import` or `kaohe demo` first, or give --db")
    }
    do { return try AppDatabase.open(path: path, mode: .readOnly) } catch {
        fail(StoreError.plain(error, step: "打开数据库 (open)", path: path).description)
    }
}

/// Prints `kaohe: message` to standard error and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kaohe: \(message)\n".utf8))
    Foundation.exit(1)
}
