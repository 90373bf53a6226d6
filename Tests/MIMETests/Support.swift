@testable import MIME

/// Parses a message written as a Swift literal with "\n" line endings; `crlf` rewrites them
/// to CRLF so both wire forms are exercised.
func parseMail(_ text: String, crlf: Bool = false) throws -> MailMessage {
    let source = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
    return try MailMessage.parse(Array(source.utf8))
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
