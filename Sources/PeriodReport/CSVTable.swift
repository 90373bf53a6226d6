import Foundation

/// RFC 4180 text for a spreadsheet: CRLF line ends, fields quoted when they hold a comma, a quote or a line break,
/// and a UTF-8 byte-order mark, without which Excel reads UTF-8 as the Windows code page (å, ä, ö garbled).
struct CSVTable {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private(set) var rows: [[String]] = []
    let header: [String]

    init(header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    var bytes: [UInt8] {
        var text = Self.line(header)
        for row in rows { text += Self.line(row) }
        return Self.byteOrderMark + Array(text.utf8)
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Free text a reporter wrote: a cell starting with = + - @ (or a tab or CR) would be run as a formula by a
    /// spreadsheet (CSV injection), so such text gets a leading apostrophe, as OWASP advises.
    static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }
}
