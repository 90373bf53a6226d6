extension IMAPResponseReader {
    /// The server's reason as the client quotes it in errors, for readers outside this module (the
    /// fuzz target reads the same untrusted stream through both).
    public static func lastTaggedText(in stream: [UInt8]) -> String {
        IMAPResponse.lastTaggedText(in: stream)
    }
}
