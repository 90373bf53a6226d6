import Domain
import Foundation
import GRDB

/// One row of `insatser`: the only place that knows how an insats's fields map to columns.
struct InsatsRecord: SnakeCaseRecord {
    static let databaseTableName = "insatser"

    var id: Int64?
    var ref: String
    var version: Int
    var title: String
    /// Comma-separated area ids and category codes.
    var areas: String
    var place: String?
    var categories: String
    var start: String
    var end: String?
    var followUp: String
    var responsible: String?
    var status: String
    var description: String?
    var registeredBy: String
    var registeredAt: Date

    init(_ i: Insats, ref: String, registeredBy: String, at: Date) {
        self.ref = ref
        version = 1
        title = i.title
        areas = i.areas.joined(separator: ",")
        place = i.place
        categories = i.categories.joined(separator: ",")
        start = i.start.iso
        end = i.end?.iso
        followUp = i.followUp.iso
        responsible = i.responsible
        status = i.status.rawValue
        description = i.description
        self.registeredBy = registeredBy
        registeredAt = at
    }

    /// Takes the insats's fields, keeping identity, version and registration.
    mutating func set(_ i: Insats) {
        let (id, version, by, at) = (self.id, self.version, registeredBy, registeredAt)
        self = InsatsRecord(i, ref: ref, registeredBy: by, at: at)
        (self.id, self.version) = (id, version)
    }

    var insats: Insats {
        Insats(
            title: title, areas: areas.split(separator: ",").map(String.init), place: place,
            categories: categories.split(separator: ",").map(String.init),
            start: LocalDate(iso: start) ?? LocalDate(year: 1970, month: 1, day: 1), end: end.flatMap(LocalDate.init(iso:)),
            followUp: LocalDate(iso: followUp), responsible: responsible, status: InsatsStatus(rawValue: status) ?? .planerad,
            description: description)
    }

    var stored: StoredInsats {
        StoredInsats(reference: ref, insats: insats, version: version, registeredBy: registeredBy, registeredAt: registeredAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One row of `insats_versions`.
struct InsatsVersionRecord: SnakeCaseRecord {
    static let databaseTableName = "insats_versions"

    var insats: Int64
    var version: Int
    var message: Int64?
    var changedBy: String
    var changedAt: Date
    var changedFields: String
    var fields: String

    init(_ record: InsatsRecord, message: Int64?, by: String, at: Date, changedFields: [String]) throws {
        insats = record.id ?? 0
        version = record.version
        self.message = message
        changedBy = by
        changedAt = at
        self.changedFields = changedFields.joined(separator: ",")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        fields = String(decoding: try encoder.encode(record.insats), as: UTF8.self)
    }
}
