import Foundation

/// An intervention the working group decided (working-group.md §2): where, against what, from when.
public struct Insats: Sendable, Hashable, Codable {
    public var title: String
    /// Area ids; at least one.
    public var areas: [String]
    /// When given, the change is also measured for incidents at this place (folded "contains").
    public var place: String?
    /// Category codes it targets; empty means every category.
    public var categories: [String]
    public var start: LocalDate
    /// Nil while ongoing.
    public var end: LocalDate?
    /// Default: start + 8 weeks.
    public var followUp: LocalDate
    public var responsible: String?
    public var status: InsatsStatus
    public var description: String?

    public init(
        title: String, areas: [String], place: String? = nil, categories: [String] = [], start: LocalDate, end: LocalDate? = nil,
        followUp: LocalDate? = nil, responsible: String? = nil, status: InsatsStatus, description: String? = nil
    ) {
        self.title = title
        self.areas = areas
        self.place = place
        self.categories = categories
        self.start = start
        self.end = end
        self.followUp = followUp ?? start.adding(days: 56)
        self.responsible = responsible
        self.status = status
        self.description = description
    }

    /// Whether an incident counts in this insats's target series.
    public func targets(_ incident: Incident) -> Bool { targets(area: incident.area, categories: incident.categories) }

    /// The same for an incident known only by its area and categories (the store's plain rows).
    public func targets(area: String, categories incidentCategories: [String]) -> Bool {
        areas.contains(area) && concerns(categories: incidentCategories)
    }

    /// Whether an incident with these categories is one the insats is about, wherever it happened: the comparison
    /// series applies this rule in the other areas. One shared category is enough.
    public func concerns(categories incidentCategories: [String]) -> Bool {
        categories.isEmpty || !Set(categories).isDisjoint(with: incidentCategories)
    }
}

/// Where an insats stands. Raw values are the Swedish words the working group writes.
public enum InsatsStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case planerad, pagar = "pågår", genomford = "genomförd", avbruten

    public var english: String {
        switch self {
        case .planerad: return "planned"
        case .pagar: return "ongoing"
        case .genomford: return "completed"
        case .avbruten: return "cancelled"
        }
    }

    /// The default: planned before the start, ongoing from it.
    public static func initial(start: LocalDate, today: LocalDate) -> InsatsStatus { today < start ? .planerad : .pagar }
}

/// A stored insats as it reads now, with its reference (`INS-2018-0007`) and version.
public struct StoredInsats: Sendable, Hashable {
    public var reference: String
    public var insats: Insats
    public var version: Int
    /// Who registered it (a member's address) and when.
    public var registeredBy: String
    public var registeredAt: Date

    public init(reference: String, insats: Insats, version: Int, registeredBy: String, registeredAt: Date) {
        self.reference = reference
        self.insats = insats
        self.version = version
        self.registeredBy = registeredBy
        self.registeredAt = registeredAt
    }
}
