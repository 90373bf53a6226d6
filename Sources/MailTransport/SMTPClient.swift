import CCurl
import Logging

/// Where and how to send mail.
public struct SMTPConfiguration: Sendable {
    /// `smtps://host[:465]` (implicit TLS) or `smtp://host[:587]` (STARTTLS required unless
    /// `allowInsecureTransport`). An optional path is the EHLO name: `smtp://host:587/gw.example.org`.
    public var url: String
    /// With `auth`: the login name (SMTP AUTH). Without a user name the client sends unauthenticated.
    public var username: String?
    public var auth: MailAuthentication?
    public var caFile: String?
    /// Allows `smtp://` without STARTTLS. Only for test servers on loopback. Certificate checks stay on.
    public var allowInsecureTransport: Bool
    /// EHLO name; overrides the URL path when set.
    public var heloName: String?
    public var timeouts: TransportTimeouts
    public var verbose: Bool

    /// - Parameter password: shorthand for `auth: .password(password)`.
    public init(
        url: String, username: String? = nil, password: String? = nil, auth: MailAuthentication? = nil, caFile: String? = nil,
        allowInsecureTransport: Bool = false, heloName: String? = nil,
        timeouts: TransportTimeouts = TransportTimeouts(), verbose: Bool = false
    ) {
        self.url = url
        self.username = username
        self.auth = auth ?? password.map { .password($0) }
        self.caFile = caFile
        self.allowInsecureTransport = allowInsecureTransport
        self.heloName = heloName
        self.timeouts = timeouts
        self.verbose = verbose
    }
}

extension SMTPConfiguration: CustomStringConvertible {
    public var description: String {
        "SMTPConfiguration(url: \(url), username: \(username ?? "-"), auth: \(auth.map { "\($0)" } ?? "none"), caFile: \(caFile ?? "-"), allowInsecureTransport: \(allowInsecureTransport))"
    }
}

