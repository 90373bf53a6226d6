/// Reads RFC 8601 Authentication-Results headers to decide whether a From domain is authenticated
/// by the receiving server (mail-rules.md §3).
public enum AuthenticationResults {
    public struct MethodResult: Sendable, Hashable {
        public var method: String
        public var result: String
        /// `ptype.property` → value, e.g. `header.d` → `mimer.example`.
        public var properties: [String: String]
    }

    public enum Verdict: Sendable, Hashable {
        case pass(String)
        /// What failed, in words for the quarantine reason detail.
        case fail(String)
    }

    /// Only the topmost header carrying our authserv-id counts: headers below it (or with other ids)
    /// may have been written by anyone along the way.
    public static func verdict(headers: [String], authservID: String, fromDomain: String) -> Verdict {
        guard let header = headers.first(where: { authservIDOf($0)?.lowercased() == authservID.lowercased() }) else {
            return .fail("no Authentication-Results header from \(authservID)")
        }
        let results = parse(header)
        if results.contains(where: { $0.method == "dmarc" && $0.result == "pass" }) { return .pass("dmarc=pass") }
        for r in results where r.method == "dkim" && r.result == "pass" {
            if let d = r.properties["header.d"] ?? r.properties["header.i"].map(domainOf), aligned(d, fromDomain) {
                return .pass("dkim=pass d=\(d)")
            }
        }
        for r in results where r.method == "spf" && r.result == "pass" {
            if let from = r.properties["smtp.mailfrom"] ?? r.properties["smtp.helo"], aligned(domainOf(from), fromDomain) {
                return .pass("spf=pass")
            }
        }
        let summary = results.map { "\($0.method)=\($0.result)" }.joined(separator: " ")
        return .fail(summary.isEmpty ? "no authentication results" : "not aligned with \(fromDomain): \(summary)")
    }

    static func authservIDOf(_ header: String) -> String? {
        let first = stripComments(header).split(separator: ";", maxSplits: 1).first ?? ""
        return first.split(whereSeparator: \.isWhitespace).first.map(String.init)
    }

    public static func parse(_ header: String) -> [MethodResult] {
        let clauses = stripComments(header).split(separator: ";").dropFirst()
        return clauses.compactMap { clause in
            let tokens = clause.split(whereSeparator: \.isWhitespace)
            guard let head = tokens.first, let eq = head.firstIndex(of: "=") else { return nil }
            let method = head[..<eq].split(separator: "/").first.map { $0.lowercased() } ?? ""
            let result = head[head.index(after: eq)...].lowercased()
            var properties: [String: String] = [:]
            for token in tokens.dropFirst() {
                guard let e = token.firstIndex(of: "=") else { continue }
                let key = token[..<e].lowercased()
                var value = String(token[token.index(after: e)...])
                if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                properties[key] = value.lowercased()
            }
            return MethodResult(method: method, result: result, properties: properties)
        }
    }

    /// Removes RFC 5322 comments `( … )`, nested, outside quoted strings.
    static func stripComments(_ text: String) -> String {
        var out = ""
        var depth = 0
        var quoted = false
        var escaped = false
        for c in text {
            if escaped { if depth == 0 { out.append(c) }; escaped = false; continue }
            if c == "\\" { escaped = true; if depth == 0 { out.append(c) }; continue }
            if c == "\"" && depth == 0 { quoted.toggle(); out.append(c); continue }
            if !quoted && c == "(" { depth += 1; continue }
            if !quoted && c == ")" && depth > 0 { depth -= 1; continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }

    static func domainOf(_ value: String) -> String {
        value.split(separator: "@").last.map(String.init) ?? value
    }

    /// Relaxed DMARC alignment: the organisational domains match. Without the public suffix list we
    /// take the last two labels, which is right for the .se/.com/.example domains in use here.
    static func aligned(_ a: String, _ b: String) -> Bool {
        organisationalDomain(a) == organisationalDomain(b)
    }

    static func organisationalDomain(_ domain: String) -> String {
        let labels = domain.lowercased().split(separator: ".")
        return labels.suffix(2).joined(separator: ".")
    }
}
