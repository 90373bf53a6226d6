import Foundation
import MailServerHarness

/// Builds report mails of the shapes real clients send: plain UTF-8, Outlook multipart/alternative in
/// windows-1252 quoted-printable, HTML-only tables, base64 bodies, Thunderbird format=flowed, and
/// mails with attachments. Written by hand here so the benchmark needs nothing but the toolchain.
struct SampleMail {
    var rng: SplitMix64

    static let areas = ["Råby", "Hammarby", "Bäckby", "Skälby", "Råby centrum"]
    static let places = [
        "Råbyvägen 12, trapphus B", "Skolgården vid Hammarbyskolan", "Bäckby centrum, vid pizzerian",
        "Hållplats Skälby torg", "Källaren, Ängsgärdsgatan 4", "Gång- och cykelvägen mot Bäckbyskolan",
    ]
    static let categories = [
        "Klotter", "Skadegörelse", "Nedskräpning", "Brand", "Stök", "Ungdomssamling",
        "Narkotika", "Hot", "Buskörning, moped", "Krossad ruta och klotter", "Trasig belysning",
    ]
    static let descriptions = [
        "Ett tiotal ungdomar samlades vid entrén och kastade glasflaskor mot fasaden. Boende kände sig otrygga.",
        "Nytt klotter på väggen mot gården, ca 2 meter brett. Sanerat dagen efter av fastighetsskötare.",
        "Containerbrand strax efter midnatt. Räddningstjänsten släckte. Ingen skadad men stark rök i trapphuset.",
        "Mopeder körde i hög fart på gång- och cykelvägen, flera föräldrar med barnvagn fick hoppa undan.",
        "Sprutor hittade i buskaget bakom förskolan. Omhändertagna av personal enligt rutin.",
    ]
    static let times = ["21:30", "kväll", "22-23", "kl 19", "natt", "14.15", "eftermiddag"]
    static let dates = ["igår", "2018-09-03", "3/9", "i fredags", "måndag", "idag", "2 sep"]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func pick<T>(_ list: [T]) -> T { list[rng.next(list.count)] }

