/// A mail server address as configured: `scheme://host[:port][/path]`, without credentials.
struct ServerURL: Sendable, Equatable {
    var scheme: String
    /// Host as written in the URL (IPv6 literals keep their brackets).
    var host: String
    var port: Int?
    /// Path without the leading slash (SMTP: the EHLO name).
    var path: String

    /// scheme://host[:port], no trailing slash.
    var base: String {
        port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    var implicitTLS: Bool { scheme.hasSuffix("s") }

    static func parse(_ text: String, schemes: Set<String>) throws(TransportError) -> ServerURL {
        let trimmed = text.trimmingWhitespace()
        guard let range = trimmed.range(of: "://") else {
            throw .invalidRequest(
                detail: "server URL \"\(trimmed)\" has no scheme; expected one of \(schemes.sorted().joined(separator: ", "))")
        }
        let scheme = trimmed[..<range.lowerBound].lowercased()
        guard schemes.contains(scheme) else {
            throw .invalidRequest(detail: "server URL scheme \"\(scheme)\" is not one of \(schemes.sorted().joined(separator: ", "))")
        }
        var rest = Substring(trimmed[range.upperBound...])
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        if rest.contains("@") {
            throw .invalidRequest(detail: "put the user name and password in the configuration fields, not in the server URL")
        }
        if path.contains("?") || path.contains("#") || path.contains(";") {
            throw .invalidRequest(detail: "server URL must not carry a query, fragment or parameters")
        }
        var host = String(rest)
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw .invalidRequest(detail: "unterminated IPv6 address in server URL") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else {
                    throw .invalidRequest(detail: "bad port in server URL")
                }
                port = p
            } else if !after.isEmpty {
                throw .invalidRequest(detail: "bad server URL")
            }
            host = String(host[...close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else {
                throw .invalidRequest(detail: "bad port in server URL")
            }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty, host.allSatisfy({ !$0.isWhitespace && $0 != "/" }) else {
            throw .invalidRequest(detail: "server URL has no host")
        }
        return ServerURL(scheme: scheme, host: host, port: port, path: path)
    }
}

enum URLPath {
    /// Percent-encodes a mailbox name (already in modified UTF-7) for an IMAP URL path. "/" stays
    /// (libcurl takes the whole path after the host as the mailbox name).
    static func encode(_ segment: String) -> String {
        var out = ""
        for b in segment.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 0x0F)])
            }
        }
        return out
    }
}
