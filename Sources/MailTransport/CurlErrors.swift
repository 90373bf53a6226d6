import CCurl

/// Maps the libcurl result codes shared by IMAP and SMTP to `TransportError`. Protocol-specific
/// codes (login, mailbox, SMTP replies) are decided by the clients before falling back to this.
enum CurlErrors {
    static func code(_ c: CURLcode) -> Int { Int(c.rawValue) }

    static func common(_ result: CurlResult, server: String) -> TransportError {
        let detail = result.errorMessage
        switch result.code {
        case code(CURLE_OPERATION_TIMEDOUT):
            return .timeout(server: server, detail: detail)
        case code(CURLE_COULDNT_CONNECT), code(CURLE_COULDNT_RESOLVE_HOST), code(CURLE_COULDNT_RESOLVE_PROXY):
            return .connectionFailed(server: server, detail: detail)
        case code(CURLE_PEER_FAILED_VERIFICATION), code(CURLE_SSL_CONNECT_ERROR), code(CURLE_SSL_CACERT_BADFILE),
            code(CURLE_USE_SSL_FAILED), code(CURLE_SSL_CERTPROBLEM), code(CURLE_SSL_CIPHER),
            code(CURLE_SSL_ISSUER_ERROR), code(CURLE_SSL_PINNEDPUBKEYNOTMATCH), code(CURLE_SSL_CRL_BADFILE),
            code(CURLE_SSL_ENGINE_NOTFOUND), code(CURLE_SSL_ENGINE_SETFAILED), code(CURLE_SSL_SHUTDOWN_FAILED):
            if result.code == code(CURLE_USE_SSL_FAILED) {
                return .tls(server: server, detail: "the server does not offer STARTTLS, and plaintext is not allowed (\(detail))")
            }
            return .tls(server: server, detail: detail)
        case code(CURLE_SEND_ERROR), code(CURLE_RECV_ERROR), code(CURLE_GOT_NOTHING), code(CURLE_PARTIAL_FILE):
            return .connectionLost(server: server, detail: detail)
        case code(CURLE_WEIRD_SERVER_REPLY):
            return .protocolError(detail: "\(server): \(detail)")
        case code(CURLE_ABORTED_BY_CALLBACK):
            return .cancelled
        case code(CURLE_URL_MALFORMAT), code(CURLE_UNSUPPORTED_PROTOCOL):
            return .invalidRequest(detail: detail)
        default:
            return .other(curlCode: result.code, detail: detail)
        }
    }

    /// Rejects strings that would let a caller smuggle extra protocol lines into a command.
    static func checkLine(_ text: String, what: String) throws(TransportError) {
        if text.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
            throw .invalidRequest(detail: "\(what) contains a line break or NUL")
        }
    }
}
