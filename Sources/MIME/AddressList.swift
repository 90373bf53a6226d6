public struct MailAddress: Sendable, Hashable {
    public var displayName: String?
    /// Unquoted local part.
    public var localPart: String
    public var domain: String

    public init(displayName: String? = nil, localPart: String, domain: String) {
        self.displayName = displayName
        self.localPart = localPart
        self.domain = domain
    }

    /// `local@domain`, re-quoting a local part that is not a dot-atom.
    public var address: String {
        let needsQuotes =
            localPart.isEmpty
            || localPart.utf8.contains { b in
                b <= 0x20 || b == 0x22 || b == 0x28 || b == 0x29 || b == 0x2C || b == 0x3A || b == 0x3B
                    || b == 0x3C || b == 0x3E || b == 0x40 || b == 0x5B || b == 0x5C || b == 0x5D
            }
        if !needsQuotes { return localPart + "@" + domain }
        var q = "\""
        for ch in localPart {
            if ch == "\"" || ch == "\\" { q.append("\\") }
            q.append(ch)
        }
        return q + "\"@" + domain
    }
}

/// RFC 5322 address lists (§3.4) including the obsolete forms real clients still send.
public enum AddressList {
    /// nil when any entry is not a readable mailbox; groups are flattened, comments dropped,
    /// encoded-word display names decoded.
    public static func parse(_ value: String) -> [MailAddress]? {
        let tokens = tokenize(Array(value.utf8))
        guard let tokens else { return nil }
        var result: [MailAddress] = []
        var i = 0
        while i < tokens.count {
            if tokens[i].kind == .special(0x2C) { i += 1; continue }
            if isGroupStart(tokens, i) {
                while i < tokens.count && tokens[i].kind != .special(0x3A) { i += 1 }
                i += 1
                while i < tokens.count {
                    if tokens[i].kind == .special(0x3B) { i += 1; break }
                    if tokens[i].kind == .special(0x2C) { i += 1; continue }
                    guard let m = mailbox(tokens, &i, inGroup: true) else { return nil }
                    result.append(m)
                }
                continue
            }
            guard let m = mailbox(tokens, &i, inGroup: false) else { return nil }
            result.append(m)
        }
        return result
    }

    enum Kind: Equatable {
        case word  // atom, or domain literal kept with its brackets
        case quoted  // quoted-string, text unescaped
        case special(UInt8)
    }

    struct Token {
        var kind: Kind
        var text: [UInt8]
        var spaceBefore: Bool
    }

    private static func isSpecial(_ b: UInt8) -> Bool {
        b == 0x3C || b == 0x3E || b == 0x40 || b == 0x2C || b == 0x3B || b == 0x3A
    }

    static func tokenize(_ b: [UInt8]) -> [Token]? {
        var tokens: [Token] = []
        var i = 0
        var space = false
        let n = b.count
        while i < n {
            let c = b[i]
            if isWhitespace(c) { space = true; i += 1; continue }
            if c == 0x28 {
                i = ParameterizedValue.skipComment(b, i)
                space = true
                continue
            }
            if c == 0x22 {
                var text: [UInt8] = []
                i += 1
                while i < n && b[i] != 0x22 {
                    if b[i] == 0x5C && i + 1 < n { i += 1 }
                    // Folding inside a quoted string leaves CR/LF behind in broken headers.
                    if b[i] != 0x0D && b[i] != 0x0A { text.append(b[i]) }
                    i += 1
                }
                i += 1
                tokens.append(Token(kind: .quoted, text: text, spaceBefore: space))
                space = false
                continue
            }
            if isSpecial(c) {
                tokens.append(Token(kind: .special(c), text: [c], spaceBefore: space))
                space = false
                i += 1
                continue
            }
            if c == 0x5B {
                let start = i
                while i < n && b[i] != 0x5D { i += 1 }
                i = min(i + 1, n)
                tokens.append(Token(kind: .word, text: Array(b[start..<i]), spaceBefore: space))
                space = false
                continue
            }
            if c == 0x29 || c == 0x5C { i += 1; continue }
            let start = i
            while i < n {
                let d = b[i]
                if isWhitespace(d) || isSpecial(d) || d == 0x22 || d == 0x28 || d == 0x29 || d == 0x5B { break }
                i += 1
            }
            tokens.append(Token(kind: .word, text: Array(b[start..<i]), spaceBefore: space))
            space = false
        }
        return tokens
    }

    /// A group is `phrase ":"`: a colon reached before any "<", "@", "," or ";".
    private static func isGroupStart(_ t: [Token], _ start: Int) -> Bool {
        var i = start
        while i < t.count {
            switch t[i].kind {
            case .special(0x3A): return i > start
            case .special: return false
            default: i += 1
            }
        }
        return false
    }

    private static func mailbox(_ t: [Token], _ i: inout Int, inGroup: Bool) -> MailAddress? {
        var display: [Token] = []
        var spec: [Token] = []
        var sawAngle = false
        var inAngle = false
        while i < t.count {
            let tok = t[i]
            if !inAngle {
                if tok.kind == .special(0x2C) { break }
                if inGroup && tok.kind == .special(0x3B) { break }
                if tok.kind == .special(0x3C) && !sawAngle {
                    sawAngle = true
                    inAngle = true
                    display = spec
                    spec = []
                    i += 1
                    continue
                }
                if !sawAngle { spec.append(tok) }
            } else {
                if tok.kind == .special(0x3E) {
                    inAngle = false
                } else if tok.kind == .special(0x3A) {
                    // Obsolete source route "<@relay:user@host>": the route is dropped.
                    spec = []
                } else {
                    spec.append(tok)
                }
            }
            i += 1
        }
        guard let (local, domain) = addrSpec(spec) else { return nil }
        let name = displayName(display)
        return MailAddress(displayName: name, localPart: local, domain: domain)
    }

    private static func addrSpec(_ t: [Token]) -> (String, String)? {
        guard let at = t.lastIndex(where: { $0.kind == .special(0x40) }) else { return nil }
        let localTokens = t[..<at], domainTokens = t[(at + 1)...]
        guard localTokens.count == 1, domainTokens.count == 1,
            let l = localTokens.first, let d = domainTokens.first,
            l.kind != .special(0x40), d.kind == .word, !l.text.isEmpty, !d.text.isEmpty
        else { return nil }
        if case .special = l.kind { return nil }
        return (decodeHeaderBytes(l.text), decodeHeaderBytes(d.text))
    }

    private static func displayName(_ t: [Token]) -> String? {
        guard !t.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for (k, tok) in t.enumerated() {
            if k > 0 && tok.spaceBefore { bytes.append(0x20) }
            bytes.append(contentsOf: tok.text)
        }
        let s = EncodedWords.decode(decodeHeaderBytes(bytes)).trimmingASCIIWhitespace
        return s.isEmpty ? nil : s
    }
}
