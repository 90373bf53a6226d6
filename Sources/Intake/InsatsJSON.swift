import Domain
import Reports

/// An insats command in the parse JSON: `{"action": "register" | "change", "reference": …,
/// "fields": {"title": …, "areas": […], "start": "2018-10-01", …}}`, only the fields given.
struct InsatsJSON: Encodable {
    let mail: InsatsMail
    init(_ mail: InsatsMail) { self.mail = mail }

    enum Keys: String, CodingKey { case action, reference, fields }
    enum FieldKeys: String, CodingKey {
        case title, areas, place, categories, start, end, responsible, status, description
        case followUp = "follow_up"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch mail.action {
        case .register:
            try c.encode("register", forKey: .action)
            try c.encodeNil(forKey: .reference)
        case .change(let reference):
            try c.encode("change", forKey: .action)
            try c.encode(reference, forKey: .reference)
        }
        var f = c.nestedContainer(keyedBy: FieldKeys.self, forKey: .fields)
        let v = mail.fields
        for field in v.given {
            switch field {
            case .insats: if let title = v.title { try f.encode(title, forKey: .title) }
            case .area: try f.encode(v.areas, forKey: .areas)
            case .place: try f.encode(v.place, forKey: .place)
            case .category: try f.encode(v.categories, forKey: .categories)
            case .start: try f.encode(v.start?.iso, forKey: .start)
            case .end: try f.encode(v.end?.iso, forKey: .end)
            case .followUp: try f.encode(v.followUp?.iso, forKey: .followUp)
            case .responsible: try f.encode(v.responsible, forKey: .responsible)
            case .status: try f.encode(v.status?.rawValue, forKey: .status)
            case .description: try f.encode(v.description, forKey: .description)
            }
        }
    }
}
