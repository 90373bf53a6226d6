import Domain

extension Diagnostic {
    private var fieldName: String { field ?? "" }

    private func fieldRef(_ language: Language) -> String {
        guard let field else { return language == .swedish ? "fältet" : "the field" }
        if language == .swedish { return "fältet \(field)" }
        if let f = ReportField(swedishName: field), f.englishName != field.lowercased() {
            return "the field \(field) (\(f.englishName))"
        }
        return "the field \(field)"
    }

    /// One sentence saying what is wrong, in the reporter's language.
    public func message(_ language: Language) -> String {
        let sv = language == .swedish
        // A value is quoted back cut to a readable length: it may be megabytes of hostile text.
        switch kind.quotingShortValues {
        case .missingField:
            return sv
                ? "\(fieldRef(language).capitalisedFirst) saknas eller är tomt"
                : "\(fieldRef(language).capitalisedFirst) is missing or empty"
        case .unknownArea(let value, let suggestions):
            let base = sv ? "okänt område \"\(value)\"" : "unknown area \"\(value)\""
            guard !suggestions.isEmpty else { return base }
            return base
                + (sv ? " — menade du \(Self.list(suggestions, sv: true))?" : " — did you mean \(Self.list(suggestions, sv: false))?")
        case .areaNotAllowed(let area):
            return sv
                ? "er organisation är inte registrerad för att rapportera från området \(area)"
                : "your organisation is not registered to report for the area \(area)"
        case .unparseableDate(let value):
            return sv ? "kunde inte läsa datumet \"\(value)\"" : "could not read the date \"\(value)\""
        case .dateInFuture(let date):
            return sv ? "datumet \(date.iso) ligger efter mejlets datum" : "the date \(date.iso) is after the date of the e-mail"
        case .dateOld(let date, let days):
            return sv
                ? "datumet \(date.iso) är \(days) dagar gammalt — händelsen är registrerad, men kontrollera att datumet stämmer"
                : "the date \(date.iso) is \(days) days old — the incident is registered, but please check the date"
        case .unknownCategory(let value, let suggestions):
            let base = sv ? "okänd kategori \"\(value)\"" : "unknown category \"\(value)\""
            guard !suggestions.isEmpty else { return base }
            let names = suggestions.map { "\($0.name) (\($0.code))" }
            return base + (sv ? " — menade du \(Self.list(names, sv: true))?" : " — did you mean \(Self.list(names, sv: false))?")
        case .badTime(let value) where Values.namesSeveralParts(value):
            return sv
                ? "tiden \"\(value)\" nämner flera delar av dygnet; skriv en av dem (t.ex. kväll) eller klockslagen (t.ex. 22-02)"
                : "the time \"\(value)\" names several parts of the day; write one of them (e.g. kväll) or the hours (e.g. 22-02)"
        case .badTime(let value):
            return sv ? "kunde inte läsa tiden \"\(value)\"" : "could not read the time \"\(value)\""
        case .badPersons(let value):
            return sv ? "kunde inte läsa antalet personer \"\(value)\"" : "could not read the number of people \"\(value)\""
        case .badSeverity(let value):
            return sv ? "kunde inte läsa bedömningen \"\(value)\"" : "could not read the assessment \"\(value)\""
        case .badYesNo(let value):
            return sv
                ? "kunde inte läsa svaret \"\(value)\" i \(fieldRef(language))"
                : "could not read the answer \"\(value)\" in \(fieldRef(language))"
        case .badCoordinates(let value):
            return sv ? "kunde inte läsa koordinaterna \"\(value)\"" : "could not read the coordinates \"\(value)\""
        case .coordinatesOutOfRange:
            return sv
                ? "koordinaterna ligger utanför giltiga värden (latitud −90 till 90, longitud −180 till 180)"
                : "the coordinates are out of range (latitude −90 to 90, longitude −180 to 180)"
        case .ignoredLine(let text):
            let shown = text.count > 60 ? String(text.prefix(57)) + "…" : text
            return sv
                ? "raden \"\(shown)\" lästes inte: den är inget fält och kan inte fortsätta \(fieldName)"
                : "the line \"\(shown)\" was not read: it is not a field and cannot continue \(fieldName)"
        case .emptyReport where field == ReportField.safety.swedishName:
            return sv
                ? "mejlet innehåller ingen rapport: bara Trygghet, inga händelser och ingen nollrapport; skicka Trygghet "
                    + "tillsammans med händelserna, eller med raden \"Inga händelser\" om inget har hänt"
                : "the e-mail holds no report: only Trygghet, no incidents and no zero report; send Trygghet together "
                    + "with the incidents, or with the line \"Inga händelser\" if nothing happened"
        case .emptyReport:
            return sv
                ? "mejlet innehåller ingen rapport: inga fältrader (som \"Område: Råby\") och ingen nollrapport"
                : "the e-mail holds no report: no field lines (like \"Område: Råby\") and no zero report"
        case .unknownPlaceType(let value):
            return sv ? "okänd platstyp \"\(value)\"" : "unknown type of place \"\(value)\""
        case .organisationIgnored(let value):
            return sv
                ? "fältet Organisation (\"\(value)\") användes inte: rapporten registreras på avsändarens organisation"
                : "the Organisation field (\"\(value)\") was not used: the report is registered for the sender's organisation"
        case .conflictingOrganisation(let value):
            return sv
                ? "fältet Organisation förekommer med olika värden; \"\(value)\" användes inte"
                : "the Organisation field appears with different values; \"\(value)\" was not used"
        case .badSafety(let value):
            return sv
                ? "kunde inte läsa tryggheten \"\(value)\": skriv en hel siffra från 1 till 5, \(Self.safetyScale(sv: true))"
                : "could not read the perceived safety \"\(value)\": write a whole number from 1 to 5, \(Self.safetyScale(sv: false))"
        case .safetyNeedsArea(let score, let areas):
            guard !areas.isEmpty else {
                return sv
                    ? "Trygghet utan område sparades inte: det framgår inte vilket område den gäller"
                    : "Trygghet without an area was not stored: it is not clear which area it is for"
            }
            let example = Self.list(areas.map { "\"Trygghet \($0): \(score)\"" }, sv: sv, and: true)
            return sv
                ? "Trygghet utan område sparades inte: det framgår inte vilket område den gäller "
                    + "(\(Self.list(areas, sv: true))); skriv en rad per område, t.ex. \(example)"
                : "Trygghet without an area was not stored: it is not clear which area it is for "
                    + "(\(Self.list(areas, sv: false))); write one line per area, e.g. \(example)"
        case .conflictingSafety(let area, let kept, let ignored):
            return sv
                ? "Trygghet för \(area) anges två gånger med olika värden; \(kept) användes, inte \(ignored)"
                : "Trygghet for \(area) is given twice with different values; \(kept) was used, not \(ignored)"
        case .tooManySafetyLines(let count, let limit):
            return sv
                ? "mejlet innehåller \(count) rader Trygghet, fler än de \(limit) som läses i ett mejl; inget registrerades"
                : "the e-mail holds \(count) Trygghet lines, more than the \(limit) read in one e-mail; nothing was registered"
        case .tooManyIncidents(let count, let limit):
            return sv
                ? "mejlet innehåller \(count) händelser, fler än de \(limit) som tas emot i ett mejl; inget registrerades"
                : "the e-mail holds \(count) incidents, more than the \(limit) accepted in one e-mail; nothing was registered"
        case .valueTruncated(let limit):
            return sv
                ? "\(fieldRef(language)) är längre än \(limit) tecken; bara de första \(limit) tecknen sparades"
                : "\(fieldRef(language)) is longer than \(limit) characters; only the first \(limit) were kept"
        case .moreDiagnostics(let count):
            return sv
                ? "ytterligare \(count) anmärkningar visas inte"
                : "\(count) more remarks are not shown"
        case .unknownFieldName(let value, let suggestion):
            return sv
                ? "okänt fält \"\(value)\" — menade du \(suggestion)?"
                : "unknown field \"\(value)\" — did you mean \(suggestion)?"
        case .zeroReportWeekInFuture(let week):
            return sv
                ? "nollrapporten gäller v.\(week), en vecka som inte har börjat eller inte är slut ännu"
                : "the zero report is for week \(week), a week that has not begun or ended yet"
        case .commandsWithIncidents, .correctionWithoutFields, .correctionNeedsOneReference, .repeatedReference, .tooManyCommands,
            .unknownReference, .correctionExpired, .alreadyWithdrawn, .noAcknowledgmentAnswered, .correctionNeedsReference:
            return commandMessage(sv: sv)
        }
    }

