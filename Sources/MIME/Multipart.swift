#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes into a MIMEPart tree. Parents split their body before children are parsed, so a
/// child that lacks its closing boundary still ends at the parent's next boundary.
struct EntityParser {
    let limits: MIMELimits
    var partCount = 0
    /// Shared by embedded messages: the bound is per message as received.
    var defectBudget = DefectBudget()

    /// Whatever limit a caller configures, recursion stays far from the stack size of a
    /// secondary thread (512 KiB): no real message nests anywhere near this deep.
    static let depthCeiling = 256
    let maxDepth: Int

    /// Decoded copies of embedded messages alive at once (one per level being parsed), bounded by
    /// `decodedBudget`; the peak is kept for tests.
    private var liveDecodedBytes = 0
    private(set) var peakDecodedBytes = 0
    let decodedBudget: Int

    init(limits: MIMELimits, inputSize: Int = 0) {
        self.limits = limits
        self.maxDepth = min(limits.maxDepth, Self.depthCeiling)
        // Room for a base64-encoded forward of the whole input (decoding only shrinks it).
        self.decodedBudget = max(inputSize, 64 * 1024)
    }

    // Recursion is bounded by maxDepth: the depth check runs before anything is parsed.
    mutating func parseEntity(
        _ b: [UInt8], _ range: Range<Int>, depth: Int, defaultType: ContentType
    ) throws(MIMELimitViolation) -> MIMEPart {
        guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
        partCount += 1
        guard partCount <= limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }

        let (headers, bodyStart, headerDefects) = HeaderBlock.parse(b, range)
        let declaredType = headers.first("Content-Type")
        let parsedType = declaredType.flatMap(ContentType.init(parsing:))
        let contentType = parsedType ?? defaultType
        let encoding =
            headers.first("Content-Transfer-Encoding")
            .map { asciiLowercased($0.trimmingASCIIWhitespace) }
            .flatMap { $0.isEmpty ? nil : $0 } ?? "7bit"
        var part = MIMEPart(headers: headers, contentType: contentType, transferEncoding: encoding)
        defectBudget.record(headerDefects, in: &part.defects)
        // An absent Content-Type is RFC 2045's default, not a repair; an unreadable one is.
        if declaredType != nil && parsedType == nil {
            defectBudget.record(.invalidContentType, in: &part.defects)
        }
        if !TransferEncoding.isKnown(encoding) {
            defectBudget.record(.unknownTransferEncoding(Defect.name(encoding)), in: &part.defects)
        }

        var dispositionParameters: [String: String] = [:]
        if let cd = headers.first("Content-Disposition") {
            let (value, params) = ParameterizedValue.parse(cd)
            part.disposition = value.isEmpty ? nil : value
            dispositionParameters = params
        }
        if let name = dispositionParameters["filename"] ?? contentType.parameters["name"] {
            // Outlook and others put RFC 2047 words in quoted file names despite RFC 2231.
            part.filename = EncodedWords.decode(name)
        }

