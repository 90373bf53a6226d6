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
        var scanned = 0
        return decode(bytes: Array(value.utf8), scanned: &scanned)
    }

    /// `scanned` counts the bytes looked at while searching for the ends of words.
    static func decode(bytes b: [UInt8], scanned: inout Int) -> String {
        var ends = WordEnds(b)
        defer { scanned += ends.scanned }
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
            if b[i] == 0x3D, let word = parseWord(b, at: i, ends: &ends) {
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
                if j < n, b[j] == 0x3D, parseWord(b, at: j, ends: &ends) != nil {
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
        var ends = WordEnds(b)
        return parseWord(b, at: start, ends: &ends)
    }

    /// Where the text of a word ends: the first `?=`, or a line break that ends the word early.
    /// Remembered between calls, so a header of many `=?` openers that never close costs one
    /// pass instead of one pass per opener.
    struct WordEnds {
        let b: [UInt8]
        /// No end lies in `from..<end`, and `end` is one (or `b.count`).
        private var from = Int.max
        private var end = 0
        private(set) var scanned = 0

        init(_ b: [UInt8]) { self.b = b }

        private mutating func scan(_ lo: Int, _ hi: Int) -> Int? {
            var i = lo
            while i < hi {
                scanned += 1
                let c = b[i]
                if c == 0x0A || c == 0x0D { return i }
                if c == 0x3F && i + 1 < b.count && b[i + 1] == 0x3D { return i }
                i += 1
            }
            return nil
        }

        mutating func next(from p: Int) -> Int {
            if p >= from && p <= end { return end }
            if p < from && from != Int.max && p <= end {
                // Openers move forward, but a longer charset name can put a text start a few
                // bytes before the last one: only that gap is new.
                if let hit = scan(p, from) { end = hit }
                from = p
                return end
            }
            end = scan(p, b.count) ?? b.count
            from = p
            return end
        }
    }

    static func parseWord(_ b: [UInt8], at start: Int, ends: inout WordEnds) -> Word? {
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
        let e = ends.next(from: textStart)
        guard e + 1 < n, b[e] == 0x3F, b[e + 1] == 0x3D else { return nil }
        return Word(charset: asciiLowercased(charset), isBase64: isBase64, text: textStart..<e, end: e + 2)
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
