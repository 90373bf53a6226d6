public struct MIMEPart: Sendable {
    public var headers: Headers
    public var contentType: ContentType
    public var transferEncoding: String
    public var disposition: String?
    public var filename: String?
    /// Transfer-decoded content; empty for a multipart with parsed children and for a
    /// message/rfc822 part, whose content is `embeddedMessage`.
    public var body: [UInt8]
    public var children: [MIMEPart]
    /// What the reader repaired in this part's own headers and body (not its children's).
    public var defects: [Defect] = []
    // An array gives the recursive MIMEPart → MailMessage → MIMEPart value the indirection it needs.
    private var embedded: [MailMessage]

    public init(
        headers: Headers, contentType: ContentType = .textPlain, transferEncoding: String = "7bit",
        disposition: String? = nil, filename: String? = nil, body: [UInt8] = [],
        children: [MIMEPart] = [], embeddedMessage: MailMessage? = nil
    ) {
        self.headers = headers
        self.contentType = contentType
        self.transferEncoding = transferEncoding
        self.disposition = disposition
        self.filename = filename
        self.body = body
        self.children = children
        self.embedded = embeddedMessage.map { [$0] } ?? []
    }

    public var embeddedMessage: MailMessage? {
        get { embedded.first }
        set { embedded = newValue.map { [$0] } ?? [] }
    }

    public var isAttachment: Bool { disposition == "attachment" }

    /// Text of a `text/*` part: charset-decoded (never failing), line endings as "\n",
    /// and format=flowed paragraphs joined when `unwrapFlowed` is set.
    public func decodedText(unwrapFlowed: Bool = true) -> String? {
        guard contentType.type == "text" else { return nil }
        var text = Charsets.decode(body, charset: contentType.charset)
        if text.utf8.contains(0x0D) { text = normalizingLineEndings(text) }
        if unwrapFlowed, let format = contentType.parameters["format"], asciiLowercased(format.trimmingASCIIWhitespace) == "flowed" {
            let delSp = contentType.parameters["delsp"].map { asciiLowercased($0.trimmingASCIIWhitespace) == "yes" } ?? false
            text = FormatFlowed.unwrap(text, delSp: delSp)
        }
        return text
    }
}

/// CRLF and a lone CR become LF. One pass over raw memory: every CRLF-encoded text part goes
/// through here, so a per-byte append would be a visible share of reading a mailbox.
func normalizingLineEndings(_ s: String) -> String {
    var source = s
    return source.withUTF8 { input in
        String(unsafeUninitializedCapacity: input.count) { out in
            var o = 0
            var i = 0
            let n = input.count
            while i < n {
                let b = input[i]
                i += 1
                if b == 0x0D {
                    out[o] = 0x0A
                    if i < n && input[i] == 0x0A { i += 1 }
                } else {
                    out[o] = b
                }
                o += 1
            }
            return o
        }
    }
}
