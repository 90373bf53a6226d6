import Domain

/// The fields of an insats mail (working-group.md §2).
public enum InsatsField: String, Sendable, Hashable, CaseIterable, Codable {
    case insats, area, place, category, start, end, followUp, responsible, status, description

    public var swedishName: String {
        switch self {
        case .insats: return "Insats"
        case .area: return "Område"
        case .place: return "Plats"
        case .category: return "Kategori"
        case .start: return "Start"
        case .end: return "Slut"
        case .followUp: return "Uppföljning"
        case .responsible: return "Ansvarig"
        case .status: return "Status"
        case .description: return "Beskrivning"
        }
    }

    /// Folded names and synonyms; the report synonyms of Område, Plats, Kategori and Beskrivning too.
    static let names: [String: InsatsField] = {
        var d: [String: InsatsField] = [:]
        func add(_ f: InsatsField, _ words: [String]) { for w in words { d[Text.fold(w)] = f } }
        add(.insats, ["Insats", "Intervention", "Åtgärdsinsats"])
        add(.area, ["Område", "Områden", "Stadsdel", "Omr", "Bostadsområde", "Area"])
        add(.place, ["Plats", "Adress", "Var", "Gata", "Exakt plats", "Lokal", "Place", "Location"])
        add(.category, ["Kategori", "Kategorier", "Händelsetyp", "Typ", "Kat", "Category", "Categories"])
        add(.start, ["Start", "Från", "Startdatum", "Från och med", "Start date"])
        add(.end, ["Slut", "Till", "Slutdatum", "Till och med", "End", "End date"])
        add(.followUp, ["Uppföljning", "Följs upp", "Utvärdering", "Uppföljningsdatum", "Follow-up", "Follow up"])
        add(.responsible, ["Ansvarig", "Ansvar", "Ägare", "Responsible", "Owner"])
        add(.status, ["Status"])
        add(.description, ["Beskrivning", "Kommentar", "Fritext", "Description"])
        return d
    }()

    /// `Fält: värde` or `Fält = värde` with an insats field name; the name is at most 30 bytes.
    static func match(_ line: Substring) -> (InsatsField, Substring)? {
        guard let separator = line.prefix(40).firstIndex(where: { $0 == ":" || $0 == "=" }), line[..<separator].utf8.count <= 30
        else { return nil }
        var name = Text.fold(line[line.startIndex..<separator])
        while let f = name.first, f == "*" || f == "-" || f == " " { name.removeFirst() }
        while let l = name.last, l == "*" || l == " " { name.removeLast() }
        guard let field = names[name] else { return nil }
        return (field, Text.trim(line[line.index(after: separator)...]))
    }
}

/// What the working group wrote: a new insats, or changes to one (`Insats: INS-2018-0007`, or any
/// fields in a reply to the gateway's answer about it).
public struct InsatsMail: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case register
        /// The reference named in the `Insats:` line; nil in a reply, where the answered mail says which.
        case change(reference: String?)
    }

    public var action: Action
    /// The fields given, read and checked one by one.
    public var fields: InsatsFields
    public var errors: [InsatsDiagnostic]
    public var warnings: [InsatsDiagnostic]
    /// Personal data was removed from Beskrivning.
    public var redacted: Bool

    public var isAccepted: Bool { errors.isEmpty }
}

/// The values an insats mail gives; nil where a field was not given.
public struct InsatsFields: Sendable, Hashable {
    public var given: [InsatsField] = []
    public var title: String?
    public var areas: [String]?
    public var place: String?
    public var categories: [String]?
    public var start: LocalDate?
    public var end: LocalDate?
    public var followUp: LocalDate?
    public var responsible: String?
    public var status: InsatsStatus?
    public var description: String?

    public init() {}

    public func has(_ field: InsatsField) -> Bool { given.contains(field) }
}

/// An error or remark about one line of an insats mail, in both languages.
public struct InsatsDiagnostic: Sendable, Hashable {
    public var field: String?
    public var line: Int?
    public var swedish: String
    public var english: String
    /// What was expected, when that helps.
    public var expectedSwedish: String?
    public var expectedEnglish: String?

    public init(
        field: String?, line: Int?, swedish: String, english: String, expectedSwedish: String? = nil, expectedEnglish: String? = nil
    ) {
        self.field = field
        self.line = line
        self.swedish = swedish
        self.english = english
        self.expectedSwedish = expectedSwedish
        self.expectedEnglish = expectedEnglish
    }

    public func message(_ language: Language) -> String { language == .swedish ? swedish : english }
    public func expected(_ language: Language) -> String? { language == .swedish ? expectedSwedish : expectedEnglish }
}
