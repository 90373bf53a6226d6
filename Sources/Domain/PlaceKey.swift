import Foundation

/// The comparison form of a place as people write it: case, white space, punctuation and diacritics
/// ignored, so "Råby centrum," and "raby  Centrum" are one place (the digest's recurring places,
/// likely duplicates, an insats's place).
public enum PlaceKey {
    public static func fold(_ place: String) -> String {
        let spaced = String(
            String.UnicodeScalarView(
                place.unicodeScalars.map { scalar -> Unicode.Scalar in
                    CharacterSet.punctuationCharacters.contains(scalar) || CharacterSet.symbols.contains(scalar) ? " " : scalar
                }))
        return TextFolding.fold(spaced)
    }

    /// Whether two places are the same as far as the words go: one folded form contains the other.
    public static func matches(_ a: String, _ b: String) -> Bool {
        let x = fold(a), y = fold(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x.contains(y) || y.contains(x)
    }
}
