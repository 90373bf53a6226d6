import Domain
import Reports

/// A command in the parse JSON: `{"action": "correct", "reference": "EST-2018-000123", "line": 3,
/// "fields": {"area": "hammarby"}}`. Fields carry the incident JSON's keys, only those given; a
/// field given empty (cleared) is null.
struct CommandJSON: Encodable {
    let command: ReportCommand
    init(_ command: ReportCommand) { self.command = command }

    enum Keys: String, CodingKey { case action, reference, line, fields }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(command.reference, forKey: .reference)
        try c.encode(command.line, forKey: .line)
        switch command.action {
        case .withdraw:
            try c.encode("withdraw", forKey: .action)
        case .correct(let patch):
            try c.encode("correct", forKey: .action)
            try c.encode(PatchJSON(patch: patch), forKey: .fields)
        }
    }
}

private struct PatchJSON: Encodable {
    let patch: IncidentPatch

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let p = patch
        for field in p.fields {
            switch field {
            case .area: try c.encode(p.area, forKey: Key("area"))
            case .place: try c.encode(p.place, forKey: Key("place"))
            case .placeType: try c.encode(p.placeType, forKey: Key("place_type"))
            case .date: try c.encode(p.date?.iso, forKey: Key("date"))
            case .time:
                try c.encode(p.time?.from, forKey: Key("time_from"))
                try c.encode(p.time?.to, forKey: Key("time_to"))
                try c.encode(p.time?.part?.rawValue, forKey: Key("time_of_day"))
            case .category: try c.encode(p.categories, forKey: Key("categories"))
            case .description: try c.encode(p.description, forKey: Key("description"))
            case .persons:
                try c.encode(p.persons?.min, forKey: Key("persons_min"))
                try c.encode(p.persons?.max, forKey: Key("persons_max"))
            case .severity: try c.encode(p.severity, forKey: Key("severity"))
            case .policeReported: try c.encode(p.policeReported?.rawValue, forKey: Key("police_reported"))
            case .action: try c.encode(p.action, forKey: Key("action"))
            case .recurring: try c.encode(p.recurring, forKey: Key("recurring"))
            case .coordinates:
                try c.encode(p.coordinates?.lat, forKey: Key("lat"))
                try c.encode(p.coordinates?.lon, forKey: Key("lon"))
            case .organisation, .safety: continue
            }
        }
        if p.redacted { try c.encode(true, forKey: Key("redacted")) }
    }
}
