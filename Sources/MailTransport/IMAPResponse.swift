/// One value in an IMAP response (RFC 3501 §9): atoms and numbers stay as atoms, quoted strings and
/// literals become raw bytes, parenthesised lists nest.
public enum IMAPValue: Sendable, Equatable {
    case atom(String)
    case string([UInt8])
    case nilValue
    case list([IMAPValue])

    var atomText: String? {
        if case .atom(let text) = self { return text }
        return nil
    }

    var number: UInt64? {
        if case .atom(let text) = self { return UInt64(text) }
        return nil
    }

    /// A count or size as an Int: a server may send any 64-bit number (or a broken one), and a
    /// value past Int.max is read as Int.max rather than trapping.
    var count: Int? { number.map { Int(clamping: $0) } }

    /// Atom or string as text (mailbox names, delimiters).
    var text: String? {
        switch self {
        case .atom(let text): return text
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }
}

/// One server response.
public enum IMAPResponse: Sendable, Equatable {
    /// `* OK/NO/BAD/BYE/PREAUTH text`: the status keyword (uppercased) and the rest of the line.
    case untaggedStatus(status: String, text: String)
    /// Any other untagged response, as values (`* 5 FETCH (…)` is `[5, FETCH, (…)]`).
    case untagged([IMAPValue])
    /// `tag OK/NO/BAD text`.
    case tagged(tag: String, status: String, text: String)
    case continuation(String)
}

/// Reads the raw server response stream that libcurl hands to the header callback: every response
/// line, with literals (`{n}` CRLF, then exactly n bytes) kept intact whatever bytes they hold.
public enum IMAPResponseReader {
    public struct MalformedResponse: Error, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var context: String
        public var description: String { "\(reason) at byte \(offset) near \"\(context)\"" }
    }

    private static let statusWords: Set<String> = ["OK", "NO", "BAD", "BYE", "PREAUTH"]

    /// Lists nest by recursion; nothing we ask for (FETCH, STATUS, LIST, SEARCH) nests more than
    /// a few levels, so a server that goes deeper is broken or hostile, not something to follow
    /// until the stack runs out.
    static let maxListDepth = 64

    public static func parse(_ bytes: [UInt8]) throws(MalformedResponse) -> [IMAPResponse] {
        var parser = Parser(bytes: bytes)
        var responses: [IMAPResponse] = []
        while !parser.atEnd {
            responses.append(try parser.response())
        }
        return responses
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        var atEnd: Bool { i >= bytes.count }

        func fail(_ reason: String) -> MalformedResponse {
            let lo = max(0, i - 30), hi = min(bytes.count, i + 30)
            let context = String(decoding: bytes[lo..<hi].map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
            return MalformedResponse(offset: i, reason: reason, context: context)
        }

        mutating func response() throws(MalformedResponse) -> IMAPResponse {
            if bytes[i] == UInt8(ascii: "*") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: " ") {
                i += 2
                skipSpaces()
                let start = i
                let first = try value(depth: 0)
                if case .atom(let word) = first, statusWords.contains(word.uppercased()) {
                    skipSpaces()
                    return .untaggedStatus(status: word.uppercased(), text: restOfLine())
                }
                _ = start
                var values = [first]
                while true {
                    skipSpaces()
                    if try lineEnd() { break }
                    values.append(try value(depth: 0))
                }
                return .untagged(values)
            }
            if bytes[i] == UInt8(ascii: "+") {
                i += 1
                skipSpaces()
                return .continuation(restOfLine())
            }
            let tag = word()
            skipSpaces()
            let status = word().uppercased()
            skipSpaces()
            return .tagged(tag: tag, status: status, text: restOfLine())
        }

        mutating func skipSpaces() {
            while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
        }

        /// Consumes CRLF (or a bare LF, or the end of the stream) and reports whether the line ended.
        mutating func lineEnd() throws(MalformedResponse) -> Bool {
            if i >= bytes.count { return true }
            if bytes[i] == UInt8(ascii: "\n") { i += 1; return true }
            if bytes[i] == UInt8(ascii: "\r") {
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 2; return true }
                if i + 1 == bytes.count { i += 1; return true }
            }
            return false
        }

