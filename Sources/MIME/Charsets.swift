#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Charset decoding that never fails: a report must be readable even when the sender's client
/// declares the wrong charset or none at all.
public enum Charsets {
    /// Decodes `bytes` declared as `charset`. Undeclared, unknown or contradicted declarations
    /// fall back to UTF-8 when the bytes are valid UTF-8, else windows-1252.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        let name = charset.map(normalizedName) ?? ""
        switch family(name) {
        case .utf8: return utf8OrFallback(bytes)
        case .windows1252: return windows1252(bytes)
        case .latin9: return latin9(bytes)
        case .utf16(let label): return UTF16Text.decode(bytes, label: label)
        case .other:
            if case .text(let s) = iconvDecode(bytes, from: name) { return s }
            return utf8OrFallback(bytes)
        }
    }

    /// What `decode` has to guess for these bytes, nil when the declaration holds. Single-byte
    /// charsets cannot fail and UTF-16 replaces errors as Python does, so only UTF-8 (and
    /// undeclared) text and iconv's charsets are checked.
    static func defect(_ bytes: some Collection<UInt8>, charset: String?) -> Defect? {
        let name = charset.map(normalizedName) ?? ""
        switch family(name) {
        case .utf8:
            return isUTF8(bytes) ? nil : .undecodableText(charset: Defect.name(name))
        case .windows1252, .latin9, .utf16:
            return nil
        case .other:
            switch iconvDecode(bytes, from: name) {
            case .text: return nil
            case .unknownCharset: return .unknownCharset(Defect.name(name))
            case .invalidBytes: return .undecodableText(charset: Defect.name(name))
            }
        }
    }

    private enum Family {
        case utf8, windows1252, latin9, utf16(UTF16Text.Label), other
    }

    private static func family(_ name: String) -> Family {
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            return .utf8
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "ibm367", "default", "x-unknown", "unknown-8bit",
            "unknown":
            return .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "iso_8859-1:1987",
            "8859-1":
            // Mail labelled Latin-1 is in practice written by Windows clients, so the C1 range
            // carries windows-1252 punctuation (dashes, quotes), as browsers also assume.
            return .windows1252
        case "windows-1252", "cp1252", "windows1252", "x-cp1252", "cp-1252", "win-1252", "ms-ansi":
            return .windows1252
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9", "iso-8859-15:1998", "csisolatin9":
            return .latin9
        default:
            return UTF16Text.label(name).map(Family.utf16) ?? .other
        }
    }

    static func normalizedName(_ raw: String) -> String {
        var s = raw.trimmingASCIIWhitespace
        if s.utf8.count >= 2, s.utf8.first == 0x22, s.utf8.last == 0x22 {
            s = String(s.dropFirst().dropLast())
        }
        // RFC 2231 allows a language suffix on encoded-word charsets ("utf-8*sv").
        if let star = s.firstIndex(of: "*") { s = String(s[..<star]) }
        return asciiLowercased(s.trimmingASCIIWhitespace)
    }

    static func utf8OrFallback(_ bytes: some Collection<UInt8>) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return windows1252(bytes)
    }

    static func isUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.contains(where: { $0 >= 0x80 }) || String(validating: bytes, as: UTF8.self) != nil
    }

    /// Code points for 0x80...0x9F; undefined slots map to the C1 control of the same value,
    /// as the WHATWG encoding standard does.
    static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        singleByte(bytes) { b in
            (b >= 0x80 && b < 0xA0) ? UInt32(cp1252High[Int(b) - 0x80]) : UInt32(b)
        }
    }

    static func latin9(_ bytes: some Collection<UInt8>) -> String {
        singleByte(bytes) { b in
            switch b {
            case 0xA4: 0x20AC
            case 0xA6: 0x0160
            case 0xA8: 0x0161
            case 0xB4: 0x017D
            case 0xB8: 0x017E
            case 0xBC: 0x0152
            case 0xBD: 0x0153
            case 0xBE: 0x0178
            default: UInt32(b)
            }
        }
    }

    private static func singleByte(_ bytes: some Collection<UInt8>, _ map: (UInt8) -> UInt32) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            appendUTF8(map(b), to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    enum IconvOutcome {
        case text(String)
        case unknownCharset
        case invalidBytes
    }

    /// Glibc iconv covers the long tail (koi8-r, shift_jis, gb2312, utf-16 …). A conversion
    /// error means the declaration is wrong, so the caller's fallback applies.
    static func iconvDecode(_ bytes: some Collection<UInt8>, from charset: String) -> IconvOutcome {
        guard !charset.isEmpty, charset.utf8.count < 64,
            charset.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return .unknownCharset }
        let cd = iconv_open("UTF-8", charset)
        guard let cd, Int(bitPattern: cd) != -1 else { return .unknownCharset }
        defer { iconv_close(cd) }
        var input = Array(bytes)
        if input.isEmpty { return .text("") }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf -> Int? in
            output.withUnsafeMutableBufferPointer { outBuf -> Int? in
                guard let inBase = inBuf.baseAddress, let outBase = outBuf.baseAddress else { return nil }
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { return nil }
                // Flush any shift state (ISO-2022-JP and friends).
                _ = iconv(cd, nil, nil, &outPtr, &outLeft)
                return outBuf.count - outLeft
            }
        }
        guard let produced else { return .invalidBytes }
        return .text(String(decoding: output[0..<produced], as: UTF8.self))
    }
}

@inline(__always) func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    var v = scalar
    if v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { v = 0xFFFD }
    switch v {
    case 0..<0x80:
        out.append(UInt8(v))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    }
}
