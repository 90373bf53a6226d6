import Domain
import Foundation
import Mustache

/// A template the planner cannot use; names the file so the operator can fix it.
public enum ReplyTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
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
            return "reply templates: no folder at \(path) (it must hold sv/ and en/ with ack, rejection, zero, guide, reminder, alert and oversized templates)"
        case .missingTemplate(let file):
            return "reply templates: \(file) is missing"
        case .unreadable(let file, let reason):
            return "reply templates: cannot read \(file): \(reason)"
        case .syntax(let file, let line, let column, let reason):
            return "reply templates: \(file) line \(line), column \(column): \(reason)"
        case .rendersEmpty(let file):
            return "reply templates: \(file) renders no text"
        }
    }
}

/// The kinds of automatic reply, each with a template pair (`<name>.mustache` for text/plain and
/// `<name>.html.mustache` for text/html) per language.
enum ReplyTemplateName: String, CaseIterable, Sendable {
    case ack, rejection, zero, guide
    /// Periodic mail to people (mail-rules §5): the weekly reminder and the spike alert.
    case reminder, alert
    /// The notice to a registered sender whose message was too large to read.
    case oversized
}

/// The templates of one language, parsed once.
struct LanguageTemplates: Sendable {
    let language: Language
    let library: MustacheLibrary

    func render(_ name: ReplyTemplateName, html: Bool, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: html ? name.rawValue + ".html" : name.rawValue) ?? ""
    }
}

enum ReplyTemplateLoader {
    // On a line of its own, so that the tag and its line break vanish (a standalone tag) and the
    // template's own first line, blank or not, is kept as written.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"
    static let htmlPragma = "{{% CONTENT_TYPE: HTML}}\n"

    /// Reads every `*.mustache` file of `<directory>/<language code>/`. Files ending `.html.mustache`
    /// escape values for HTML; all others are plain text (values as they are). Every file is
    /// registered as a partial under its name without `.mustache` (`incident`, `incident.html`).
    static func load(directory: String, language: Language) throws(ReplyTemplateError) -> LanguageTemplates {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent(language.rawValue)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingDirectory(path: folder.path)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw .unreadable(file: folder.path, reason: "\(error)")
        }
        for required in ReplyTemplateName.allCases {
            for file in [required.rawValue + ".mustache", required.rawValue + ".html.mustache"] where !names.contains(file) {
                throw .missingTemplate(file: folder.appendingPathComponent(file).path)
            }
        }
        var templates: [String: MustacheTemplate] = [:]
        for file in names {
            let path = folder.appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(file: path, reason: "the file cannot be opened")
            }
            guard let text = String(validatingUTF8: data) else {
                throw .unreadable(file: path, reason: "not UTF-8 text")
            }
            let isHTML = file.hasSuffix(".html.mustache")
            let pragma = isHTML ? htmlPragma : textPragma
            do {
                templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: pragma + text)
            } catch let error as MustacheTemplate.ParserError {
                let line = max(1, error.context.lineNumber - 1)
                let column = error.context.columnNumber
                throw .syntax(file: path, line: line, column: column, reason: "\(error.error)")
            } catch {
                throw .syntax(file: path, line: 0, column: 0, reason: "\(error)")
            }
        }
        let loaded = LanguageTemplates(language: language, library: MustacheLibrary(templates: templates))
        // A trial run with sample content: a template that yields nothing would send empty mail.
        for name in ReplyTemplateName.allCases {
            for html in [false, true] {
                let sample = ReplyContent.sample(name, language: language)
                if loaded.render(name, html: html, sample).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw .rendersEmpty(file: folder.appendingPathComponent(name.rawValue + (html ? ".html" : "") + ".mustache").path)
                }
            }
        }
        return loaded
    }
}

extension String {
    fileprivate init?(validatingUTF8 data: Data) {
        guard let s = String(data: data, encoding: .utf8) else { return nil }
        self = s
    }
}
