import Domain
import Foundation
import OutgoingMail

/// The lägesbild as a mail (mail-rules §5): automatic and bulk, with our loop header and Message-ID.
public enum DigestMail {

    /// - Parameters:
    ///   - loopHeader: our loop header's name and value (`X-EST-Gateway-Loop: est-vasteras`).
    ///   - messageIDDomain: the domain of our Message-IDs.
    public static func message(
        _ digest: Digest, renderer: DigestRenderer, language: Language, from: Mailbox, to: [Mailbox],
        messageIDDomain: String, loopHeader: (name: String, value: String), date: Date
    ) -> OutgoingMessage {
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return OutgoingMessage(
            from: from, to: to, subject: renderer.subject(digest, language: language),
            messageID: "<digest.\(digest.week).\(token)@\(messageIDDomain)>", date: date,
            headers: [
                HeaderLine("Auto-Submitted", "auto-generated"),
                HeaderLine("Precedence", "bulk"),
                HeaderLine("X-Auto-Response-Suppress", "All"),
                HeaderLine(loopHeader.name, loopHeader.value),
            ],
            text: renderer.text(digest, language: language),
            html: renderer.html(digest, language: language))
    }
}
