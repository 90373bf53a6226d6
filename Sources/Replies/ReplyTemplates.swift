import Domain
import Foundation
import MailTemplates
import Mustache

/// Kept for the reply planner's callers; the same type as every other template error.
public typealias ReplyTemplateError = TemplateError

/// The kinds of automatic reply, each with a template pair (`<name>.mustache` for text/plain and
/// `<name>.html.mustache` for text/html) per language.
public enum ReplyTemplateName: String, CaseIterable, Sendable {
    case ack, rejection, zero, guide
    /// Periodic mail to people (mail-rules §5): the weekly reminder and the spike alert.
    case reminder, alert
    /// The notice to a registered sender whose message was too large to read.
    case oversized
    /// Corrections and withdrawals carried out.
    case correction
    /// An insats registered or changed, with its baseline; an insats command refused.
    case insatsAck = "insats-ack"
    case insatsRejection = "insats-rejection"
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
    /// Reads every `*.mustache` file of `<directory>/<language code>/` (see TemplateFolder), requiring a
    /// text and an HTML template for every kind of reply, then renders each once with sample content.
    static func load(directory: String, language: Language) throws(ReplyTemplateError) -> LanguageTemplates {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent(language.rawValue)
        let required = ReplyTemplateName.allCases.flatMap { [$0.rawValue, $0.rawValue + ".html"] }
        let library = try TemplateFolder.load(directory: directory, language: language, required: required)
        let loaded = LanguageTemplates(language: language, library: library)
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
