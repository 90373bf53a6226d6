import Domain
import Foundation

/// Numbers as the change sentences print them: Swedish with a decimal comma, English with a point, both with the
/// Unicode minus (U+2212) so that a negative change reads the same in either language. Written out by hand rather
/// than with a locale's formatter, so that the text does not depend on the host's locale data. Public so that the
/// tables printed beside a sentence show its numbers in the same spelling.
public struct SentenceNumbers: Sendable {
    public let language: Language

    public init(language: Language) { self.language = language }

    public static let minus = "\u{2212}"

    /// One decimal ("3,1"), two below 0.1 so that a small rate does not print as 0; exactly 0 prints as "0".
    public func rate(_ value: Double) -> String {
        if value == 0 { return "0" }
        return decimal(value, digits: value < 0.1 ? 2 : 1)
    }

    /// Whole weeks without decimals ("8"), otherwise one ("3,5").
    public func weeks(_ value: Double) -> String {
        let text = decimal(value, digits: 1)
        return text.hasSuffix("\(separator)0") ? String(text.dropLast(2)) : text
    }

    /// The change a rate ratio stands for, in whole percent with its sign: 0.45 → "−55 %" (Swedish), "−55%" (English).
    public func percent(ratio: Double) -> String {
        let change = ((ratio - 1) * 100).rounded()
        let sign = change > 0 ? "+" : change < 0 ? Self.minus : ""
        return sign + decimal(abs(change), digits: 0) + percentSign
    }

    /// The interval's level, "95 %" for alpha 0.05.
    public func level(alpha: Double) -> String {
        weeks((1 - alpha) * 100) + percentSign
    }

    public func count(_ value: Int) -> String { value < 0 ? Self.minus + String(-value) : String(value) }

    private var separator: String { language == .swedish ? "," : "." }
    private var percentSign: String { language == .swedish ? " %" : "%" }

    private func decimal(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value > 0 ? "∞" : Self.minus + "∞" }
        let scale = pow(10, Double(digits))
        let scaled = (abs(value) * scale).rounded()
        let sign = value < 0 && scaled > 0 ? Self.minus : ""
        // Beyond any count or rate we print; Double's own spelling then rather than an Int overflow.
        guard scaled < 1e15 else { return sign + abs(value).description }
        let units = Int(scaled)
        let whole = units / Int(scale)
        guard digits > 0 else { return sign + String(whole) }
        let fraction = String(units % Int(scale))
        return sign + String(whole) + separator + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
