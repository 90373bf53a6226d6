// Small byte-level helpers shared by the parsers. Everything here is ASCII-only on purpose:
// MIME syntax is ASCII, and content bytes are never interpreted before charset decoding.

@inline(__always) func isSpaceOrTab(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

@inline(__always) func isWhitespace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B
}

@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 {
    (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
}

@inline(__always) func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: b - 0x30
    case 0x41...0x46: b - 0x41 + 10
    case 0x61...0x66: b - 0x61 + 10
    default: nil
    }
}

@inline(__always) func isASCIIDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

@inline(__always) func isASCIILetter(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
}

/// Case-insensitive comparison of an ASCII name against already-lowercased bytes.
func asciiEqualsLowercased(_ s: String, _ lower: String) -> Bool {
    var a = s.utf8.makeIterator()
    var b = lower.utf8.makeIterator()
    while true {
        let x = a.next(), y = b.next()
        if x == nil && y == nil { return true }
        guard let x, let y, asciiLower(x) == y else { return false }
    }
}

func asciiLowercased(_ s: String) -> String {
    if !s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return s }
    return String(decoding: s.utf8.map(asciiLower), as: UTF8.self)
}

func trimmedRange(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
    var lo = range.lowerBound, hi = range.upperBound
    while lo < hi && isWhitespace(bytes[lo]) { lo += 1 }
    while hi > lo && isWhitespace(bytes[hi - 1]) { hi -= 1 }
    return lo..<hi
}

extension String {
    /// Trims ASCII whitespace only; Unicode spaces inside header text are content.
    var trimmingASCIIWhitespace: String {
        let u = utf8
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi && isWhitespace(u[lo]) { lo = u.index(after: lo) }
        while hi > lo && isWhitespace(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        if lo == u.startIndex && hi == u.endIndex { return self }
        return String(self[lo..<hi])
    }
}

/// Decodes header or parameter bytes the way real mailers write them: UTF-8 when valid,
/// otherwise windows-1252, which covers the Latin-1 Outlook and webmail clients still emit.
func decodeHeaderBytes<C: Collection<UInt8>>(_ bytes: C) -> String {
    if !bytes.contains(where: { $0 >= 0x80 }) {
        return String(decoding: bytes, as: UTF8.self)
    }
    if let s = String(validating: bytes, as: UTF8.self) { return s }
    return Charsets.windows1252(bytes)
}
