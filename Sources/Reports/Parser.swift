import Domain
import Foundation

public enum ReportParser {
    /// Reads a report with a shared, cached index for the input's catalog.
    public static func parse(_ input: ReportInput) -> ParsedReport {
        parse(input, index: CatalogIndex.shared(for: input.catalog))
    }

    /// Reads a report with a prebuilt index (its catalog is used instead of `input.catalog`).
    public static func parse(_ input: ReportInput, index: CatalogIndex) -> ParsedReport {
        var run = Run(input: input, index: index)
        return run.parse()
    }

    /// Days before the reference date after which a date is accepted with a warning.
    public static let oldDateDays = 60
}

/// One field as collected from the lines of a block.
struct RawField {
    var value: String
    var line: Int
    var pendingBlank = false
    /// Characters in `value` so far, counted only for free text (which has a length limit).
    var characters = 0
    /// Continuation lines past the length limit were dropped.
    var truncated = false

    init(value: String, line: Int) {
        self.value = value
        self.line = line
    }

    /// Adds a continuation line in place, so a value of many lines costs its length once.
    /// Lines past `limit` characters are dropped: only the limit is kept in the end.
    mutating func append(line t: Substring, limit: Int, work: inout ParseWork) {
        defer { pendingBlank = false }
        if characters > limit { truncated = true; return }
        if value.isEmpty {
            value = String(t)
            characters = t.count
        } else {
            // Line breaks are the reporter's: kept for every free-text field alike.
            let joiner = pendingBlank ? "\n\n" : "\n"
            value += joiner
            value += t
            characters += joiner.count + t.count
        }
        work.freeTextBytesAppended += t.utf8.count
    }
}

/// Counters of what one parse did, for tests that hold the work to a bound.
struct ParseWork: Sendable, Hashable {
    /// Bytes of continuation lines appended to free-text values.
    var freeTextBytesAppended = 0
    /// Incident blocks held in memory (at most the incident limit + 1).
    var blocksHeld = 0
    /// Lines compared with the field names for a misspelt name.
    var nearChecks = 0
}

struct Block {
    var fields = [RawField?](repeating: nil, count: ReportField.allCases.count)
    var firstLine: Int
    var count = 0
    var hasIncidentFields = false
    /// Set for the fields under a `Rätta` line: a correction, not a new incident.
    var correction: CorrectionStart?

    struct CorrectionStart {
        var reference: String?
        var line: Int
    }

    subscript(_ f: ReportField) -> RawField? {
        get { fields[f.rawValue] }
        set { fields[f.rawValue] = newValue }
    }
}

struct Run {
    let input: ReportInput
    let index: CatalogIndex
    var errors: DiagnosticList
    var warnings: DiagnosticList
    var work = ParseWork()
    /// The correction whose fields are being read.
    var correcting: Block.CorrectionStart?

    init(input: ReportInput, index: CatalogIndex) {
        self.input = input
        self.index = index
        self.errors = DiagnosticList(limit: input.limits.maxDiagnostics)
        self.warnings = DiagnosticList(limit: input.limits.maxDiagnostics)
    }

