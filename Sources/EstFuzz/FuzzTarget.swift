/// One fuzz target per reader of untrusted bytes. `run` takes raw input to a one-line outcome; a
/// broken invariant traps, so libFuzzer keeps the input and the replay exits non-zero.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// Raw mail → IntakeResult: MIME, classification, authentication results, the report parser.
    case intake
    /// Raw mail → MailMessage and everything read from it (parts, decoded text, readable body).
    case mime
    /// Body text → ParsedReport, without the MIME layer in front of it.
    case report
    /// Server response stream → IMAPResponse values (the server is untrusted too).
    case imap

    func run(_ bytes: [UInt8]) -> String {
        switch self {
        case .intake: IntakeTarget.run(bytes)
        case .mime: MIMETarget.run(bytes)
        case .report: ReportTarget.run(bytes)
        case .imap: IMAPTarget.run(bytes)
        }
    }
}
