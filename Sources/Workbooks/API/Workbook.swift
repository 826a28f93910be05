import Foundation
import Indicators

/// An .xlsx workbook described in Swift values and written in one go by libxlsxwriter.
///
/// The same workbook gives the same bytes: the document's creation time is a fixed value
/// (`DocumentProperties.created`), which libxlsxwriter also uses for the zip entries.
public struct Workbook: Sendable {
    public var properties: DocumentProperties
    public private(set) var sheets: [Worksheet] = []
    /// Writes strings inline instead of in the shared-strings table (libxlsxwriter's constant-memory
    /// mode, as some exporters save), row by row.
    public var inlineStrings = false

    public init(properties: DocumentProperties = DocumentProperties()) {
        self.properties = properties
    }

    /// Adds a worksheet at the end; sheet names must be unique, 1–31 characters, without `[]:*?/\`.
    public mutating func add(_ sheet: Worksheet) {
        sheets.append(sheet)
    }

    public mutating func replaceSheet(at index: Int, with sheet: Worksheet) {
        sheets[index] = sheet
    }

    /// Writes the workbook to `url`: into a temporary file beside it, then moved in place, so a
    /// failure leaves no half-written file.
    public func write(to url: URL) throws(WorkbookError) {
        guard !sheets.isEmpty else { throw WorkbookError("工作簿没有工作表 (workbook has no sheet)") }
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Renderer(workbook: self).render(to: temporary.path)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        // rename(2) replaces an existing file in one step.
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WorkbookError("\(url.path): 无法写入 (cannot write): \(reason)")
        }
    }
}

/// The document properties shown by Excel's 属性 dialog.
public struct DocumentProperties: Sendable, Hashable {
    public var title: String?
    public var subject: String?
    public var author: String?
    public var company: String?
    public var comments: String?
    /// The creation time written into the file (and its zip entries): fixed so output is reproducible.
    public var created: Date

    /// 2018-12-01 00:00 UTC: a fixed date so the bytes do not depend on today.
    public static let fixedCreation = Date(timeIntervalSince1970: 1_543_622_400)

    public init(
        title: String? = nil, subject: String? = nil, author: String? = nil, company: String? = nil,
        comments: String? = nil, created: Date = DocumentProperties.fixedCreation
    ) {
        self.title = title
        self.subject = subject
        self.author = author
        self.company = company
        self.comments = comments
        self.created = created
    }
}

/// A failure to write a workbook, with a bilingual message.
public struct WorkbookError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