/// Sends messages over SMTP through one libcurl handle (the connection is reused between sends).
public actor SMTPClient {
    public nonisolated let configuration: SMTPConfiguration
    private let server: ServerURL
    private let easy: CurlEasy
    private let logger: Logger
    private var needsFreshConnection = false

    public init(configuration: SMTPConfiguration, logger: Logger = Logger(label: "est.transport.smtp")) throws(TransportError) {
        let server = try ServerURL.parse(configuration.url, schemes: ["smtp", "smtps"])
        if let helo = configuration.heloName { try CurlErrors.checkLine(helo, what: "the EHLO name") }
        if configuration.auth != nil, configuration.username?.isEmpty ?? true {
            throw .invalidRequest(detail: "SMTP AUTH needs the user name (smtp.username) as well as the password or token")
        }
        self.configuration = configuration
        self.server = server
        var logger = logger
        logger[metadataKey: "smtp.server"] = .string(server.base)
        self.logger = logger
        self.easy = try CurlEasy(label: "smtp \(server.base)")
    }

    /// Sends `message` (a complete RFC 5322 message; bare LF line ends are sent as CRLF) from the
    /// envelope sender `from` ("" for the null sender `MAIL FROM:<>`) to every recipient.
    /// libcurl does the dot-stuffing. All recipients must be accepted, else nothing is sent.
    /// - Parameter transmitted: called once the whole message has gone out, before the server's answer.
    public func send(
        from: String, recipients: [String], message: [UInt8],
        transmitted: (@Sendable () -> Void)? = nil
    ) async throws(TransportError) -> SMTPReceipt {
        try Self.checkAddress(from, what: "envelope sender", allowEmpty: true)
        guard !recipients.isEmpty else { throw .invalidRequest(detail: "no recipients") }
        for r in recipients { try Self.checkAddress(r, what: "recipient", allowEmpty: false) }

        let helo = configuration.heloName ?? server.path
        let url = server.base + "/" + URLPath.encode(helo)
        var request = CurlRequest(
            url: url, protocols: "smtp,smtps", username: configuration.auth == nil ? nil : configuration.username,
            caFile: configuration.caFile,
            startTLS: server.implicitTLS || configuration.allowInsecureTransport ? .none : .required,
            upload: Self.crlf(message), uploadFinished: transmitted, mailFrom: from.isEmpty ? "" : "<\(from)>",
            mailRecipients: recipients.map { "<\($0)>" }, timeouts: configuration.timeouts,
            freshConnection: needsFreshConnection, verbose: configuration.verbose)
        do {
            // Read for every message: a refreshed token file is used as soon as a connection is made.
            try configuration.auth?.apply(to: &request)
        } catch {
            logger.warning("smtp send failed", metadata: ["error": .string(error.description)])
            throw error
        }
        let result = await easy.perform(request)
        let lastReply = Self.lastReply(in: result.header, code: result.succeeded ? nil : result.responseCode)
        let metadata: Logger.Metadata = [
            "from": .string(from.isEmpty ? "<>" : from),
            "recipients": .stringConvertible(recipients.count),
            "bytes": .stringConvertible(message.count),
            "ms": .stringConvertible(result.duration.milliseconds),
        ]
        if result.succeeded {
            needsFreshConnection = false
            let code = result.responseCode != 0 ? result.responseCode : (lastReply.code ?? 250)
            let receipt = SMTPReceipt(code: code, reply: lastReply.line, queueID: Self.queueID(in: lastReply.line))
            logger.info("smtp sent", metadata: metadata.merging(["reply": .string(receipt.reply)]) { $1 })
            return receipt
        }
        needsFreshConnection = true
        let error = mapError(result, lastReply: lastReply)
        logger.warning(
            "smtp send failed",
            metadata: metadata.merging([
                "curl": .stringConvertible(result.code), "error": .string(error.description),
            ]) { $1 })
        throw error
    }

    private func mapError(_ result: CurlResult, lastReply: (code: Int?, line: String)) -> TransportError {
        if result.code == CurlErrors.code(CURLE_LOGIN_DENIED), let auth = configuration.auth {
            if let wanted = auth.mechanism, let offered = MailAuthentication.offerLacking(wanted, in: result.header) {
                return .mechanismUnavailable(server: server.base, mechanism: wanted, offered: offered)
            }
            return .authenticationFailed(
                server: server.base, username: configuration.username ?? "", method: auth.method,
                reply: MailAuthentication.readableRefusal(lastReply.line, in: result.header))
        }
        if result.code == CurlErrors.code(CURLE_ABORTED_BY_CALLBACK) { return .cancelled }
        let code = result.responseCode >= 400 ? result.responseCode : (lastReply.code.flatMap { $0 >= 400 ? $0 : nil } ?? 0)
        if code >= 400 && code < 600 {
            // A 421 (service closing) or any 4xx is temporary; 5xx is final for this message.
            return .smtpRejected(code: code, reply: lastReply.line, permanent: code >= 500)
        }
        return CurlErrors.common(result, server: server.base)
    }

    static func checkAddress(_ address: String, what: String, allowEmpty: Bool) throws(TransportError) {
        if address.isEmpty {
            if allowEmpty { return }
            throw .invalidRequest(detail: "empty \(what) address")
        }
        if address.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
            throw .invalidRequest(detail: "\(what) address contains a space, control character or angle bracket")
        }
    }

    /// The last SMTP reply line ("250 2.0.0 Ok: queued as X") in the server response stream.
    /// The last reply line, or the last one with `code` when given (libcurl sends QUIT or RSET after a
    /// rejection, so the rejecting reply is not necessarily the last one).
    static func lastReply(in header: [UInt8], code wanted: Int? = nil) -> (code: Int?, line: String) {
        var fallback: (Int?, String)?
        for raw in header.split(separator: UInt8(ascii: "\n")).reversed() {
            let line = String(decoding: raw, as: UTF8.self).trimmingWhitespace()
            let digits = line.prefix(3)
            guard digits.count == 3, let code = Int(digits) else { continue }
            if let wanted, wanted > 0, code != wanted {
                if fallback == nil && code >= 400 { fallback = (code, line) }
                continue
            }
            return (code, line)
        }
        return fallback ?? (nil, "")
    }

    static func queueID(in reply: String) -> String? {
        guard let range = reply.range(of: "queued as ") else { return nil }
        let id = reply[range.upperBound...].prefix { !$0.isWhitespace }
        return id.isEmpty ? nil : String(id)
    }

    /// Bare LF (and bare CR) become CRLF, as SMTP requires.
    static func crlf(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 40)
        var i = 0
        while i < message.count {
            let b = message[i]
            if b == 13 {
                out.append(13); out.append(10)
                if i + 1 < message.count && message[i + 1] == 10 { i += 1 }
            } else if b == 10 {
                out.append(13); out.append(10)
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
