/// HTML-only mail turned into the plain text a person would read, shaped so that the report
/// parser sees one field per line: blocks and <br> break lines, a two-cell table row becomes
/// `label: value`, other rows one line per cell. A table whose first row is a header (three or
/// more short cells) over rows of as many cells (an Excel range pasted into Outlook, a web
/// form's table) gives each row as `header: cell` lines, rows apart by a `---` line.
public enum HTMLText {
    public static func text(fromHTML html: String) -> String {
        var r = HTMLRenderer(Array(html.utf8))
        r.run()
        return r.finish()
    }
}

struct HTMLRenderer {
    private struct Table {
        var cells: [[UInt8]] = []
        var inRow = false
        var inCell = false
        var rows = 0
        /// The first row's cells while they may be a header row; written out as a plain row
        /// when no row of as many cells follows.
        var header: [[UInt8]]? = nil
        /// The header was followed by a row of as many cells: rows are `header: cell` lines.
        var headed = false
    }

    /// Cells of a header row are labels: short, and no label holds a colon.
    private static let maxHeaderCell = 40

    private let b: [UInt8]
    private var i = 0
    private var out: [UInt8] = []
    private var tables: [Table] = []
    private var pendingSpace = false
    private var preDepth = 0

    init(_ bytes: [UInt8]) {
        self.b = bytes
        out.reserveCapacity(bytes.count / 2)
    }

    // Tables nested deeper than this are flattened into their parent, which bounds memory
    // and keeps hostile markup cheap.
    private static let maxTableDepth = 32

