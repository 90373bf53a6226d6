/// Comparison form for names people type: lower case, diacritics removed (å→a, ä→a, ö→o, é→e),
/// white space collapsed and trimmed. Used wherever the spec says "ignoring case and diacritics".
public enum TextFolding {
    public static func fold(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            let base = baseLetter(scalar)
            if base == nil { continue }  // a combining mark
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(base!)
        }
        return String(out)
    }

    /// The letter without its accent; nil for a lone combining mark (decomposed input).
    private static func baseLetter(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch s.value {
        case 0x0300...0x036F: return nil
        case 0xE0...0xE5: return "a"
        case 0xE6: return "a"
        case 0xE7: return "c"
        case 0xE8...0xEB: return "e"
        case 0xEC...0xEF: return "i"
        case 0xF1: return "n"
        case 0xF2...0xF6, 0xF8: return "o"
        case 0xF9...0xFC: return "u"
        case 0xFD, 0xFF: return "y"
        default: return s
        }
    }
}
