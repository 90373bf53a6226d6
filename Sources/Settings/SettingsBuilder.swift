import Classification
import Domain
import Foundation
import MIME
import MailAccess
import Monitoring
import Reports

/// Turns raw configuration values into GatewaySettings, recording every inconsistency.
enum SettingsBuilder {
    static func build(from r: inout CheckedReader, collections: CollectionKeys, baseFolder: String) -> GatewaySettings {
        let zoneName = r.string("time_zone") ?? "Europe/Stockholm"
        let timeZone =
            TimeZone(identifier: zoneName)
            ?? {
                r.problem("time_zone", "unknown time zone \"\(zoneName)\"; use an IANA name such as Europe/Stockholm")
                return TimeZone(identifier: "Europe/Stockholm")!
            }()
        let language = readLanguage(&r, "language") ?? .swedish

        let instance = GatewayIdentity(
            instanceName: r.requiredString("instance.name", "name this installation, e.g. est-vasteras"),
            address: r.requiredString("instance.address", "the mailbox address reporters write to"),
            messageIDDomain: r.requiredString("instance.message_id_domain", "a domain you control, e.g. est.vasteras.example")
        )
        if !instance.address.isEmpty && !isAddress(instance.address) {
            r.problem("instance.address", "\"\(instance.address)\" is not an e-mail address")
        }
        let authserv = r.string("authentication.authserv_id").flatMap { $0.isEmpty ? nil : $0 }
        let limits = LimitSettings(
            mime: MIMELimits(
                maxBytes: r.int("limits.max_message_bytes", default: 10_000_000, range: 10_000...1_000_000_000),
                maxDepth: r.int("limits.max_mime_depth", default: 40, range: 2...200),
                maxParts: r.int("limits.max_mime_parts", default: 500, range: 2...100_000)),
            report: ReportLimits(
                maxIncidents: r.int("limits.max_incidents_per_mail", default: 50, range: 1...10_000),
                maxPlaceCharacters: r.int("limits.max_place_chars", default: 500, range: 20...100_000),
                maxDescriptionCharacters: r.int("limits.max_description_chars", default: 5_000, range: 100...1_000_000)),
            oversizeKeepBytes: r.int("limits.oversize_keep_bytes", default: 65_536, range: 0...100_000_000)
        )
        var database = r.string("storage.database") ?? "est-gateway.sqlite"
        if !database.hasPrefix("/") { database = baseFolder + "/" + database }

        let areas = readAreas(&r, ids: collections.areas)
        let categories = readCategories(&r, codes: collections.categories)
        let organisations = readOrganisations(&r, ids: collections.organisations, areaIDs: Set(areas.map(\.id)))

        let correctionsMaxDays = r.int("corrections.max_days", default: 30, range: 0...3_650)
        var settings = GatewaySettings(
            timeZone: timeZone, language: language, instance: instance, authservID: authserv,
            limits: limits, databasePath: database, areas: areas, categories: categories,
            organisations: organisations, mail: readMail(&r, baseFolder: baseFolder),
            periodic: readPeriodic(&r, language: language),
            correctionsMaxDays: correctionsMaxDays,
            workingGroup: readWorkingGroup(&r),
            retention: readRetention(&r, baseFolder: baseFolder, correctionsMaxDays: correctionsMaxDays)
        )
        settings.monitoring = readMonitoring(&r, baseFolder: baseFolder)
        return settings
    }

    private static func readMonitoring(_ r: inout CheckedReader, baseFolder: String) -> MonitoringSettings {
        let d = HealthThresholds.defaults
        var t = HealthThresholds(
            pollAgeWarningMinutes: r.int("monitoring.poll_age_warning_minutes", default: d.pollAgeWarningMinutes, range: 1...100_000),
            pollAgeCriticalMinutes: r.int(
                "monitoring.poll_age_critical_minutes", default: d.pollAgeCriticalMinutes, range: 1...100_000),
            failedOutboxWarning: r.int("monitoring.failed_outbox_warning", default: d.failedOutboxWarning, range: 1...1_000_000),
            failedOutboxCritical: r.int("monitoring.failed_outbox_critical", default: d.failedOutboxCritical, range: 1...1_000_000),
            quarantinedWarning: r.int("monitoring.quarantined_warning", default: d.quarantinedWarning, range: 1...1_000_000),
            failuresWarning: r.int("monitoring.failures_warning", default: d.failuresWarning, range: 1...100_000),
            failuresCritical: r.int("monitoring.failures_critical", default: d.failuresCritical, range: 1...100_000))
        if t.pollAgeCriticalMinutes < t.pollAgeWarningMinutes {
            r.problem("monitoring.poll_age_critical_minutes", "must not be below monitoring.poll_age_warning_minutes")
            t.pollAgeCriticalMinutes = t.pollAgeWarningMinutes
        }
        if t.failuresCritical < t.failuresWarning {
            r.problem("monitoring.failures_critical", "must not be below monitoring.failures_warning")
            t.failuresCritical = t.failuresWarning
        }
        let textfile = resolve(r.string("metrics.textfile"), baseFolder)
        if let textfile, !textfile.hasSuffix(".prom") {
            r.problem("metrics.textfile", "\"\(textfile)\" must end in .prom: node_exporter's textfile collector reads only those")
        }
        return MonitoringSettings(thresholds: t, metricsTextfile: textfile)
    }