    /// What was expected instead, when that helps.
    public func expected(_ language: Language) -> String? {
        let sv = language == .swedish
        switch kind {
        case .missingField:
            guard let f = field.flatMap(ReportField.init(swedishName:)) else { return nil }
            return Self.expectedValue(f, sv: sv)
        case .unknownArea:
            return sv ? "ett område från listan över EST-områden" : "an area from the list of EST areas"
        case .areaNotAllowed:
            return sv ? "ett område som er organisation rapporterar för" : "an area your organisation reports for"
        case .unparseableDate, .dateInFuture:
            return Self.expectedValue(.date, sv: sv)
        case .unknownCategory:
            return Self.expectedValue(.category, sv: sv)
        case .badTime: return Self.expectedValue(.time, sv: sv)
        case .badPersons: return Self.expectedValue(.persons, sv: sv)
        case .badSeverity: return Self.expectedValue(.severity, sv: sv)
        case .badYesNo:
            return field == ReportField.policeReported.swedishName
                ? Self.expectedValue(.policeReported, sv: sv) : Self.expectedValue(.recurring, sv: sv)
        case .badCoordinates, .coordinatesOutOfRange: return Self.expectedValue(.coordinates, sv: sv)
        case .unknownPlaceType: return Self.expectedValue(.placeType, sv: sv)
        case .emptyReport where field == ReportField.safety.swedishName:
            return sv
                ? "händelser med fältrader som \"Område: Råby\", eller \"Inga händelser\" för en nollrapport, tillsammans med Trygghet"
                : "incidents with field lines like \"Område: Råby\", or \"Inga händelser\" for a zero report, together with Trygghet"
        case .emptyReport:
            return sv
                ? "fältrader som \"Område: Råby\", eller \"Inga händelser\" för en nollrapport"
                : "field lines like \"Område: Råby\", or \"Inga händelser\" for a zero report"
        case .ignoredLine:
            return sv
                ? "\"Fält: värde\" på varje rad; bara Plats, Beskrivning och Åtgärd får fortsätta på nästa rad"
                : "\"Field: value\" on each line; only Plats, Beskrivning and Åtgärd may continue on the next line"
        case .tooManyIncidents(_, let limit):
            return sv
                ? "högst \(limit) händelser per mejl; dela upp rapporten i flera mejl"
                : "at most \(limit) incidents per e-mail; split the report into several e-mails"
        case .valueTruncated:
            return sv ? "en kortare text" : "a shorter text"
        case .badSafety: return Self.expectedValue(.safety, sv: sv)
        case .safetyNeedsArea(let score, let areas):
            let lines = (areas.isEmpty ? ["Råby"] : areas).map { "Trygghet \($0): \(score)" }
            return (sv ? "en rad per område: " : "one line per area: ") + lines.joined(separator: "; ")
        case .tooManySafetyLines:
            return sv ? "en rad Trygghet per område" : "one Trygghet line per area"
        case .conflictingSafety:
            return nil
        case .unknownFieldName(_, let suggestion):
            guard let f = ReportField(swedishName: suggestion) else { return nil }
            return "\(suggestion): " + Self.expectedValue(f, sv: sv)
        case .zeroReportWeekInFuture:
            return sv
                ? "\"Inga händelser\" för veckan mejlet skickas, eller en vecka som har varit, t.ex. \"Inga händelser v.40\""
                : "\"Inga händelser\" for the week the e-mail is sent in, or a past week, e.g. \"Inga händelser v.40\""
        case .dateOld, .organisationIgnored, .conflictingOrganisation, .moreDiagnostics:
            return nil
        case .commandsWithIncidents, .correctionWithoutFields, .correctionNeedsOneReference, .repeatedReference, .tooManyCommands,
            .unknownReference, .correctionExpired, .alreadyWithdrawn, .noAcknowledgmentAnswered, .correctionNeedsReference:
            return commandExpected(sv: sv)
        }
    }

