/// The SASL mechanisms a password can be sent with (`auth: plain` / `auth: login`).
public enum PasswordMechanism: String, Sendable, Hashable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"
}

/// How the gateway logged in to a mail server, as far as an error message needs it: never the
/// password or token itself.
public enum LoginMethod: Sendable, Equatable, CustomStringConvertible {
    /// A password, with the SASL mechanism named in the configuration (nil: libcurl chose among
    /// those the server offers).
    case password(mechanism: String?)
    /// An OAuth 2 bearer token (SASL XOAUTH2) read from this file.
    case xoauth2(tokenFile: String)

    public var description: String {
        switch self {
        case .password(let mechanism): mechanism.map { "password (AUTH=\($0))" } ?? "password"
        case .xoauth2(let file): "XOAUTH2 token from \(file)"
        }
    }
}
