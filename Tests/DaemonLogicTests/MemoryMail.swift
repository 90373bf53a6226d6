import Foundation
import MailAccess

/// A mailbox in memory that behaves as the daemon relies on IMAP behaving: UIDs ascend and are never
/// reused, a move gives the message a new UID in the target, a new UIDVALIDITY renumbers everything.
/// Failures are scripted per operation, so the daemon's answers to them can be tested without a server.
actor MemoryMailbox: MailboxSource {
    enum Operation: Hashable { case status, search, fetch, fetchWhole, create, move }

    struct Message {
        var uid: UInt32
        var bytes: [UInt8]
        var received: Date
    }

    private(set) var folders: [String: [Message]] = ["INBOX": []]
    private(set) var uidValidity: UInt32 = 1000
    private var nextUID: [String: UInt32] = [:]
    private var failures: [Operation: [TransportError]] = [:]
    /// Every UID FETCH, as the list of UIDs asked for.
    private(set) var fetches: [[UInt32]] = []
    private(set) var moves: [(uids: [UInt32], target: String)] = []
    /// Every command asked for, in order, and how many times a session was ended.
    private(set) var calls: [Operation] = []
    private(set) var sessionsEnded = 0
    /// UIDs whose bytes no fetch can read (a message that confuses every parser on the way).
    private var unreadable: Set<UInt32> = []
    /// Runs as each move begins, before the server changes anything.
    private var beforeMove: (@Sendable () -> Void)?

    func onMove(_ body: @escaping @Sendable () -> Void) { beforeMove = body }

    @discardableResult
    func deliver(_ bytes: [UInt8], to folder: String = "INBOX", received: Date = Date()) -> UInt32 {
        let uid = nextUID[folder, default: 1]
        nextUID[folder] = uid + 1
        folders[folder, default: []].append(Message(uid: uid, bytes: bytes, received: received))
        return uid
    }

    /// The next `count` calls of `operation` fail with `error`.
    func fail(_ operation: Operation, with error: TransportError, times count: Int = 1) {
        failures[operation, default: []] += Array(repeating: error, count: count)
    }

    func makeUnreadable(_ uid: UInt32) { unreadable.insert(uid) }

    /// What a server does after its index was rebuilt: a new UIDVALIDITY, every message renumbered.
    func renumber() {
        uidValidity += 1
        for (name, messages) in folders {
            var uid: UInt32 = 1
            folders[name] = messages.map { message in
                defer { uid += 1 }
                return Message(uid: uid, bytes: message.bytes, received: message.received)
            }
            nextUID[name] = uid
        }
    }

    func count(_ folder: String) -> Int { folders[folder]?.count ?? 0 }

    private func check(_ operation: Operation) throws(TransportError) {
        calls.append(operation)
        guard var pending = failures[operation], !pending.isEmpty else { return }
        let error = pending.removeFirst()
        failures[operation] = pending
        throw error
    }

    private func messages(_ mailbox: String) throws(TransportError) -> [Message] {
        guard let messages = folders[mailbox] else { throw .mailboxUnavailable(mailbox: mailbox, reply: "NO no such mailbox") }
        return messages
    }

    // MARK: MailboxSource

    func startFreshSession() throws(TransportError) { sessionsEnded += 1 }

    func status(_ mailbox: String) throws(TransportError) -> MailboxStatus {
        try check(.status)
        let messages = try messages(mailbox)
        return MailboxStatus(messages: messages.count, uidNext: nextUID[mailbox, default: 1], uidValidity: uidValidity, unseen: 0)
    }

    func uids(_ mailbox: String, above uid: UInt32, since: Date?) throws(TransportError) -> [UInt32] {
        try check(.search)
        // IMAP's SINCE compares dates, not instants: the day it names counts whole.
        let day = since.map { Calendar(identifier: .gregorian).startOfDay(for: $0) }
        return try messages(mailbox).filter { message in
            message.uid > uid && (day.map { message.received >= $0 } ?? true)
        }.map(\.uid)
    }

    func fetch(_ mailbox: String, uids: [UInt32]) throws(TransportError) -> [FetchedMessage] {
        fetches.append(uids)
        try check(.fetch)
        let wanted = Set(uids)
        if !wanted.isDisjoint(with: unreadable) { throw .protocolError(detail: "unreadable FETCH response") }
        return try messages(mailbox).filter { wanted.contains($0.uid) }.map { FetchedMessage(uid: $0.uid, bytes: $0.bytes) }
    }

    func fetchWhole(_ mailbox: String, uid: UInt32) throws(TransportError) -> [UInt8] {
        try check(.fetchWhole)
        if unreadable.contains(uid) { throw .protocolError(detail: "unreadable FETCH response") }
        guard let message = try messages(mailbox).first(where: { $0.uid == uid }) else {
            throw .commandRejected(command: "UID FETCH", reply: "NO no such message")
        }
        return message.bytes
    }

    func createMailbox(_ name: String) throws(TransportError) {
        try check(.create)
        if folders[name] == nil { folders[name] = [] }
    }

    func move(uids: [UInt32], from source: String, to target: String) throws(TransportError) {
        beforeMove?()
        try check(.move)
        guard folders[target] != nil else { throw .mailboxUnavailable(mailbox: target, reply: "NO [TRYCREATE] no such mailbox") }
        let wanted = Set(uids)
        let moving = try messages(source).filter { wanted.contains($0.uid) }
        folders[source]?.removeAll { wanted.contains($0.uid) }
        for message in moving { deliver(message.bytes, to: target, received: message.received) }
        moves.append((uids, target))
    }
}

/// An SMTP server in memory: records what it accepts, answers with scripted refusals first.
actor MemorySubmitter: MailSubmitter {
    struct Submission {
        var from: String
        var recipients: [String]
        var message: [UInt8]
    }

    private(set) var accepted: [Submission] = []
    private var script: [TransportError] = []
    private(set) var attempts = 0

    /// The next sends fail with these errors, in order.
    func refuse(_ errors: TransportError...) { script += errors }

    func send(
        from: String, recipients: [String], message: [UInt8],
        transmitted: (@Sendable () -> Void)?
    ) throws(TransportError) -> SMTPReceipt {
        attempts += 1
        if !script.isEmpty { throw script.removeFirst() }
        transmitted?()
        accepted.append(Submission(from: from, recipients: recipients, message: message))
        return SMTPReceipt(code: 250, reply: "250 2.0.0 Ok: queued as M\(accepted.count)", queueID: "M\(accepted.count)")
    }
}
