public struct ReadableBody: Sendable {
    public enum Source: String, Sendable { case plain, html, none }
    public var text: String
    public var source: Source

    public init(text: String, source: Source) {
        self.text = text
        self.source = source
    }
}

extension MailMessage {
    /// The text a person reads in this message's own body: the preferred text part, HTML
    /// turned into text when there is no plain part. Attached messages are not looked into.
    public func readableBody() -> ReadableBody {
        guard let part = preferredTextPart() else { return ReadableBody(text: "", source: .none) }
        if part.contentType.subtype == "html" {
            return ReadableBody(text: HTMLText.text(fromHTML: part.decodedText(unwrapFlowed: false) ?? ""), source: .html)
        }
        return ReadableBody(text: part.decodedText(unwrapFlowed: true) ?? "", source: .plain)
    }

    /// The first message/rfc822 (or message/global) part's message, depth-first: what a
    /// "forward as attachment" carries.
    public func firstAttachedMessage() -> MailMessage? {
        for part in allParts() where part.contentType.type == "message" {
            if let m = part.embeddedMessage { return m }
        }
        return nil
    }
}
