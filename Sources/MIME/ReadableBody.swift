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
    /// The text a person reads in this message's own body: in a multipart/alternative the plain
    /// part, or the HTML turned into text when there is no plain part or the plain part lost what
    /// the HTML holds (`PlainAlternative`); in a multipart/mixed every inline text part in order,
    /// one after the other (iPhone's text, photo, text). Attached messages are not looked into.
    public func readableBody() -> ReadableBody {
        let pieces = Self.readableParts(root, depth: 0)
        guard let first = pieces.first else { return ReadableBody(text: "", source: .none) }
        let texts = pieces.map { $0.html ? HTMLText.text(fromHTML: $0.part.decodedText(unwrapFlowed: false) ?? "") : $0.plainText }
        return ReadableBody(text: texts.joined(separator: "\n"), source: first.html ? .html : .plain)
    }

    private struct Piece {
        var part: MIMEPart
        var html: Bool
        var plainText: String = ""
    }

    /// The parts read, in order. Only the children of a multipart/mixed add up; any other
    /// multipart gives its first readable child (multipart/related its start part), as
    /// `preferredTextPart` chooses. Depth is bounded by the MIME reader's own limits.
    private static func readableParts(_ part: MIMEPart, depth: Int) -> [Piece] {
        if part.isAttachment || depth > 64 { return [] }
        let ct = part.contentType
        if ct.type == "text" {
            if ct.subtype == "plain" { return [Piece(part: part, html: false, plainText: part.decodedText(unwrapFlowed: true) ?? "")] }
            if ct.subtype == "html" { return [Piece(part: part, html: true)] }
            return []
        }
        guard ct.type == "multipart", !part.children.isEmpty else { return [] }
        switch ct.subtype {
        case "mixed":
            return part.children.flatMap { readableParts($0, depth: depth + 1) }
        case "related":
            var start: MIMEPart? = nil
            if let id = ct.parameters["start"], !id.isEmpty { start = part.children.first { $0.headers.first("Content-ID") == id } }
            return (start ?? part.children.first).map { readableParts($0, depth: depth + 1) } ?? []
        case "alternative":
            let options = part.children.map { readableParts($0, depth: depth + 1) }.filter { !$0.isEmpty }
            let plain = options.first { !$0[0].html }
            let html = options.last { $0[0].html }
            guard let plain else { return html ?? options.first ?? [] }
            if let html, plain.count == 1, html.count == 1,
                PlainAlternative.lostStructure(
                    plain: plain[0].plainText, html: { HTMLText.text(fromHTML: html[0].part.decodedText(unwrapFlowed: false) ?? "") })
            {
                return html
            }
            return plain
        default:
            return part.children.lazy.map { readableParts($0, depth: depth + 1) }.first { !$0.isEmpty } ?? []
        }
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
