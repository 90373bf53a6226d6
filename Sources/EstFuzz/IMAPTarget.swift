import MailTransport

enum IMAPTarget {
    static func run(_ bytes: [UInt8]) -> String {
        // The client quotes this as the server's reason whether or not the stream parses.
        let reason = IMAPResponseReader.lastTaggedText(in: bytes)
        let responses: [IMAPResponse]
        do {
            responses = try IMAPResponseReader.parse(bytes)
        } catch {
            return "malformed \(error.reason) reason=\(reason.utf8.count)B"
        }
        // Each response consumes at least one byte; more would mean the reader invents input.
        precondition(responses.count <= bytes.count, "\(responses.count) responses from \(bytes.count) bytes")
        var names = 0
        for case .untagged(let values) in responses where values.count >= 4 {
            // LIST names are decoded from modified UTF-7 as the client does.
            guard case .atom(let word) = values[0], word.uppercased() == "LIST" else { continue }
            switch values[3] {
            case .atom(let wire): _ = ModifiedUTF7.decodeLeniently(wire); names += 1
            case .string(let wire): _ = ModifiedUTF7.decodeLeniently(String(decoding: wire, as: UTF8.self)); names += 1
            default: break
            }
        }
        return "responses=\(responses.count) names=\(names) reason=\(reason.utf8.count)B"
    }
}
