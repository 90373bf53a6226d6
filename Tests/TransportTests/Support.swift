import Foundation
import Logging
import MailServerHarness

@testable import MailTransport

func servers() async throws -> MailServers {
    try await SharedMailServers.instance.get()
}

private let userCounter = Counter()

/// A fresh user with its own mailbox.
func newUser(
    _ servers: MailServers, _ prefix: String = "u", password: String = "pw-\(UUID().uuidString.prefix(6))"
) throws -> (address: String, password: String) {
    let name = "\(prefix)\(userCounter.next())-\(UUID().uuidString.prefix(4).lowercased())"
    try servers.addUser(name, password: password)
    return (servers.address(name), password)
}

let testTimeouts = TransportTimeouts(
    connect: .seconds(5), serverResponse: .seconds(10), lowSpeedTime: .seconds(10),
    lowSpeedLimit: 1, total: .seconds(60))

var testLogger: Logger {
    var logger = Logger(label: "transport-tests")
    logger.logLevel = ProcessInfo.processInfo.environment["EST_TEST_LOG"] != nil ? .trace : .critical
    return logger
}

func imapClient(
    _ servers: MailServers, _ user: (address: String, password: String), url: String? = nil,
    caFile: String?? = .none, allowInsecure: Bool = false,
    moveStrategy: MoveStrategy = .automatic
) throws -> IMAPClient {
    let config = IMAPConfiguration(
        url: url ?? servers.imapsURL, username: user.address, auth: .password(user.password),
        caFile: caFile ?? servers.caCertificatePath, allowInsecureTransport: allowInsecure,
        timeouts: testTimeouts)
    return try IMAPClient(configuration: config, moveStrategy: moveStrategy, logger: testLogger)
}

/// A CRLF message.
func message(
    subject: String, from: String = "sender@example.org", to: String = "gw@test.local",
    messageID: String = "<\(UUID().uuidString)@example.org>", body: String
) -> [UInt8] {
    let text =
        "From: \(from)\r\nTo: \(to)\r\nSubject: \(subject)\r\nMessage-ID: \(messageID)\r\nDate: Mon, 10 Sep 2018 10:00:00 +0200\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(body.replacingOccurrences(of: "\n", with: "\r\n"))\r\n"
    return Array(text.utf8)
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// Catches a TransportError (tests assert on its case).
func transportError(_ body: () async throws -> Void) async -> TransportError? {
    do {
        try await body()
        return nil
    } catch let error as TransportError {
        return error
    } catch {
        return .other(curlCode: -999, detail: "unexpected error type: \(error)")
    }
}

/// An IMAP server that offers no STARTTLS and only AUTH=PLAIN, and refuses every other command.
func plainOnlyIMAPServer() throws -> ScriptedLineServer {
    try ScriptedLineServer(greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain only\r\n") { line in
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2 else { return nil }
        let tag = parts[0]
        switch parts[1].uppercased() {
        case "CAPABILITY": return "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n\(tag) OK done\r\n"
        case "LOGOUT": return "* BYE bye\r\n\(tag) OK done\r\n"
        default: return "\(tag) NO not here\r\n"
        }
    }
}