    mutating func parse() -> ParsedReport {
        let text = Text.normaliseBody(input.text)
        var body = BodyLines(text)
        if let unquoted = Stripping.unquotedForward(body) { body = BodyLines(unquoted) }
        let mailReference = DateReading.localDate(input.mailDate ?? input.receivedAt, input.timeZone)
        let subject = input.subject.map { Text.trim(Substring($0.utf8.count <= 998 ? $0 : String($0.prefix(998)))) }
        let sel = Stripping.select(body, range: 0..<body.lines.count, subject: Stripping.SubjectKind(subject))
        var reference = mailReference
        if let raw = sel.forwardedDate, raw.utf8.count <= ReportLimits.maxStructuredBytes,
            let d = DateReading.headerDate(raw, reference: mailReference, timeZone: input.timeZone)
        {
            reference = d
        }
        var report = ParsedReport(referenceDate: reference)
        report.isForwarded = sel.forwarded

        // Collect blocks. Only incident blocks are kept, and no more than one past the limit:
        // the rest are only counted (150,000 blocks in one mail get one error, not storage).
        var blocks: [Block] = []
        var incidentBlocks = 0
        let maxIncidents = input.limits.maxIncidents
        var current: Block? = nil
        var currentField: ReportField? = nil
        var anyField = false
        var safetyLines = SafetyLines(limit: maxSafetyLines)
        var organisationField: RawField? = nil
        var organisationConflict: RawField? = nil
        // Corrections and withdrawals, in the order written; at most the incident limit + 1 are kept.
        var commands = CommandCollector(limit: maxIncidents)
        // Lines looked at for a misspelt field name (work.nearChecks): a constant number, so a body
        // of a million `Xxxxxxx: …` lines costs no more than a short one.
        func close() {
            if let b = current, b.correction != nil {
                commands.add(correction: b)
            } else if let b = current, b.count > 0, b.hasIncidentFields {
                incidentBlocks += 1
                if incidentBlocks == 1 { commands.firstIncidentLine = b.firstLine }
                if blocks.count <= maxIncidents { blocks.append(b) }
            }
            current = nil
            currentField = nil
        }
        var i = sel.range.lowerBound
        while i < sel.range.upperBound {
            let line = body.lines[i]
            let lineNo = i + 1
            let t = line.trimmed
            if t.isEmpty {
                if let f = currentField, f.isFreeText, current?[f] != nil { current![f]!.pendingBlank = true }
                i += 1
                continue
            }
            // A bare verb only where no block is open: inside a description "Ändra" is prose.
            if body.fields[i] == nil, let c = CommandLines.match(t), !c.references.isEmpty || current == nil {
                close()
                switch c.verb {
                case .withdraw:
                    for reference in c.references.isEmpty ? [nil] : c.references.map(Optional.some) {
                        commands.add(ReportCommand(action: .withdraw, reference: reference, line: lineNo))
                    }
                case .correct:
                    if c.references.count > 1 { commands.ambiguousCorrectionLines.append(lineNo) }
                    current = Block(firstLine: lineNo, correction: Block.CorrectionStart(reference: c.references.first, line: lineNo))
                }
                i += 1
                continue
            }
            var near: (written: String, name: String)? = nil
            var fieldMatch = body.fields[i]
            if fieldMatch == nil, work.nearChecks < FieldLines.maxNearChecks, t.utf8.prefix(26).contains(0x3A) {
                work.nearChecks += 1
                if !FieldLines.isIncidentMarker(t), let n = FieldLines.nearMatch(t) {
                    fieldMatch = n.match
                    near = (n.written, n.name)
                }
            }
            if let m = fieldMatch {
                anyField = true
                if m.field == .safety {
                    // Report level: it neither closes the block it stands in nor joins it, and it ends a
                    // free-text value above it (a stray line after it is warned about, not appended).
                    // The next line is its value only when it is a score: `Trygghet:` left empty above
                    // `Inga händelser` must not take that line.
                    var entry = SafetyLine(index: i, valueIndex: i)
                    if m.value.isEmpty, let n = nextValueLine(body, after: i, limit: sel.range.upperBound),
                        Safety.score(body.lines[n]) != nil
                    {
                        entry.valueIndex = n
                        i = n
                    }
                    safetyLines.add(entry)
                    if current != nil { currentField = .safety }
                    i += 1
                    continue
                }
                if current?[m.field] != nil { close() }
                if current == nil { current = Block(firstLine: lineNo) }
                var value = String(m.value)
                // `Datum:` with the value alone on the next line (HTML tables): take that line.
                if value.isEmpty, !m.field.isFreeText, let n = nextValueLine(body, after: i, limit: sel.range.upperBound) {
                    value = String(body.lines[n].trimmed)
                    i = n
                }
                var field = RawField(value: value, line: lineNo)
                if m.field.isFreeText { field.characters = value.count }
                if let near {
                    errors.add(
                        Diagnostic(
                            incident: incidentBlocks + 1, field: m.field, line: lineNo,
                            kind: .unknownFieldName(value: near.written, suggestion: near.name)))
                }
                current![m.field] = field
                current!.count += 1
                if m.field != .organisation {
                    current!.hasIncidentFields = true
                } else {
                    if organisationField == nil {
                        organisationField = current![m.field]
                    } else if Text.fold(organisationField!.value) != Text.fold(value), organisationConflict == nil {
                        organisationConflict = current![m.field]
                    }
                }
                currentField = m.field
                i += 1
                continue
            }
            if FieldLines.isIncidentMarker(t) || FieldLines.isSeparator(t) {
                close()
                i += 1
                continue
            }
            if let f = currentField, current != nil {
                if f.isFreeText, let limit = input.limits.maxCharacters(f) {
                    // In place through the array element: a copied-out RawField would copy the value.
                    current!.fields[f.rawValue]!.append(line: t, limit: limit, work: &work)
                } else {
                    warnings.add(
                        Diagnostic(
                            incident: incidentBlocks + 1, field: f,
                            line: lineNo, kind: .ignoredLine(text: String(t))))
                }
            }
            // Lines before the first field of a block are ignored.
            i += 1
        }
        close()
        report.hasFieldLines = anyField

        // Organisation field (report level), also from a forwarder's note above a forward.
        if organisationField == nil {
            outer: for r in sel.preambles {
                for j in r where body.fields[j]?.field == .organisation {
                    organisationField = RawField(value: String(body.fields[j]!.value), line: j + 1)
                    break outer
                }
            }
        }
        if let org = organisationField, !org.value.isEmpty {
            if input.organisation?.mayReportForOthers == true {
                report.namedOrganisation = org.value
                if let c = organisationConflict {
                    warnings.add(
                        Diagnostic(
                            incident: nil, field: .organisation, line: c.line,
                            kind: .conflictingOrganisation(value: c.value)))
                }
            } else {
                warnings.add(
                    Diagnostic(
                        incident: nil, field: .organisation, line: org.line,
                        kind: .organisationIgnored(value: org.value)))
            }
        }

        work.blocksHeld = blocks.count
        var incidents: [Incident] = []
        if incidentBlocks > maxIncidents {
            // One error for the whole mail: a list of each block's mistakes would bury it.
            errors.add(
                Diagnostic(
                    incident: nil, field: nil as String?, line: nil,
                    kind: .tooManyIncidents(count: incidentBlocks, limit: maxIncidents)))
        } else {
            for (n, block) in blocks.enumerated() {
                if let inc = read(block, number: n + 1, reference: reference) {
                    incidents.append(inc)
                    if inc.redacted { report.redacted = true }
                }
            }
        }

        if !commands.isEmpty {
            report.hasCommands = true
            // A rating is report content: like a new incident, it belongs in a report of its own.
            if commands.firstIncidentLine == nil, let rating = safetyLines.kept.first { commands.firstIncidentLine = rating.index + 1 }
            report.commands = read(commands, reference: reference)
        } else if incidentBlocks == 0 {
            let lines = sel.range.map { body.lines[$0].trimmed }.filter { !$0.isEmpty }
            // The body's own line first; the Subject only when the body says nothing else.
            var zero: (line: Int?, value: Stripping.ZeroLine)? = nil
            if let j = sel.range.first(where: { Stripping.isZeroLine(body.lines[$0]) }), let z = Stripping.zeroLine(body.lines[j]) {
                zero = (j + 1, z)
            } else if lines.allSatisfy({ Stripping.isGreeting($0) }), let subject, let z = Stripping.zeroSubject(subject) {
                zero = (nil, z)
            }
            if let zero {
                report.isZeroReport = true
                if let n = zero.value.week {
                    switch Self.namedWeek(n, sentIn: mailReference.isoWeek) {
                    case .some(let week): report.zeroReportWeek = week
                    case .none:
                        report.isZeroReport = false
                        errors.add(
                            Diagnostic(incident: nil, field: nil as String?, line: zero.line, kind: .zeroReportWeekInFuture(week: n)))
                    }
                }
            } else if lines.contains(where: Stripping.isHelpWord)
                && lines.allSatisfy({ Stripping.isHelpWord($0) || Stripping.isGreeting($0) })
            {
                // Still not a report (status rejected); the reply sends the reporting guide instead.
                report.isHelpRequest = true
                errors.add(Diagnostic(incident: nil, field: nil as String?, line: nil, kind: .emptyReport))
            } else {
                errors.add(Self.emptyReport(safetyLines))
            }
        }
        // Trygghet lines are read last: a plain one means the area of the incidents read above.
        let safety = readSafety(safetyLines, body: body, selection: sel, incidents: incidents)
        if errors.isEmpty { report.safety = safety }

        report.errors = errors.list
        report.warnings = warnings.list
        report.incidents = errors.isEmpty ? incidents : []
        if !errors.isEmpty { report.commands = [] }
        if !errors.isEmpty { report.redacted = incidents.contains(where: \.redacted) }
        report.work = work
        return report
    }