    private static func resolve(_ path: String?, _ baseFolder: String) -> String? {
        guard let path, !path.isEmpty else { return nil }
        return path.hasPrefix("/") ? path : baseFolder + "/" + path
    }

    private static func secret(_ r: inout CheckedReader, _ key: String, defaultEnvironment: String) -> SecretSource {
        if let file = r.string("\(key).password_file"), !file.isEmpty { return .file(file) }
        return .environment(r.string("\(key).password_env").flatMap { $0.isEmpty ? nil : $0 } ?? defaultEnvironment)
    }

    /// `auth:` (password, plain, login or xoauth2) and the secret it needs: `token_file` for
    /// xoauth2 (`xoauth2_token_file`, the earlier name, implies xoauth2), else `password_file` or
    /// `password_env`.
    private static func login(_ r: inout CheckedReader, _ key: String, baseFolder: String, defaultEnvironment: String) -> MailLogin {
        let tokenFile = resolve(r.string("\(key).token_file"), baseFolder) ?? resolve(r.string("\(key).xoauth2_token_file"), baseFolder)
        let written = r.string("\(key).auth").flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let mode = written ?? (tokenFile == nil ? "password" : "xoauth2")
        switch mode {
        case "xoauth2":
            guard let tokenFile else {
                r.problem("\(key).token_file", "missing; auth: xoauth2 reads the access token from the file an external refresher writes")
                return .xoauth2(tokenFile: "")
            }
            return .xoauth2(tokenFile: tokenFile)
        case "password", "plain", "login":
            if tokenFile != nil {
                r.problem("\(key).token_file", "is only used with auth: xoauth2 (auth is \(mode))")
            }
            return .password(
                secret(&r, key, defaultEnvironment: defaultEnvironment), mechanism: PasswordMechanism(rawValue: mode.uppercased()))
        default:
            r.problem("\(key).auth", "\"\(mode)\" is not a login method; write password, plain, login or xoauth2")
            return .password(secret(&r, key, defaultEnvironment: defaultEnvironment), mechanism: nil)
        }
    }

    private static func checkURL(_ r: inout CheckedReader, _ key: String, _ url: String, schemes: [String], insecure: Bool) {
        guard let scheme = url.split(separator: ":").first.map({ $0.lowercased() }), schemes.contains(scheme), url.contains("://") else {
            r.problem(key, "\"\(url)\" is not a \(schemes.joined(separator: " or ")) URL, e.g. \(schemes[0])://mail.example.se")
            return
        }
        if !scheme.hasSuffix("s") && !insecure {
            // Plain scheme: libcurl is told to require STARTTLS, which is fine; nothing to report.
        }
    }

