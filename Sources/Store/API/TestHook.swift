import Foundation

/// Pauses for the tests of kills and races (`Tests/CLITests/HardeningTests.swift`): when the
/// environment variable `name` holds a path, writes `<path>.ready` and waits (at most 60 s) until
/// `<path>` exists, so that a test can kill the process, or race it, at exactly that point.
/// Without the variable (always, outside those tests) it does nothing.
public enum TestHook {
    public static func pause(_ name: String) {
        guard let path = ProcessInfo.processInfo.environment[name], !path.isEmpty else { return }
        _ = FileManager.default.createFile(atPath: path + ".ready", contents: Data())
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: path) { usleep(100_000) }
    }
}
