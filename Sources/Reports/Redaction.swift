/// Removing personal data from free text: Swedish personal identity numbers, phone numbers, e-mail addresses.
public enum Redaction {
    public static let marker = "[borttaget]"
    private static let markerBytes = Array(marker.utf8)

    /// The text with personal data replaced by `[borttaget]`, and whether anything was replaced.
    public static func redact(_ text: String) -> (text: String, redacted: Bool) {
        var hasDigit = false, hasAt = false
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 { hasDigit = true } else if b == 0x40 { hasAt = true }
        }
        if !hasDigit && !hasAt { return (text, false) }
        var bytes = Array(text.utf8)
        var changed = false
        if hasAt { changed = redactEmails(&bytes) }
        if hasDigit && redactNumbers(&bytes) { changed = true }
        return changed ? (String(decoding: bytes, as: UTF8.self), true) : (text, false)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
    }

    static func redactEmails(_ b: inout [UInt8]) -> Bool {
        func local(_ c: UInt8) -> Bool { isAlnum(c) && c < 0x80 || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D }
        func domain(_ c: UInt8) -> Bool { (isAlnum(c) && c < 0x80) || c == 0x2E || c == 0x2D }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var changed = false
        var i = 0
        var copied = 0
        while i < b.count {
            guard b[i] == 0x40 else { i += 1; continue }
            var l = i
            while l > copied, local(b[l - 1]) { l -= 1 }
            var r = i + 1
            while r < b.count, domain(b[r]) { r += 1 }
            while r > i + 1, b[r - 1] == 0x2E || b[r - 1] == 0x2D { r -= 1 }
            while l < i, b[l] == 0x2E { l += 1 }
            let dom = b[(i + 1)..<r]
            if l < i, let dot = dom.lastIndex(of: 0x2E), dot > i + 1, r - dot - 1 >= 2,
                b[(dot + 1)..<r].allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) })
            {
                out.append(contentsOf: b[copied..<l])
                out.append(contentsOf: markerBytes)
                copied = r
                changed = true
                i = r
            } else {
                i += 1
            }
        }
        if changed {
            out.append(contentsOf: b[copied...])
            b = out
        }
        return changed
    }

    static func redactNumbers(_ b: inout [UInt8]) -> Bool {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var changed = false
        var i = 0
        while i < b.count {
            let c = b[i]
            let startsNumber = isDigit(c) || (c == 0x2B && i + 1 < b.count && isDigit(b[i + 1]))
            if startsNumber && (i == 0 || !isAlnum(b[i - 1])) {
                if let end = personalNumber(b, i) ?? phoneNumber(b, i) {
                    out.append(contentsOf: markerBytes)
                    changed = true
                    i = end
                    continue
                }
                // Copy the whole digit run so that no match starts inside it.
                var j = i + 1
                while j < b.count, isDigit(b[j]) { j += 1 }
                out.append(contentsOf: b[i..<j])
                i = j
                continue
            }
            out.append(c)
            i += 1
        }
        if changed { b = out }
        return changed
    }

    private static func run(_ b: [UInt8], _ i: Int) -> Int {
        var j = i
        while j < b.count, isDigit(b[j]) { j += 1 }
        return j - i
    }

    private static func value(_ b: [UInt8], _ i: Int, _ n: Int) -> Int {
        var v = 0
        for k in i..<(i + n) { v = v * 10 + Int(b[k] - 0x30) }
        return v
    }

    private static func plausibleDate(month: Int, day: Int) -> Bool {
        (1...12).contains(month) && ((1...31).contains(day) || (61...91).contains(day))
    }

    /// YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN. Returns the end index.
    static func personalNumber(_ b: [UInt8], _ i: Int) -> Int? {
        guard isDigit(b[i]) else { return nil }
        let n = run(b, i)
        func ok(dateAt d: Int, century: Bool) -> Bool {
            let off = century ? 2 : 0
            if century {
                let cc = value(b, d, 2)
                guard cc == 18 || cc == 19 || cc == 20 else { return false }
            }
            return plausibleDate(month: value(b, d + off + 2, 2), day: value(b, d + off + 4, 2))
        }
        let endOK: (Int) -> Bool = { e in e >= b.count || !isAlnum(b[e]) }
        switch n {
        case 12: return ok(dateAt: i, century: true) && endOK(i + 12) ? i + 12 : nil
        case 10: return ok(dateAt: i, century: false) && endOK(i + 10) ? i + 10 : nil
        case 6, 8:
            let s = i + n
            // `850312-4411`, `850312+4411`, and `850312 4411` as people also type it.
            guard s + 5 <= b.count, b[s] == 0x2D || b[s] == 0x2B || b[s] == 0x20, run(b, s + 1) == 4, endOK(s + 5) else { return nil }
            return ok(dateAt: i, century: n == 8) ? s + 5 : nil
        default: return nil
        }
    }

    /// Swedish phone numbers: `070-123 45 67`, `0701234567`, `021-39 00 00`, `+46 70 123 45 67`, `+46 (0)70-…`.
    /// Returns the end index of the longest run of digit groups that forms a plausible number.
    static func phoneNumber(_ b: [UInt8], _ i: Int) -> Int? {
        let plus = b[i] == 0x2B
        guard plus || b[i] == 0x30 else { return nil }
        var j = plus ? i + 1 : i
        var digits = 0
        var groups: [Int] = []
        var cur = 0
        var candidates: [(end: Int, digits: Int, groups: [Int])] = []
        while j < b.count {
            let c = b[j]
            if isDigit(c) {
                digits += 1; cur += 1; j += 1
                if digits > 16 { break }
                continue
            }
            // `(0)` inside an international number.
            if c == 0x28, j + 2 < b.count, b[j + 1] == 0x30, b[j + 2] == 0x29, plus || digits > 0 {
                j += 3
                if j < b.count, b[j] == 0x20 || b[j] == 0x2D { j += 1 }
                continue
            }
            var sepLen = 0
            // A line break too: a client's wrap splits `070-123` / `45 67` over two lines.
            if c == 0x20 || c == 0x2D || c == 0x2F || c == 0x0A {
                sepLen = 1
            } else if c == 0xE2, j + 2 < b.count, b[j + 1] == 0x80, b[j + 2] == 0x93 {
                sepLen = 3
            }  // en dash
            if sepLen > 0 {
                var k = j + sepLen
                // `070 - 123 45 67`
                if c == 0x20, k + 1 < b.count, b[k] == 0x2D, b[k + 1] == 0x20 { k += 2 }
                let paren = k + 2 < b.count && b[k] == 0x28 && b[k + 1] == 0x30 && b[k + 2] == 0x29
                if k < b.count, isDigit(b[k]) || paren, cur > 0 {
                    groups.append(cur); cur = 0
                    candidates.append((j, digits, groups))
                    j = k
                    continue
                }
            }
            break
        }
        if cur > 0 {
            groups.append(cur)
            if j >= b.count || !isAlnum(b[j]) { candidates.append((j, digits, groups)) }
        }
        let international00 = !plus && i + 1 < b.count && b[i + 1] == 0x30
        for cand in candidates.reversed() {
            // Dates written with dashes are not phone numbers (01-02-2018, 03-09-18).
            if cand.groups == [2, 2, 4] || cand.groups == [4, 2, 2] || cand.groups == [2, 2, 2] { continue }
            let ok: Bool
            if plus {
                ok = (9...13).contains(cand.digits)
            } else if international00 {
                ok = (11...15).contains(cand.digits)
            } else {
                ok = (8...11).contains(cand.digits)
            }
            if ok { return cand.end }
        }
        return nil
    }
}
