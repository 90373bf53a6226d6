/// STATUS of a mailbox, without selecting it.
public struct MailboxStatus: Sendable, Equatable {
    public var messages: Int
    public var uidNext: UInt32
    public var uidValidity: UInt32
    public var unseen: Int

    public init(messages: Int, uidNext: UInt32, uidValidity: UInt32, unseen: Int) {
        self.messages = messages
        self.uidNext = uidNext
        self.uidValidity = uidValidity
        self.unseen = unseen
    }
}

/// One message fetched with BODY.PEEK[]: the exact bytes the server holds.
public struct FetchedMessage: Sendable, Equatable {
    public var uid: UInt32
    public var bytes: [UInt8]
    /// Flags, when the server volunteered them in the same FETCH response.
    public var flags: [String]?

    public init(uid: UInt32, bytes: [UInt8], flags: [String]? = nil) {
        self.uid = uid
        self.bytes = bytes
        self.flags = flags
    }
}

/// What the SMTP server said when it took the message.
public struct SMTPReceipt: Sendable, Equatable {
    /// Final reply code (250 when accepted).
    public var code: Int
    /// Final reply line, e.g. "250 2.0.0 Ok: queued as 41A9BF7A5B4".
    public var reply: String
    /// The queue id, when the reply names one ("queued as X").
    public var queueID: String?

    public init(code: Int, reply: String, queueID: String?) {
        self.code = code
        self.reply = reply
        self.queueID = queueID
    }
}
