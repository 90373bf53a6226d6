import Foundation
import MIME
import MailServerHarness
import OutgoingMail

/// The demo's working-group round: Lena, a member, registers an insats by mail.
enum DemoInsats {
    /// Sends the insats mail; its start is two weeks back, so that this week's reports are after it.
    static func send(servers: MailServers, gateway: String) throws -> String {
        let lena = servers.address("lena.ek")
        let zone = TimeZone(identifier: "Europe/Stockholm")!
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        let monday = calendar.dateInterval(of: .weekOfYear, for: Date())!.start.addingTimeInterval(-14 * 86_400)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd"
        let start = f.string(from: monday)
        let body = """
            Hej!

            Insats: Kvällsvandringar i Råby centrum
            Område: Råby
            Plats: Råbyvägen 12
            Kategori: Klotter, skadegörelse
            Start: \(start)
            Ansvarig: Mimer och fältgruppen
            Beskrivning: Två vuxna går runt centrum tisdag–lördag kl 19–23.

            Mvh Lena
            """
        let headers = [
            "From: Lena Ek <\(lena)>", "To: EST Västerås <\(gateway)>", "Subject: Ny insats Råby",
            "Date: \(MessageWriter.rfc5322Date(Date(), timeZone: zone))",
            "Message-ID: <insats.\(UUID().uuidString.prefix(8))@\(servers.domain)>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        _ = try servers.sendSMTP(
            from: lena, to: [gateway],
            message: Array(
                (headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8))
        return start
    }
}
