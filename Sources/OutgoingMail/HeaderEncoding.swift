import Foundation

/// Header text as RFC 5322 / RFC 2047 want it on the wire.
public enum HeaderEncoding {
    /// Longest line we write (RFC 5322 §2.1.1 recommends 78; the hard limit is 998).
    static let preferredLineLength = 78
    /// Longest token kept in a structured header; anything longer is garbage and would break the 998 limit.
    static let maxTokenLength = 900

    /// Anything placed in a header loses CR, LF and other control characters (also the Unicode
    /// line and paragraph separators), so user text cannot add header fields.
    public static func sanitize(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isBreak =
                scalar == "\r" || scalar == "\n" || scalar == "\t" || scalar.value == 0x85
                || scalar.value == 0x2028 || scalar.value == 0x2029
            if isBreak || scalar == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                continue
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Unstructured text (Subject, display names): ASCII as is (folded at spaces), otherwise RFC 2047
    /// B-encoded UTF-8 words of at most 75 characters, never splitting a character between words.
    /// - Parameter used: characters already on the first line (`Subject: ` is 9), so that every
    ///   line holding an encoded word stays within 76 characters (RFC 2047 §2).
    public static func encodeUnstructured(_ text: String, used: Int = 0) -> String {
        let clean = sanitize(text)
        let plain =
            clean.unicodeScalars.allSatisfy { $0.isASCII } && !clean.contains("=?")
            && !clean.split(separator: " ").contains { $0.count > preferredLineLength - 10 }
        if plain { return fold(clean, used: used) }
        var words: [String] = []
        var chunk: [UInt8] = []
        // Base64 of n bytes is 4⌈n/3⌉ characters; "=?UTF-8?B?" + "?=" add 12. The first word shares
        // its line with the field name, the others with one folding space.
        func room() -> Int {
            let available = 76 - (words.isEmpty ? used : 1) - 12
            return max(3, available / 4 * 3)
        }
        for scalarGroup in clean.map({ Array(String($0).utf8) }) {
            // A grapheme cluster longer than a word (long emoji sequences) is split between scalars.
            let pieces: [[UInt8]] =
                scalarGroup.count <= 39
                ? [scalarGroup]
                : String(decoding: scalarGroup, as: UTF8.self).unicodeScalars.map { Array(String($0).utf8) }
            for bytes in pieces {
                if chunk.count + bytes.count > room(), !chunk.isEmpty {
                    words.append(word(chunk))
                    chunk = []
                }
                chunk += bytes
            }
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    /// Folds a header value at spaces so that lines stay near 78 characters (and always within 998).
    /// - Parameter used: characters already on the first line (the field name, colon and space).
    public static func fold(_ value: String, used: Int = 0) -> String {
        let tokens = value.split(separator: " ", omittingEmptySubsequences: true)
            .map { $0.count > maxTokenLength ? String($0.prefix(maxTokenLength)) : String($0) }
        var out = ""
        var column = used
        for (index, token) in tokens.enumerated() {
            if index > 0 {
                if column + 1 + token.count > preferredLineLength {
                    out += "\r\n "
                    column = 1
                } else {
                    out += " "
                    column += 1
                }
            }
            out += token
            column += token.count
        }
        return out
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + base64(bytes) + "?="
    }

    /// A mailbox for From/To: the display name encoded or quoted as needed.
    public static func mailbox(_ mailbox: Mailbox) -> String {
        let address = sanitize(mailbox.address).filter { $0 != " " && $0 != "<" && $0 != ">" && $0 != "," }
        guard let name = mailbox.name.map(sanitize), !name.isEmpty else { return "<\(address)>" }
        if !name.unicodeScalars.allSatisfy({ $0.isASCII }) || name.contains("=?") {
            return "\(encodeUnstructured(name, used: 6)) <\(address)>"
        }
        let special = name.contains { "()<>[]:;@\\,.\"".contains($0) }
        let shown =
            special ? "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : name
        return "\(shown) <\(address)>"
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], table[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [table[Int(n >> 18 & 63)], table[Int(n >> 12 & 63)], table[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
