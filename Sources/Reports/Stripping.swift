/// Finding the report in a mail body: cutting quoted replies, signatures and closing lines, and
/// following inline forwards.
struct BodyLines {
    /// Trimmed lines without terminators; index i is line number i + 1.
    let lines: [Substring]
    /// Field line match per line (computed once).
    let fields: FieldColumn

    /// The field line matches of a body, 16 bytes a line: a body may hold a million lines, and
    /// each value is the end of its (trimmed) line, so only where it starts is kept.
    struct FieldColumn {
        struct Entry {
            var field: ReportField
            var valueStart: String.Index
        }
        let lines: [Substring]
        let entries: [Entry?]

        subscript(_ i: Int) -> FieldLines.Match? {
            guard let e = entries[i] else { return nil }
            let line = lines[i]
            return FieldLines.Match(field: e.field, value: line[e.valueStart..<line.endIndex])
        }
    }

    init(_ text: String) {
        var ls: [Substring] = []
        var count = 1
        for b in text.utf8 where b == 0x0A { count += 1 }
        ls.reserveCapacity(count)
        var start = text.startIndex
        let u = text.utf8
        var i = u.startIndex
        while i < u.endIndex {
            if u[i] == 0x0A {
                // Trimmed as they are split: a second array of every line would double the cost
                // of a body of a million short lines.
                ls.append(Text.trim(text[start..<i]))
                start = u.index(after: i)
            }
            i = u.index(after: i)
        }
        ls.append(Text.trim(text[start..<text.endIndex]))
        lines = ls
        fields = FieldColumn(
            lines: ls,
            entries: ls.map { t -> FieldColumn.Entry? in
                if t.isEmpty || t.utf8.first == 0x3E { return nil }
                guard let m = FieldLines.match(t) else { return nil }
                // The value runs to the end of the trimmed line (FieldLines.match trims only its start).
                assert(m.value.endIndex == t.endIndex)
                return FieldColumn.Entry(field: m.field, valueStart: m.value.startIndex)
            })
    }
}

/// The part of the body the report is read from.
struct Selection {
    /// Line indices (0-based) of the report text, in order.
    var range: Range<Int>
    /// Text above an inline forward (read only for `Organisation:`).
    var preambles: [Range<Int>] = []
    /// Date line of the innermost forward header that was followed, if any (raw value).
    var forwardedDate: Substring? = nil
    var forwarded = false
}

enum Stripping {
    enum Marker {
        case quote  // `>` line, reply header, signature delimiter
        case closing  // Mvh, Skickat från min iPhone, …
        case forward  // explicit forward line
        case headerBlock  // Outlook From/Sent block or -----Original Message-----
    }

    static let closings: Set<String> = [
        "mvh", "med vanlig halsning", "med vanliga halsningar", "vanliga halsningar", "vanlig halsning",
        "vanligen", "halsningar", "halsning", "best regards", "regards", "kind regards", "br",
        "skickat fran min iphone", "skickat fran min ipad", "sent from my iphone", "sent from my ipad",
        "hamta outlook for ios", "hamta outlook for android", "get outlook for ios", "get outlook for android",
        "med vanlig halsning/best regards", "mvh/br",
    ]
    static let closingPrefixes: [String] = [
        "skickat fran outlook", "sent from outlook", "skickat fran min ", "sent from my ",
        "skickat fran mail for", "sent from mail for", "hamta outlook for",
        "mvh ", "mvh,", "med vanlig halsning ", "med vanlig halsning,", "med vanliga halsningar ",
        "med vanliga halsningar,", "vanliga halsningar ", "vanliga halsningar,", "best regards ",
        "best regards,", "kind regards ", "kind regards,",
    ]

    static let closingFirstWords: Set<String> = {
        var s: Set<String> = []
        for c in closings { s.insert(String(c.prefix(while: { $0.isLetter }))) }
        for c in closingPrefixes { s.insert(String(c.prefix(while: { $0.isLetter }))) }
        return s
    }()

