import Foundation

/// A plain-text table for the text/plain part of a mail: columns padded to their widest cell, numbers to the right.
/// Templates cannot align columns (the widths depend on the content), so the table comes finished from the code.
public struct TextTable: Sendable {
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
