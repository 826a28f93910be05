import ArgumentParser
import Foundation
import Indicators

/// A command's refusal: the text for standard error, printed as is, and the exit status. Commands
/// throw it or a `KaoheError`; `Refusal.of` is the one place that turns an error into the message and
/// the status, and `Kaohe.main` the one place that prints it and exits.
struct Refusal: Error, CustomStringConvertible {
    let message: String
    let status: Int32

    var description: String { message }

    /// `kaohe: message` (or `kaohe COMMAND: message`), exit status 1: bad data, a missing database, …
    static func failure(_ message: String, command: String? = nil) -> Refusal {
        Refusal(message: "kaohe\(command.map { " " + $0 } ?? ""): \(message)", status: 1)
    }

    /// `kaohe: PATH: STEP: MESSAGE` (or `kaohe COMMAND: …`), exit status 1.
    static func failure(_ error: KaoheError, command: String? = nil) -> Refusal {
        failure(error.description, command: command)
    }

    /// `Error: message`, exit status 64: an argument found wrong once the schemes are loaded.
    static func usage(_ message: String) -> Refusal {
        Refusal(message: "Error: \(message)", status: ExitCode.validationFailure.rawValue)
    }

    /// The refusal of an error thrown by a command: a `Refusal` as it is, a `KaoheError` as
    /// `kaohe: …` and the problems of the scheme files one per line, both exit status 1; nil for the
    /// errors swift-argument-parser reports itself (usage, `--help`).
    static func of(_ error: Error) -> Refusal? {
        switch error {
        case let refusal as Refusal: refusal
        case let error as KaoheError: failure(error)
        case let error as CatalogError: Refusal(message: error.description, status: 1)
        default: nil
        }
    }
}

/// Where the database lives unless `--db` says otherwise.
let defaultDatabasePath = "kaohe.sqlite"
