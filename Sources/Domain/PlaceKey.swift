import Foundation

/// The comparison form of a place as people write it: case, white space, punctuation and diacritics
/// ignored, so "Råby centrum," and "raby  Centrum" are one place (the digest's recurring places,
/// likely duplicates, an insats's place).
public enum PlaceKey {
    public static func fold(_ place: String) -> String {
        let spaced = String(
            String.UnicodeScalarView(
                place.unicodeScalars.map { scalar -> Unicode.Scalar in
                    // ASCII letters, digits and spaces, most of any place, skip the character-set lookups.
                    if scalar.value < 0x80, isASCIILetterOrSpace(scalar.value) {
                        return scalar
                    }
                    return CharacterSet.punctuationCharacters.contains(scalar) || CharacterSet.symbols.contains(scalar) ? " " : scalar
                }))
        return TextFolding.fold(spaced)
    }

    private static func isASCIILetterOrSpace(_ v: UInt32) -> Bool {
        (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A) || (v >= 0x30 && v <= 0x39) || v == 0x20
    }

    /// Whether two places are the same as far as the words go: one folded form contains the other.
    public static func matches(_ a: String, _ b: String) -> Bool {
        matches(folded: fold(a), fold(b))
    }

    /// `matches` on places already folded, for comparing one place with many.
    public static func matches(folded x: String, _ y: String) -> Bool {
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x.contains(y) || y.contains(x)
    }
}
