import Foundation

/// Everything that can go wrong talking to the IMAP or SMTP server, typed so that callers can decide
/// whether to retry, and described so that an operator knows what failed and what to do next.
///
/// No case ever carries a password or token: only server addresses (without credentials), user
/// names, mailbox names and the server's own reply text.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server refused the user name and password (or XOAUTH2 token).
    case authenticationFailed(server: String, username: String, method: LoginMethod, reply: String)
    /// The configuration names a SASL mechanism (`auth:`) that the server does not offer.
    case mechanismUnavailable(server: String, mechanism: String, offered: [String])
    /// The password or token could not be read now (a token file missing or empty): a refresher
    /// that writes it may fix this without any change to the configuration.
    case credentialUnavailable(detail: String)
    /// The TLS handshake or the certificate check failed, or the server offers no TLS where it is required.
    case tls(server: String, detail: String)
    /// The configuration asks for a plaintext connection without `allowInsecureTransport`.
    case insecureTransportRefused(url: String)
    /// The mailbox does not exist or could not be selected.
    case mailboxUnavailable(mailbox: String, reply: String)
    /// The server did not answer in time (connect, response or low-speed timeout).
    case timeout(server: String, detail: String)
    /// Nothing listens at the address, the host name does not resolve, or the network is unreachable.
    case connectionFailed(server: String, detail: String)
    /// The connection broke in the middle of a command.
    case connectionLost(server: String, detail: String)
    /// The server answered NO or BAD to a command.
    case commandRejected(command: String, reply: String)
    /// The server's reply could not be understood (or libcurl reported a protocol error).
    case protocolError(detail: String)
    /// The SMTP server refused the message (at MAIL, RCPT or end of DATA). 5xx is permanent, 4xx is not.
    case smtpRejected(code: Int, reply: String, permanent: Bool)
    /// The caller passed something that cannot be sent (CR/LF in an address or command, bad URL, unreadable token file).
    case invalidRequest(detail: String)
    /// The task was cancelled while the transfer ran.
    case cancelled
    /// Any other libcurl failure.
    case other(curlCode: Int, detail: String)

    /// True when the same operation may succeed later without any change to the configuration or the
    /// message: network trouble, timeouts, temporary (4xx) SMTP rejections, a vanished connection.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .connectionFailed, .connectionLost, .cancelled, .credentialUnavailable:
            return true
        case .smtpRejected(_, _, let permanent):
            return !permanent
        case .other:
            return true
        case .authenticationFailed, .mechanismUnavailable, .tls, .insecureTransportRefused, .mailboxUnavailable,
            .commandRejected, .protocolError, .invalidRequest:
            return false
        }
    }

    /// True when the failure is about how the gateway connects or logs in, not about one message:
    /// an outbox stops its pass rather than try the next message the same way (repeated failed
    /// logins can lock the account at the provider).
    public var concernsTheConnection: Bool {
        switch self {
        case .authenticationFailed, .mechanismUnavailable, .credentialUnavailable, .tls, .insecureTransportRefused:
            return true
        case .smtpRejected:
            return false
        default:
            return isRetryable
        }
    }

    /// True only when the server refused this particular message for good (SMTP 5xx): an outbox marks
    /// the row failed at once. Every other error leaves the message to be tried again once the cause
    /// (network, configuration) is gone.
    public var rejectsMessagePermanently: Bool {
        if case .smtpRejected(_, _, true) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .authenticationFailed(server, username, .password(mechanism), reply):
            return
                "login to \(server) as \(username) with a password\(mechanism.map { " (AUTH=\($0))" } ?? "") was refused\(said(reply)); check the user name and the password (password_env or password_file) in the configuration, and that the account may log in over IMAP / SMTP AUTH"
        case let .authenticationFailed(server, username, .xoauth2(file), reply):
            return
                "login to \(server) as \(username) with the XOAUTH2 token from \(file) was refused\(said(reply)); the token has probably expired or been revoked: check that the token refresher keeps \(file) current (it is read again for every new connection), and that the token was issued for \(username) with the mail scopes"
        case let .mechanismUnavailable(server, mechanism, offered):
            return
                "\(server) does not offer AUTH=\(mechanism)\(offered.isEmpty ? "" : " (it offers \(offered.joined(separator: ", ")))"); set auth in the configuration to a mechanism the server offers"
        case let .credentialUnavailable(detail):
            return "\(detail); will retry"
        case let .tls(server, detail):
            return
                "TLS with \(server) failed: \(detail); check that the server's certificate is valid for its host name and trusted (set caFile to the CA certificate for a private CA)"
        case let .insecureTransportRefused(url):
            return
                "refusing a plaintext connection to \(url); use imaps:// / smtps:// or a server that offers STARTTLS, or set allowInsecureTransport for a test server"
        case let .mailboxUnavailable(mailbox, reply):
            return
                "mailbox \"\(mailbox)\" is not available\(said(reply)); check the mailbox name in the configuration (folders are created on demand, INBOX must exist)"
        case let .timeout(server, detail):
            return "\(server) did not answer in time (\(detail)); will retry, check the network or raise the timeouts if this persists"
        case let .connectionFailed(server, detail):
            return "could not connect to \(server) (\(detail)); will retry, check that the server runs and the host and port are right"
        case let .connectionLost(server, detail):
            return "the connection to \(server) broke (\(detail)); will retry"
        case let .commandRejected(command, reply):
            return "the server rejected \(command)\(said(reply))"
        case let .protocolError(detail):
            return "could not understand the server's reply: \(detail)"
        case let .smtpRejected(code, reply, permanent):
            return permanent
                ? "the SMTP server refused the message permanently (\(code))\(said(reply)); it will not be retried"
                : "the SMTP server deferred the message (\(code))\(said(reply)); will retry"
        case let .invalidRequest(detail):
            return "invalid request: \(detail)"
        case .cancelled:
            return "the transfer was cancelled"
        case let .other(code, detail):
            return "libcurl error \(code): \(detail)"
        }
    }

    private func said(_ reply: String) -> String {
        let trimmed = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : " (server said: \(trimmed))"
    }
}