        let bodyRange = min(bodyStart, range.upperBound)..<range.upperBound
        var split: Split? = nil
        if contentType.type == "multipart" {
            if let boundary = contentType.boundary {
                split = Self.split(b, bodyRange, boundary: Array(boundary.utf8))
                if split == nil { defectBudget.record(.boundaryNotFound, in: &part.defects) }
            } else {
                defectBudget.record(.missingBoundaryParameter, in: &part.defects)
            }
        }
        if let split {
            if !split.closed { defectBudget.record(.missingClosingBoundary, in: &part.defects) }
            let childDefault = contentType.subtype == "digest" ? ContentType.messageRFC822 : ContentType.textPlain
            var children: [MIMEPart] = []
            children.reserveCapacity(split.pieces.count)
            for piece in split.pieces {
                children.append(try parseEntity(b, piece, depth: depth + 1, defaultType: childDefault))
            }
            part.children = children
        } else if contentType.type == "message" && (contentType.subtype == "rfc822" || contentType.subtype == "global") {
            try parseEmbedded(&part, b, bodyRange, encoding: encoding, depth: depth)
        } else {
            part.body = decode(b[bodyRange], encoding: encoding, into: &part)
            if contentType.type == "text", !part.body.isEmpty,
                let defect = Charsets.defect(part.body, charset: contentType.charset)
            {
                defectBudget.record(defect, in: &part.defects)
            }
        }
        return part
    }

    private mutating func decode(_ bytes: ArraySlice<UInt8>, encoding: String, into part: inout MIMEPart) -> [UInt8] {
        var found: [Defect] = []
        let decoded = TransferEncoding.decode(bytes, encoding: encoding, defects: &found)
        defectBudget.record(found, in: &part.defects)
        return decoded
    }

    /// A forwarded message is read in place from the bytes that hold it: a copy per level would
    /// make a forward of a forward of … cost its size once per level. Only a transfer-encoded one
    /// (RFC 2046 forbids that, clients do it) needs a decoded copy, and those copies are held to
    /// the size of the whole message together: a deeper one stays an opaque part.
    /// The part's own `body` stays empty; its content is `embeddedMessage`.
    private mutating func parseEmbedded(
        _ part: inout MIMEPart, _ b: [UInt8], _ bodyRange: Range<Int>,
        encoding: String, depth: Int
    ) throws(MIMELimitViolation) {
        guard TransferEncoding.changesBytes(encoding) else {
            let root = try parseEntity(b, bodyRange, depth: depth + 1, defaultType: .textPlain)
            part.embeddedMessage = MailMessage(root: root, size: bodyRange.count)
            return
        }
        let inner = decode(b[bodyRange], encoding: encoding, into: &part)
        guard liveDecodedBytes + inner.count <= decodedBudget else {
            defectBudget.record(.embeddedMessageNotParsed, in: &part.defects)
            return
        }
        liveDecodedBytes += inner.count
        peakDecodedBytes = max(peakDecodedBytes, liveDecodedBytes)
        defer { liveDecodedBytes -= inner.count }
        let root = try parseEntity(inner, 0..<inner.count, depth: depth + 1, defaultType: .textPlain)
        part.embeddedMessage = MailMessage(root: root, size: inner.count)
    }

    struct Split {
        var pieces: [Range<Int>]
        /// Whether a `--boundary--` line ended the parts (else the last one runs to the end).
        var closed: Bool
    }

    /// Ranges of the body parts between `--boundary` lines; nil when no boundary line occurs.
    /// The line break before a boundary line belongs to the boundary (RFC 2046 §5.1.1).
    static func split(_ b: [UInt8], _ range: Range<Int>, boundary: [UInt8]) -> Split? {
        guard !boundary.isEmpty else { return nil }
        var pieces: [Range<Int>] = []
        var partStart: Int? = nil
        var lineStart = range.lowerBound
        let end = range.upperBound
        let bl = boundary.count
        while lineStart < end {
            let lineEnd = Self.lineEnd(b, from: lineStart, to: end)
            let next = lineEnd < end ? lineEnd + 1 : end
            if lineEnd - lineStart >= bl + 2, b[lineStart] == 0x2D, b[lineStart + 1] == 0x2D,
                matches(b, lineStart + 2, boundary)
            {
                var k = lineStart + 2 + bl
                var closing = false
                if k + 1 < lineEnd, b[k] == 0x2D, b[k + 1] == 0x2D { closing = true; k += 2 }
                while k < lineEnd && (isSpaceOrTab(b[k]) || b[k] == 0x0D) { k += 1 }
                if k == lineEnd {
                    // Two boundary lines in a row delimit nothing, not an empty part (as Python reads it).
                    if let s = partStart, s < lineStart {
                        var e = lineStart
                        if e > s && b[e - 1] == 0x0A { e -= 1 }
                        if e > s && b[e - 1] == 0x0D { e -= 1 }
                        pieces.append(s..<max(s, e))
                    }
                    if closing { return Split(pieces: pieces, closed: true) }
                    partStart = next
                }
            }
            lineStart = next
        }
        guard let s = partStart else { return nil }
        // No closing boundary: the last part runs to the end.
        pieces.append(s..<end)
        return Split(pieces: pieces, closed: false)
    }

    /// Index of the next LF (or `end`): memchr, since boundary search walks every byte of a message.
    @inline(__always) static func lineEnd(_ b: [UInt8], from start: Int, to end: Int) -> Int {
        b.withUnsafeBufferPointer { buffer -> Int in
            guard start < end, let base = buffer.baseAddress,
                let hit = memchr(base + start, 0x0A, end - start)
            else { return end }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    @inline(__always) private static func matches(_ b: [UInt8], _ at: Int, _ boundary: [UInt8]) -> Bool {
        for k in 0..<boundary.count where b[at + k] != boundary[k] { return false }
        return true
    }
}
