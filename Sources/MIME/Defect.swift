/// Something the reader had to repair or guess while reading a message, as Python's email
/// package records `defects`: the message is still read (the parser never throws for these),
/// and the list tells an operator why it may read differently in another client.
public enum Defect: Sendable, Hashable, CustomStringConvertible {
    /// A multipart's last part ran to the end of its body without a `--boundary--` line.
    case missingClosingBoundary
    /// A multipart whose boundary line never occurs: its body was kept as one opaque body.
    case boundaryNotFound
    /// A multipart without a (non-empty) boundary parameter: its body was kept as one opaque body.
    case missingBoundaryParameter
    /// A Content-Type that is not `type/subtype`: the default type of its position was used.
    case invalidContentType
    /// A Content-Transfer-Encoding we do not know: the content was read as 8bit.
    case unknownTransferEncoding(String)
    /// Characters outside the base64 alphabet (other than white space) were skipped.
    case invalidBase64Characters
    /// Base64 that does not end on a whole quantum, or a quantum of one character.
    case invalidBase64Padding
    /// An "=" not followed by two hex digits or a line end: kept as text.
    case invalidQuotedPrintable
    /// A charset neither we nor iconv know: the text was read as UTF-8, else windows-1252.
    case unknownCharset(String)
    /// Bytes that are not valid in the declared charset ("" when undeclared): read as windows-1252.
    case undecodableText(charset: String)
    /// A folded continuation line with no field before it: dropped.
    case headerContinuationWithoutField
    /// Raw 8-bit bytes in a header field: read as UTF-8, else windows-1252.
    case nonASCIIHeader(field: String)
    /// A line that is neither a field nor a continuation ended the header block without the
    /// blank line: it was read as the first line of the body.
    case missingHeaderBodySeparator
    /// A transfer-encoded message/rfc822 whose decoded copy would exceed the parse's budget
    /// (MIMEPart's decoded-bytes bound): it stayed an opaque part.
    case embeddedMessageNotParsed
    /// The per-message bound was reached; further defects were not recorded.
    case tooManyDefects

    /// Stable identifier for logs and the parse JSON.
    public var code: String {
        switch self {
        case .missingClosingBoundary: "missing-closing-boundary"
        case .boundaryNotFound: "boundary-not-found"
        case .missingBoundaryParameter: "missing-boundary-parameter"
        case .invalidContentType: "invalid-content-type"
        case .unknownTransferEncoding: "unknown-transfer-encoding"
        case .invalidBase64Characters: "invalid-base64-characters"
        case .invalidBase64Padding: "invalid-base64-padding"
        case .invalidQuotedPrintable: "invalid-quoted-printable"
        case .unknownCharset: "unknown-charset"
        case .undecodableText: "undecodable-text"
        case .headerContinuationWithoutField: "header-continuation-without-field"
        case .nonASCIIHeader: "non-ascii-header"
        case .missingHeaderBodySeparator: "missing-header-body-separator"
        case .embeddedMessageNotParsed: "embedded-message-not-parsed"
        case .tooManyDefects: "too-many-defects"
        }
    }

    public var description: String {
        switch self {
        case .missingClosingBoundary: "multipart has no closing boundary; its last part runs to the end"
        case .boundaryNotFound: "multipart boundary never occurs; body kept as one part"
        case .missingBoundaryParameter: "multipart has no boundary parameter; body kept as one part"
        case .invalidContentType: "Content-Type is not type/subtype; default type used"
        case .unknownTransferEncoding(let name): "unknown Content-Transfer-Encoding \"\(name)\"; read as 8bit"
        case .invalidBase64Characters: "characters outside the base64 alphabet skipped"
        case .invalidBase64Padding: "base64 does not end on a whole quantum"
        case .invalidQuotedPrintable: "\"=\" not followed by two hex digits; kept as text"
        case .unknownCharset(let name): "unknown charset \"\(name)\"; read as UTF-8, else windows-1252"
        case .undecodableText(let charset):
            charset.isEmpty
                ? "8-bit text without a declared charset is not UTF-8; read as windows-1252"
                : "text is not valid \(charset); read as windows-1252"
        case .headerContinuationWithoutField: "folded header line with no field before it; dropped"
        case .nonASCIIHeader(let field): "raw 8-bit bytes in header \(field); read as UTF-8, else windows-1252"
        case .missingHeaderBodySeparator: "no blank line after the header block; the first non-header line starts the body"
        case .embeddedMessageNotParsed: "encoded attached message exceeds the decoding budget; kept unparsed"
        case .tooManyDefects: "more than \(DefectBudget.limit) defects; the rest were not recorded"
        }
    }

    /// Names taken from the message (charsets, encodings, field names) are cut to this many
    /// characters, so a hostile header cannot make one defect large.
    static let maxNameLength = 40

    static func name(_ raw: some StringProtocol) -> String {
        let head = raw.prefix(maxNameLength + 1)
        return head.count <= maxNameLength ? String(head) : String(head.prefix(maxNameLength)) + "…"
    }
}

/// A defect with the part it was found in, numbered as IMAP BODY sections (RFC 3501 §6.4.5):
/// "" is the message itself, "1.2" the second child of the first child; an attached message
/// takes its part's number, its children continue below it ("2.1").
public struct PartDefect: Sendable, Hashable {
    public var part: String
    public var defect: Defect
}