    static func expectedValue(_ f: ReportField, sv: Bool) -> String {
        switch f {
        case .area: return sv ? "ett område, t.ex. Råby" : "an area, e.g. Råby"
        case .place: return sv ? "en plats, t.ex. Råbyvägen 12, uppgång B" : "a place, e.g. Råbyvägen 12, entrance B"
        case .date: return sv ? "ett datum som 2018-09-03, 3/9 eller igår" : "a date like 2018-09-03, 3/9 or igår (yesterday)"
        case .category:
            return sv
                ? "en eller flera kategorier (namn eller kod), t.ex. Klotter, SKAD"
                : "one or more categories (name or code), e.g. Klotter, SKAD"
        case .description: return sv ? "en kort beskrivning av vad som hände" : "a short description of what happened"
        case .time:
            return sv
                ? "en tid som 21:30, kl 21 eller 21-23, eller natt, morgon, förmiddag, eftermiddag, kväll"
                : "a time like 21:30, kl 21 or 21-23, or natt, morgon, förmiddag, eftermiddag, kväll"
        case .placeType: return (sv ? "en av: " : "one of: ") + Values.placeTypes.joined(separator: ", ")
        case .persons: return sv ? "ett antal som 10, ca 10 eller 5-10" : "a number like 10, ca 10 or 5-10"
        case .severity: return sv ? "1 (låg), 2 (medel) eller 3 (hög)" : "1 (låg, low), 2 (medel, medium) or 3 (hög, high)"
        case .policeReported: return sv ? "ja, nej eller vet ej" : "ja (yes), nej (no) or vet ej (don't know)"
        case .recurring: return sv ? "ja eller nej" : "ja (yes) or nej (no)"
        case .coordinates: return sv ? "latitud, longitud som 59.6162, 16.5528" : "latitude, longitude like 59.6162, 16.5528"
        case .action: return sv ? "vad som gjordes" : "what was done"
        case .organisation: return sv ? "organisationens namn" : "the organisation's name"
        case .safety:
            return sv
                ? "\(safetyScale(sv: true)); för ett visst område t.ex. Trygghet Råby: 3"
                : "\(safetyScale(sv: false)); for one area e.g. Trygghet Råby: 3"
        }
    }

