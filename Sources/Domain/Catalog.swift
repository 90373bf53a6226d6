/// The configured vocabulary a report is read against.
public struct Catalog: Sendable, Hashable {
    public var areas: [Area]
    public var categories: [Category]

    public init(areas: [Area], categories: [Category]) {
        self.areas = areas
        self.categories = categories
    }

    public func area(id: String) -> Area? { areas.first { $0.id == id } }
    public func category(code: String) -> Category? { categories.first { $0.code == code } }
}
