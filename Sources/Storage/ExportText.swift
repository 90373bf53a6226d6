import Foundation

/// What every export writes the same way: RFC 4180 records, UTC timestamps, one JSON object a line.
public enum ExportText {
    /// One CSV record, CRLF-terminated (RFC 4180 §2.1); nil is an empty field.
    static func csvRecord(_ values: [String?]) -> String {
        values.map { field($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// Quotes a field when it holds a separator, a quote or a line break (RFC 4180 §2.6–2.7).
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// One JSON object per line, keys sorted so that exports diff cleanly.
    static func jsonLines<T: Encodable>(_ records: [T]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try records.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
