import Foundation

/// Turns an OutgoingMessage into RFC 5322 bytes: CRLF line ends, UTF-8 bodies in quoted-printable
/// (so no line exceeds 76 octets whatever people write), text/plain with an optional HTML alternative.
public enum MessageWriter {
    public static func bytes(_ message: OutgoingMessage, timeZone: TimeZone = TimeZone(identifier: "UTC")!, boundarySeed: String? = nil) -> [UInt8] {
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
            let shown = value.unicodeScalars.allSatisfy(\.isASCII)
                ? HeaderEncoding.fold(value, used: name.count + 2)
                : HeaderEncoding.encodeUnstructured(value, used: name.count + 2)
            head.append("\(name): \(shown)")
        }
        var body: String
        if let html = message.html {
            let boundary = "=_est_" + (boundarySeed ?? String(UInt64.random(in: 0...UInt64.max), radix: 36))
            head.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body = "This is a MIME message: text and HTML versions of the same content.\r\n"
            for (type, content) in [("text/plain", message.text), ("text/html", html)] {
                body += "\r\n--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                body += quotedPrintable(content)
            }
            body += "\r\n--\(boundary)--\r\n"
        } else {
            head.append("Content-Type: text/plain; charset=utf-8")
            head.append("Content-Transfer-Encoding: quoted-printable")
            // The body ends with a line break; text that already ends with one gets no extra blank line.
            body = quotedPrintable(message.text)
            if !body.hasSuffix("\r\n") { body += "\r\n" }
        }
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// RFC 2045 §6.7 quoted-printable of UTF-8 text; line breaks become CRLF, trailing blanks encoded.
    public static func quotedPrintable(_ text: String) -> String {
        var out = ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "\r\n" }
            let bytes = Array(line.utf8)
            var column = 0
            for (i, byte) in bytes.enumerated() {
                let last = i == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                let piece = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if column + piece.count > 75 {
                    out += "=\r\n"
                    column = 0
                }
                out += piece
                column += piece.count
            }
        }
        return out
    }

    public static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
