/// Where and how to reach the IMAP mailbox.
public struct IMAPConfiguration: Sendable {
    /// A password (with an optional SASL mechanism) or an XOAUTH2 token file.
    public typealias Authentication = MailAuthentication

    /// `imaps://host[:993]` (implicit TLS) or `imap://host[:143]` (STARTTLS required unless
    /// `allowInsecureTransport`). No path, no credentials.
    public var url: String
    public var username: String
    public var auth: Authentication
    /// CA certificate (PEM) to trust instead of the system store, for a private CA or a self-signed server.
    public var caFile: String?
    /// Allows `imap://` without TLS. Only for test servers on loopback. Certificate checks stay on.
    public var allowInsecureTransport: Bool
    public var timeouts: TransportTimeouts
    /// libcurl's protocol trace on stderr. It can show the SASL exchange: for debugging only, never in production.
    public var verbose: Bool

    public init(
        url: String, username: String, auth: Authentication, caFile: String? = nil,
        allowInsecureTransport: Bool = false, timeouts: TransportTimeouts = TransportTimeouts(),
        verbose: Bool = false
    ) {
        self.url = url
        self.username = username
        self.auth = auth
        self.caFile = caFile
        self.allowInsecureTransport = allowInsecureTransport
        self.timeouts = timeouts
        self.verbose = verbose
    }
}

/// One LIST entry.
public struct MailboxInfo: Sendable, Equatable {
    /// Decoded (Unicode) name, e.g. "EST/Karantän".
    public var name: String
    /// Name as on the wire (modified UTF-7), e.g. "EST/Karant&AOQ-n".
    public var wireName: String
    public var delimiter: String?
    public var attributes: [String]

    public var isSelectable: Bool {
        !attributes.contains { ["\\noselect", "\\nonexistent"].contains($0.lowercased()) }
    }
}

/// How `IMAPClient.move` moves messages.
public enum MoveStrategy: Sendable, Equatable {
    /// UID MOVE when the server advertises MOVE, else COPY + \Deleted + UID EXPUNGE.
    case automatic
    /// Always COPY + \Deleted + UID EXPUNGE (for servers that advertise MOVE but misbehave, and tests).
    case copyAndExpunge
}
