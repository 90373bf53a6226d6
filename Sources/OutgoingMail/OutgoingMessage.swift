import Foundation

/// A mail the gateway sends, before it is turned into bytes.
public struct OutgoingMessage: Sendable, Hashable, Codable {
    public var from: Mailbox
    /// Exactly the recipients it goes to; rules in mail-rules.md §4 keep replies to one.
    public var to: [Mailbox]
    public var subject: String
    public var messageID: String
    public var date: Date
    /// Extra header fields in order (In-Reply-To, Auto-Submitted, the loop header …).
    public var headers: [HeaderLine]
    public var text: String
    public var html: String?
    /// Files after the text (the period report's CSV files); none for every other mail.
    public var attachments: [Attachment]

    public init(
        from: Mailbox, to: [Mailbox], subject: String, messageID: String, date: Date,
        headers: [HeaderLine] = [], text: String, html: String? = nil, attachments: [Attachment] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.headers = headers
        self.text = text
        self.html = html
        self.attachments = attachments
    }
}

public struct Mailbox: Sendable, Hashable, Codable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }
}

public struct HeaderLine: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
