import Domain
import Foundation
import Mustache

/// A template the gateway cannot use; names the file so the operator can fix it.
public enum TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The templates folder, or its `sv/` or `en/` subfolder, does not exist.
    case missingDirectory(path: String)
    /// A required template file is missing.
    case missingTemplate(file: String)
    /// The file exists but cannot be read as UTF-8 text.
    case unreadable(file: String, reason: String)
    /// Mustache syntax error.
    case syntax(file: String, line: Int, column: Int, reason: String)
    /// The template renders to nothing (an empty file, or everything inside a section that never shows).
    case rendersEmpty(file: String)

    public var file: String {
        switch self {
        case .missingDirectory(let path): return path
        case .missingTemplate(let file), .unreadable(let file, _), .syntax(let file, _, _, _), .rendersEmpty(let file): return file
        }
    }

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            return
                "mail templates: no folder at \(path); point replies.templates at est-gateway's templates/ folder or a copy with sv/ and en/"
        case .missingTemplate(let file): return "mail templates: \(file) is missing"
        case .unreadable(let file, let reason): return "mail templates: cannot read \(file): \(reason)"
        case .syntax(let file, let line, let column, let reason): return "mail templates: \(file) line \(line), column \(column): \(reason)"
        case .rendersEmpty(let file): return "mail templates: \(file) renders no text"
        }
    }
}

/// Reads the Mustache templates of one language folder (`<directory>/sv`, `<directory>/en`), the
/// convention every mail of the gateway follows: `<name>.mustache` is text/plain and inserts values
/// as they are, `<name>.html.mustache` escapes them for HTML, and every file is also a partial under
/// its name without `.mustache`.
public enum TemplateFolder {
    // On a line of its own, so that the tag and its line break vanish (a standalone tag) and the
    // template's own first line, blank or not, is kept as written.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"
    static let htmlPragma = "{{% CONTENT_TYPE: HTML}}\n"

    /// - Parameters:
    ///   - required: names (without `.mustache`) that must exist.
    ///   - including: which files of the folder to read (all `.mustache` files by default).
    public static func load(
        directory: String, language: Language, required: [String],
        including: (String) -> Bool = { _ in true }
    ) throws(TemplateError) -> MustacheLibrary {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent(language.rawValue)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(path: folder.path)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".mustache") && including($0) }.sorted()
        } catch {
            throw .unreadable(file: folder.path, reason: "\(error)")
        }
        for name in required where !names.contains(name + ".mustache") {
            throw .missingTemplate(file: folder.appendingPathComponent(name + ".mustache").path)
        }
        var templates: [String: MustacheTemplate] = [:]
        for file in names {
            let path = folder.appendingPathComponent(file).path
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw .unreadable(file: path, reason: "\(error)")
            }
            guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(file: path, reason: "not UTF-8 text") }
            let pragma = file.hasSuffix(".html.mustache") ? htmlPragma : textPragma
            do {
                templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: pragma + text)
            } catch let error as MustacheTemplate.ParserError {
                // The pragma line added above shifts the parser's line numbers by one.
                throw .syntax(
                    file: path, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber,
                    reason: "\(error.error)")
            } catch {
                throw .syntax(file: path, line: 0, column: 0, reason: "\(error)")
            }
        }
        return MustacheLibrary(templates: templates)
    }
}