    private static func readMail(_ r: inout CheckedReader, baseFolder: String) -> MailSettings? {
        guard let imapURL = r.string("imap.url"), !imapURL.isEmpty else { return nil }
        let insecure = r.bool("imap.allow_insecure_transport", default: false)
        checkURL(&r, "imap.url", imapURL, schemes: ["imaps", "imap"], insecure: insecure)
        let imap = IMAPSettings(
            url: imapURL,
            username: r.requiredString("imap.username", "the mailbox's login name"),
            credential: login(&r, "imap", baseFolder: baseFolder, defaultEnvironment: "EST_IMAP_PASSWORD"),
            caFile: resolve(r.string("imap.ca_file"), baseFolder),
            allowInsecureTransport: insecure,
            mailbox: r.string("imap.mailbox").flatMap { $0.isEmpty ? nil : $0 } ?? "INBOX",
            batchSize: r.int("imap.batch_size", default: 50, range: 1...1000),
            startDaysBack: r.int("imap.start_days_back", default: 14, range: 0...3650)
        )
        let smtpURL = r.requiredString("smtp.url", "the server that sends our replies, e.g. smtps://smtp.example.se")
        let smtpInsecure = r.bool("smtp.allow_insecure_transport", default: false)
        if !smtpURL.isEmpty { checkURL(&r, "smtp.url", smtpURL, schemes: ["smtps", "smtp"], insecure: smtpInsecure) }
        let smtpUser = r.string("smtp.username").flatMap { $0.isEmpty ? nil : $0 }
        let smtpAuth = r.string("smtp.auth").flatMap { $0.isEmpty ? nil : $0 }
        if smtpUser == nil && smtpAuth != nil {
            r.problem("smtp.username", "missing; SMTP AUTH (smtp.auth: \(smtpAuth!)) needs the account's login name")
        }
        let smtp = SMTPSettings(
            url: smtpURL, username: smtpUser,
            credential: smtpUser == nil ? nil : login(&r, "smtp", baseFolder: baseFolder, defaultEnvironment: "EST_SMTP_PASSWORD"),
            caFile: resolve(r.string("smtp.ca_file"), baseFolder), allowInsecureTransport: smtpInsecure,
            heloName: r.string("smtp.helo_name").flatMap { $0.isEmpty ? nil : $0 }
        )
        func folder(_ name: String, _ fallback: String) -> String {
            r.string("folders.\(name)").flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        }
        let folders = FolderSettings(
            processed: folder("processed", "EST/Behandlade"), rejected: folder("rejected", "EST/Avvisade"),
            ignored: folder("ignored", "EST/Ignorerade"), quarantine: folder("quarantine", "EST/Karantän"))
        let templates = resolve(r.string("replies.templates"), baseFolder) ?? (baseFolder + "/../templates")
        if !FileManager.default.fileExists(atPath: templates) {
            r.problem("replies.templates", "no folder at \(templates); point it at the templates/ folder of est-gateway or a copy of it")
        }
        return MailSettings(
            imap: imap, smtp: smtp, folders: folders,
            pollIntervalSeconds: r.int("imap.poll_interval_seconds", default: 60, range: 1...86_400),
            templatesDirectory: templates,
            capPerRecipientPerHour: r.int("replies.cap_per_recipient_per_hour", default: 10, range: 1...10_000),
            capPerHour: r.int("replies.cap_per_hour", default: 200, range: 1...100_000),
            retryHours: r.int("outbox.retry_hours", default: 72, range: 1...720)
        )
    }

