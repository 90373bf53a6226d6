public struct HeaderField: Sendable {
    public let name: String
    /// Unfolded and trimmed; raw bytes read as UTF-8, else windows-1252; encoded words kept.
    public let value: String
    /// The name in ASCII lower case, for comparisons.
    public let lowercasedName: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
        self.lowercasedName = asciiLowercased(name)
    }

    public var decodedValue: String { EncodedWords.decode(value) }
}

public struct Headers: Sendable, Sequence {
    public var fields: [HeaderField]

    public init(fields: [HeaderField] = []) { self.fields = fields }

    public func makeIterator() -> IndexingIterator<[HeaderField]> { fields.makeIterator() }

    public func first(_ name: String) -> String? {
        let key = asciiLowercased(name)
        for f in fields where f.lowercasedName == key { return f.value }
        return nil
    }

    public func all(_ name: String) -> [String] {
        let key = asciiLowercased(name)
        return fields.compactMap { $0.lowercasedName == key ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool { first(name) != nil }

    public func decoded(_ name: String) -> String? { first(name).map(EncodedWords.decode) }
}

enum HeaderBlock {
    /// Lines up to the first empty one (or the end): at least the number of fields.
    static func lineCount(_ b: [UInt8], _ range: Range<Int>) -> Int {
        var count = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let end = EntityParser.lineEnd(b, from: i, to: range.upperBound)
            if end == i || (end == i + 1 && b[i] == 0x0D) { break }
            count += 1
            i = end + 1
        }
        return count
    }

    /// Reads the header block at the start of `range` and returns where the body begins.
    /// As in Python's feed parser, a line that is neither a field nor a continuation ends the
    /// header block and belongs to the body; a blank line ends it and is consumed.
    static func parse(_ b: [UInt8], _ range: Range<Int>) -> (Headers, bodyStart: Int, defects: [Defect]) {
        var fields: [HeaderField] = []
        var defects: [Defect] = []
        // Sized up front: a header block of a million fields would otherwise pass through
        // doublings that hold twice its size at once.
        fields.reserveCapacity(lineCount(b, range))
        var i = range.lowerBound
        let end = range.upperBound
        var nameRange: Range<Int>? = nil
        var valueStart = 0
        var valueEnd = 0
        // Folded values are rare; only they pay for a copy.
        var folded: [UInt8]? = nil

        func finishField() {
            guard let nr = nameRange else { return }
            let name = String(decoding: b[nr], as: UTF8.self)
            let value: String
            let eightBit: Bool
            if let f = folded {
                let raw = f[trimmedRange(f, 0..<f.count)]
                eightBit = raw.contains(where: { $0 >= 0x80 })
                value = decodeHeaderBytes(raw)
            } else {
                let raw = b[trimmedRange(b, valueStart..<valueEnd)]
                eightBit = raw.contains(where: { $0 >= 0x80 })
                value = decodeHeaderBytes(raw)
            }
            // Held to the bound here already: a block of a million 8-bit fields is one list.
            if eightBit, defects.count <= DefectBudget.limit {
                let defect = Defect.nonASCIIHeader(field: Defect.name(name))
                if !defects.contains(defect) { defects.append(defect) }
            }
            fields.append(HeaderField(name: name, value: value))
            nameRange = nil
            folded = nil
        }

        while i < end {
            var lineEnd = i
            while lineEnd < end && b[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            var contentEnd = lineEnd
            if contentEnd > i && b[contentEnd - 1] == 0x0D { contentEnd -= 1 }

            if contentEnd == i {
                finishField()
                return (Headers(fields: fields), next, defects)
            }
            let first = b[i]
            if isSpaceOrTab(first) {
                if nameRange != nil {
                    if folded == nil {
                        folded = Array(b[trimmedRange(b, valueStart..<valueEnd)])
                    }
                    folded?.append(contentsOf: b[i..<contentEnd])
                } else if !defects.contains(.headerContinuationWithoutField) {
                    defects.append(.headerContinuationWithoutField)
                }
                i = next
                continue
            }
            if fields.isEmpty && nameRange == nil && contentEnd - i >= 5
                && b[i] == 0x46 && b[i + 1] == 0x72 && b[i + 2] == 0x6F && b[i + 3] == 0x6D && b[i + 4] == 0x20
            {
                // mbox "From " separator line before the first field.
                i = next
                continue
            }
            var j = i
            while j < contentEnd && b[j] > 0x20 && b[j] < 0x7F && b[j] != 0x3A { j += 1 }
            let nameEnd = j
            while j < contentEnd && isSpaceOrTab(b[j]) { j += 1 }
            guard nameEnd > i, j < contentEnd, b[j] == 0x3A else {
                finishField()
                defects.append(.missingHeaderBodySeparator)
                return (Headers(fields: fields), i, defects)
            }
            finishField()
            nameRange = i..<nameEnd
            valueStart = j + 1
            valueEnd = contentEnd
            i = next
        }
        finishField()
        return (Headers(fields: fields), end, defects)
    }
}
