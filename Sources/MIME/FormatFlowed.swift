/// RFC 3676 format=flowed: soft line breaks are a trailing space, so joining them gives back
/// the paragraphs the sender typed (iPhone and Thunderbird send reports this way).
enum FormatFlowed {
    static func unwrap(_ text: String, delSp: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var paragraph = ""
        var paragraphDepth = 0
        var open = false

        func flush() {
            guard open else { return }
            if paragraphDepth > 0 {
                out += String(repeating: ">", count: paragraphDepth)
                out += " "
            }
            out += paragraph
            out += "\n"
            paragraph = ""
            open = false
        }

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A trailing newline ends the last line; it does not start an empty one.
        if lines.last?.isEmpty == true { lines.removeLast() }
        for raw in lines {
            var line = raw
            var depth = 0
            while line.first == ">" { depth += 1; line = line.dropFirst() }
            // Space-stuffing (§4.4): one leading space was added by the sender's client.
            if line.first == " " { line = line.dropFirst() }
            let isSignature = line == "-- "
            let flowed = !isSignature && line.last == " "
            if open && depth != paragraphDepth { flush() }
            if flowed && delSp { line = line.dropLast() }
            paragraph += line
            paragraphDepth = depth
            open = true
            if !flowed { flush() }
        }
        flush()
        return out
    }
}
