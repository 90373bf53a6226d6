/// Parsing of `value; name=param; …` header bodies (Content-Type, Content-Disposition) with
/// RFC 2231 continuations and charset/language encoded values.
enum ParameterizedValue {
    struct RawParameter {
        var name: String  // lowercased, including any "*N*" suffix
        var value: String
    }

    /// Returns the leading value (lowercased, comments removed) and the decoded parameters.
    static func parse(_ text: String) -> (value: String, parameters: [String: String]) {
        let b = Array(text.utf8)
        var i = 0
        let n = b.count
        var main: [UInt8] = []
        while i < n && b[i] != 0x3B {
            if b[i] == 0x28 { i = skipComment(b, i); continue }
            if !isWhitespace(b[i]) { main.append(asciiLower(b[i])) }
            i += 1
        }
        var raw: [RawParameter] = []
        while i < n {
            // At a ";" (or junk): move to the start of the next name.
            while i < n && (b[i] == 0x3B || isWhitespace(b[i])) { i += 1 }
            if i < n && b[i] == 0x28 { i = skipComment(b, i); continue }
            let nameStart = i
            while i < n && b[i] != 0x3D && b[i] != 0x3B { i += 1 }
            let nameRange = trimmedRange(b, nameStart..<i)
            guard i < n, b[i] == 0x3D else { continue }
            i += 1
            while i < n && isSpaceOrTab(b[i]) { i += 1 }
            var value: [UInt8] = []
            if i < n && b[i] == 0x22 {
                i += 1
                while i < n && b[i] != 0x22 {
                    if b[i] == 0x5C && i + 1 < n { i += 1 }
                    value.append(b[i])
                    i += 1
                }
                i += 1
                while i < n && b[i] != 0x3B { i += 1 }
            } else {
                let vStart = i
                while i < n && b[i] != 0x3B && b[i] != 0x28 { i += 1 }
                value.append(contentsOf: b[trimmedRange(b, vStart..<i)])
                while i < n && b[i] != 0x3B {
                    if b[i] == 0x28 { i = skipComment(b, i) } else { i += 1 }
                }
            }
            if nameRange.isEmpty { continue }
            let name = String(decoding: b[nameRange].map(asciiLower), as: UTF8.self)
            raw.append(RawParameter(name: name, value: decodeHeaderBytes(value)))
        }
        return (String(decoding: main, as: UTF8.self), assemble(raw))
    }

    /// Nested comments end at their matching ")"; an unterminated one runs to the end.
    static func skipComment(_ b: [UInt8], _ start: Int) -> Int {
        var depth = 0
        var i = start
        while i < b.count {
            switch b[i] {
            case 0x5C: i += 1
            case 0x28: depth += 1
            case 0x29:
                depth -= 1
                if depth == 0 { return i + 1 }
            default: break
            }
            i += 1
        }
        return b.count
    }

    private struct Section {
        var index: Int
        var extended: Bool
        var value: String
    }

    static func assemble(_ raw: [RawParameter]) -> [String: String] {
        var result: [String: String] = [:]
        var split: [String: [Section]] = [:]
        var order: [String] = []
        for p in raw {
            guard let star = p.name.firstIndex(of: "*") else {
                if result[p.name] == nil { result[p.name] = p.value }
                continue
            }
            let base = String(p.name[..<star])
            var rest = p.name[p.name.index(after: star)...]
            var extended = false
            if rest.hasSuffix("*") {
                extended = true
                rest = rest.dropLast()
            }
            let index: Int
            if rest.isEmpty {
                // "name*=" is a single extended value; bare "name*" without "=" never gets here.
                index = 0
                extended = true
            } else if rest.count <= 4, let v = Int(rest), v >= 0 {
                index = v
            } else {
                continue
            }
            if split[base] == nil { order.append(base) }
            split[base, default: []].append(Section(index: index, extended: extended, value: p.value))
        }
        for base in order {
            guard var sections = split[base] else { continue }
            sections.sort { $0.index < $1.index }
            var bytes: [UInt8] = []
            var charset: String? = nil
            for (k, s) in sections.enumerated() {
                if s.extended {
                    var v = Substring(s.value)
                    if k == 0 {
                        // charset'language'value; both quotes must be present.
                        let parts = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if parts.count == 3 {
                            charset = parts[0].isEmpty ? nil : String(parts[0])
                            v = parts[2]
                        }
                    }
                    percentDecode(v, into: &bytes)
                } else {
                    bytes.append(contentsOf: s.value.utf8)
                }
            }
            result[base] = Charsets.decode(bytes, charset: charset)
        }
        return result
    }

    static func percentDecode(_ s: Substring, into out: inout [UInt8]) {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == 0x25, i + 2 < u.count, let hi = hexValue(u[i + 1]), let lo = hexValue(u[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
    }
}

public struct ContentType: Sendable, Hashable {
    public var type: String
    public var subtype: String
    public var parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = asciiLowercased(type)
        self.subtype = asciiLowercased(subtype)
        self.parameters = parameters
    }

    /// Parses a Content-Type value; nil when it has no valid `type/subtype`, in which case
    /// RFC 2045 §5.2 says to treat the part as the default type.
    public init?(parsing value: String) {
        let (main, params) = ParameterizedValue.parse(value)
        guard let slash = main.firstIndex(of: "/") else { return nil }
        let t = main[..<slash], s = main[main.index(after: slash)...]
        guard !t.isEmpty, !s.isEmpty, !s.utf8.contains(0x2F) else { return nil }
        self.type = String(t)
        self.subtype = String(s)
        self.parameters = params
    }

    public static let textPlain = ContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    public var mimeType: String { type + "/" + subtype }
    public var charset: String? { parameters["charset"].map { asciiLowercased($0.trimmingASCIIWhitespace) } }
    /// Trailing white space is not part of a boundary (RFC 2046 §5.1.1 forbids it; clients add it).
    public var boundary: String? {
        guard let b = parameters["boundary"] else { return nil }
        var u = Substring(b)
        while let last = u.last, last == " " || last == "\t" { u = u.dropLast() }
        return u.isEmpty ? nil : String(u)
    }
}
