public struct ReadableBody: Sendable {
    public enum Source: String, Sendable { case plain, html, none }
    public var text: String
    public var source: Source
    /// Set when the sender forwarded the report as an attached message with at most a short
    /// note of their own; the report is then read from `forwarded.readableBody()`.
    public var forwarded: MailMessage?

    public init(text: String, source: Source, forwarded: MailMessage? = nil) {
        self.text = text
        self.source = source
        self.forwarded = forwarded
    }
}

extension MailMessage {
    public func readableBody() -> ReadableBody {
        var body = ReadableBody(text: "", source: .none)
        if let part = preferredTextPart() {
            if part.contentType.subtype == "html" {
                body.text = HTMLText.text(fromHTML: part.decodedText(unwrapFlowed: false) ?? "")
                body.source = .html
            } else {
                body.text = part.decodedText(unwrapFlowed: true) ?? ""
                body.source = .plain
            }
        }
        if let attached = firstAttachedMessage(), Self.isShortNote(body.text) {
            body.forwarded = attached
        }
        return body
    }

    private func firstAttachedMessage() -> MailMessage? {
        for part in allParts() where part.contentType.type == "message" {
            if let m = part.embeddedMessage { return m }
        }
        return nil
    }

    /// A forwarding note ("Se bifogad rapport", a greeting and a signature) as opposed to a
    /// report written in the outer mail. A report has at least the five required field lines,
    /// so up to three "Label: value" lines (a phone number in a signature) still count as a note.
    static func isShortNote(_ text: String) -> Bool {
        var fieldLines = 0
        var nonEmpty = 0
        for line in text.split(separator: "\n") {
            let t = line.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if t.isEmpty { continue }
            nonEmpty += 1
            if let colon = t.firstIndex(of: ":") {
                let label = t[..<colon]
                if !label.isEmpty, label.count <= 30, label.allSatisfy({ $0.isLetter || $0 == " " || $0 == "*" }),
                   !t[t.index(after: colon)...].allSatisfy({ $0 == " " || $0 == "\t" }) {
                    fieldLines += 1
                }
            }
        }
        return fieldLines <= 3 && nonEmpty <= 20
    }
}
