/// `INS-<year>-<4 digits>`, as the gateway gives it and as people write it back (`ins-2018-7`).
public enum InsatsReference {
    public static func make(year: Int, number: Int) -> String {
        let digits = String(number)
        return "INS-\(year)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    public static func normalise(_ text: String) -> String? {
        guard text.utf8.count <= 30 else { return nil }
        let parts = TextFolding.fold(text).replacingOccurrences(of: " ", with: "-").split(separator: "-")
        guard parts.count == 3, parts[0] == "ins", parts[1].count == 4, (1...6).contains(parts[2].count),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[2].allSatisfy({ $0.isASCII && $0.isNumber }),
            let year = Int(parts[1]), let number = Int(parts[2]), number > 0
        else { return nil }
        return make(year: year, number: number)
    }
}
