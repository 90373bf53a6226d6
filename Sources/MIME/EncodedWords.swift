/// RFC 2047 encoded words in header text.
public enum EncodedWords {
    /// Decodes every encoded word in `value`. White space between two encoded words is dropped
    /// (RFC 2047 §6.2), and adjacent words in the same charset are decoded as one byte string,
    /// because clients split long UTF-8 text in the middle of a character.
    public static func decode(_ value: String) -> String {
        var found = false
        var prev: UInt8 = 0
        for b in value.utf8 {
            if prev == 0x3D && b == 0x3F { found = true; break }
            prev = b
        }
        guard found else { return value }
        return decode(bytes: Array(value.utf8))
    }

    static func decode(bytes b: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var pendingCharset: String? = nil
        var pending: [UInt8] = []
        var lastWasWord = false

        func flush() {
            guard let cs = pendingCharset else { return }
            out.append(contentsOf: Charsets.decode(pending, charset: cs).utf8)
            pending.removeAll(keepingCapacity: true)
            pendingCharset = nil
        }

        var i = 0
        let n = b.count
        while i < n {
            if b[i] == 0x3D, let word = parseWord(b, at: i) {
                if pendingCharset != nil && pendingCharset != word.charset { flush() }
                pendingCharset = word.charset
                appendDecoded(b, word, to: &pending)
                i = word.end
                lastWasWord = true
                continue
            }
            if lastWasWord && isWhitespace(b[i]) {
                var j = i
                while j < n && isWhitespace(b[j]) { j += 1 }
                if j < n, b[j] == 0x3D, parseWord(b, at: j) != nil {
                    i = j
                    continue
                }
                flush()
                out.append(contentsOf: b[i..<j])
                i = j
                lastWasWord = false
                continue
            }
            flush()
            lastWasWord = false
            out.append(b[i])
            i += 1
        }
        flush()
        return String(decoding: out, as: UTF8.self)
    }

    struct Word {
        var charset: String
        var isBase64: Bool
        var text: Range<Int>
        var end: Int
    }

    /// `=?charset?B|Q?text?=` starting at `start`. Spaces inside the text are tolerated because
    /// several clients put them there; a word never spans more than the header line.
    static func parseWord(_ b: [UInt8], at start: Int) -> Word? {
        let n = b.count
        guard start + 1 < n, b[start] == 0x3D, b[start + 1] == 0x3F else { return nil }
        var i = start + 2
        let csStart = i
        while i < n && b[i] != 0x3F {
            let c = b[i]
            if c <= 0x20 || c >= 0x7F || c == 0x3D { return nil }
            i += 1
            if i - csStart > 64 { return nil }
        }
        guard i < n, i > csStart else { return nil }
        let charset = String(decoding: b[csStart..<i], as: UTF8.self)
        i += 1
        guard i + 1 < n, b[i + 1] == 0x3F else { return nil }
        let isBase64: Bool
        switch b[i] {
        case 0x42, 0x62: isBase64 = true
        case 0x51, 0x71: isBase64 = false
        default: return nil
        }
        i += 2
        let textStart = i
        while i + 1 < n {
            if b[i] == 0x3F && b[i + 1] == 0x3D {
                return Word(charset: asciiLowercased(charset), isBase64: isBase64, text: textStart..<i, end: i + 2)
            }
            if b[i] == 0x0A || b[i] == 0x0D { return nil }
            i += 1
        }
        return nil
    }

    static func appendDecoded(_ b: [UInt8], _ word: Word, to out: inout [UInt8]) {
        let text = b[word.text]
        if word.isBase64 {
            out.append(contentsOf: TransferEncoding.base64(text))
            return
        }
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == 0x5F {
                out.append(0x20)
            } else if c == 0x3D, i + 2 < text.endIndex, let hi = hexValue(text[i + 1]), let lo = hexValue(text[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
                continue
            } else {
                out.append(c)
            }
            i += 1
        }
    }
}
