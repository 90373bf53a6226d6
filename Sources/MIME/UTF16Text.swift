/// UTF-16 decoded the way Python's codec does with `errors="replace"` (what its email package
/// uses for text parts): a lone surrogate or a trailing odd byte becomes one U+FFFD and the rest
/// of the part is still read, rather than the whole part falling back to windows-1252.
enum UTF16Text {
    enum ByteOrder { case little, big }

    /// A UTF-16 charset label: `utf-16` itself is read by its byte-order mark, little-endian
    /// without one (as Python does); the others name their byte order.
    enum Label { case marked, fixed(ByteOrder) }

    /// nil for any charset that is not UTF-16.
    static func label(_ name: String) -> Label? {
        switch name {
        case "utf-16", "utf16": .marked
        case "utf-16le", "utf16le", "unicodelittleunmarked": .fixed(.little)
        case "utf-16be", "utf16be", "unicodebigunmarked": .fixed(.big)
        default: nil
        }
    }

    static func decode(_ input: some Collection<UInt8>, label: Label) -> String {
        var declared: ByteOrder? = nil
        if case .fixed(let order) = label { declared = order }
        let bytes = Array(input)
        var i = 0
        var order = declared ?? .little
        if declared == nil, bytes.count >= 2 {
            // Only the unmarked `utf-16` label consumes a byte-order mark.
            if bytes[0] == 0xFF && bytes[1] == 0xFE {
                order = .little; i = 2
            } else if bytes[0] == 0xFE && bytes[1] == 0xFF {
                order = .big; i = 2
            }
        }
        @inline(__always) func unit(_ k: Int) -> UInt32 {
            order == .little ? UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 : UInt32(bytes[k]) << 8 | UInt32(bytes[k + 1])
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2)
        while i + 1 < bytes.count {
            let u = unit(i)
            i += 2
            if u >= 0xD800 && u <= 0xDBFF {
                if i + 1 < bytes.count {
                    let low = unit(i)
                    if low >= 0xDC00 && low <= 0xDFFF {
                        i += 2
                        appendUTF8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: &out)
                        continue
                    }
                }
                // A high surrogate without its low half: one replacement, the next unit is read anew.
                appendUTF8(0xFFFD, to: &out)
                continue
            }
            // appendUTF8 turns a lone low surrogate into U+FFFD.
            appendUTF8(u, to: &out)
        }
        if i < bytes.count { appendUTF8(0xFFFD, to: &out) }  // a truncated last code unit
        return String(decoding: out, as: UTF8.self)
    }
}