    /// The week a zero report names by number: this week or the latest past week with that number
    /// (`v.52` sent in week 2 is last year's); nil for a week up to half a year ahead, which has
    /// not ended yet.
    static func namedWeek(_ n: Int, sentIn current: ISOWeek) -> ISOWeek? {
        if n <= current.week { return ISOWeek(year: current.year, week: n) }
        if n - current.week <= 26 { return nil }
        let last = current.year - 1
        return n <= ISOWeek.weeksIn(year: last) ? ISOWeek(year: last, week: n) : nil
    }

    private func nextValueLine(_ body: BodyLines, after i: Int, limit: Int) -> Int? {
        var j = i + 1
        while j < limit, body.lines[j].trimmed.isEmpty { j += 1 }
        guard j < limit, j <= i + 2 else { return nil }
        let t = body.lines[j].trimmed
        if body.fields[j] != nil || FieldLines.isIncidentMarker(t) || FieldLines.isSeparator(t) { return nil }
        if let command = CommandLines.match(t), !command.references.isEmpty { return nil }
        return j
    }

    /// Diagnostics of a correction's fields name its reference, not an incident number.
    private mutating func error(_ n: Int, _ f: ReportField, _ line: Int?, _ kind: DiagnosticKind) {
        errors.add(Diagnostic(incident: correcting == nil ? n : nil, reference: correcting?.reference, field: f, line: line, kind: kind))
    }