    private static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "ul",
        "caption", "tbody", "thead", "tfoot", "body", "html", "option", "legend",
    ]

    private static let skippedTags: Set<String> = ["script", "style", "head", "title", "template", "xml", "object", "svg"]

    mutating func run() {
        let n = b.count
        while i < n {
            let c = b[i]
            if c == 0x3C {
                handleMarkup()
            } else if c == 0x26 {
                handleEntity()
            } else {
                emitByte(c)
                i += 1
            }
        }
    }

    mutating func finish() -> String {
        while !tables.isEmpty { closeTable() }
        return Self.tidy(out)
    }

    // MARK: sinks

    /// Index of the table whose open cell receives text; nil means the main output.
    private func sinkTable(below limit: Int? = nil) -> Int? {
        var k = (limit ?? tables.count) - 1
        while k >= 0 {
            if tables[k].inCell { return k }
            k -= 1
        }
        return nil
    }

    private mutating func withSink(below limit: Int? = nil, _ body: (inout [UInt8]) -> Void) {
        if let t = sinkTable(below: limit), !tables[t].cells.isEmpty {
            body(&tables[t].cells[tables[t].cells.count - 1])
        } else {
            body(&out)
        }
    }

    private mutating func emitByte(_ c: UInt8) {
        if preDepth == 0 && isWhitespace(c) {
            pendingSpace = true
            return
        }
        if preDepth > 0 && c == 0x0D { return }
        let space = pendingSpace
        pendingSpace = false
        withSink { s in
            if space, let last = s.last, last != 0x0A, last != 0x20 { s.append(0x20) }
            s.append(c)
        }
    }

    private mutating func emitText(_ bytes: [UInt8]) {
        for c in bytes { emitByte(c) }
    }

    private mutating func lineBreak() {
        pendingSpace = false
        withSink { s in s.append(0x0A) }
    }

    private mutating func ensureLineStart() {
        pendingSpace = false
        withSink { s in
            if let last = s.last, last != 0x0A { s.append(0x0A) }
        }
    }

    // MARK: markup

    private mutating func handleMarkup() {
        let n = b.count
        guard i + 1 < n else { emitByte(b[i]); i += 1; return }
        let next = b[i + 1]
        if next == 0x21 {
            if i + 3 < n && b[i + 2] == 0x2D && b[i + 3] == 0x2D {
                i = find([0x2D, 0x2D, 0x3E], from: i + 4).map { $0 + 3 } ?? n
            } else {
                i = skipTag(from: i + 2)
            }
            return
        }
        if next == 0x3F {
            i = skipTag(from: i + 2)
            return
        }
        let closing = next == 0x2F
        let nameStart = closing ? i + 2 : i + 1
        guard nameStart < n, isASCIILetter(b[nameStart]) else {
            emitByte(b[i])
            i += 1
            return
        }
        var j = nameStart
        var name: [UInt8] = []
        while j < n, isASCIILetter(b[j]) || isASCIIDigit(b[j]) || b[j] == 0x3A || b[j] == 0x2D {
            if name.count < 32 { name.append(asciiLower(b[j])) }
            j += 1
        }
        i = skipTag(from: j)
        let tag = String(decoding: name, as: UTF8.self)
        if closing { endTag(tag) } else { startTag(tag) }
    }

    /// Index after the ">" that ends a tag, honouring quoted attribute values.
    private func skipTag(from start: Int) -> Int {
        var j = start
        var quote: UInt8 = 0
        while j < b.count {
            let c = b[j]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                // Only a quote that opens an attribute value counts; a stray one in broken
                // markup would otherwise swallow the rest of the document.
                if j > start, b[j - 1] == 0x3D || isWhitespace(b[j - 1]) { quote = c }
            } else if c == 0x3E {
                return j + 1
            }
            j += 1
        }
        return b.count
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= b.count else { return nil }
        var j = start
        let last = b.count - needle.count
        while j <= last {
            if b[j] == first {
                var k = 1
                while k < needle.count && b[j + k] == needle[k] { k += 1 }
                if k == needle.count { return j }
            }
            j += 1
        }
        return nil
    }

    /// Case-insensitive search for "</name" (or, for head, also "<body") to skip raw content.
    private func findClose(_ tag: String, from start: Int) -> Int? {
        let t = Array(tag.utf8)
        var j = start
        while j + 1 + t.count < b.count {
            if b[j] == 0x3C {
                if b[j + 1] == 0x2F {
                    var k = 0
                    while k < t.count && asciiLower(b[j + 2 + k]) == t[k] { k += 1 }
                    if k == t.count { return j }
                } else if tag == "head", j + 5 <= b.count,
                    asciiLower(b[j + 1]) == 0x62, asciiLower(b[j + 2]) == 0x6F,
                    asciiLower(b[j + 3]) == 0x64, asciiLower(b[j + 4]) == 0x79
                {
                    return j
                }
            }
            j += 1
        }
        return nil
    }

    private mutating func startTag(_ tag: String) {
        if Self.skippedTags.contains(tag) {
            if let close = findClose(tag, from: i) {
                i = b[close + 1] == 0x2F ? skipTag(from: close + 2) : close
            } else {
                i = b.count
            }
            return
        }
        switch tag {
        case "br":
            lineBreak()
        case "table":
            ensureLineStart()
            if tables.count < Self.maxTableDepth { tables.append(Table()) }
        case "tr":
            guard !tables.isEmpty else { ensureLineStart(); return }
            closeRow()
            tables[tables.count - 1].inRow = true
        case "td", "th":
            guard !tables.isEmpty else { ensureLineStart(); return }
            let t = tables.count - 1
            if !tables[t].inRow { tables[t].inRow = true }
            pendingSpace = false
            tables[t].cells.append([])
            tables[t].inCell = true
        case "pre":
            ensureLineStart()
            preDepth += 1
        case "img":
            break
        default:
            if Self.blockTags.contains(tag) { ensureLineStart() }
        }
    }

    private mutating func endTag(_ tag: String) {
        switch tag {
        case "table":
            if !tables.isEmpty { closeTable() }
            ensureLineStart()
        case "tr":
            if !tables.isEmpty { closeRow() }
        case "td", "th":
            if !tables.isEmpty { tables[tables.count - 1].inCell = false }
        case "pre":
            preDepth = max(0, preDepth - 1)
            ensureLineStart()
        case "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dt", "dd", "address", "center", "ul", "ol", "dl":
            ensureLineStart()
        default:
            if Self.blockTags.contains(tag) { ensureLineStart() }
        }
    }

    private mutating func closeTable() {
        closeRow()
        let t = tables.count - 1
        if let h = tables[t].header, !tables[t].headed { writeRow(h, table: t) }
        // The last row ends with the table: text below it is not part of that row's last cell.
        if tables[t].headed { write([0x2D, 0x2D, 0x2D], table: t) }
        tables.removeLast()
    }

    /// Writes the open row of the innermost table into whatever encloses that table.
    private mutating func closeRow() {
        let t = tables.count - 1
        guard t >= 0, tables[t].inRow || !tables[t].cells.isEmpty else { return }
        let raw = tables[t].cells.map(Self.trimCell)
        let cells = raw.filter { !$0.isEmpty }
        tables[t].cells = []
        tables[t].inRow = false
        tables[t].inCell = false
        guard !cells.isEmpty else { return }
        tables[t].rows += 1
        if tables[t].rows == 1, cells.count >= 3, cells.count == raw.count,
            cells.allSatisfy({ $0.count <= Self.maxHeaderCell && !$0.contains(0x3A) })
        {
            tables[t].header = cells
            return
        }
        if let h = tables[t].header {
            if raw.count == h.count {
                var line: [UInt8] = []
                if tables[t].headed { line.append(contentsOf: [0x2D, 0x2D, 0x2D, 0x0A]) }
                tables[t].headed = true
                for (label, cell) in zip(h, raw) where !cell.isEmpty {
                    if !line.isEmpty && line.last != 0x0A { line.append(0x0A) }
                    line.append(contentsOf: label)
                    line.append(contentsOf: [0x3A, 0x20])
                    line.append(contentsOf: cell)
                }
                write(line, table: t)
                return
            }
            if !tables[t].headed { writeRow(h, table: t) }
            tables[t].header = nil
        }
        writeRow(cells, table: t)
    }

    /// One table row, written into whatever encloses the table: two cells as `label: value`,
    /// more as one line per cell.
    private mutating func writeRow(_ cells: [[UInt8]], table t: Int) {
        var line: [UInt8] = []
        if cells.count == 2 {
            var label = cells[0][...]
            while let last = label.last, last == 0x3A || last == 0x20 { label = label.dropLast() }
            line.append(contentsOf: label)
            line.append(contentsOf: [0x3A, 0x20])
            line.append(contentsOf: cells[1])
        } else {
            for (k, cell) in cells.enumerated() {
                if k > 0 { line.append(0x0A) }
                line.append(contentsOf: cell)
            }
        }
        write(line, table: t)
    }

    private mutating func write(_ line: [UInt8], table t: Int) {
        pendingSpace = false
        withSink(below: t) { s in
            if let last = s.last, last != 0x0A { s.append(0x0A) }
            s.append(contentsOf: line)
            s.append(0x0A)
        }
    }

    private static func trimCell(_ cell: [UInt8]) -> [UInt8] {
        let r = trimmedRange(cell, 0..<cell.count)
        return Array(cell[r])
    }

    // MARK: entities

    private mutating func handleEntity() {
        let n = b.count
        var j = i + 1
        if j < n && b[j] == 0x23 {
            j += 1
            var hex = false
            if j < n && (b[j] == 0x78 || b[j] == 0x58) { hex = true; j += 1 }
            var v: UInt32 = 0
            let digitsStart = j
            while j < n {
                // Saturate instead of overflowing on absurdly long references.
                if hex, let h = hexValue(b[j]) {
                    v = min(v * 16 + UInt32(h), 0x110000)
                } else if !hex, isASCIIDigit(b[j]) {
                    v = min(v * 10 + UInt32(b[j] - 0x30), 0x110000)
                } else {
                    break
                }
                j += 1
            }
            guard j > digitsStart else { emitByte(0x26); i += 1; return }
            if j < n && b[j] == 0x3B { j += 1 }
            // Browsers read the C1 range of numeric references as windows-1252.
            if v >= 0x80 && v < 0xA0 { v = UInt32(Charsets.cp1252High[Int(v) - 0x80]) }
            if v == 0 { v = 0xFFFD }
            i = j
            emitScalar(v)
            return
        }
        let nameStart = j
        while j < n, j - nameStart < 32, isASCIILetter(b[j]) || isASCIIDigit(b[j]) { j += 1 }
        let name = String(decoding: b[nameStart..<j], as: UTF8.self)
        let terminated = j < n && b[j] == 0x3B
        if let v = HTMLEntities.named[name], terminated || HTMLEntities.legacy.contains(name) {
            i = terminated ? j + 1 : j
            emitScalar(v)
            return
        }
        emitByte(0x26)
        i += 1
    }

    private mutating func emitScalar(_ v: UInt32) {
        switch v {
        case 0xA0, 0x09, 0x0A, 0x0D, 0x20:
            // A non-breaking space is an ordinary space for the reader of a report.
            pendingSpace = true
        case 0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF:
            break
        default:
            var bytes: [UInt8] = []
            appendUTF8(v, to: &bytes)
            emitText(bytes)
        }
    }

    // MARK: tidying

    /// Trims line ends, drops leading and trailing blank lines and collapses runs of blank lines.
    static func tidy(_ bytes: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var blankPending = false
        var lineStart = 0
        let n = bytes.count
        while lineStart <= n {
            var lineEnd = lineStart
            while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            // Only <pre> content can start a line with spaces, and there they are meant.
            var contentEnd = lineEnd
            while contentEnd > lineStart && isWhitespace(bytes[contentEnd - 1]) { contentEnd -= 1 }
            let r = lineStart..<contentEnd
            if r.isEmpty {
                if !result.isEmpty { blankPending = true }
            } else {
                if !result.isEmpty {
                    result.append(0x0A)
                    if blankPending { result.append(0x0A) }
                }
                blankPending = false
                result.append(contentsOf: bytes[r])
            }
            lineStart = lineEnd + 1
        }
        return String(decoding: result, as: UTF8.self)
    }
}
