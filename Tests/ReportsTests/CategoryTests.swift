import Domain
import Testing

@testable import Reports

@Suite("Categories") struct CategoryTests {
    @Test(
        "single and multiple categories",
        arguments: [
            ("Klotter", ["KLOT"]), ("klotter", ["KLOT"]), ("KLOT", ["KLOT"]), ("klot", ["KLOT"]), ("graffiti", ["KLOT"]),
            ("Skadegörelse, Klotter", ["SKAD", "KLOT"]), ("SKAD; KLOT", ["SKAD", "KLOT"]), ("SKAD/KLOT", ["SKAD", "KLOT"]),
            ("skadegörelse och klotter", ["SKAD", "KLOT"]),
            ("vandalism and graffiti".replacingOccurrences(of: "vandalism", with: "vandalisering"), ["SKAD", "KLOT"]),
            ("Stök / ordningsstörning", ["STOK"]), ("Stök/ordningsstörning", ["STOK"]), ("Stök", ["STOK"]), ("Brand", ["BRND"]),
            ("brand / anlagd brand, klotter", ["BRND", "KLOT"]), ("Stök / ordningsstörning och Klotter", ["STOK", "KLOT"]),
            ("trafik på gång- och cykelväg", ["FORD"]), ("Trafik / motorburen problematik", ["FORD"]), ("hot mot personal", ["PERS"]),
            ("hot", ["HOT"]), ("Hot / trakasserier", ["HOT"]), ("krossad ruta", ["SKAD"]), ("Övrigt", ["OVR"]), ("ovrigt", ["OVR"]),
            ("Klotter, klotter", ["KLOT"]), ("Skadegorelse", ["SKAD"]), ("A-traktor", ["FORD"]), ("Inbrott / stöld", ["INBR"]),
            ("Klotter.", ["KLOT"]), ("Våld; hot; stöld", ["VALD", "HOT", "INBR"]),
        ])
    func categories(_ value: String, _ codes: [String]) {
        #expect(single(parse(report(["Kategori": value])))?.categories == codes, "\(value)")
    }

    @Test func categorySynonymFieldNames() {
        for name in ["Kategori", "Händelsetyp", "Typ", "Kat", "Vad", "Category", "KATEGORI*", "kategori *"] {
            #expect(single(parse(report(["Kategori": nil], extra: ["\(name): Klotter"])))?.categories == ["KLOT"], "\(name)")
        }
    }

    @Test func unknownCategoryNamesTheClosest() {
        let r = parse(report(["Kategori": "klottring"]))
        let klot = catalog.category(code: "KLOT")!
        #expect(
            r.errors == [
                Diagnostic(incident: 1, field: "Kategori", line: 4, kind: .unknownCategory(value: "klottring", suggestions: [klot]))
            ])
        #expect(r.errors[0].message(.swedish) == "okänd kategori \"klottring\" — menade du Klotter (KLOT)?")
        #expect(r.errors[0].message(.english) == "unknown category \"klottring\" — did you mean Klotter (KLOT)?")
        #expect(r.incidents.isEmpty)
    }

    @Test func unknownPartInAListIsReportedAlone() {
        let r = parse(report(["Kategori": "Klotter, Skadegörelsee"]))
        guard case .unknownCategory(let v, let s)? = r.errors.first?.kind else { Issue.record("no error"); return }
        #expect(v == "Skadegörelsee")
        #expect(s.map(\.code) == ["SKAD"])
        #expect(r.errors.count == 1)
    }

    @Test func suggestionsForMisspellings() {
        func codes(_ v: String) -> [String] {
            guard case .unknownCategory(_, let s)? = parse(report(["Kategori": v])).errors.first?.kind else { return ["-"] }
            return s.map(\.code)
        }
        #expect(codes("narkotik") == ["NARK"])
        #expect(codes("misshandl") == ["VALD"])
        #expect(codes("sönderslagen ruta") == ["SKAD"])
        #expect(codes("xyzzy") == [])
        let m = parse(report(["Kategori": "xyzzy"])).errors[0].message(.swedish)
        #expect(m == "okänd kategori \"xyzzy\"")
    }

    @Test func emptyCategoryIsMissing() {
        let r = parse(report(["Kategori": ""]))
        #expect(r.errors == [Diagnostic(incident: 1, field: "Kategori", line: 4, kind: .missingField)])
    }

    @Test func aConfigurationCanReplaceTheList() {
        let c = Catalog(areas: catalog.areas, categories: [Category(code: "A1", name: "Eget / annat", synonyms: ["eget"])])
        let r = ReportParser.parse(ReportInput(text: report(["Kategori": "eget"]), mailDate: instant(defaultMail), catalog: c))
        #expect(single(r)?.categories == ["A1"])
        let r2 = ReportParser.parse(ReportInput(text: report(["Kategori": "Eget"]), mailDate: instant(defaultMail), catalog: c))
        #expect(single(r2)?.categories == ["A1"])
        #expect(
            !ReportParser.parse(ReportInput(text: report(["Kategori": "Klotter"]), mailDate: instant(defaultMail), catalog: c)).isAccepted)
    }

    @Test func indexIsReusable() {
        let index = CatalogIndex(catalog)
        let r = ReportParser.parse(ReportInput(text: report(), mailDate: instant(defaultMail), catalog: catalog), index: index)
        #expect(single(r)?.categories == ["KLOT"])
        #expect(CatalogIndex.shared(for: catalog) === CatalogIndex.shared(for: catalog))
    }
}

