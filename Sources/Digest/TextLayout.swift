import Foundation

/// A plain-text table: columns padded to their widest cell, numbers to the right. Shared by the digest and the
/// period report, whose text parts line up the same way.
public struct TextTable {
    public enum Alignment: Sendable { case left, right }
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Longest cell kept in a left-aligned column other than the last (longer ones end in `…`).
    public var maxWidth = 34

    public init(_ alignments: [Alignment]) { self.alignments = alignments }

    public mutating func add(_ cells: [String]) { rows.append(cells) }

    public func render(indent: String = "") -> String {
        let cells = rows.map { row in
            row.enumerated().map { i, cell in
                alignments[i] == .left && i < row.count - 1 && cell.count > maxWidth ? String(cell.prefix(maxWidth - 1)) + "…" : cell
            }
        }
        var widths = Array(repeating: 0, count: alignments.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return cells.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { line += "  " }
                line += alignments[i] == .left ? cell + (i == row.count - 1 ? "" : pad) : pad + cell
            }
            return line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }
}

public enum TextWrap {
    /// Words to lines of at most `width` characters (a longer word gets a line of its own), each
    /// starting with `indent`.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = indent + word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = indent + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
