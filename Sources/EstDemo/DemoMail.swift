import Foundation
import OutgoingMail

/// The sample mail the demo sends: what reporters from several organisations write in one week.
enum DemoMail {
    struct Sample {
        var title: String
        var from: String
        var raw: String
    }

    /// Yesterday's ISO date in Stockholm, as a guard's incident system writes it.
    static func yesterday() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Europe/Stockholm")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date().addingTimeInterval(-86_400))
    }

    static func samples(gateway: String, domain: String) -> [Sample] {
        func headers(_ from: String, _ name: String, _ subject: String, _ id: String, extra: [String] = []) -> String {
            ([
                "From: \(name) <\(from)>", "To: EST Västerås <\(gateway)>", "Subject: \(subject)",
                "Date: \(MessageWriter.rfc5322Date(Date(), timeZone: TimeZone(identifier: "Europe/Stockholm")!))",
                "Message-ID: <\(id).\(UUID().uuidString.prefix(8))@\(domain)>", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
            ] + extra).joined(separator: "\r\n")
        }
        func mail(_ head: String, _ body: String) -> String {
            head + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        }
        let anna = "anna.lind@\(domain)", rektor = "rektor@\(domain)", ica = "butik.backby@\(domain)"
        let guard_ = "night.ops@\(domain)", fritid = "fritidsgard@\(domain)", stranger = "okand@\(domain)"
        return [
            Sample(
                title: "Mimer: two incidents (accepted)", from: anna,
                raw: mail(
                    headers(anna, "Anna Lind", "EST v.47 Råby – Mimer", "mimer-v47"),
                    """
                    Hej!

                    Händelse 1
                    Område: Råby
                    Plats: Råbyvägen 12, trapphus B
                    Datum: igår
                    Tid: kväll
                    Kategori: Klotter, skadegörelse
                    Beskrivning: Nytt klotter i trapphuset och en krossad ruta i entrédörren.
                    Boende har ringt till felanmälan. Ring mig på 070-123 45 67 vid frågor.
                    Polisanmält: nej

                    Händelse 2
                    Område: Bäckby
                    Plats: Bäckby centrum, vid pizzerian
                    Datum: i måndags
                    Tid: 21:30
                    Kategori: Ungdomssamling
                    Antal personer: ca 15
                    Beskrivning: Ett femtontal ungdomar samlades och kastade smällare.

                    Mvh
                    Anna Lind
                    Trygghetsvärd, Bostads AB Mimer
                    """)),
            Sample(
                title: "Råbyskolan: two mistakes (rejected, every error explained)", from: rektor,
                raw: mail(
                    headers(rektor, "Rektor Råbyskolan", "Rapport vecka 47", "skola-v47"),
                    """
                    Område: Råby
                    Plats: Skolgården
                    Kategori: klottring
                    Beskrivning: Tags på gympasalens vägg.
                    """)),
            Sample(
                title: "ICA Bäckby: nothing happened (zero report)", from: ica,
                raw: mail(
                    headers(ica, "ICA Bäckby", "EST v.47", "ica-v47"),
                    """
                    Hej,

                    Inga händelser denna vecka.

                    Hälsningar
                    Butiken
                    """)),
            Sample(
                title: "Nordic Guard: a report in English (English acknowledgment)", from: guard_,
                raw: mail(
                    headers(guard_, "Night Ops", "Weekly EST report", "guard-v47"),
                    """
                    Area: Hammarby
                    Place: Hammarby school, rear entrance
                    Date: \(yesterday())
                    Time: 02:10
                    Category: INBR
                    Description: Door forced at the rear entrance, alarm triggered, patrol on site after 9 minutes.
                    """)),
            Sample(
                title: "Fritidsgården: asks for help (reporting guide)", from: fritid,
                raw: mail(
                    headers(fritid, "Hammarby fritidsgård", "hur gör man?", "fritid-help"),
                    """
                    hjälp
                    """)),
            Sample(
                title: "Mimer: an out-of-office auto-reply (ignored, never answered)", from: anna,
                raw: mail(
                    headers(
                        anna, "Anna Lind", "Automatiskt svar: EST v.47", "mimer-oof",
                        extra: [
                            "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All",
                        ]),
                    """
                    Jag är på semester till och med 30 november.
                    """)),
            Sample(
                title: "A stranger (unknown sender: stored, ignored, never answered)", from: stranger,
                raw: mail(
                    headers(stranger, "Okänd", "Klotter", "stranger"),
                    """
                    Område: Råby
                    Plats: Torget
                    Datum: idag
                    Kategori: Klotter
                    Beskrivning: Någon har sprayat på väggen.
                    """)),
        ]
    }
}
