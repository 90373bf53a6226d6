/// Bounds on what one mail may make the report parser hold or say: a hostile or runaway mail
/// (a script that pastes a log, a loop that repeats a block) must cost bounded memory and give
/// the reporter one clear answer instead of a hundred thousand.
public struct ReportLimits: Sendable, Hashable {
    /// More incident blocks than this reject the mail with one error.
    public var maxIncidents: Int
    /// Characters kept of a Plats value; the rest is cut with a warning.
    public var maxPlaceCharacters: Int
    /// Characters kept of a Beskrivning or Åtgärd value; the rest is cut with a warning.
    public var maxDescriptionCharacters: Int
    /// Errors, and separately warnings, kept per mail; past it one more says how many were left out.
    public var maxDiagnostics: Int

    public init(
        maxIncidents: Int = 50, maxPlaceCharacters: Int = 500, maxDescriptionCharacters: Int = 5_000,
        maxDiagnostics: Int = 200
    ) {
        self.maxIncidents = maxIncidents
        self.maxPlaceCharacters = maxPlaceCharacters
        self.maxDescriptionCharacters = maxDescriptionCharacters
        self.maxDiagnostics = max(2, maxDiagnostics)
    }

    /// Characters kept of a free-text field; nil for the other fields.
    func maxCharacters(_ field: ReportField) -> Int? {
        switch field {
        case .place: maxPlaceCharacters
        case .description, .action: maxDescriptionCharacters
        default: nil
        }
    }

    /// "Did you mean" is computed only for values about as short as a name: an edit distance
    /// against a multi-megabyte value costs seconds and suggests nothing.
    static let maxSuggestionCharacters = 40

    /// The longest value a structured field (date, time, number, yes/no, …) is read from; longer
    /// text cannot be one of those and is an error without being tokenised.
    static let maxStructuredBytes = 200

    /// A value quoted back in a diagnostic is cut to this many characters.
    static let maxQuotedCharacters = 100
}

/// Diagnostics of one kind (errors or warnings) up to a bound: past it they are only counted,
/// and the list ends with one that says how many more there were.
struct DiagnosticList {
    let limit: Int
    private var kept: [Diagnostic] = []
    /// Every diagnostic added, kept or not.
    private(set) var total = 0

    init(limit: Int) { self.limit = limit }

    var isEmpty: Bool { total == 0 }

    mutating func add(_ make: @autoclosure () -> Diagnostic) {
        total += 1
        if kept.count < limit { kept.append(make()) }
    }

    mutating func add(omitted count: Int) { total += count }

    /// Exactly `limit` entries when more were added: the first `limit - 1` and a count of the rest.
    var list: [Diagnostic] {
        guard total > limit else { return kept }
        return Array(kept.prefix(limit - 1)) + [Diagnostic(kind: .moreDiagnostics(count: total - (limit - 1)))]
    }
}

extension Text {
    /// Whether `s` has at most `n` characters, counting no further than needed.
    static func hasAtMost(_ s: some StringProtocol, characters n: Int) -> Bool {
        s.utf8.count <= n || s.prefix(n + 1).count <= n
    }

    /// A value as quoted in a message: cut with "…" past `ReportLimits.maxQuotedCharacters`.
    static func quoted(_ s: String) -> String {
        let n = ReportLimits.maxQuotedCharacters
        if hasAtMost(s, characters: n) { return s }
        return String(s.prefix(n - 1)) + "…"
    }
}
