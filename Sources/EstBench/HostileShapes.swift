/// The hostile mail shapes of issue 8, each about `size` bytes, built in memory from a registered
/// sender so that every one goes through the whole pipeline (classification and the report parser).
enum HostileShape: String, CaseIterable {
    case longDate = "long-date"
    case continuation = "continuation"
    case platsLines = "plats-lines"
    case validIncidents = "valid-incidents"
    case nestedRFC822 = "nested-rfc822"
    case longArea = "long-omrade"
    case deepMultipart = "deep-multipart"
    case hugeHeader = "huge-header"
    case manyHeaders = "many-headers"
    case encodedWords = "encoded-words"
    case nestedHTML = "nested-html"
    case base64Attachment = "base64-attachment"
    case utf16 = "utf16"

    static let report = "Område: Råby\nPlats: Råbyvägen 12\nDatum: 2018-09-03\nKategori: Klotter\nBeskrivning: Klotter på väggen.\n"

    static func headers(date: String = "Tue, 4 Sep 2018 08:00:00 +0200", subject: String = "EST v.36", extra: String = "") -> String {
        "From: Anna Andersson <anna@mimer.example>\nTo: est@vasteras.example\nSubject: \(subject)\n"
            + "Date: \(date)\nMessage-ID: <hostile@mimer.example>\nMIME-Version: 1.0\n\(extra)"
    }

    /// `unit` repeated until `size` bytes.
    static func fill(_ unit: String, _ size: Int) -> String {
        String(repeating: unit, count: max(1, size / max(1, unit.utf8.count)))
    }

    func mail(size: Int) -> [UInt8] {
        let text: String
        switch self {
        case .longDate:
            text = Self.headers(date: Self.fill("3-Sep-", size)) + "\n" + Self.report
        case .continuation:
            text = Self.headers() + "\n" + Self.report + Self.fill("och sedan hände det ännu mer på gården\n", size)
        case .platsLines:
            text = Self.headers() + "\n" + Self.fill("Plats: Råbyvägen 12\n", size)
        case .validIncidents:
            text = Self.headers() + "\n" + Self.fill(Self.report + "\n", size)
        case .nestedRFC822:
            let level = "Content-Type: message/rfc822\n\n" + Self.headers(subject: "VB: EST")
            text =
                Self.headers(subject: "VB: EST") + String(repeating: level, count: 38)
                + "Content-Type: text/plain; charset=utf-8\n\n" + Self.report + Self.fill("och mer text\n", size)
        case .longArea:
            text = Self.headers() + "\n" + Self.report.replacingFirst("Område: Råby", "Område: " + Self.fill("Råbyy Hammarbyy ", size))
        case .deepMultipart:
            var s = Self.headers()
            for k in 0..<39 { s += "Content-Type: multipart/mixed; boundary=\"b\(k)\"\n\n--b\(k)\n" }
            s += "Content-Type: text/plain; charset=utf-8\n\n" + Self.report + Self.fill("mer text om händelsen\n", size)
            for k in stride(from: 38, through: 0, by: -1) { s += "\n--b\(k)--\n" }
            text = s
        case .hugeHeader:
            text = Self.headers(subject: Self.fill("EST v.36 Råby ", size)) + "\n" + Self.report
        case .manyHeaders:
            text = Self.headers(extra: Self.fill("X-Spam-Score: 0\n", size)) + "\n" + Self.report
        case .encodedWords:
            // Openers that never close, then words that do.
            let subject = Self.fill("=?utf-8?q?R=C3=A5by ", size / 2) + Self.fill("=?utf-8?q?R=C3=A5by?= ", size / 2)
            text = Self.headers(subject: subject) + "\n" + Self.report
        case .nestedHTML:
            let body =
                "<html><body>" + Self.fill("<div><span><table><tr><td><b>", size / 2)
                + Self.report.replacingAll("\n", "<br>") + Self.fill("</b></td></tr></table></span></div>", size / 2)
            text = Self.headers(extra: "Content-Type: text/html; charset=utf-8\n") + "\n" + body
        case .base64Attachment:
            let line = String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", count: 2) + "\n"
            text =
                Self.headers(extra: "Content-Type: multipart/mixed; boundary=\"x\"\n")
                + "\n--x\nContent-Type: text/plain; charset=utf-8\n\n"
                + Self.report + "\n--x\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
                + "Content-Disposition: attachment; filename=\"rapport.pdf\"\n\n" + Self.fill(line, size) + "--x--\n"
        case .utf16:
            let head = Self.headers(extra: "Content-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: binary\n") + "\n"
            let body = Self.report + Self.fill("och mer text\n", size / 2)
            var bytes = Array(head.utf8)
            bytes.reserveCapacity(bytes.count + body.utf16.count * 2 + 1)
            for unit in body.utf16 { bytes.append(UInt8(unit & 0xFF)); bytes.append(UInt8(unit >> 8)) }
            bytes.append(0x41)  // one bad trailing byte
            return bytes
        }
        return Array(text.utf8)
    }
}

private extension String {
    func replacingFirst(_ target: String, _ replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }

    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