    static func isClosing(_ t: Substring) -> Bool {
        guard t.utf8.count <= 80, let b = t.utf8.first, b >= 0x80 || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) else { return false }
        // Only lines whose first word can start a closing are folded in full.
        guard let head = Text.foldBytes(t, limit: 10) else { return false }
        var w = 0
        while w < head.count, (head[w] >= 0x61 && head[w] <= 0x7A) { w += 1 }
        guard w > 0, closingFirstWords.contains(String(decoding: head[0..<w], as: UTF8.self)) else { return false }
        let f = Text.fold(Text.trimTrailing(t, Text.closingPunctuation))
        if closings.contains(f) { return true }
        for p in closingPrefixes where f.bytesStart(with: p) { return true }
        return false
    }

    /// `Den 3 sep. 2018 kl. 21:10 skrev Anna <a@b>:`, `On Mon, 3 Sep 2018 at 21:10, Anna wrote:`;
    /// also the wrapped form whose `skrev:`/`wrote:` is on the next line. Returns true when `i` starts one.
    static func isReplyHeader(_ body: BodyLines, _ i: Int) -> Bool {
        let t = body.lines[i].trimmed
        guard t.utf8.count >= 5, t.utf8.count <= 400, body.fields[i] == nil else { return false }
        // Cheap test first: a reply header ends with a colon, or starts with `Den`/`On` when wrapped.
        let u = t.utf8
        let startsDenOn = u.count > 4 && ((u.first! | 0x20) == 0x64 || (u.first! | 0x20) == 0x6F)
        guard u.last == 0x3A || startsDenOn else { return false }
        let f = Text.fold(t)
        if endsReplyHeader(f) {
            return f.bytesStart(with: "den ") || f.bytesStart(with: "on ") || f.bytesStart(with: "am ")
                || f.contains(where: { $0.isNumber })
                || Text.contains(f, "@")
        }
        // Wrapped header: "Den 3 sep. 2018 kl. 21:10 skrev Anna Andersson <" + "anna@x>:".
        if (f.bytesStart(with: "den ") || f.bytesStart(with: "on ")) && f.contains(where: { $0.isNumber }), i + 1 < body.lines.count {
            let n = Text.fold(body.lines[i + 1].trimmed)
            if n.count <= 200 && (endsReplyHeader(n) || (n.bytesEnd(with: ">:") && Text.contains(n, "@")) || n == "wrote:" || n == "skrev:")
            {
                return true
            }
        }
        return false
    }

    private static func endsReplyHeader(_ f: String) -> Bool {
        if f.bytesEnd(with: "skrev:") || f.bytesEnd(with: "wrote:") || f.bytesEnd(with: "schrieb:") { return true }
        if f.bytesEnd(with: ":") && (Text.contains(f, " skrev ") || Text.contains(f, " wrote ")) { return true }
        return false
    }

    /// `-----Ursprungligt meddelande-----`, `-----Original Message-----`.
    static func isOriginalMessage(_ t: Substring) -> Bool {
        guard t.utf8.count <= 80, t.bytesStart(with: "--") || t.bytesStart(with: "__") || t.bytesStart(with: "**") else { return false }
        let w = Text.words(Text.fold(t))
        return w == "ursprungligt meddelande" || w == "original message" || w == "originalmeddelande"
            || w == "ursprungligt e postmeddelande"
    }

    /// Inline forward markers.
    static func isForwardMarker(_ t: Substring) -> Bool {
        guard t.utf8.count <= 120, let b = t.utf8.first, let e = t.utf8.last,
            b == 0x2D || b == 0x3D || b == 0x5F || e == 0x3A, let c = t.first
        else { return false }
        if c != "-" && c != "=" && c != "_" && !c.isLetter { return false }
        let f = Text.fold(t)
        let w = Text.words(f)
        switch w {
        case "vidarebefordrat meddelande", "forwarded message", "begin forwarded message",
            "borjan pa vidarebefordrat meddelande", "borjan av vidarebefordrat meddelande",
            "vidarebefordrat brev", "vidarebefordrat e postmeddelande", "forwarded e mail", "forwarded email",
            "weitergeleitete nachricht", "vidarebefordrat mejl", "borjan pa vidarebefordrat brev",
            "borjan pa vidarebefordrat mejl":
            // Plain words must look like a marker line: dashes around, or a trailing colon.
            return c == "-" || c == "=" || c == "_" || f.bytesEnd(with: ":")
        default:
            return false
        }
    }

    enum HeaderName { case from, date, to, subject, cc, other }

    /// Mail header lines as clients print them in replies and forwards.
    static func headerName(_ t: Substring) -> HeaderName? {
        guard let colon = t.utf8.prefix(24).firstIndex(of: 0x3A) else { return nil }
        let name = t[t.startIndex..<colon]
        guard name.count <= 14 else { return nil }
        var n = Text.fold(name)
        while n.bytesStart(with: "*") { n.removeFirst() }
        while n.bytesEnd(with: "*") { n.removeLast() }
        switch n {
        case "fran", "from", "von": return .from
        case "skickat", "sent", "date", "datum", "gesendet", "skickades": return .date
        case "till", "to", "an", "mottagare": return .to
        case "amne", "subject", "rubrik", "betreff": return .subject
        case "kopia", "cc", "bcc", "hemlig kopia": return .cc
        case "svara till", "reply-to", "importance", "prioritet", "bifogade filer", "attachments": return .other
        default: return nil
        }
    }

    /// An Outlook header block starts at `i`: `Från:`/`From:` followed (within two lines) by `Skickat:`/`Sent:`/`Date:`.
    static func isHeaderBlock(_ body: BodyLines, _ i: Int, limit: Int) -> Bool {
        guard headerName(body.lines[i].trimmed) == .from else { return false }
        var j = i + 1
        var seen = 0
        while j < limit, seen < 3 {
            let t = body.lines[j].trimmed
            if t.isEmpty { j += 1; continue }
            if headerName(t) == .date { return true }
            if headerName(t) == nil { return false }
            seen += 1
            j += 1
        }
        return false
    }

    /// After a forward marker (or at a header block): skips the header lines; returns the first body line
    /// index, the date header's value and the subject.
    static func skipHeaders(_ body: BodyLines, from start: Int, limit: Int) -> (next: Int, date: Substring?, subject: Substring?) {
        var j = start
        while j < limit, body.lines[j].trimmed.isEmpty { j += 1 }
        var date: Substring? = nil
        var subject: Substring? = nil
        var sawHeader = false
        var last: HeaderName? = nil
        while j < limit {
            let t = body.lines[j].trimmed
            if t.isEmpty {
                if sawHeader { j += 1; break }
                j += 1
                continue
            }
            if let h = headerName(t), !(h == .date && date != nil && body.fields[j] != nil) {
                sawHeader = true
                last = h
                let colon = t.firstIndex(of: ":")!
                let v = Text.trim(t[t.index(after: colon)...])
                if h == .date && date == nil { date = v }
                if h == .subject && subject == nil { subject = v }
                j += 1
                continue
            }
            // A wrapped header value (long To: lines) continues until the blank line; a field line ends it.
            if sawHeader && body.fields[j] == nil && (last == .to || last == .cc || last == .from) && !FieldLines.isIncidentMarker(t) {
                j += 1
                continue
            }
            break
        }
        return (j, date, subject)
    }

    static func isForwardSubject(_ s: Substring?) -> Bool {
        guard let s else { return false }
        let f = Text.fold(s)
        for p in ["vb:", "fw:", "fwd:", "vs:", "wg:", "tr:", "vb :", "fw :", "fwd :", "vidarebefordra:"] where f.bytesStart(with: p) {
            return true
        }
        return false
    }

    static func isReplySubject(_ s: Substring?) -> Bool {
        guard let s else { return false }
        let f = Text.fold(s)
        for p in ["sv:", "re:", "aw:", "antw:", "svar:", "sv :", "re :"] where f.bytesStart(with: p) { return true }
        return false
    }

    /// What the outer mail's Subject says it is.
    enum SubjectKind {
        case forward, reply, other

        init(_ subject: Substring?) {
            self = Stripping.isForwardSubject(subject) ? .forward : Stripping.isReplySubject(subject) ? .reply : .other
        }
    }

    /// Selects the report text in `range`, following inline forwards (up to a few levels).
    /// A header block (`Från:`/`Skickat:`) is a forward, and followed, when nothing but blank or
    /// separator lines stands above it and the Subject does not say reply (`SV:`), or when the
    /// Subject says forward (`VB:`, `Fwd:`) and no field line stands above it; otherwise it is the
    /// quoted mail of a reply and cut. Only the outer mail's Subject counts (`subject` is `.other`
    /// below it).
    static func select(_ body: BodyLines, range: Range<Int>, subject: SubjectKind = .other, depth: Int = 0) -> Selection {
        var fieldSeen = false
        var onlyBlankAbove = true
        var cut: Int? = nil
        var i = range.lowerBound
        while i < range.upperBound {
            let t = body.lines[i].trimmed
            if t.isEmpty { i += 1; continue }
            if let m = body.fields[i] {
                // Report-level lines may stand in a forwarder's note above the forwarded report.
                if m.field != .organisation && m.field != .safety { fieldSeen = true }
                onlyBlankAbove = false
                i += 1
                continue
            }
            if depth < 8 {
                if isForwardMarker(t) {
                    if !fieldSeen { return follow(body, marker: i, headersFrom: i + 1, range: range, depth: depth) }
                    cut = i; break
                }
                if isHeaderBlock(body, i, limit: range.upperBound) || isOriginalMessage(t) {
                    let from = isOriginalMessage(t) ? i + 1 : i
                    let h = skipHeaders(body, from: from, limit: range.upperBound)
                    let forward =
                        subject == .forward
                        || (subject == .other && !isReplySubject(h.subject) && (isForwardSubject(h.subject) || onlyBlankAbove))
                    if !fieldSeen && forward {
                        return follow(body, marker: i, headersFrom: from, range: range, depth: depth)
                    }
                    cut = i; break
                }
            }
            if t.first == ">" || t == "--" || isReplyHeader(body, i) || isClosing(t) {
                cut = i
                break
            }
            if !FieldLines.isSeparator(t) { onlyBlankAbove = false }
            i += 1
        }
        guard let c = cut else { return Selection(range: range) }
        var sel = Selection(range: range.lowerBound..<c)
        // A forwarder's note with a sign-off may sit above the forwarded message: look past the
        // signature for a forward marker, stopping at anything that is a reply quote.
        if !fieldSeen && depth < 8 && !(body.lines[c].trimmed.first == ">") && !isReplyHeader(body, c) {
            var j = c + 1
            while j < range.upperBound {
                let t = body.lines[j].trimmed
                if t.isEmpty { j += 1; continue }
                if t.first == ">" || isReplyHeader(body, j) { break }
                if isForwardMarker(t) {
                    var s = follow(body, marker: j, headersFrom: j + 1, range: range, depth: depth)
                    s.preambles.insert(range.lowerBound..<c, at: 0)
                    return s
                }
                if isHeaderBlock(body, j, limit: range.upperBound) || isOriginalMessage(t) {
                    let from = isOriginalMessage(t) ? j + 1 : j
                    let h = skipHeaders(body, from: from, limit: range.upperBound)
                    if subject == .forward || isForwardSubject(h.subject) {
                        var s = follow(body, marker: j, headersFrom: from, range: range, depth: depth)
                        s.preambles.insert(range.lowerBound..<c, at: 0)
                        return s
                    }
                    break
                }
                if body.fields[j] != nil { break }
                j += 1
            }
        }
        sel.forwardedDate = nil
        return sel
    }

    private static func follow(_ body: BodyLines, marker: Int, headersFrom: Int, range: Range<Int>, depth: Int) -> Selection {
        let h = skipHeaders(body, from: headersFrom, limit: range.upperBound)
        var inner = select(body, range: h.next..<range.upperBound, depth: depth + 1)
        inner.preambles.insert(range.lowerBound..<marker, at: 0)
        if inner.forwardedDate == nil { inner.forwardedDate = h.date }
        inner.forwarded = true
        return inner
    }

    /// iPhone and Apple Mail forward inline under `Vidarebefordrat mejl:` / `Början på vidarebefordrat
    /// brev:` with the forwarded mail quoted by `>`. The body with one level of quoting taken off the
    /// lines after the first such marker (up to the first unquoted text line), so that they read as the
    /// forwarded text; nil when there is no such forward. Line numbers stay as they were.
    static func unquotedForward(_ body: BodyLines) -> String? {
        var marker: Int? = nil
        var i = 0
        while i < body.lines.count {
            let t = body.lines[i]
            if t.utf8.first == 0x3E { break }  // a reply's quote comes first: not a forward of this kind
            if !t.isEmpty, body.fields[i] == nil, isForwardMarker(t) {
                var j = i + 1
                while j < body.lines.count, body.lines[j].isEmpty { j += 1 }
                if j < body.lines.count, body.lines[j].utf8.first == 0x3E { marker = i }
                break
            }
            i += 1
        }
        guard let m = marker else { return nil }
        var out = ""
        var quoting = true
        for (k, line) in body.lines.enumerated() {
            if k > 0 { out += "\n" }
            if k > m && quoting {
                if line.utf8.first == 0x3E {
                    var rest = line.dropFirst()
                    if rest.utf8.first == 0x20 { rest = rest.dropFirst() }
                    out += rest
                    continue
                }
                if !line.isEmpty { quoting = false }
            }
            out += line
        }
        return out
    }

    // MARK: Zero reports and help requests

    /// What a zero report says, once a "calm week" opening and a "this week" ending are taken off:
    /// `Lugn vecka, inget att rapportera.`, `Ingenting att rapportera denna vecka`, `Inga incidenter i veckan`.
    static let zeroPhrases: Set<String> = [
        "inga handelser", "inga incidenter", "inga nya handelser", "inget att rapportera", "ingenting att rapportera",
        "inget nytt", "ingenting nytt", "inget har hant", "ingenting har hant", "inga handelser att rapportera",
        "inga incidenter att rapportera", "inget att rapportera in", "0", "0 handelser", "0 incidenter", "nollrapport",
        "no incidents", "nothing to report", "no incidents to report", "nothing new",
    ]
    static let zeroOpenings = ["lugn vecka", "lugnt i veckan", "lugnt", "allt lugnt", "quiet week"]
    static let zeroEndings = ["denna vecka", "den har veckan", "i veckan", "under veckan", "forra veckan", "this week"]

    static func isZeroLine(_ t: Substring) -> Bool { zeroLine(t) != nil }

    struct ZeroLine: Equatable {
        /// The week number it names (`Nollrapport v.40`), if any.
        var week: Int?
    }

    /// A zero-report line, with the week it names (`v.40`, `v40`, `vecka 40`, `week 40`, before or
    /// after the phrase, also `för v.40`).
    static func zeroLine(_ t: Substring) -> ZeroLine? {
        guard t.utf8.count <= 80 else { return nil }
        let all = Text.words(Text.fold(t))
        if isZeroWords(all) { return ZeroLine(week: nil) }
        guard let (rest, week) = weekMention(all), isZeroWords(rest) else { return nil }
        return ZeroLine(week: week)
    }

    /// A Subject that is a zero report on its own (`Nollrapport v.40`, `EST: Inga händelser v 36`).
    static func zeroSubject(_ subject: Substring) -> ZeroLine? {
        guard subject.utf8.count <= 120 else { return nil }
        var words = Text.words(Text.fold(subject))
        while words.bytesStart(with: "est ") { words.removeFirst(4) }
        return zeroLine(Substring(words))
    }

    /// Words with a week named at their start or end: the other words and the week number.
    static func weekMention(_ words: String) -> (String, Int)? {
        var w = words.split(separator: " ").map(String.init)
        guard w.count >= 2, w.count <= 12 else { return nil }
        func number(_ s: String) -> Int? {
            guard s.count <= 2, let n = Int(s), (1...53).contains(n) else { return nil }
            return n
        }
        func take(_ tokens: [String]) -> (Int, Int)? {
            // (week, tokens used): `v40` / `w40`, or `v 40` / `vecka 40` / `week 40` / `vecka nr 40`
            if let f = tokens.first, f.count >= 2, f.count <= 3, f.first == "v" || f.first == "w", let n = number(String(f.dropFirst())) {
                return (n, 1)
            }
            guard tokens.count >= 2, ["v", "w", "vecka", "week", "veckan", "vn"].contains(tokens[0]) else { return nil }
            if let n = number(tokens[1]) { return (n, 2) }
            if tokens.count >= 3, tokens[1] == "nr", let n = number(tokens[2]) { return (n, 3) }
            return nil
        }
        let connectors: Set<String> = ["for", "under", "i", "in", "for"]
        for size in [3, 2, 1] where w.count > size {
            let tail = Array(w.suffix(size))
            if let (n, used) = take(tail), used == size {
                w.removeLast(size)
                if let l = w.last, connectors.contains(l), w.count > 1 { w.removeLast() }
                return (w.joined(separator: " "), n)
            }
        }
        if let (n, used) = take(Array(w.prefix(3))) {
            w.removeFirst(used)
            return (w.joined(separator: " "), n)
        }
        return nil
    }

    private static func isZeroWords(_ all: String) -> Bool {
        var words = all
        if zeroPhrases.contains(words) { return true }
        for opening in zeroOpenings where words.hasPrefix(opening + " ") {
            words = String(words.dropFirst(opening.count + 1))
            break
        }
        for ending in zeroEndings where words.hasSuffix(" " + ending) {
            words = String(words.dropLast(ending.count + 1))
            break
        }
        return zeroPhrases.contains(words)
    }

    static let greetings: Set<String> = [
        "hej", "hej hej", "hejsan", "hallo", "hello", "hi", "tjena", "tja", "god morgon", "goddag", "god dag",
        "hej est", "hej alla", "tack", "tack pa forhand", "thanks", "thank you",
    ]

    static func isGreeting(_ t: Substring) -> Bool {
        guard t.utf8.count <= 40 else { return false }
        return greetings.contains(Text.words(Text.fold(t)))
    }

    static func isHelpWord(_ t: Substring) -> Bool {
        guard t.utf8.count <= 16 else { return false }
        var f = Text.fold(t)
        while let l = f.last, l == "?" || l == "!" || l == "." { f.removeLast() }
        f = Text.trim(f)
        return f == "hjalp" || f == "help"
    }
}