    mutating func reportText(incidents: Int) -> String {
        var lines = ["Hej,", "", "här kommer veckans rapport.", ""]
        for n in 1...incidents {
            lines += [
                "Händelse \(n)", "Område: \(pick(Self.areas))", "Plats: \(pick(Self.places))",
                "Datum: \(pick(Self.dates))", "Tid: \(pick(Self.times))", "Kategori: \(pick(Self.categories))",
                "Beskrivning: \(pick(Self.descriptions))", "\(pick(Self.descriptions))",
                "Bedömning: \(1 + rng.next(3))", "Polisanmält: \(pick(["ja", "nej", "vet ej"]))", "",
            ]
        }
        lines += ["Mvh", "Anna Svensson", "Trygghetsvärd, Mimer", "070-123 45 67"]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    mutating func message(index: Int) -> [UInt8] {
        let text = reportText(incidents: 1 + rng.next(4))
        let headers = """
            Received: from mail.mimer.example (mail.mimer.example [192.0.2.10])\r
            \tby mx.vasteras.example (Postfix) with ESMTPS id 4F\(index)\r
            \tfor <est@vasteras.example>; Tue, 4 Sep 2018 08:0\(index % 10):00 +0200 (CEST)\r
            From: =?utf-8?q?Anna_Svensson?= <anna@mimer.example>\r
            To: "EST Västerås" <est@vasteras.example>\r
            Subject: =?utf-8?q?EST_v=2E36_R=C3=A5by_=E2=80=93_Mimer?=\r
            Date: Tue, 4 Sep 2018 08:00:00 +0200\r
            Message-ID: <bench.\(index)@mimer.example>\r
            MIME-Version: 1.0\r

            """
        switch index % 6 {
        case 0:
            return Array((headers + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text).utf8)
        case 1:
            let b = "_000_DB7PR02MB\(index)_"
            let qp = Self.quotedPrintable(text, windows1252: true)
            let html = "<html><body><p>" + Self.htmlEscape(text).replacingOccurrences(of: "\r\n", with: "<br>\r\n") + "</p></body></html>"
            let body =
                "--\(b)\r\nContent-Type: text/plain; charset=\"Windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\(qp)\r\n--\(b)\r\nContent-Type: text/html; charset=\"Windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\(Self.quotedPrintable(html, windows1252: true))\r\n--\(b)--\r\n"
            return Self.bytes(headers + "Thread-Index: AdRECeQ=\r\nContent-Type: multipart/alternative; boundary=\"\(b)\"\r\n\r\n", body)
        case 2:
            var rows = ""
            for line in text.components(separatedBy: "\r\n") {
                if let colon = line.firstIndex(of: ":"), line.count < 200 {
                    rows +=
                        "<tr><td style=\"padding:2px\">\(Self.htmlEscape(String(line[..<colon])))</td><td>\(Self.htmlEscape(String(line[line.index(after: colon)...])))</td></tr>\r\n"
                } else {
                    rows += "<tr><td colspan=\"2\">\(Self.htmlEscape(line))</td></tr>\r\n"
                }
            }
            let html = "<html><head><style>td{font-family:Calibri}</style></head><body><table>\r\n\(rows)</table></body></html>\r\n"
            return Array(
                (headers + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                    + Self.quotedPrintable(html, windows1252: false)).utf8)
        case 3:
            return Array(
                (headers + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + Self.base64Lines(Array(text.utf8))).utf8)
        case 4:
            let flowed = text.components(separatedBy: "\r\n").map { Self.flow($0) }.joined(separator: "\r\n")
            return Array(
                (headers
                    + "User-Agent: Mozilla Thunderbird\r\nContent-Type: text/plain; charset=UTF-8; format=flowed; delsp=yes\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                    + flowed).utf8)
        default:
            let b = "Apple-Mail=_\(index)-F00D"
            var blob = [UInt8](repeating: 0, count: 24_000)
            for i in blob.indices { blob[i] = UInt8(truncatingIfNeeded: rng.next()) }
            let body =
                "--\(b)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\(Self.quotedPrintable(text, windows1252: false))\r\n--\(b)\r\nContent-Type: image/jpeg; name=\"IMG_\(index).jpg\"\r\nContent-Disposition: attachment; filename=\"IMG_\(index).jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\(Self.base64Lines(blob))--\(b)--\r\n"
            return Self.bytes(headers + "Content-Type: multipart/mixed; boundary=\"\(b)\"\r\n\r\n", body)
        }
    }

    static func bytes(_ head: String, _ body: String) -> [UInt8] { Array(head.utf8) + Array(body.utf8) }

    static func htmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }

    /// Quoted-printable with soft line breaks at 76 columns, as Outlook and Apple Mail write it.
    static func quotedPrintable(_ text: String, windows1252: Bool) -> String {
        var out = ""
        for (n, line) in text.components(separatedBy: "\r\n").enumerated() {
            if n > 0 { out += "\r\n" }
            var column = 0
            let bytes: [UInt8] =
                windows1252 ? Array(line.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") }) : Array(line.utf8)
            for byte in bytes {
                let piece =
                    (byte >= 33 && byte <= 126 && byte != 61) || byte == 32 ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if column + piece.count > 75 { out += "=\r\n"; column = 0 }
                out += piece
                column += piece.count
            }
        }
        return out
    }

    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var out = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            out += encoded[index..<end] + "\r\n"
            index = end
        }
        return out
    }

    /// format=flowed with DelSp=yes: long lines broken after a space, which is then doubled.
    static func flow(_ line: String) -> String {
        guard line.count > 72 else { return line }
        var out = ""
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.count + word.count > 70 && !current.isEmpty {
                out += current + " \r\n"
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        return out + current
    }
}
