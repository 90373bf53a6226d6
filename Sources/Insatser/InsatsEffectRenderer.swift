import Domain
import Foundation
import MailTemplates
import Mustache

/// Turns an `InsatsEffect` into text, HTML and JSON (`est-gateway insats effect REF --format text|html|json`) and
/// into the follow-up mail's subject and parts, from the Mustache templates `insats-*.mustache` of
/// `<templatesDirectory>/sv` and `/en`:
/// * `insats-effect.mustache`: text/plain;
/// * `insats-effect.html.mustache`: a whole HTML document (the follow-up mail, the command's HTML);
/// * `insats-effect-fragment.html.mustache`: the same content without the document around it, for the digest;
/// * `insats-followup-subject.mustache`: the follow-up mail's subject;
/// * other `insats*.mustache` files are partials (`insats-chart.html`: the bar chart).
public struct InsatsEffectRenderer: Sendable {
    static let required = ["insats-effect", "insats-effect.html", "insats-effect-fragment.html", "insats-followup-subject"]
    private let libraries: [Language: MustacheLibrary]

    public init(templatesDirectory: String) throws(TemplateError) {
        var libraries: [Language: MustacheLibrary] = [:]
        for language in Language.allCases {
            libraries[language] = try TemplateFolder.load(directory: templatesDirectory, language: language, required: Self.required) {
                $0.hasPrefix("insats")
            }
        }
        self.libraries = libraries
        // A trial run, measured and not yet measured: a template that renders nothing would send an empty mail.
        for language in Language.allCases {
            let folder = URL(fileURLWithPath: templatesDirectory).appendingPathComponent(language.rawValue)
            for sample in [InsatsEffect.sample, InsatsEffect.sampleNotMeasured] {
                for (name, text) in [
                    ("insats-effect", self.text(sample, language: language)), ("insats-effect.html", html(sample, language: language)),
                    ("insats-effect-fragment.html", htmlFragment(sample, language: language)),
                    ("insats-followup-subject", followUpSubject(sample, language: language)),
                ]
                where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw .rendersEmpty(file: folder.appendingPathComponent(name + ".mustache").path)
                }
            }
        }
    }

    /// `EST uppföljning INS-2018-0007: Kvällsvandringar i Råby centrum` (one line, whatever the template holds).
    public func followUpSubject(_ effect: InsatsEffect, language: Language) -> String {
        render("insats-followup-subject", effect, language: language).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    public func text(_ effect: InsatsEffect, language: Language) -> String {
        var text = render("insats-effect", effect, language: language)
        // Blank lines left by sections that showed nothing collapse to one.
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return text.trimmingCharacters(in: .newlines) + "\n"
    }

    /// A whole HTML5 document with inline CSS only.
    public func html(_ effect: InsatsEffect, language: Language) -> String { render("insats-effect.html", effect, language: language) }

    /// Block elements to put inside another document's body (the digest's Insatser section).
    public func htmlFragment(_ effect: InsatsEffect, language: Language) -> String {
        render("insats-effect-fragment.html", effect, language: language)
    }

    /// `InsatsEffectReport` encoded; needs no template, and is here so that every format is one call away.
    public func json(_ effect: InsatsEffect, language: Language) -> String { InsatsEffectReport(effect, language: language).json() }

    private func render(_ name: String, _ effect: InsatsEffect, language: Language) -> String {
        let context = InsatsEffectContext(effect: effect, labels: InsatsLabels(language: language)).dictionary
        return libraries[language]?.render(context, withTemplate: name) ?? ""
    }
}
