import Domain
import Foundation

/// Turns an OutgoingMessage into RFC 5322 bytes: CRLF line ends, UTF-8 bodies in quoted-printable
/// (so no line exceeds 76 octets whatever people write), text/plain with an optional HTML alternative, and
/// attachments around them in multipart/mixed.
public enum MessageWriter {
    public static func bytes(
        _ message: OutgoingMessage, timeZone: TimeZone = TimeZone(identifier: "UTC")!, boundarySeed: String? = nil
    ) -> [UInt8] {
        var head: [String] = [
            "From: \(HeaderEncoding.mailbox(message.from))",
            "To: \(message.to.map(HeaderEncoding.mailbox).joined(separator: ",\r\n "))",
            "Subject: \(HeaderEncoding.encodeUnstructured(message.subject, used: 9))",
            "Date: \(rfc5322Date(message.date, timeZone: timeZone))",
            "Message-ID: \(HeaderEncoding.fold(HeaderEncoding.sanitize(message.messageID), used: 12))",
            "MIME-Version: 1.0",
        ]
        for header in message.headers {
            let name = String(HeaderEncoding.sanitize(header.name).unicodeScalars.filter { $0.isASCII && $0 != ":" && $0 != " " })
            guard !name.isEmpty else { continue }
            let value = HeaderEncoding.sanitize(header.value)
            // Non-ASCII only reaches these fields through configuration (an instance name); encode it.
            let shown =
                value.unicodeScalars.allSatisfy(\.isASCII)
                ? HeaderEncoding.fold(value, used: name.count + 2)
                : HeaderEncoding.encodeUnstructured(value, used: name.count + 2)
            head.append("\(name): \(shown)")
        }
        let boundary = boundarySeed ?? String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let content = contentPart(message, boundary: "=_est_" + boundary)
        var body: String
        if message.attachments.isEmpty {
            head += content.headers
            body = content.body
        } else {
            // The readable part first, then each file: what every client shows as a mail with attachments.
            // Neither boundary is a prefix of the other, and neither can occur in base64 or quoted-printable.
            let mixed = "=_mix_" + boundary
            head.append("Content-Type: multipart/mixed; boundary=\"\(mixed)\"")
            body = "This is a MIME message with attachments.\r\n"
            body += "\r\n--\(mixed)\r\n" + content.headers.joined(separator: "\r\n") + "\r\n\r\n" + content.body
            for attachment in message.attachments {
                body += "\r\n--\(mixed)\r\n" + AttachmentPart.render(attachment)
            }
            body += "\r\n--\(mixed)--\r\n"
        }
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// The text, or text and HTML as alternatives: the whole mail without attachments, the first part with them.
    static func contentPart(_ message: OutgoingMessage, boundary: String) -> (headers: [String], body: String) {
        guard let html = message.html else {
            // The body ends with a line break; text that already ends with one gets no extra blank line.
            var body = quotedPrintable(message.text)
            if !body.hasSuffix("\r\n") { body += "\r\n" }
            return (["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"], body)
        }
        var body = "This is a MIME message: text and HTML versions of the same content.\r\n"
        for (type, content) in [("text/plain", message.text), ("text/html", html)] {
            body += "\r\n--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            body += quotedPrintable(content)
        }
        body += "\r\n--\(boundary)--\r\n"
        return (["Content-Type: multipart/alternative; boundary=\"\(boundary)\""], body)
    }

    /// RFC 2045 §6.7 quoted-printable of UTF-8 text; line breaks become CRLF, trailing blanks encoded,
    /// soft breaks keep lines within 76 characters. Works on bytes with a hex table: every reply
    /// goes through here, and a formatted String per byte was a quarter of the intake's CPU.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 4)
        var column = 0
        func put(_ piece: some Collection<UInt8>) {
            if column + piece.count > 75 {
                out.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                column = 0
            }
            out.append(contentsOf: piece)
            column += piece.count
        }
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == 0x0D && i + 1 < input.count && input[i + 1] == 0x0A {
                i += 1
                continue
            }
            if byte == 0x0A {
                out.append(contentsOf: [0x0D, 0x0A])
                column = 0
                i += 1
                continue
            }
            let endsLine =
                i + 1 == input.count || input[i + 1] == 0x0A || (input[i + 1] == 0x0D && i + 2 < input.count && input[i + 2] == 0x0A)
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !endsLine)
            if literal {
                put(CollectionOfOne(byte))
            } else {
                put([UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue, 4 Sep 2018 08:00:00 +0200`. Written by arithmetic rather than a DateFormatter, which was
    /// most of the time spent writing a reply's bytes: only the zone's offset at that instant is asked for.
    public static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let dayNumber = Int((Double(local) / 86_400).rounded(.down))
        let second = local - dayNumber * 86_400
        let day = LocalDate(dayNumber: dayNumber)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(repeating: "0", count: max(0, 4 - String(day.year).count)) + String(day.year)
        let zone = abs(offset) / 60
        return "\(Self.weekdays[day.weekday - 1]), \(day.day) \(Self.months[day.month - 1]) \(year) "
            + "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) "
            + "\(offset < 0 ? "-" : "+")\(two(zone / 60))\(two(zone % 60))"
    }
}
