/// RFC 3676 format=flowed: soft line breaks are a trailing space, so joining them gives back
/// the paragraphs the sender typed (iPhone and Thunderbird send reports this way).
enum FormatFlowed {
    /// Works on UTF-8 bytes: every marker (`>`, space, line feed) is ASCII, and a byte scan is what
    /// keeps flowed mail as cheap to read as any other.
    static func unwrap(_ text: String, delSp: Bool) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var paragraphDepth = 0
            var open = false
            let gt = UInt8(ascii: ">"), space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")

            func close() {
                guard open else { return }
                out.append(newline)
                open = false
            }

            var lineStart = 0
            let end = bytes.count
            while lineStart < end {
                var lineEnd = lineStart
                while lineEnd < end && bytes[lineEnd] != newline { lineEnd += 1 }
                var start = lineStart
                var depth = 0
                while start < lineEnd && bytes[start] == gt { depth += 1; start += 1 }
                // Space-stuffing (§4.4): one leading space was added by the sender's client.
                if start < lineEnd && bytes[start] == space { start += 1 }
                let isSignature =
                    lineEnd - start == 3 && bytes[start] == UInt8(ascii: "-")
                    && bytes[start + 1] == UInt8(ascii: "-") && bytes[start + 2] == space
                let flowed = !isSignature && lineEnd > start && bytes[lineEnd - 1] == space
                if open && depth != paragraphDepth { close() }
                if !open && depth > 0 {
                    out.append(contentsOf: repeatElement(gt, count: depth))
                    out.append(space)
                }
                let contentEnd = flowed && delSp ? lineEnd - 1 : lineEnd
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<contentEnd]))
                paragraphDepth = depth
                open = true
                if !flowed { close() }
                // A trailing newline ends the last line; it does not start an empty one.
                lineStart = lineEnd + 1
            }
            close()
            return String(decoding: out, as: UTF8.self)
        }
    }
}
