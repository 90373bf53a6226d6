import Domain
import Foundation
import MailTemplates
import Mustache
import OutgoingMail

/// Turns a `PeriodReport` into the mail's subject, text/plain and text/html parts from the Mustache templates
/// `report-subject.mustache`, `report.mustache` and `report.html.mustache` in `<templatesDirectory>/sv` and `/en`
/// (other `report*.mustache` files there are partials). Files ending `.html.mustache` escape values for HTML.
public struct PeriodReportRenderer: Sendable {
    static let required = ["report-subject", "report", "report.html"]
    private let libraries: [Language: MustacheLibrary]

    public init(templatesDirectory: String) throws {
        var libraries: [Language: MustacheLibrary] = [:]
        for language in Language.allCases {
            libraries[language] = try TemplateFolder.load(directory: templatesDirectory, language: language, required: Self.required) {
                $0.hasPrefix("report")
            }
        }
        self.libraries = libraries
        // A trial run with every section filled: a template that renders nothing would send an empty report.
        let sample = PeriodReport.sample
        for language in Language.allCases {
            let folder = URL(fileURLWithPath: templatesDirectory).appendingPathComponent(language.rawValue)
            for (name, text) in [
                ("report-subject", subject(sample, language: language)), ("report", self.text(sample, language: language)),
                ("report.html", html(sample, language: language)),
            ]
            where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw TemplateError.rendersEmpty(file: folder.appendingPathComponent(name + ".mustache").path)
            }
        }
    }

    /// `EST periodrapport T3 2018` (one line, whatever the template holds).
    public func subject(_ report: PeriodReport, language: Language) -> String {
        render("report-subject", report, language: language, attachments: [])
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// - Parameter attachments: the files the mail carries, named at the end; none when the report is printed.
    public func text(_ report: PeriodReport, language: Language, attachments: [Attachment] = []) -> String {
        var text = render("report", report, language: language, attachments: attachments)
        // Blank lines left by sections that showed nothing collapse to one.
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return text.trimmingCharacters(in: .newlines) + "\n"
    }

    public func html(_ report: PeriodReport, language: Language, attachments: [Attachment] = []) -> String {
        render("report.html", report, language: language, attachments: attachments)
    }

    private func render(_ name: String, _ report: PeriodReport, language: Language, attachments: [Attachment]) -> String {
        let context = ReportContext(report: report, labels: ReportLabels(language: language), attachments: attachments)
        return libraries[language]?.render(context.dictionary, withTemplate: name) ?? ""
    }
}