    static func list(_ items: [String], sv: Bool, and: Bool = false) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (and ? (sv ? " och " : " and ") : (sv ? " eller " : " or ")) + items.last!
    }

    /// The Trygghet scale in the reporter's language (the words are Swedish: they are what is read).
    static func safetyScale(sv: Bool) -> String {
        sv
            ? "1 (mycket otryggt), 2 (otryggt), 3 (varken eller), 4 (tryggt) eller 5 (mycket tryggt)"
            : "1 (mycket otryggt, very unsafe), 2 (otryggt, unsafe), 3 (varken eller, neither), 4 (tryggt, safe) "
                + "or 5 (mycket tryggt, very safe)"
    }
}

extension DiagnosticKind {
    /// The same kind with every quoted value cut to `ReportLimits.maxQuotedCharacters`.
    var quotingShortValues: DiagnosticKind {
        let q = Text.quoted
        switch self {
        case .unknownArea(let v, let s): return .unknownArea(value: q(v), suggestions: s)
        case .unparseableDate(let v): return .unparseableDate(value: q(v))
        case .unknownCategory(let v, let s): return .unknownCategory(value: q(v), suggestions: s)
        case .badTime(let v): return .badTime(value: q(v))
        case .badPersons(let v): return .badPersons(value: q(v))
        case .badSeverity(let v): return .badSeverity(value: q(v))
        case .badYesNo(let v): return .badYesNo(value: q(v))
        case .badCoordinates(let v): return .badCoordinates(value: q(v))
        case .unknownPlaceType(let v): return .unknownPlaceType(value: q(v))
        case .organisationIgnored(let v): return .organisationIgnored(value: q(v))
        case .conflictingOrganisation(let v): return .conflictingOrganisation(value: q(v))
        case .badSafety(let v): return .badSafety(value: q(v))
        case .unknownFieldName(let v, let s): return .unknownFieldName(value: q(v), suggestion: s)
        case .zeroReportWeekInFuture: return self
        case .safetyNeedsArea, .conflictingSafety, .tooManySafetyLines: return self
        case .missingField, .areaNotAllowed, .dateInFuture, .dateOld, .coordinatesOutOfRange, .ignoredLine,
            .emptyReport, .tooManyIncidents, .valueTruncated, .moreDiagnostics, .commandsWithIncidents, .correctionWithoutFields,
            .correctionNeedsOneReference, .repeatedReference, .tooManyCommands,
            .unknownReference, .correctionExpired, .alreadyWithdrawn, .noAcknowledgmentAnswered, .correctionNeedsReference:
            return self
        }
    }
}

extension String {
    var capitalisedFirst: String {
        guard let f = first else { return self }
        return f.uppercased() + dropFirst()
    }
}
