import Foundation

/// The mailbox the daemon reads reports from: IMAP through libcurl in production, an in-memory
/// mailbox in the daemon's logic tests. UIDs are the server's; fetching changes no flags.
public protocol MailboxSource: Sendable {
    /// Ends the session after a poll that selected the mailbox, so that the next one that finds new
    /// mail selects it afresh; idle polls keep their session (one STATUS each).
    func startFreshSession() async throws(TransportError)
    func status(_ mailbox: String) async throws(TransportError) -> MailboxStatus
    /// UIDs above `uid`, ascending; with `since`, only messages received on or after that day.
    func uids(_ mailbox: String, above uid: UInt32, since: Date?) async throws(TransportError) -> [UInt32]
    /// The messages' exact bytes, in one round trip where the server allows.
    func fetch(_ mailbox: String, uids: [UInt32]) async throws(TransportError) -> [FetchedMessage]
    /// One message by the most conservative means, for when `fetch` could not read it.
    func fetchWhole(_ mailbox: String, uid: UInt32) async throws(TransportError) -> [UInt8]
    /// Creates the folder if it does not exist.
    func createMailbox(_ name: String) async throws(TransportError)
    func move(uids: [UInt32], from source: String, to target: String) async throws(TransportError)
}

/// Where the daemon submits the mail it sends: SMTP through libcurl in production.
public protocol MailSubmitter: Sendable {
    /// - Parameter transmitted: called once the whole message has gone out and only the server's
    ///   answer is still to come; a crash after it may leave the message delivered but unrecorded.
    func send(
        from: String, recipients: [String], message: [UInt8],
        transmitted: (@Sendable () -> Void)?
    ) async throws(TransportError) -> SMTPReceipt
}