@Suite("Areas") struct AreaTests {
    @Test(
        "area names, ids and aliases",
        arguments: [
            ("Råby", "raby"), ("råby", "raby"), ("RABY", "raby"), ("raby", "raby"), ("Råby centrum", "raby"),
            ("Hammarby", "hammarby"), ("hammarby", "hammarby"), ("Bäckby/Skälby", "backby-skalby"), ("Bäckby", "backby-skalby"),
            ("Skälby", "backby-skalby"), ("backby-skalby", "backby-skalby"), ("Bäckby Skälby", "backby-skalby"),
            ("Bäckby / Skälby", "backby-skalby"), ("Råby, Västerås", "raby"), ("Råby.", "raby"),
        ])
    func areas(_ value: String, _ id: String) {
        #expect(single(parse(report(["Område": value])))?.area == id, "\(value)")
    }

    @Test func areaSynonymFieldNames() {
        for name in ["Stadsdel", "Omr", "Bostadsområde", "Area", "OMRÅDE", "omrade"] {
            #expect(single(parse(report(["Område": nil], extra: ["\(name): Hammarby"])))?.area == "hammarby", "\(name)")
        }
    }

    @Test func unknownAreaSuggests() {
        let r = parse(report(["Område": "Råbu"]))
        #expect(r.errors == [Diagnostic(incident: 1, field: "Område", line: 1, kind: .unknownArea(value: "Råbu", suggestions: ["Råby"]))])
        #expect(r.errors[0].message(.swedish) == "okänt område \"Råbu\" — menade du Råby?")
        let r2 = parse(report(["Område": "Stockholm"]))
        #expect(r2.errors.map(\.kind) == [.unknownArea(value: "Stockholm", suggestions: [])])
    }

    @Test func areaNotAllowedForTheOrganisation() {
        let r = parse(report(["Område": "Hammarby"]), organisation: rabyskolan)
        #expect(r.errors == [Diagnostic(incident: 1, field: "Område", line: 1, kind: .areaNotAllowed(area: "Hammarby"))])
        #expect(!r.isAccepted && r.incidents.isEmpty)
        #expect(r.errors[0].message(.swedish).contains("Hammarby"))
        #expect(single(parse(report(["Område": "Råby"]), organisation: rabyskolan))?.area == "raby")
        // Empty allowed list = every area; unknown sender = no restriction here.
        #expect(single(parse(report(["Område": "Hammarby"]), organisation: polisen))?.area == "hammarby")
        #expect(single(parse(report(["Område": "Hammarby"]), organisation: nil))?.area == "hammarby")
    }
}