    private static func readWeeklyTime(_ r: inout CheckedReader, _ key: String, default value: WeeklyTime) -> WeeklyTime {
        var result = value
        if let day = r.string("\(key).weekday"), !day.isEmpty {
            if let n = WeeklyTime.weekdays[day.lowercased()] {
                result.weekday = n
            } else {
                r.problem("\(key).weekday", "\"\(day)\" is not a weekday; write monday … sunday")
            }
        }
        if let time = r.string("\(key).time"), !time.isEmpty {
            let parts = time.split(separator: ":")
            if parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) {
                result.hour = h
                result.minute = m
            } else {
                r.problem("\(key).time", "\"\(time)\" is not a time of day; write HH:MM, e.g. 07:00")
            }
        }
        return result
    }

    private static func readPeriodic(_ r: inout CheckedReader, language: Language) -> PeriodicSettings {
        let d = PeriodicSettings.defaults
        let recipients = r.strings("digest.recipients")
        for address in recipients where !isAddress(address) {
            r.problem("digest.recipients", "\"\(address)\" is not an e-mail address")
        }
        let alpha = r.string("alerts.alpha").flatMap(Double.init) ?? d.alertAlpha
        if !(alpha > 0 && alpha < 0.5) { r.problem("alerts.alpha", "\(alpha) must be between 0 and 0.5, e.g. 0.01") }
        let floor = r.string("alerts.cusum_lambda_floor").flatMap(Double.init) ?? d.cusumLambdaFloor
        if !(floor > 0 && floor <= 10) { r.problem("alerts.cusum_lambda_floor", "\(floor) must be above 0 (incidents a week), e.g. 0.25") }
        let runLength = r.string("alerts.cusum_target_run_length").flatMap(Double.init) ?? d.cusumTargetRunLength
        if !(runLength >= 100 && runLength <= 100_000) {
            r.problem("alerts.cusum_target_run_length", "\(runLength) must be at least 100 weeks (the in-control run length), e.g. 110")
        }
        return PeriodicSettings(
            digestRecipients: recipients,
            digestTime: readWeeklyTime(&r, "digest", default: d.digestTime),
            digestLanguage: readLanguage(&r, "digest.language") ?? language,
            remindersEnabled: r.bool("reminders.enabled", default: true),
            reminderTime: readWeeklyTime(&r, "reminders", default: d.reminderTime),
            alertsEnabled: r.bool("alerts.enabled", default: true),
            alertBaselineWeeks: r.int("alerts.baseline_weeks", default: d.alertBaselineWeeks, range: 2...52),
            alertAlpha: alpha,
            alertMinimumCount: r.int("alerts.minimum_count", default: d.alertMinimumCount, range: 1...1000),
            alertQuietWeeks: r.int("alerts.quiet_weeks", default: d.alertQuietWeeks, range: 0...52),
            cusumLambdaFloor: floor, cusumTargetRunLength: runLength
        )
    }

    private static func readWorkingGroup(_ r: inout CheckedReader) -> WorkingGroupSettings {
        let d = WorkingGroupSettings.defaults
        let members = r.strings("working_group.members")
        for address in members where !isAddress(address) {
            r.problem("working_group.members", "\"\(address)\" is not an e-mail address; list each member's own address")
        }
        func day(_ key: String) -> LocalDate? {
            guard let text = r.string(key), !text.isEmpty else { return nil }
            guard let date = LocalDate(iso: text) else {
                r.problem(key, "\"\(text)\" is not a date; write it as YYYY-MM-DD, e.g. 2018-09-01")
                return nil
            }
            return date
        }
        var pilot: DateRange? = nil
        switch (day("pilot.start"), day("pilot.end")) {
        case (let start?, let end?):
            pilot = DateRange(first: start, last: end)
            if pilot == nil { r.problem("pilot.end", "\(end.iso) is before pilot.start \(start.iso)") }
        case (nil, _?): r.problem("pilot.start", "missing; pilot.end is set, so give the pilot's first day too")
        case (_?, nil): r.problem("pilot.end", "missing; pilot.start is set, so give the pilot's last day too")
        case (nil, nil): break
        }
        return WorkingGroupSettings(
            members: members, pilot: pilot,
            beforeWeeks: r.int("effect.before_weeks", default: d.beforeWeeks, range: 1...52),
            minimumEvents: r.int("effect.minimum_events", default: d.minimumEvents, range: 1...1000),
            reportAfterTertial: r.bool("reports.after_tertial", default: d.reportAfterTertial),
            reportAfterPilot: r.bool("reports.after_pilot", default: d.reportAfterPilot))
    }

    private static func readRetention(_ r: inout CheckedReader, baseFolder: String, correctionsMaxDays: Int) -> RetentionSettings {
        func days(_ key: String) -> Int? { r.optionalInt(key, range: 1...36_500) }
        let settings = RetentionSettings(
            rawDays: days("retention.raw_days"), pseudonymiseDays: days("retention.pseudonymise_days"),
            freeTextDays: days("retention.free_text_days"), pseudonymKeyFile: resolve(r.string("retention.pseudonym_key_file"), baseFolder))
        // A reporter may correct an incident for corrections.max_days: its text and its sender are needed that long.
        for (key, value) in [
            ("retention.pseudonymise_days", settings.pseudonymiseDays), ("retention.free_text_days", settings.freeTextDays),
        ] {
            if let value, value < correctionsMaxDays {
                r.problem(
                    key,
                    "\(value) is shorter than corrections.max_days (\(correctionsMaxDays)); reporters may correct incidents that long, so keep at least \(correctionsMaxDays) days or shorten corrections.max_days"
                )
            }
        }
        if settings.pseudonymiseDays != nil && settings.pseudonymKeyFile == nil {
            r.problem(
                "retention.pseudonym_key_file",
                "missing; retention.pseudonymise_days needs a secret key file (make one with `head -c 32 /dev/urandom > FILE`)")
        }
        return settings
    }

    private static func readLanguage(_ r: inout CheckedReader, _ key: String) -> Language? {
        guard let value = r.string(key) else { return nil }
        guard let language = Language(rawValue: value.lowercased()) else {
            r.problem(key, "unknown language \"\(value)\"; use sv or en")
            return nil
        }
        return language
    }

    private static func readAreas(_ r: inout CheckedReader, ids: [String]) -> [Area] {
        if ids.isEmpty { r.problem("areas", "no areas configured; add at least one, e.g. areas: { raby: { name: Råby } }") }
        var seenNames: [String: String] = [:]
        return ids.map { id in
            let key = "areas.\(id)"
            let area = Area(
                id: id,
                name: r.requiredString("\(key).name", "the area's display name"),
                aliases: r.strings("\(key).aliases"),
                contacts: r.strings("\(key).contacts")
            )
            for contact in area.contacts where !isAddress(contact) {
                r.problem("\(key).contacts", "\"\(contact)\" is not an e-mail address")
            }
            for name in [area.name, area.id] + area.aliases where !name.isEmpty {
                let folded = TextFolding.fold(name)
                if let other = seenNames[folded], other != id {
                    r.problem("\(key)", "\"\(name)\" also names area \(other); every name and alias must be unique")
                }
                seenNames[folded] = id
            }
            return area
        }
    }

    private static func readCategories(_ r: inout CheckedReader, codes: [String]) -> [Category] {
        if codes.isEmpty { r.problem("categories", "no categories configured; copy the list from config/est-gateway.example.yaml") }
        var seen: [String: String] = [:]
        return codes.map { code in
            let key = "categories.\(code)"
            let category = Category(
                code: code,
                name: r.requiredString("\(key).name", "the category's Swedish name"),
                synonyms: r.strings("\(key).synonyms")
            )
            for word in [category.code, category.name] + category.synonyms where !word.isEmpty {
                let folded = TextFolding.fold(word)
                if let other = seen[folded], other != code {
                    r.problem("\(key)", "\"\(word)\" also names category \(other); a word may belong to one category only")
                }
                seen[folded] = code
            }
            return category
        }
    }

    private static func readOrganisations(_ r: inout CheckedReader, ids: [String], areaIDs: Set<String>) -> [Organisation] {
        if ids.isEmpty { r.problem("organisations", "no organisations configured: nobody could report") }
        var owners: [String: String] = [:]
        return ids.map { id in
            let key = "organisations.\(id)"
            let organisation = Organisation(
                id: id,
                name: r.requiredString("\(key).name", "the organisation's name"),
                addresses: r.strings("\(key).addresses").map { $0.lowercased() },
                domains: r.strings("\(key).domains").map { $0.lowercased() },
                allowedAreas: r.strings("\(key).areas"),
                contact: r.string("\(key).contact").flatMap { $0.isEmpty ? nil : $0 },
                language: readLanguage(&r, "\(key).language") ?? .swedish,
                mayReportForOthers: r.bool("\(key).may_report_for_others", default: false),
                expectedWeekly: r.bool("\(key).expected_weekly", default: true)
            )
            if organisation.addresses.isEmpty && organisation.domains.isEmpty {
                r.problem(key, "neither addresses nor domains: no mail could be matched to it")
            }
            for address in organisation.addresses {
                if !isAddress(address) { r.problem("\(key).addresses", "\"\(address)\" is not an e-mail address") }
                if let other = owners[address], other != id { r.problem("\(key).addresses", "\(address) also belongs to \(other)") }
                owners[address] = id
            }
            for domain in organisation.domains {
                let bare = domain.hasPrefix("*.") ? String(domain.dropFirst(2)) : domain
                if bare.isEmpty || bare.contains("@") || !bare.contains(".") || bare.contains("*") {
                    r.problem("\(key).domains", "\"\(domain)\" is not a domain; write example.se or *.example.se")
                }
                if let other = owners[domain], other != id { r.problem("\(key).domains", "\(domain) also belongs to \(other)") }
                owners[domain] = id
            }
            for area in organisation.allowedAreas where !areaIDs.contains(area) {
                r.problem("\(key).areas", "unknown area \"\(area)\"; known areas: \(areaIDs.sorted().joined(separator: ", "))")
            }
            if let contact = organisation.contact, !isAddress(contact) {
                r.problem("\(key).contact", "\"\(contact)\" is not an e-mail address")
            }
            return organisation
        }
    }

    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }
}
