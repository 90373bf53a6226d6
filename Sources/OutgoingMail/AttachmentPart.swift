/// One attachment as a MIME body part: its header lines and its base64 content (RFC 2045 §6.8: lines of at most
/// 76 characters), the file name as every common reader finds it.
enum AttachmentPart {
    /// Longest base64 line (RFC 2045 §6.8).
    static let lineLength = 76
    /// Characters of an encoded file name per RFC 2231 continuation: with ` filename*0*=UTF-8''` before it and `;`
    /// after it, a line stays within 78.
    static let continuationLength = 50

    static func render(_ attachment: Attachment) -> String {
        let name = safeName(attachment.filename)
        let type = HeaderEncoding.sanitize(attachment.contentType).filter { $0 != "\"" }
        var head = "Content-Type: \(type.isEmpty ? "application/octet-stream" : type);\r\n name=\"\(nameParameter(name))\""
        head += "\r\nContent-Transfer-Encoding: base64"
        head += "\r\nContent-Disposition: attachment;\r\n " + filenameParameter(name)
        return head + "\r\n\r\n" + base64Lines(attachment.data)
    }

    /// Control characters, quotes, backslashes and path separators cannot be part of a file name a client saves.
    static func safeName(_ filename: String) -> String {
        let clean = HeaderEncoding.sanitize(filename).map { "\"\\/".contains($0) ? "_" : $0 }
        return clean.isEmpty ? "attachment" : String(clean)
    }

    /// `name=` of Content-Type: ASCII as it is, otherwise RFC 2047 words (what Outlook and Gmail write themselves).
    static func nameParameter(_ name: String) -> String {
        guard !name.unicodeScalars.allSatisfy(\.isASCII) else { return name }
        return HeaderEncoding.encodeUnstructured(name, used: 8)
    }

    /// `filename="…"` for ASCII; otherwise RFC 2231 `filename*=UTF-8''…`, split into numbered continuations when long.
    static func filenameParameter(_ name: String) -> String {
        if name.unicodeScalars.allSatisfy(\.isASCII) && name.count <= continuationLength { return "filename=\"\(name)\"" }
        let encoded = percentEncoded(name)
        guard encoded.count > continuationLength else { return "filename*=UTF-8''\(encoded)" }
        var pieces: [String] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            // Never between a "%" and its two hex digits.
            var cut = rest.index(rest.startIndex, offsetBy: min(continuationLength, rest.count))
            if let percent = rest[..<cut].suffix(2).lastIndex(of: "%") { cut = percent }
            pieces.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        return pieces.enumerated().map { i, piece in "filename*\(i)*=" + (i == 0 ? "UTF-8''" : "") + piece }
            .joined(separator: ";\r\n ")
    }

    /// RFC 2231 §7: attribute characters as they are, every other byte of the UTF-8 as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$&+-.^_`|~".unicodeScalars.contains(scalar)
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    static func base64Lines(_ data: [UInt8]) -> String {
        let encoded = Array(HeaderEncoding.base64(data).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / lineLength * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + lineLength, encoded.count)
            out += encoded[start..<end]
            out += [0x0D, 0x0A]
            start = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}
