import Domain
import Foundation
import OutgoingMail

/// The period report as a mail to the working group: automatic and bulk like the digest, with the period's
/// incidents and weekly series attached as CSV.
public enum PeriodReportMail {
    /// - Parameters:
    ///   - loopHeader: our loop header's name and value (`X-EST-Gateway-Loop: est-vasteras`).
    ///   - messageIDDomain: the domain of our Message-IDs.
    public static func message(
        _ report: PeriodReport, renderer: PeriodReportRenderer, language: Language, from: Mailbox, to: [Mailbox],
        messageIDDomain: String, loopHeader: (name: String, value: String), date: Date
    ) -> OutgoingMessage {
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let attachments = PeriodReportCSV.attachments(report, language: language)
        return OutgoingMessage(
            from: from, to: to, subject: renderer.subject(report, language: language),
            messageID: "<report.\(report.period.key).\(token)@\(messageIDDomain)>", date: date,
            headers: [
                HeaderLine("Auto-Submitted", "auto-generated"),
                HeaderLine("Precedence", "bulk"),
                HeaderLine("X-Auto-Response-Suppress", "All"),
                HeaderLine(loopHeader.name, loopHeader.value),
            ],
            text: renderer.text(report, language: language, attachments: attachments),
            html: renderer.html(report, language: language, attachments: attachments),
            attachments: attachments)
    }
}
