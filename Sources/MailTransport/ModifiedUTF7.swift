/// IMAP mailbox names on the wire: "modified UTF-7" (RFC 3501 §5.1.3).
///
/// Printable US-ASCII (0x20–0x7E) stands for itself, except "&", written "&-". Any other run of
/// characters is UTF-16 encoded, written in modified BASE64 (with "," instead of "/", no padding)
/// between "&" and "-". Example: "EST/Karantän" ⇄ "EST/Karant&AOQ-n".
public enum ModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    public static func encode(_ name: String) -> String {
        var out: [UInt8] = []
        var pending: [UInt16] = []

        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            out.append(UInt8(ascii: "&"))
            var i = 0
            while i < bytes.count {
                let b0 = bytes[i]
                let b1: UInt8? = i + 1 < bytes.count ? bytes[i + 1] : nil
                let b2: UInt8? = i + 2 < bytes.count ? bytes[i + 2] : nil
                out.append(alphabet[Int(b0 >> 2)])
                out.append(alphabet[Int(((b0 & 0x03) << 4) | ((b1 ?? 0) >> 4))])
                if let b1 {
                    out.append(alphabet[Int(((b1 & 0x0F) << 2) | ((b2 ?? 0) >> 6))])
                }
                if let b2 {
                    out.append(alphabet[Int(b2 & 0x3F)])
                }
                i += 3
            }
            out.append(UInt8(ascii: "-"))
            pending.removeAll()
        }

        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v >= 0x20 && v <= 0x7E {
                flush()
                if v == 0x26 {
                    out.append(contentsOf: [UInt8(ascii: "&"), UInt8(ascii: "-")])
                } else {
                    out.append(UInt8(v))
                }
            } else {
                pending.append(contentsOf: Array(String(scalar).utf16))
            }
        }
        flush()
        return String(decoding: out, as: UTF8.self)
    }

    public enum DecodingError: Error, Equatable, Sendable {
        case unterminatedShift(String)
        case invalidBase64(String)
        case invalidUTF16(String)
        case nonPrintable(String)
    }

    /// Decodes a wire name. Throws on malformed input (an unterminated "&", bad BASE64, a lone
    /// surrogate, 8-bit bytes); `decodeLeniently` returns the input unchanged instead.
    public static func decode(_ wire: String) throws(DecodingError) -> String {
        let bytes = Array(wire.utf8)
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b >= 0x20 && b <= 0x7E else { throw .nonPrintable(wire) }
            if b != UInt8(ascii: "&") {
                scalars.append(Unicode.Scalar(b))
                i += 1
                continue
            }
            guard let end = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "-")) else { throw .unterminatedShift(wire) }
            if end == i + 1 {
                scalars.append("&")
                i = end + 1
                continue
            }
            var bits: UInt32 = 0
            var bitCount = 0
            var units: [UInt16] = []
            var pendingBytes: [UInt8] = []
            for c in bytes[(i + 1)..<end] {
                guard let value = alphabet.firstIndex(of: c) else { throw .invalidBase64(wire) }
                bits = (bits << 6) | UInt32(value)
                bitCount += 6
                if bitCount >= 8 {
                    bitCount -= 8
                    pendingBytes.append(UInt8((bits >> UInt32(bitCount)) & 0xFF))
                    if pendingBytes.count == 2 {
                        units.append(UInt16(pendingBytes[0]) << 8 | UInt16(pendingBytes[1]))
                        pendingBytes.removeAll()
                    }
                }
            }
            // Leftover bits must be zero padding, fewer than 6; no half UTF-16 unit.
            if !pendingBytes.isEmpty || bitCount >= 6 || (bits & ((1 << UInt32(bitCount)) - 1)) != 0 || units.isEmpty {
                throw .invalidBase64(wire)
            }
            var decoded = String.UnicodeScalarView()
            var iterator = units.makeIterator()
            var utf16 = UTF16()
            loop: while true {
                switch utf16.decode(&iterator) {
                case .scalarValue(let s):
                    // A shifted run must not encode printable ASCII (RFC 3501: those are written directly).
                    if s.value >= 0x20 && s.value <= 0x7E { throw .invalidBase64(wire) }
                    decoded.append(s)
                case .emptyInput: break loop
                case .error: throw .invalidUTF16(wire)
                }
            }
            scalars.append(contentsOf: decoded)
            i = end + 1
        }
        return String(scalars)
    }

    public static func decodeLeniently(_ wire: String) -> String {
        (try? decode(wire)) ?? wire
    }
}
