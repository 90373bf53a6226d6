#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct MailMessage: Sendable {
    public var headers: Headers
    public var root: MIMEPart
    public var size: Int
    public var subject: String?
    public var from: [MailAddress]?
    public var messageID: String?
    public var date: Date?
    public var inReplyTo: [String]
    public var references: [String]

    init(root: MIMEPart, size: Int) {
        let h = root.headers
        self.headers = h
        self.root = root
        self.size = size
        self.subject = h.decoded("Subject")
        self.from = h.first("From").flatMap(AddressList.parse).flatMap { $0.isEmpty ? nil : $0 }
        self.messageID = h.first("Message-ID").map { $0.trimmingASCIIWhitespace }.flatMap { $0.isEmpty ? nil : $0 }
        self.date = h.first("Date").flatMap(MailDate.parse)
        self.inReplyTo = h.all("In-Reply-To").flatMap(Self.messageIDs)
        self.references = h.all("References").flatMap(Self.messageIDs)
    }

    /// The size limit is checked before a single byte is parsed; depth and part count while
    /// parsing, so hostile nesting is stopped early.
    public static func parse(_ bytes: [UInt8], limits: MIMELimits = .init()) throws(MIMELimitViolation) -> MailMessage {
        guard bytes.count <= limits.maxBytes else {
            throw .tooLarge(bytes: bytes.count, limit: limits.maxBytes)
        }
        var parser = EntityParser(limits: limits, inputSize: bytes.count)
        var root = try parser.parseEntity(bytes, 0..<bytes.count, depth: 0, defaultType: .textPlain)
        if let overflow = parser.defectBudget.overflow { root.defects.append(overflow) }
        return MailMessage(root: root, size: bytes.count)
    }

    /// Ids in angle brackets; lists written without brackets are split on spaces and commas.
    static func messageIDs(_ value: String) -> [String] {
        var ids: [String] = []
        var bracketed = false
        var current: [UInt8] = []
        var inID = false
        for b in value.utf8 {
            if b == 0x3C { inID = true; current = [b]; continue }
            if inID {
                current.append(b)
                if b == 0x3E {
                    inID = false
                    bracketed = true
                    ids.append(String(decoding: current.filter { !isWhitespace($0) }, as: UTF8.self))
                }
            }
        }
        if bracketed { return ids }
        return value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    /// Every part of this message depth-first, root first. Parts of embedded messages are not
    /// included: a forwarded bounce does not make this message a bounce.
    public func allParts() -> [MIMEPart] {
        var result: [MIMEPart] = []
        var stack: [MIMEPart] = [root]
        while let p = stack.popLast() {
            result.append(p)
            stack.append(contentsOf: p.children.reversed())
        }
        return result
    }

    /// Mirrors Python's `get_body(preferencelist=('plain', 'html'))`: the first non-attachment
    /// text/plain in depth-first order, else the first text/html; multipart/related is entered
    /// only through its start part.
    public func preferredTextPart() -> MIMEPart? {
        var best: MIMEPart? = nil
        var bestRank = 2
        var stack: [MIMEPart] = [root]
        while let part = stack.popLast() {
            if part.isAttachment { continue }
            let ct = part.contentType
            if ct.type == "text" {
                let rank = ct.subtype == "plain" ? 0 : (ct.subtype == "html" ? 1 : 2)
                if rank < bestRank {
                    best = part
                    bestRank = rank
                    if rank == 0 { break }
                }
                continue
            }
            guard ct.type == "multipart", !part.children.isEmpty else { continue }
            if ct.subtype == "related" {
                var candidate: MIMEPart? = nil
                if let start = ct.parameters["start"], !start.isEmpty {
                    candidate = part.children.first { $0.headers.first("Content-ID") == start }
                }
                if let c = candidate ?? part.children.first { stack.append(c) }
                continue
            }
            stack.append(contentsOf: part.children.reversed())
        }
        return best
    }
}
