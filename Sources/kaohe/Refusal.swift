import ArgumentParser
import Foundation
import Indicators

/// A command's refusal: the text for standard error, printed as is, and the exit status. Commands
/// throw it; `Kaohe.main` is the one place that prints it and exits.
struct Refusal: Error, CustomStringConvertible {
    let message: String
    let status: Int32

    var description: String { message }

    /// `kaohe: message` (or `kaohe COMMAND: message`), exit status 1: bad data, a missing database, …
    static func failure(_ message: String, command: String? = nil) -> Refusal {
        Refusal(message: "kaohe\(command.map { " " + $0 } ?? ""): \(message)", status: 1)
    }

    /// `Error: message`, exit status 64: an argument found wrong once the schemes are loaded.
    static func usage(_ message: String) -> Refusal {
        Refusal(message: "Error: \(message)", status: ExitCode.validationFailure.rawValue)
    }
}

/// Where the database lives unless `--db` says otherwise.
let defaultDatabasePath = "kaohe.sqlite"

/// `未知方案“x”（是否指: a、b）(unknown scheme)` and the like: a name not found, with the near ones.
func unknown(_ what: String, _ text: String, among names: [String], english: String) -> String {
    let near = suggestions(text, among: names)
    return "未知\(what)“\(text)”" + (near.isEmpty ? "" : "（是否指: \(near.joined(separator: "、"))）") + " (\(english))"
}
