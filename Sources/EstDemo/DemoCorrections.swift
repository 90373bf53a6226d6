import Foundation
import MIME
import MailServerHarness
import OutgoingMail

/// The demo's correction round: Anna answers her acknowledgment with a correction of one incident
/// and withdraws the other, as a reporter would from Outlook.
enum DemoCorrections {
    /// Sends the two mails about Mimer's first two incidents (`references`); returns the references
    /// changed, or nil when Anna got no acknowledgment.
    static func send(servers: MailServers, gateway: String, references: [String]) throws -> (corrected: String, withdrawn: String)? {
        let anna = servers.address("anna.lind")
        guard
            let ack = servers.messages("anna.lind").compactMap({ try? MailMessage.parse($0.bytes) })
                .first(where: { $0.messageID?.hasPrefix("<ack.") == true })
        else { return nil }
        guard references.count >= 2 else { return nil }
        let date = MessageWriter.rfc5322Date(Date(), timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        func mail(_ id: String, subject: String, reply: Bool, body: String) -> [UInt8] {
            var headers = [
                "From: Anna Lind <\(anna)>", "To: EST Västerås <\(gateway)>", "Subject: \(subject)", "Date: \(date)",
                "Message-ID: <\(id).\(UUID().uuidString.prefix(8))@\(servers.domain)>", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
            ]
            if reply, let parent = ack.messageID { headers += ["In-Reply-To: \(parent)", "References: \(parent)"] }
            return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
        }
        let quoted = ack.readableBody().text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }
            .joined(separator: "\n")
        _ = try servers.sendSMTP(
            from: anna, to: [gateway],
            message: mail(
                "mimer-fix", subject: "SV: \(ack.subject ?? "")", reply: true,
                body: "Rätta \(references[1])\nOmråde: Hammarby\n\nMvh Anna\n\nDen skrev EST-rapportering <\(gateway)>:\n\(quoted)"))
        _ = try servers.sendSMTP(
            from: anna, to: [gateway],
            message: mail("mimer-undo", subject: "Dubblett", reply: false, body: "Återkalla \(references[0])\n\nMvh Anna"))
        return (references[1], references[0])
    }
}
