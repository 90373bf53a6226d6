import Domain

/// Small, allocation-light text helpers used throughout the parser.
enum Text {
    /// `TextFolding.fold` with a fast path for pure ASCII input.
    static func fold(_ s: some StringProtocol) -> String {
        var ascii = true
        for b in s.utf8 where b >= 0x80 { ascii = false; break }
        if !ascii { return TextFolding.fold(s) }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for b in s.utf8 {
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func isSpace(_ c: Character) -> Bool { c.isWhitespace }

    static func trim(_ s: Substring) -> Substring {
        var start = s.startIndex
        var end = s.endIndex
        while start < end, s[start].isWhitespace { start = s.index(after: start) }
        while end > start {
            let p = s.index(before: end)
            if s[p].isWhitespace { end = p } else { break }
        }
        return s[start..<end]
    }

    static func trim(_ s: String) -> String { String(trim(Substring(s))) }

    /// Removes trailing characters in `chars` (and white space).
    static func trimTrailing(_ s: Substring, _ chars: Set<Character>) -> Substring {
        var end = s.endIndex
        while end > s.startIndex {
            let p = s.index(before: end)
            if chars.contains(s[p]) || s[p].isWhitespace { end = p } else { break }
        }
        return s[s.startIndex..<end]
    }

    static let punctuation: Set<Character> = [".", ",", "!", "?", ":", ";", "…", ")", "(", "\"", "'", "”", "“", "*", "-", "–", "—", "~", "/"]
    static let closingPunctuation: Set<Character> = [".", ",", "!", "?", ":", ";", "…", "*", "~", "/", "-", "–", "—"]

    /// Folded text with every character that is not a letter or digit turned into a space (collapsed).
    static func words(_ folded: String) -> String {
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var pending = false
        for ch in folded {
            if ch.isLetter || ch.isNumber {
                if pending && !out.isEmpty { out.append(" ") }
                pending = false
                out.append(ch)
            } else {
                pending = true
            }
        }
        return out
    }

    /// Splits folded text into words (letters/digits runs).
    static func wordList(_ folded: String) -> [Substring] {
        folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
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

    /// Replaces NBSP and friends by spaces, drops zero-width characters and CRs.
    static func normaliseBody(_ text: String) -> String {
        var needs = false
        for b in text.utf8 where b >= 0x80 || b == 0x0D || b == 0x09 { needs = true; break }
        if !needs { return text }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0D: continue
            case 0x09, 0xA0, 0x2007, 0x202F, 0x2000...0x200A: out.append(" ")
            case 0x200B...0x200D, 0xFEFF, 0x2060: continue
            case 0x2028, 0x2029: out.append("\n")
            default: out.append(s)
            }
        }
        return String(out)
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension Substring {
    var trimmed: Substring { Text.trim(self) }
}
