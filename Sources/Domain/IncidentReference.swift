/// Incident references (`EST-2018-000123`), as the gateway gives them and as people write them back:
/// `est-2018-123`, `EST 2018-000123`.
public enum IncidentReference {
    /// `EST-<year>-<6 digits>`: numbered per year, never repeated.
    public static func make(year: Int, number: Int) -> String {
        let digits = String(number)
        return "EST-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The canonical form of a written reference, or nil when the text is not one.
    public static func normalise(_ text: String) -> String? {
        guard text.utf8.count <= 40 else { return nil }
        let folded = TextFolding.fold(text).replacingOccurrences(of: " ", with: "-")
        let parts = folded.split(separator: "-", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "est", parts[1].count == 4, (1...6).contains(parts[2].count),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[2].allSatisfy({ $0.isASCII && $0.isNumber }),
            let year = Int(parts[1]), let number = Int(parts[2]), number > 0
        else { return nil }
        return make(year: year, number: number)
    }
}