        mutating func word() -> String {
            let start = i
            while i < bytes.count && bytes[i] != UInt8(ascii: " ") && bytes[i] != UInt8(ascii: "\r") && bytes[i] != UInt8(ascii: "\n") {
                i += 1
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func restOfLine() -> String {
            let start = i
            while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            var end = i
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if i < bytes.count { i += 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        mutating func value(depth: Int) throws(MalformedResponse) -> IMAPValue {
            guard i < bytes.count else { throw fail("response ends where a value was expected") }
            if bytes[i] == UInt8(ascii: "{") || (bytes[i] == UInt8(ascii: "~") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "{"))
            {
                return try literal()
            }
            switch bytes[i] {
            case UInt8(ascii: "("):
                guard depth < IMAPResponseReader.maxListDepth else {
                    throw fail("lists nested more than \(IMAPResponseReader.maxListDepth) deep")
                }
                i += 1
                var items: [IMAPValue] = []
                while true {
                    skipSpaces()
                    guard i < bytes.count else { throw fail("unterminated list") }
                    if bytes[i] == UInt8(ascii: ")") { i += 1; break }
                    if bytes[i] == UInt8(ascii: "\r") || bytes[i] == UInt8(ascii: "\n") { throw fail("line ends inside a list") }
                    items.append(try value(depth: depth + 1))
                }
                return .list(items)
            case UInt8(ascii: "\""):
                i += 1
                var out: [UInt8] = []
                while true {
                    guard i < bytes.count else { throw fail("unterminated quoted string") }
                    let b = bytes[i]
                    if b == UInt8(ascii: "\"") { i += 1; break }
                    if b == UInt8(ascii: "\\") && i + 1 < bytes.count { out.append(bytes[i + 1]); i += 2; continue }
                    if b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") { throw fail("line ends inside a quoted string") }
                    out.append(b)
                    i += 1
                }
                return .string(out)
            default:
                let start = i
                var depth = 0
                while i < bytes.count {
                    let b = bytes[i]
                    if b == UInt8(ascii: "[") {
                        depth += 1
                    } else if b == UInt8(ascii: "]") {
                        depth = max(0, depth - 1)
                    } else if b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") {
                        break
                    } else if depth == 0 && (b == UInt8(ascii: " ") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")")) {
                        break
                    }
                    i += 1
                }
                guard i > start else { throw fail("unexpected character") }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                return text.uppercased() == "NIL" ? .nilValue : .atom(text)
            }
        }

        mutating func literal() throws(MalformedResponse) -> IMAPValue {
            if bytes[i] == UInt8(ascii: "~") { i += 1 }  // literal8 (RFC 3516)
            i += 1
            var count = 0
            var digits = 0
            while i < bytes.count, let d = digit(bytes[i]) {
                count = count * 10 + d
                digits += 1
                guard count <= Int(Int32.max) else { throw fail("literal too large") }
                i += 1
            }
            if i < bytes.count && bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard digits > 0, i < bytes.count, bytes[i] == UInt8(ascii: "}") else { throw fail("malformed literal length") }
            i += 1
            if i < bytes.count && bytes[i] == UInt8(ascii: "\r") { i += 1 }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\n") else { throw fail("literal length not followed by CRLF") }
            i += 1
            guard bytes.count - i >= count else {
                throw fail("literal of \(count) bytes is cut short (\(bytes.count - i) bytes left)")
            }
            let literal = Array(bytes[i..<(i + count)])
            i += count
            return .string(literal)
        }

        func digit(_ b: UInt8) -> Int? {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) ? Int(b - UInt8(ascii: "0")) : nil
        }
    }
}

extension IMAPResponse {
    /// The text of the last tagged response in a stream ("NO [NONEXISTENT] Mailbox doesn't exist: X"),
    /// used as the server's reason in errors.
    static func lastTaggedText(in header: [UInt8]) -> String {
        // The last NO/BAD wins (libcurl may LOGOUT after a failure, which ends the stream with an OK).
        var lastOK: String?
        for raw in header.split(separator: UInt8(ascii: "\n")).reversed() {
            let line = String(decoding: raw, as: UTF8.self).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("*") || line.hasPrefix("+") { continue }
            let parts = line.split(separator: " ", maxSplits: 1)
            let text = parts.count == 2 ? String(parts[1]) : line
            let status = text.prefix(while: { $0 != " " }).uppercased()
            if status == "NO" || status == "BAD" { return text }
            if lastOK == nil && status == "OK" { lastOK = text }
        }
        return lastOK ?? ""
    }
}
