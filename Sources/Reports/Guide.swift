import Domain

/// A filled-in, copyable example report for rejections and the help mail.
public enum ReportGuide {
    public static func example(_ catalog: Catalog, language: Language) -> String {
        let area = catalog.areas.first?.name ?? "Råby"
        var cats: [Category] = []
        for code in ["KLOT", "SKAD"] { if let c = catalog.category(code: code) { cats.append(c) } }
        if cats.isEmpty { cats = Array(catalog.categories.prefix(2)) }
        let categories = cats.isEmpty ? "Klotter" : cats.map(\.name).joined(separator: ", ")
        switch language {
        case .swedish:
            return """
                Område: \(area)
                Plats: Storgatan 12, uppgång B
                Datum: igår
                Tid: 21:30
                Kategori: \(categories)
                Beskrivning: Klotter på väggen i trapphuset och en krossad ruta i entrédörren.
                Platstyp: trapphus
                Antal personer: ca 5
                Bedömning: 2
                Polisanmält: nej
                Trygghet: 3
                """
        case .english:
            return """
                Area: \(area)
                Place: Storgatan 12, entrance B
                Date: igår
                Time: 21:30
                Category: \(categories)
                Description: Graffiti on the stairwell wall and a broken window in the entrance door.
                Platstyp: trapphus
                Antal personer: ca 5
                Bedömning: 2
                Polisanmält: nej
                Trygghet: 3
                """
        }
    }

    /// The accepted field names, one line per field (for the help mail).
    public static func fieldList(language: Language) -> String {
        let sv = language == .swedish
        return ReportField.allCases.map { f in
            let req = f.isRequired ? (sv ? " (obligatoriskt)" : " (required)") : ""
            return "\(f.swedishName)\(req): \(Diagnostic.expectedValue(f, sv: sv))"
        }.joined(separator: "\n")
    }
}
