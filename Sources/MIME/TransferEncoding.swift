/// Content-Transfer-Encoding decoders. Both are deliberately forgiving: a report with one bad
/// escape or a stray character in base64 should still be read, not rejected.
enum TransferEncoding {
    /// What the decoders repaired is appended to `defects`; the bytes are the same either way.
    static func decode(_ bytes: ArraySlice<UInt8>, encoding: String, defects: inout [Defect]) -> [UInt8] {
        switch encoding {
        case "quoted-printable": quotedPrintable(bytes, defects: &defects)
        case "base64": base64(bytes, defects: &defects)
        default: Array(bytes)
        }
    }

    /// The encodings RFC 2045 defines; anything else is read as it is and recorded.
    static func isKnown(_ encoding: String) -> Bool {
        switch encoding {
        case "7bit", "8bit", "binary", "quoted-printable", "base64": true
        default: false
        }
    }

    /// Whether decoding can give other bytes than the input (7bit, 8bit, binary and unknown
    /// encodings are read as they are).
    static func changesBytes(_ encoding: String) -> Bool {
        encoding == "quoted-printable" || encoding == "base64"
    }

    /// RFC 2045 §6.7. Trailing white space on a line is transport padding and is dropped;
    /// "=" at line end is a soft break; an "=" not followed by two hex digits is kept as text.
    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var ignored: [Defect] = []
        return quotedPrintable(input, defects: &ignored)
    }

    static func quotedPrintable(_ input: ArraySlice<UInt8>, defects: inout [Defect]) -> [UInt8] {
        var invalidEscape = false
        defer { if invalidEscape { defects.append(.invalidQuotedPrintable) } }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = input.startIndex
        let end = input.endIndex
        while i < end {
            // One line at a time, so trailing padding can be cut before decoding.
            var lineEnd = i
            while lineEnd < end && input[lineEnd] != 0x0A { lineEnd += 1 }
            let hasNewline = lineEnd < end
            var contentEnd = lineEnd
            while contentEnd > i && (isSpaceOrTab(input[contentEnd - 1]) || input[contentEnd - 1] == 0x0D) {
                contentEnd -= 1
            }
            var softBreak = false
            var j = i
            while j < contentEnd {
                let b = input[j]
                if b == 0x3D {  // "="
                    if j + 1 == contentEnd {
                        softBreak = true
                        j += 1
                        continue
                    }
                    if j + 2 < contentEnd,
                        let hi = hexValue(input[j + 1]), let lo = hexValue(input[j + 2])
                    {
                        out.append(hi << 4 | lo)
                        j += 3
                        continue
                    }
                    invalidEscape = true
                    out.append(b)
                    j += 1
                    continue
                }
                out.append(b)
                j += 1
            }
            if hasNewline && !softBreak {
                if lineEnd > i && input[lineEnd - 1] == 0x0D { out.append(0x0D) }
                out.append(0x0A)
            }
            i = hasNewline ? lineEnd + 1 : lineEnd
        }
        return out
    }

    private static let base64Table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Characters outside the alphabet are skipped, missing padding is tolerated, and padding
    /// in the middle ends a quantum so concatenated base64 chunks decode correctly.
    static func base64<C: Collection<UInt8>>(_ input: C) -> [UInt8] {
        var ignored: [Defect] = []
        return base64(input, defects: &ignored)
    }

    static func base64<C: Collection<UInt8>>(_ input: C, defects: inout [Defect]) -> [UInt8] {
        if let fast = input.withContiguousStorageIfAvailable({ base64(buffer: $0, defects: &defects) }) { return fast }
        return Array(input).withUnsafeBufferPointer { base64(buffer: $0, defects: &defects) }
    }

    // Attachments make base64 the largest single cost of reading a mailbox: one pass over raw
    // memory with the table hoisted out of the loop.
    private static func base64(buffer input: UnsafeBufferPointer<UInt8>, defects: inout [Defect]) -> [UInt8] {
        var invalidCharacter = false
        var partialQuantum = false
        defer {
            if invalidCharacter { defects.append(.invalidBase64Characters) }
            if partialQuantum { defects.append(.invalidBase64Padding) }
        }
        return base64Table.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: input.count * 3 / 4 + 3) { out, count in
                var o = 0
                var acc: UInt32 = 0
                var n = 0
                // Padding ends a quantum early, so concatenated base64 chunks still decode.
                func flush() {
                    // One character carries 6 bits, less than a byte: it is dropped.
                    if n == 1 { partialQuantum = true }
                    if n == 2 {
                        out[o] = UInt8(truncatingIfNeeded: acc >> 4); o += 1
                    } else if n == 3 {
                        out[o] = UInt8(truncatingIfNeeded: acc >> 10)
                        out[o + 1] = UInt8(truncatingIfNeeded: acc >> 2)
                        o += 2
                    }
                    acc = 0
                    n = 0
                }
                var i = 0
                let end = input.count
                while i < end {
                    // Whole quanta of four alphabet characters, the body of every base64 line,
                    // decode without the per-character bookkeeping; anything else (a line break,
                    // padding, a stray byte) takes the general path below.
                    if n == 0 && i + 4 <= end {
                        let v0 = table[Int(input[i])], v1 = table[Int(input[i + 1])]
                        let v2 = table[Int(input[i + 2])], v3 = table[Int(input[i + 3])]
                        if (v0 | v1 | v2 | v3) & 0x80 == 0 {
                            let q = UInt32(v0) << 18 | UInt32(v1) << 12 | UInt32(v2) << 6 | UInt32(v3)
                            out[o] = UInt8(truncatingIfNeeded: q >> 16)
                            out[o + 1] = UInt8(truncatingIfNeeded: q >> 8)
                            out[o + 2] = UInt8(truncatingIfNeeded: q)
                            o += 3
                            i += 4
                            continue
                        }
                    }
                    let c = input[i]
                    i += 1
                    if c == 0x3D { flush(); continue }
                    let v = table[Int(c)]
                    if v == 0xFF {
                        // Line breaks and spaces are how base64 is wrapped, not damage.
                        if !isWhitespace(c) { invalidCharacter = true }
                        continue
                    }
                    acc = acc << 6 | UInt32(v)
                    n += 1
                    if n == 4 {
                        out[o] = UInt8(truncatingIfNeeded: acc >> 16)
                        out[o + 1] = UInt8(truncatingIfNeeded: acc >> 8)
                        out[o + 2] = UInt8(truncatingIfNeeded: acc)
                        o += 3
                        acc = 0
                        n = 0
                    }
                }
                // Unpadded input ends inside a quantum; padding would have flushed it.
                if n != 0 { partialQuantum = true }
                flush()
                count = o
            }
        }
    }

}
