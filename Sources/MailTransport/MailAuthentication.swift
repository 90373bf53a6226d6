import Foundation
import MailAccess

/// How an IMAP or SMTP client proves who it is. Printing it never shows the secret.
public enum MailAuthentication: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A password; `mechanism` nil lets libcurl choose among those the server offers (PLAIN before LOGIN).
    case password(String, mechanism: PasswordMechanism? = nil)
    /// OAuth 2 bearer token (SASL XOAUTH2), read from the file for every transfer so that an
    /// external refresher can replace it: libcurl opens a new connection (and logs in with the new
    /// token) when the token differs from the one its cached connection logged in with.
    case xoauth2(tokenFile: String)

    public var description: String {
        switch self {
        case .password(_, let mechanism): return "password(<redacted>\(mechanism.map { ", AUTH=\($0.rawValue)" } ?? ""))"
        case .xoauth2(let file): return "xoauth2(tokenFile: \(file))"
        }
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }

    /// What error messages say about the login.
    var method: LoginMethod {
        switch self {
        case .password(_, let mechanism): return .password(mechanism: mechanism?.rawValue)
        case .xoauth2(let file): return .xoauth2(tokenFile: file)
        }
    }

    /// The mechanism the configuration asks for, if any.
    var mechanism: String? {
        switch self {
        case .password(_, let mechanism): return mechanism?.rawValue
        case .xoauth2: return "XOAUTH2"
        }
    }

    /// Puts the secret (the token read from its file now) and the mechanism into the request.
    func apply(to request: inout CurlRequest) throws(TransportError) {
        switch self {
        case .password(let password, let mechanism):
            request.password = password
            request.loginOptions = mechanism.map { "AUTH=\($0.rawValue)" }
        case .xoauth2(let file):
            request.bearerToken = try Self.readToken(file)
            // Without CURLOPT_HTTPAUTH set, this makes XOAUTH2 the only mechanism libcurl tries (the
            // curl tool's --oauth2-bearer also sets CURLAUTH_BEARER and then prefers OAUTHBEARER).
            request.loginOptions = "AUTH=XOAUTH2"
        }
    }

    static func readToken(_ path: String) throws(TransportError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .credentialUnavailable(
                detail:
                    "cannot read the XOAUTH2 token file \(path); check that the token refresher runs and writes it, and that est-gateway may read it"
            )
        }
        let token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else {
            throw .credentialUnavailable(detail: "the XOAUTH2 token file \(path) is empty; check the token refresher")
        }
        try CurlErrors.checkLine(token, what: "the XOAUTH2 token")
        return token
    }

    /// The SASL mechanisms a server announced, from the response lines of a transfer: SMTP's
    /// `250-AUTH PLAIN LOGIN` and IMAP's `AUTH=PLAIN` capabilities.
    static func offeredMechanisms(in header: [UInt8]) -> [String] {
        var offered: [String] = []
        for raw in header.split(separator: UInt8(ascii: "\n")) {
            var line = String(decoding: raw, as: UTF8.self).trimmingWhitespace()
            if line.hasPrefix("250-") || line.hasPrefix("250 ") { line = String(line.dropFirst(4)) }
            let words = line.split(separator: " ").map(String.init)
            if words.first?.uppercased() == "AUTH" { offered += words.dropFirst() }
            for word in words where word.uppercased().hasPrefix("AUTH=") {
                offered.append(String(word.dropFirst(5).prefix { $0 != "]" }))
            }
        }
        var seen = Set<String>()
        return offered.map { $0.uppercased() }.filter { seen.insert($0).inserted }
    }

    /// The mechanisms the server offered when `wanted` is not among them (libcurl then gives up
    /// with "Login denied" and says why only in its verbose trace); nil when it was offered or the
    /// offer was not seen.
    static func offerLacking(_ wanted: String, in header: [UInt8]) -> [String]? {
        let offered = offeredMechanisms(in: header)
        return offered.isEmpty || offered.contains(wanted) ? nil : offered
    }

    /// The server's refusal for the log. When the exchange ended on a SASL continuation (`334 …` in
    /// SMTP, `+ …` in IMAP: the provider's base64 JSON error for XOAUTH2, which libcurl does not
    /// answer), that is the refusal, shown decoded; otherwise `reply`.
    static func readableRefusal(_ reply: String, in header: [UInt8]) -> String {
        guard
            let last = header.split(separator: UInt8(ascii: "\n")).map({ String(decoding: $0, as: UTF8.self).trimmingWhitespace() })
                .last(where: { !$0.isEmpty }),
            last.hasPrefix("334 ") || last.hasPrefix("+ ")
        else { return reply }
        let payload = String(last.drop { $0 != " " }.dropFirst())
        guard let data = Data(base64Encoded: payload), let json = String(data: data, encoding: .utf8), json.hasPrefix("{") else {
            return last
        }
        return "\(last.prefix { $0 != " " }) \(json)"
    }
}
