import Domain

/// Small, allocation-light text helpers used throughout the parser.
enum Text {
    /// `TextFolding.fold`, computed on UTF-8 bytes for ASCII, Latin-1 letters (å ä ö é …) and the
    /// General Punctuation block; anything else falls back to `TextFolding.fold`. Same result either way.
    static func foldBytes(_ s: some StringProtocol, limit: Int = Int.max) -> [UInt8]? {
        if let r = s.utf8.withContiguousStorageIfAvailable({ foldBuffer($0, limit: limit) }) { return r }
        return Array(s.utf8).withUnsafeBufferPointer { foldBuffer($0, limit: limit) }
    }

    private static func foldBuffer(_ u: UnsafeBufferPointer<UInt8>, limit: Int) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(min(u.count, limit == Int.max ? u.count : limit + 1))
        var pendingSpace = false
        var i = 0
        let n = u.count
        while i < n {
            if out.count >= limit { break }
            let b = u[i]
            var o0: UInt8 = 0, o1: UInt8 = 0, o2: UInt8 = 0, len = 0
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F) {
                    pendingSpace = !out.isEmpty; i += 1; continue
                }
                o0 = b >= 0x41 && b <= 0x5A ? b + 32 : b; len = 1
                i += 1
            } else if b == 0xC3 && i + 1 < n {
                var v = UInt32(u[i + 1] & 0x3F) + 0xC0
                if v >= 0xC0 && v <= 0xDE && v != 0xD7 { v += 0x20 }
                len = 1
                switch v {
                case 0xE0...0xE6: o0 = 0x61
                case 0xE7: o0 = 0x63
                case 0xE8...0xEB: o0 = 0x65
                case 0xEC...0xEF: o0 = 0x69
                case 0xF1: o0 = 0x6E
                case 0xF2...0xF6, 0xF8: o0 = 0x6F
                case 0xF9...0xFC: o0 = 0x75
                case 0xFD, 0xFF: o0 = 0x79
                default: o0 = 0xC0 | UInt8(v >> 6); o1 = 0x80 | UInt8(v & 0x3F); len = 2
                }
                i += 2
            } else if b == 0xC2 && i + 1 < n {
                let c = u[i + 1]
                i += 2
                if c == 0x85 || c == 0xA0 { pendingSpace = !out.isEmpty; continue }
                o0 = b; o1 = c; len = 2
            } else if b == 0xE2 && i + 2 < n && (u[i + 1] == 0x80 || u[i + 1] == 0x81) {
                let c = u[i + 1], d = u[i + 2]
                i += 3
                let v = (UInt32(c & 0x3F) << 6 | UInt32(d & 0x3F)) + 0x2000
                if v <= 0x200A || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F {
                    pendingSpace = !out.isEmpty; continue
                }
                o0 = b; o1 = c; o2 = d; len = 3
            } else {
                return nil
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(o0)
            if len > 1 { out.append(o1) }
            if len > 2 { out.append(o2) }
        }
        return out
    }

    static func fold(_ s: some StringProtocol) -> String {
        if let b = foldBytes(s) { return String(decoding: b, as: UTF8.self) }
        return TextFolding.fold(s)
    }

    /// Whether the folded text starts with `prefix` (ASCII), followed by a non-letter or the end when `word`.
    static func foldedHasPrefix(_ s: Substring, _ prefix: [UInt8], word: Bool = false) -> Bool {
        guard let f = foldBytes(s, limit: prefix.count + 1) ?? Array(fold(s).utf8.prefix(prefix.count + 1)) as [UInt8]?,
            f.count >= prefix.count
        else { return false }
        for k in 0..<prefix.count where f[k] != prefix[k] { return false }
        if word, f.count > prefix.count {
            let n = f[prefix.count]
            return !((n >= 0x61 && n <= 0x7A) || (n >= 0x30 && n <= 0x39) || n >= 0x80)
        }
        return true
    }

    @inline(__always) static func isSpace(_ c: Character) -> Bool { c.isWhitespace }

    @inline(__always) static func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// Trims ASCII white space and NBSP (the body is normalised, so that is all there is).
    static func trim(_ s: Substring) -> Substring {
        let bounds: (Int, Int)? = s.utf8.withContiguousStorageIfAvailable { u -> (Int, Int) in
            var a = 0, z = u.count
            while a < z {
                let b = u[a]
                if isSpaceByte(b) { a += 1; continue }
                if b == 0xC2, a + 1 < z, u[a + 1] == 0xA0 { a += 2; continue }
                break
            }
            while z > a {
                let b = u[z - 1]
                if isSpaceByte(b) { z -= 1; continue }
                if b == 0xA0, z - 1 > a, u[z - 2] == 0xC2 { z -= 2; continue }
                break
            }
            return (a, z)
        }
        guard let (a, z) = bounds else { return slowTrim(s) }
        if a == 0 && z == s.utf8.count { return s }
        let u = s.utf8
        let start = u.index(u.startIndex, offsetBy: a)
        let end = u.index(u.startIndex, offsetBy: z)
        return s[start..<end]
    }

    private static func slowTrim(_ s: Substring) -> Substring {
        var t = s
        while let c = t.first, c.isWhitespace { t = t.dropFirst() }
        while let c = t.last, c.isWhitespace { t = t.dropLast() }
        return t
    }

    static func trim(_ s: String) -> String { String(trim(Substring(s))) }

    /// Removes trailing characters in `chars` (and white space).
    static func trimTrailing(_ s: Substring, _ chars: Set<Character>) -> Substring {
        var t = trim(s)
        while let l = t.utf8.last {
            if l < 0x80 {
                if chars.contains(Character(Unicode.Scalar(l))) || isSpaceByte(l) { t = t.dropLast() } else { break }
            } else if let c = t.last, chars.contains(c) || c.isWhitespace {
                t = t.dropLast()
            } else {
                break
            }
        }
        return t
    }

    static let punctuation: Set<Character> = [
        ".", ",", "!", "?", ":", ";", "…", ")", "(", "\"", "'", "”", "“", "*", "-", "–", "—", "~", "/",
    ]
    static let closingPunctuation: Set<Character> = [".", ",", "!", "?", ":", ";", "…", "*", "~", "/", "-", "–", "—"]

    /// Folded text with every character that is not a letter or digit turned into a space (collapsed).
    /// Bytes of other scripts count as letters; General Punctuation (dashes, quotes, …) does not.
    static func words(_ folded: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(folded.utf8.count)
        var pending = false
        let u = Array(folded.utf8)
        var i = 0
        while i < u.count {
            let b = u[i]
            var len = 1
            var word: Bool
            if b < 0x80 {
                word = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
            } else {
                len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                word =
                    !(b == 0xE2 && i + 1 < u.count && (u[i + 1] == 0x80 || u[i + 1] == 0x81))
                    && !(b == 0xC2)  // U+0080…U+00BF: symbols and punctuation (« » ° §)
            }
            len = min(len, u.count - i)
            if word {
                if pending && !out.isEmpty { out.append(0x20) }
                pending = false
                out.append(contentsOf: u[i..<(i + len)])
            } else {
                pending = true
            }
            i += len
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits folded text into words (letters/digits runs).
    static func wordList(_ folded: String) -> [Substring] {
        let w = words(folded)
        return w.split(separator: " ")
    }

    /// Levenshtein distance over bytes of folded strings.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// A similarity score in 0...1 (0 = identical) for suggestions: edit distance relative to length,
    /// lowered when one is a prefix-ish or whole-word part of the other.
    static func distanceScore(_ typed: String, _ key: String) -> Double {
        let a = Array(typed.utf8), b = Array(key.utf8)
        if a.isEmpty || b.isEmpty { return 1 }
        var score = Double(editDistance(a, b)) / Double(max(a.count, b.count))
        var cp = 0
        while cp < a.count, cp < b.count, a[cp] == b[cp] { cp += 1 }
        let shorter = min(a.count, b.count)
        if cp >= 4 || (cp >= 3 && cp == shorter) {
            score = min(score, 1 - Double(cp) / Double(shorter) * 0.75)
        }
        if b.count >= 4 {
            let words = wordList(typed)
            if words.count > 1, words.contains(where: { $0 == key }) { score = min(score, 0.2) }
        }
        return score
    }

    /// Replaces NBSP and other space characters by spaces, line/paragraph separators by `\n`, drops
    /// zero-width characters, byte-order marks and CRs. Works on UTF-8 bytes.
    static func normaliseBody(_ text: String) -> String {
        var needs = false
        for b in text.utf8 where b >= 0x80 || b == 0x0D || b == 0x09 { needs = true; break }
        if !needs { return text }
        var copy = text
        return copy.withUTF8 { normalise($0) }
    }

    private static func normalise(_ u: UnsafeBufferPointer<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            let b = u[i]
            if b == 0x0D { i += 1; continue }
            if b == 0x09 { out.append(0x20); i += 1; continue }
            if b == 0xC2, i + 1 < u.count, u[i + 1] == 0xA0 { out.append(0x20); i += 2; continue }
            if b == 0xE2, i + 2 < u.count, u[i + 1] == 0x80 || u[i + 1] == 0x81 {
                let v = (UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F)) + 0x2000
                switch v {
                case 0x2000...0x200A, 0x202F, 0x205F: out.append(0x20); i += 3; continue
                case 0x200B...0x200D, 0x2060: i += 3; continue
                case 0x2028, 0x2029: out.append(0x0A); i += 3; continue
                default: break
                }
            }
            if b == 0xEF, i + 2 < u.count, u[i + 1] == 0xBB, u[i + 2] == 0xBF { i += 3; continue }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Byte-level substring test (no Foundation).
    static func contains(_ s: some StringProtocol, _ needle: String) -> Bool {
        find(Array(needle.utf8), in: s) != nil
    }

    static func find(_ n: [UInt8], in s: some StringProtocol) -> Int? {
        if let r = s.utf8.withContiguousStorageIfAvailable({ find(n, $0) }) { return r }
        return Array(s.utf8).withUnsafeBufferPointer { find(n, $0) }
    }

    private static func find(_ n: [UInt8], _ h: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !n.isEmpty, h.count >= n.count else { return nil }
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == n[0] {
                var j = 1
                while j < n.count && h[i + j] == n[j] { j += 1 }
                if j == n.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Replaces every occurrence of `a` by `b` (byte level); returns `s` itself when there is none.
    static func replacing(_ s: String, _ a: String, _ b: String) -> String {
        let h = Array(s.utf8), n = Array(a.utf8), r = Array(b.utf8)
        guard !n.isEmpty, h.count >= n.count else { return s }
        var out = [UInt8]()
        var i = 0
        var changed = false
        while i < h.count {
            if i + n.count <= h.count && h[i] == n[0] && h[i..<(i + n.count)].elementsEqual(n) {
                if !changed { out.reserveCapacity(h.count); out.append(contentsOf: h[0..<i]); changed = true }
                out.append(contentsOf: r)
                i += n.count
                continue
            }
            if changed { out.append(h[i]) }
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : s
    }

    /// Folded text with en/em dashes turned into `-` and `c:a` into `ca`.
    static func plainDashes(_ f: String) -> String {
        var t = f
        var high = false, colon = false
        for b in f.utf8 { if b == 0xE2 { high = true } else if b == 0x3A { colon = true } }
        if high {
            t = replacing(t, "–", "-")
            t = replacing(t, "—", "-")
        }
        if colon { t = replacing(t, "c:a", "ca") }
        return t
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension Substring {
    var trimmed: Substring { Text.trim(self) }
}

extension StringProtocol {
    /// Byte-wise prefix test (no Unicode normalisation; our prefixes are ASCII or already folded).
    @inline(__always) func bytesStart(with p: String) -> Bool {
        let a = utf8, b = p.utf8
        guard a.count >= b.count else { return false }
        var i = a.startIndex, j = b.startIndex
        while j < b.endIndex {
            if a[i] != b[j] { return false }
            i = a.index(after: i); j = b.index(after: j)
        }
        return true
    }

    @inline(__always) func bytesEnd(with p: String) -> Bool {
        let a = utf8, b = p.utf8
        let n = a.count, m = b.count
        guard n >= m else { return false }
        var i = a.index(a.startIndex, offsetBy: n - m), j = b.startIndex
        while j < b.endIndex {
            if a[i] != b[j] { return false }
            i = a.index(after: i); j = b.index(after: j)
        }
        return true
    }
}