    private mutating func warning(_ n: Int, _ f: ReportField, _ line: Int?, _ kind: DiagnosticKind) {
        warnings.add(Diagnostic(incident: correcting == nil ? n : nil, reference: correcting?.reference, field: f, line: line, kind: kind))
    }

    /// Reads one block into an incident; records diagnostics; nil when a required value is unusable.
    private mutating func read(_ b: Block, number n: Int, reference: LocalDate) -> Incident? {
        guard let p = readValues(b, number: n, reference: reference, partial: false), let area = p.area, let date = p.date,
            let place = p.place, let description = p.description, let codes = p.categories, !codes.isEmpty
        else { return nil }
        return Incident(
            area: area, place: place, placeType: p.placeType, date: date, timeFrom: p.time?.from, timeTo: p.time?.to,
            timeOfDay: p.time?.part, categories: codes, description: description, personsMin: p.persons?.min,
            personsMax: p.persons?.max, severity: p.severity, policeReported: p.policeReported, action: p.action,
            recurring: p.recurring, lat: p.coordinates?.lat, lon: p.coordinates?.lon, redacted: p.redacted)
    }

    /// Reads the fields a block gives, each checked as in a new report; records diagnostics; nil when
    /// any value is unusable. `partial` (a correction) requires only that a required field given is not
    /// empty; otherwise every required field must be there.
    mutating func readValues(_ b: Block, number n: Int, reference: LocalDate, partial: Bool) -> IncidentPatch? {
        let errorsBefore = errors.total
        func value(_ f: ReportField) -> (String, Int)? {
            guard let r = b[f] else { return nil }
            let v = Text.trim(r.value)
            return v.isEmpty ? nil : (v, r.line)
        }
        for f in ReportField.allCases where f.isRequired && value(f) == nil && (!partial || b[f] != nil) {
            error(n, f, b[f]?.line ?? b.firstLine, .missingField)
        }
        var patch = IncidentPatch()
        patch.fields = ReportField.allCases.filter { b[$0] != nil && $0 != .organisation && $0 != .safety }

        var area: Area? = nil
        if let (v, line) = value(.area) {
            switch index.lookupArea(Substring(v)) {
            case .found(let a):
                area = a
                if let org = input.organisation, !org.mayReport(area: a.id) {
                    error(n, .area, line, .areaNotAllowed(area: a.name))
                }
            case .unknown(let suggestions):
                error(n, .area, line, .unknownArea(value: v, suggestions: suggestions))
            }
        }

        var date: LocalDate? = nil
        var timeFromDate: Values.TimeValue? = nil
        /// Structured values longer than any date, time or number are errors without being read.
        func fits(_ v: String) -> Bool { v.utf8.count <= ReportLimits.maxStructuredBytes }

        if let (v, line) = value(.date) {
            if fits(v), let r = DateReading.read(Substring(v), reference: reference) {
                var usable = true
                if let rem = r.remainder {
                    if let t = Values.readTime(rem) { timeFromDate = t } else { usable = false }
                }
                if !usable {
                    error(n, .date, line, .unparseableDate(value: v))
                } else if r.date > reference {
                    error(n, .date, line, .dateInFuture(date: r.date))
                } else {
                    date = r.date
                    let age = reference.days(since: r.date)
                    if age > ReportParser.oldDateDays { warning(n, .date, line, .dateOld(date: r.date, days: age)) }
                }
            } else {
                error(n, .date, line, .unparseableDate(value: v))
            }
        }

        var codes: [String] = []
        if let (v, line) = value(.category) {
            let m = index.matchCategories(Substring(v), maxUnknown: input.limits.maxDiagnostics)
            codes = m.codes
            for u in m.unknown { error(n, .category, line, .unknownCategory(value: u.value, suggestions: u.suggestions)) }
            errors.add(omitted: m.unknownOmitted)
            if m.codes.isEmpty && m.unknown.isEmpty && m.unknownOmitted == 0 { error(n, .category, line, .missingField) }
        }

        var redacted = false
        var truncations: [(ReportField, Int, Int)] = []
        func free(_ f: ReportField) -> String? {
            guard let (read, line) = value(f) else { return nil }
            var v = read
            if let limit = input.limits.maxCharacters(f), b[f]?.truncated == true || !Text.hasAtMost(v, characters: limit) {
                v = Text.trim(String(v.prefix(limit)))
                truncations.append((f, line, limit))
            }
            let r = Redaction.redact(v)
            if r.redacted { redacted = true }
            return r.text
        }
        let place = free(.place)
        let description = free(.description)
        let action = free(.action)
        for (f, line, limit) in truncations { warning(n, f, line, .valueTruncated(limit: limit)) }

        var timeFrom: String? = nil, timeTo: String? = nil, part: PartOfDay? = nil
        let timeValue: Values.TimeValue?
        if let (v, line) = value(.time) {
            timeValue = fits(v) ? Values.readTime(v) : nil
            if timeValue == nil { error(n, .time, line, .badTime(value: v)) }
        } else {
            timeValue = timeFromDate
        }
        switch timeValue {
        case .clock(let a, let b)?: timeFrom = a; timeTo = b
        case .part(let p)?: part = p
        case nil: break
        }

        var placeType: String? = nil
        if let (v, line) = value(.placeType) {
            placeType = fits(v) ? Values.readPlaceType(v) : nil
            if placeType == nil { error(n, .placeType, line, .unknownPlaceType(value: v)) }
        }

        var pMin: Int? = nil, pMax: Int? = nil
        if let (v, line) = value(.persons) {
            if fits(v), let p = Values.readPersons(v) { pMin = p.0; pMax = p.1 } else { error(n, .persons, line, .badPersons(value: v)) }
        }

        var severity: Int? = nil
        if let (v, line) = value(.severity) {
            severity = fits(v) ? Values.readSeverity(v) : nil
            if severity == nil { error(n, .severity, line, .badSeverity(value: v)) }
        }

        var police: PoliceReported? = nil
        if let (v, line) = value(.policeReported) {
            switch fits(v) ? Values.readYesNo(v) : nil {
            case .yes?: police = .yes
            case .no?: police = .no
            case .unknown?: police = .unknown
            case nil: error(n, .policeReported, line, .badYesNo(value: v))
            }
        }

        var recurring: Bool? = nil
        if let (v, line) = value(.recurring) {
            switch fits(v) ? Values.readYesNo(v) : nil {
            case .yes?: recurring = true
            case .no?: recurring = false
            case .unknown?: recurring = nil
            case nil: error(n, .recurring, line, .badYesNo(value: v))
            }
        }

        var lat: Double? = nil, lon: Double? = nil
        if let (v, line) = value(.coordinates) {
            switch v.utf8.count <= Coordinates.maxBytes ? Values.readCoordinates(v) : .unreadable {
            case .ok(let a, let o): lat = a; lon = o
            case .unreadable: error(n, .coordinates, line, .badCoordinates(value: v))
            case .outOfRange: error(n, .coordinates, line, .coordinatesOutOfRange)
            }
        }

        guard errors.total == errorsBefore else { return nil }
        patch.area = area?.id
        patch.place = place
        patch.placeType = placeType
        patch.date = date
        if b[.time] != nil || timeFromDate != nil {
            patch.time = IncidentPatch.TimeValue(from: timeFrom, to: timeTo, part: part)
            if !patch.has(.time) { patch.fields.append(.time) }
        }
        patch.categories = codes.isEmpty ? nil : codes
        patch.description = description
        if b[.persons] != nil { patch.persons = IncidentPatch.PersonsValue(min: pMin, max: pMax) }
        patch.severity = severity
        patch.policeReported = police
        patch.action = action
        patch.recurring = recurring
        if b[.coordinates] != nil { patch.coordinates = IncidentPatch.CoordinatesValue(lat: lat, lon: lon) }
        patch.redacted = redacted
        return patch
    }
}
