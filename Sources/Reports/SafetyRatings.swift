import Domain

/// A `Trygghet` line as the block scan met it, not yet read: a plain `Trygghet:` means the area of
/// the incidents, which are read after the scan.
struct SafetyLine {
    /// 0-based index of the line with the field name.
    var index: Int
    /// 0-based index of the line with the value: `index`, or the next line for `Trygghet:` alone above
    /// its value (as HTML tables give it). Indices, not text: a mail of nothing but Trygghet lines holds
    /// one of these per line.
    var valueIndex: Int

    func value(_ body: BodyLines) -> Substring {
        valueIndex == index ? body.fields[index]?.value ?? "" : body.lines[valueIndex]
    }
}

/// The Trygghet lines of a mail, no more than one past the limit kept: the rest are only counted, so
/// a mail of a million such lines gets one error, as a mail of too many incidents does.
struct SafetyLines {
    let limit: Int
    private(set) var kept: [SafetyLine] = []
    private(set) var count = 0

    init(limit: Int) { self.limit = limit }

    mutating func add(_ line: SafetyLine) {
        count += 1
        if kept.count <= limit { kept.append(line) }
    }

    mutating func add(_ other: SafetyLines) {
        for l in other.kept { add(l) }
        count += other.count - other.kept.count
    }
}

/// Positions where report-format.md is silent, taken here:
/// - A value off the scale (`0`, `6`, `2.5`, `ganska bra`) is an error, and so rejects the whole mail:
///   every other unreadable value does (a bad `Bedömning` too, though it is optional), and a score
///   dropped with a warning could not be sent again later: corrections address incidents by
///   reference, and resending the report would store its incidents twice. The rejection quotes the scale.
/// - An empty value (`Trygghet:` from a copied template) says nothing and is skipped without a remark,
///   as for any optional field.
/// - An unknown area after the name is an error with suggestions, and an area the organisation may not
///   report for is an error, both exactly as in `Område`.
/// - The same area rated twice with different scores is a warning; the first score is kept (as for a
///   second `Organisation:`). The same score twice says nothing.
/// - Lines in a forwarder's note above a forwarded report are read too (the forwarder is the sender,
///   whose judgement it is), before the forwarded text's own.
/// - A plain line goes by the incidents that could be read; in a report rejected for another error it
///   is not stored anyway, and the resent report is judged afresh.
/// - A mail with `Trygghet` and nothing else keeps the "no report" error, which then names Trygghet
///   and asks for incidents or a zero report line with it (`emptyReport`, field `Trygghet`).
/// - More Trygghet lines than one per incident and one per area (`maxSafetyLines`) reject the mail with
///   one error, without reading them: no report needs that many.
extension Run {
    /// One per incident block and one per area, as a report that repeats it in every block could have.
    var maxSafetyLines: Int { input.limits.maxIncidents + index.catalog.areas.count }

    mutating func readSafety(_ lines: SafetyLines, body: BodyLines, selection: Selection, incidents: [Incident]) -> [SafetyRating] {
        var all = SafetyLines(limit: maxSafetyLines)
        for r in selection.preambles {
            for j in r where body.fields[j]?.field == .safety { all.add(SafetyLine(index: j, valueIndex: j)) }
        }
        all.add(lines)
        guard all.count <= all.limit else {
            errors.add(
                Diagnostic(
                    incident: nil, field: ReportField.safety, line: nil, kind: .tooManySafetyLines(count: all.count, limit: all.limit)))
            return []
        }

        let candidates = plainSafetyAreas(incidents)
        var ratings: [SafetyRating] = []
        var kept: [String: Int] = [:]
        for l in all.kept {
            let line = l.index + 1
            let value = Text.trim(l.value(body))
            guard !value.isEmpty, let name = Safety.name(ofLine: body.lines[l.index]) else { continue }
            func error(_ kind: DiagnosticKind) { errors.add(Diagnostic(incident: nil, field: ReportField.safety, line: line, kind: kind)) }
            let score = Safety.score(value)
            if score == nil { error(.badSafety(value: String(value))) }
            var area: Area? = nil
            switch name {
            case .area(let written):
                // Suggestions only for a diagnostic that will be shown: a mail of a million lines must not
                // cost a million edit-distance searches.
                switch index.lookupArea(written, suggesting: errors.total < errors.limit) {
                case .found(let a):
                    if let org = input.organisation, !org.mayReport(area: a.id) {
                        error(.areaNotAllowed(area: a.name))
                    } else {
                        area = a
                    }
                case .unknown(let suggestions):
                    error(.unknownArea(value: String(written), suggestions: suggestions))
                }
            case .plain:
                if candidates.count == 1 {
                    area = candidates[0]
                } else if let score {
                    warnings.add(
                        Diagnostic(
                            incident: nil, field: ReportField.safety, line: line,
                            kind: .safetyNeedsArea(score: score, areas: candidates.prefix(3).map(\.name))))
                }
            }
            guard let score, let area else { continue }
            if let first = kept[area.id] {
                if first != score {
                    warnings.add(
                        Diagnostic(
                            incident: nil, field: ReportField.safety, line: line,
                            kind: .conflictingSafety(area: area.name, kept: first, ignored: score)))
                }
                continue
            }
            kept[area.id] = score
            ratings.append(SafetyRating(area: area.id, score: score))
        }
        return ratings
    }

    /// The areas a plain `Trygghet:` can mean: those of the report's incidents, else those the
    /// organisation reports for (every area for an organisation without a list, or not registered).
    /// One means it is unambiguous.
    private func plainSafetyAreas(_ incidents: [Incident]) -> [Area] {
        var ids: [String] = []
        for i in incidents where !ids.contains(i.area) { ids.append(i.area) }
        if !ids.isEmpty { return ids.compactMap { index.catalog.area(id: $0) } }
        let areas = index.catalog.areas
        let allowed = areas.filter { input.organisation?.mayReport(area: $0.id) ?? true }
        // Allowed ids that are all missing from the catalog are a configuration slip, not one area.
        return allowed.isEmpty ? areas : allowed
    }

    /// The "no report" error, which for a mail with only `Trygghet` says that a zero report line (or
    /// incidents) must come with it: the score alone is neither.
    static func emptyReport(_ lines: SafetyLines) -> Diagnostic {
        guard let first = lines.kept.first else { return Diagnostic(incident: nil, field: nil as String?, line: nil, kind: .emptyReport) }
        return Diagnostic(incident: nil, field: ReportField.safety, line: first.index + 1, kind: .emptyReport)
    }
}
