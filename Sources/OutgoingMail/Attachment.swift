/// A file sent with a mail: the period report's CSV files. The bytes go out as they are, base64-encoded, so a
/// byte-order mark or CRLF line ends the file needs are kept.
public struct Attachment: Sendable, Hashable, Codable {
    /// The name the recipient's client saves it under; non-ASCII names are encoded (RFC 2231, and RFC 2047 for
    /// clients that read only `name`).
    public var filename: String
    /// The media type with its parameters, e.g. `text/csv; charset=utf-8`.
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
