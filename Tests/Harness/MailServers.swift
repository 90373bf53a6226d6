import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Real mail servers for tests, in a fresh temporary folder, on 127.0.0.1 and free high ports:
///
/// - Dovecot 2.3: IMAP (plaintext allowed, STARTTLS offered), IMAPS, LMTP; passwd-file users;
///   Maildir (`LAYOUT=fs`, hierarchy separator "/"); Pigeonhole Sieve for LMTP deliveries, so
///   `installVacation` gives a user a real auto-responder (its replies go out through Postfix).
/// - Postfix: SMTP with STARTTLS offered (`smtpPort`), implicit TLS (`smtpsPort`) and a listener
///   without TLS (`smtpPlainPort`), all delivering to Dovecot over LMTP for `domain`
///   (default test.local). Unknown users at the domain bounce back to the sender as real DSNs;
///   mail to any other domain fails at once (nothing leaves the machine).
///   `reject-smtp@<domain>` is refused at RCPT with 550, `defer-smtp@<domain>` with 450.
/// - Authentication as real servers require it: Dovecot accepts passwords (PLAIN, LOGIN) and OAuth 2
///   bearer tokens (XOAUTH2, OAUTHBEARER) that `oauth` issues and can expire; Postfix's submission
///   listener (`submissionPort`) requires STARTTLS and SMTP AUTH through Dovecot SASL.
///
/// Both use one self-signed certificate (CN=localhost, SAN localhost and 127.0.0.1):
/// `caCertificatePath`. Must run as root (Postfix needs it); mail is owned by the `mail` user.
/// Stop with `stop()`; deinit and process exit stop them too, and a watchdog process kills them
/// if the test process dies without either.
public final class MailServers: @unchecked Sendable {
    public struct Options: Sendable {
        public var domain: String = "test.local"
        /// Start Postfix too (about 0.2 s more, and 1.5 s more to stop).
        public var postfix: Bool = true
        /// Keep the temporary folder after stop (for debugging a failing test; or set EST_HARNESS_KEEP=1).
        public var keepDirectory: Bool = false
        public init(domain: String = "test.local", postfix: Bool = true, keepDirectory: Bool = false) {
            self.domain = domain
            self.postfix = postfix
            self.keepDirectory = keepDirectory
        }
    }

    public let host = "127.0.0.1"
    public let domain: String
    public let directory: URL
    public let imapPort: Int
    public let imapsPort: Int
    public let lmtpPort: Int
    /// Postfix with STARTTLS offered (0 without Postfix).
    public let smtpPort: Int
    /// Postfix with implicit TLS (0 without Postfix).
    public let smtpsPort: Int
    /// Postfix offering no TLS at all (0 without Postfix).
    public let smtpPlainPort: Int
    /// Postfix's submission listener: STARTTLS required, then SMTP AUTH (Dovecot SASL) required to
    /// send (0 without Postfix).
    public let submissionPort: Int
    /// Issues and expires the bearer tokens Dovecot accepts for XOAUTH2 (started on the first token).
    public let oauth: OAuthIntrospection
    /// PEM certificate of the servers; trust it as the CA.
    public let caCertificatePath: String
    /// How long `start` took.
    public private(set) var startupDuration: Duration = .zero
    /// Where the start-up time went.
    public private(set) var startupSteps: [(String, Duration)] = []

    public var dovecotConfigPath: String { directory.appendingPathComponent("dovecot/dovecot.conf").path }
    public var dovecotLogPath: String { directory.appendingPathComponent("dovecot/dovecot.log").path }
    public var postfixLogPath: String { directory.appendingPathComponent("postfix/postfix.log").path }
    public var postfixConfigDirectory: String { directory.appendingPathComponent("postfix/conf").path }

    public var imapURL: String { "imap://\(host):\(imapPort)" }
    public var imapsURL: String { "imaps://\(host):\(imapsPort)" }
    public var smtpURL: String { "smtp://\(host):\(smtpPort)" }
    public var smtpsURL: String { "smtps://\(host):\(smtpsPort)" }
    public var smtpPlainURL: String { "smtp://\(host):\(smtpPlainPort)" }
    /// The submission listener; connect with STARTTLS required and log in.
    public var submissionURL: String { "smtp://\(host):\(submissionPort)" }
    var introspectionURL: String { oauth.url }
    /// Postfix refuses this recipient at RCPT with "550 5.7.1".
    public var rejectedRecipient: String { "reject-smtp@\(domain)" }
    /// Postfix defers this recipient at RCPT with "450 4.7.1".
    public var deferredRecipient: String { "defer-smtp@\(domain)" }

    private let options: Options
    private let lock = NSLock()
    private var dovecotPID: pid_t?
    private var postfixMasterPID: pid_t?
    private var watchdogPID: pid_t?
    private var registryKey: Int?
    private var stopped = false
    private let mailUID: uid_t
    private let mailGID: gid_t

    /// Starts Dovecot (and Postfix) and waits until they greet. Blocking; about 0.3 s.
    public static func start(_ options: Options = Options()) throws -> MailServers {
        var lastError: Error?
        for _ in 0..<3 {  // a port taken between choosing and binding: try again with new ports
            do {
                return try MailServers(options: options)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    private init(options: Options) throws {
        guard geteuid() == 0 else {
            throw HarnessError("MailServers must run as root (Postfix needs it; Dovecot delivers as the mail user)")
        }
        guard let mail = getpwnam("mail") else { throw HarnessError("no 'mail' user on this machine") }
        mailUID = mail.pointee.pw_uid
        mailGID = mail.pointee.pw_gid
        self.options = options
        domain = options.domain
        let begin = ContinuousClock.now
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "est-mail-\(getpid())-\(UUID().uuidString.prefix(8))")
        directory = base
        let ports = try freeLoopbackPorts(8)
        (imapPort, imapsPort, lmtpPort) = (ports[0], ports[1], ports[2])
        if options.postfix {
            (smtpPort, smtpsPort, smtpPlainPort, submissionPort) = (ports[3], ports[4], ports[5], ports[6])
        } else {
            (smtpPort, smtpsPort, smtpPlainPort, submissionPort) = (0, 0, 0, 0)
        }
        oauth = try OAuthIntrospection(directory: base.appendingPathComponent("oauth"), port: ports[7])
        caCertificatePath = base.appendingPathComponent("tls/cert.pem").path
        do {
            var mark = ContinuousClock.now
            func step(_ name: String) {
                let now = ContinuousClock.now
                startupSteps.append((name, now - mark))
                mark = now
            }
            try prepareDirectories()
            step("directories")
            try makeCertificate()
            step("certificate")
            try startDovecot()
            step("dovecot")
            if options.postfix {
                try startPostfix()
                try waitForGreeting(port: smtpPlainPort, prefix: "220", what: "Postfix SMTP", pid: postfixMasterPID)
                step("postfix plain")
                try waitForGreeting(port: smtpPort, prefix: "220", what: "Postfix SMTP", pid: postfixMasterPID)
                step("postfix tls")
                try waitForGreeting(port: submissionPort, prefix: "220", what: "Postfix submission", pid: postfixMasterPID)
                step("postfix submission")
            }
            startWatchdog()
            registryKey = ServerRegistry.register { [weak self] in self?.stop() }
        } catch {
            stop()
            throw error
        }
        startupDuration = ContinuousClock.now - begin
    }

    deinit { stop() }

    /// PIDs of the running server masters (Dovecot, Postfix), for checks.
    public var processIDs: [Int32] {
        lock.lock()
        defer { lock.unlock() }
        return [dovecotPID, postfixMasterPID].compactMap { $0 }
    }

    // MARK: - Users and mail

    /// The full address for a local part ("gw" → "gw@test.local"); full addresses pass unchanged.
    public func address(_ user: String) -> String {
        user.contains("@") ? user : "\(user)@\(domain)"
    }

    /// Adds (or replaces) a user with a password. Dovecot rereads the passwd-file on change.
    public func addUser(_ user: String, password: String) throws {
        let address = self.address(user)
        guard !address.contains(":"), !password.contains(":"), !address.contains("\n"), !password.contains("\n") else {
            throw HarnessError("user names and passwords may not contain ':' or newlines here")
        }
        guard !address.contains("/"), !address.hasPrefix(".") else { throw HarnessError("bad user name \(address)") }
        // One passwd-file per user: Dovecot reads a file it has not seen at once, whereas it rereads
        // a changed file at most once a second.
        let path = directory.appendingPathComponent("dovecot/users/\(address)").path
        try "\(address):{PLAIN}\(password)::::::\n".write(toFile: path, atomically: true, encoding: .utf8)
        let home = homeDirectory(address)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        chown(home.deletingLastPathComponent().path, mailUID, mailGID)
        chown(home.path, mailUID, mailGID)
        // Make sure Dovecot knows the user (immediate, unless it looked the name up in the last second).
        let deadline = Date().addingTimeInterval(5)
        while true {
            let user = try Subprocess.run("/usr/bin/doveadm", ["-c", dovecotConfigPath, "user", address])
            let auth = try Subprocess.run("/usr/bin/doveadm", ["-c", dovecotConfigPath, "auth", "test", address, password])
            if user.status == 0 && auth.status == 0 { return }
            if Date() > deadline { throw HarnessError("Dovecot does not see the new user \(address): \(user.output) \(auth.output)") }
            usleep(100_000)
        }
    }

    /// The user's home folder (Maildir is inside it).
    public func homeDirectory(_ user: String) -> URL {
        let address = self.address(user)
        let parts = address.split(separator: "@", maxSplits: 1)
        return directory.appendingPathComponent("mail/\(parts[1])/\(parts[0])")
    }

    /// Puts a message into a user's mailbox as unseen (`doveadm save`), bytes unchanged.
    /// The mailbox name is the wire name (modified UTF-7); it is created when missing.
    public func deliver(_ message: [UInt8], to user: String, mailbox: String = "INBOX") throws {
        let result = try Subprocess.run(
            "/usr/bin/doveadm", ["-c", dovecotConfigPath, "save", "-u", address(user), "-m", mailbox], stdin: message)
        guard result.status == 0 else {
            throw HarnessError("doveadm save failed (\(result.status)): \(result.output)")
        }
    }

    /// Delivers through Dovecot's LMTP service (so Sieve scripts run). Returns the reply per recipient.
    @discardableResult
    public func deliverLMTP(_ message: [UInt8], from sender: String, to users: [String]) throws -> [(code: Int, text: String)] {
        try SimpleSMTP.send(port: lmtpPort, lmtp: true, from: sender, to: users.map(address), message: message)
    }

    /// Sends through Postfix's plaintext listener; returns the final reply (250 when queued).
    @discardableResult
    public func sendSMTP(from sender: String, to recipients: [String], message: [UInt8]) throws -> (code: Int, text: String) {
        guard options.postfix else { throw HarnessError("Postfix is not running (Options.postfix = false)") }
        let replies = try SimpleSMTP.send(port: smtpPlainPort, lmtp: false, from: sender, to: recipients, message: message)
        return replies.last ?? (0, "")
    }

    /// Installs and activates a Sieve script for the user, e.g.
    /// `require ["vacation"]; vacation :days 1 :subject "Away" "I am away.";`
    /// It runs on mail delivered over LMTP (so: mail sent through Postfix, or `deliverLMTP`).
    public func installVacation(user: String, script: String) throws {
        let home = homeDirectory(user)
        let sieveDir = home.appendingPathComponent("sieve")
        try FileManager.default.createDirectory(at: sieveDir, withIntermediateDirectories: true)
        let scriptFile = sieveDir.appendingPathComponent("vacation.sieve")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let link = home.appendingPathComponent(".dovecot.sieve").path
        try? FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "sieve/vacation.sieve")
        try chownTree(home.path)
        let check = try Subprocess.run("/usr/bin/sievec", ["-c", dovecotConfigPath, "-u", address(user), scriptFile.path])
        try chownTree(home.path)
        guard check.status == 0 else { throw HarnessError("sieve script does not compile: \(check.output)") }
    }

    /// A message as stored in the Maildir, read without touching its flags.
    public struct StoredMessage: Sendable, Equatable {
        public var bytes: [UInt8]
        /// Maildir flag letters ("S" seen, "T" deleted, …); empty for new mail.
        public var flags: String
        public var fileName: String
        public var isSeen: Bool { flags.contains("S") }
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// The Maildir path of a mailbox (wire name, "/" separated; "INBOX" is the top).
    public func maildir(_ user: String, mailbox: String = "INBOX") -> URL {
        let root = homeDirectory(user).appendingPathComponent("Maildir")
        return mailbox.uppercased() == "INBOX" ? root : root.appendingPathComponent(mailbox)
    }

    /// Messages in a mailbox, oldest first (by Maildir file name: delivery time). Dovecot stores
    /// lines as LF; `bytes` are as on disk.
    public func messages(_ user: String, mailbox: String = "INBOX") -> [StoredMessage] {
        let dir = maildir(user, mailbox: mailbox)
        var out: [StoredMessage] = []
        for sub in ["new", "cur"] {
            let folder = dir.appendingPathComponent(sub)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
                let flags = name.range(of: ":2,").map { String(name[$0.upperBound...]) } ?? ""
                out.append(StoredMessage(bytes: [UInt8](data), flags: flags, fileName: name))
            }
        }
        return out.sorted { $0.fileName < $1.fileName }
    }

    /// Waits until the mailbox holds at least `count` messages (mail through Postfix takes ~60 ms).
    public func waitForMessages(
        _ user: String, mailbox: String = "INBOX", count: Int = 1,
        timeout: Duration = .seconds(10),
        where predicate: @Sendable (StoredMessage) -> Bool = { _ in true }
    ) async throws -> [StoredMessage] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = messages(user, mailbox: mailbox).filter(predicate)
            if found.count >= count { return found }
            if ContinuousClock.now >= deadline {
                throw HarnessError(
                    "timed out waiting for \(count) message(s) in \(address(user)) \(mailbox); found \(found.count). Postfix log tail:\n\(tail(postfixLogPath))\nDovecot log tail:\n\(tail(dovecotLogPath))"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until Postfix holds no mail: everything it accepted has been delivered (or bounced, and
    /// the bounce delivered). A test can then say "nothing more will arrive" without sleeping.
    public func waitUntilDelivered(timeout: Duration = .seconds(15)) async throws {
        let queue = directory.appendingPathComponent("postfix/queue")
        @Sendable func holdsMail(_ sub: String) -> Bool {
            guard let files = FileManager.default.enumerator(atPath: queue.appendingPathComponent(sub).path) else { return false }
            for case _ as String in files where files.fileAttributes?[.type] as? FileAttributeType == .typeRegular { return true }
            return false
        }
        try await waitUntil(timeout: timeout, "Postfix's queue to empty") {
            !["maildrop", "incoming", "active", "deferred"].contains(where: holdsMail)
        }
    }

    /// How many lines of a log contain every one of `needles` (logins, refusals).
    public func countLines(in path: String, containing needles: [String]) -> Int {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
            .filter { line in needles.allSatisfy { line.contains($0) } }.count
    }

    /// Last lines of a log, for failure messages.
    public func tail(_ path: String, lines: Int = 15) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    // MARK: - Stop

    /// Stops both servers (by PID) and removes the folder. Safe to call more than once.
    public func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        let dovecot = dovecotPID
        let master = postfixMasterPID
        let watchdog = watchdogPID
        let key = registryKey
        lock.unlock()

        if let watchdog {
            Glibc.kill(-watchdog, SIGKILL)
            _ = Subprocess.wait(watchdog)
        }
        if let dovecot { Glibc.kill(dovecot, SIGTERM) }
        if let master { Glibc.kill(master, SIGTERM) }
        if let dovecot {
            if !Self.waitGone(dovecot, seconds: 5) { Glibc.kill(-dovecot, SIGKILL) }
            _ = Subprocess.wait(dovecot)
        }
        if let master {
            if !Self.waitGone(master, seconds: 5) { Glibc.kill(-master, SIGKILL) }
            _ = Subprocess.wait(master)
        }
        oauth.stop()
        key.map(ServerRegistry.unregister)
        if !options.keepDirectory && ProcessInfo.processInfo.environment["EST_HARNESS_KEEP"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func waitGone(_ pid: pid_t, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if Subprocess.poll(pid) != nil { return true }  // our own child: reaped now
            // Not our child: one that exited stays a zombie until its own parent reaps it.
            if Glibc.kill(pid, 0) != 0 { return true }
            if let state = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                state.split(separator: " ").dropFirst(2).first == "Z"
            {
                return true
            }
            usleep(20_000)
        }
        return false
    }

    static func kill(pids: [pid_t]) {
        for pid in pids { Glibc.kill(pid, SIGTERM) }
        for pid in pids where !waitGone(pid, seconds: 3) { Glibc.kill(pid, SIGKILL) }
    }

    // MARK: - Setup

    private func prepareDirectories() throws {
        let fm = FileManager.default
        for sub in ["dovecot/run", "dovecot/state", "mail", "tls", "postfix/conf", "postfix/queue", "postfix/data"] {
            try fm.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // Dovecot's processes and Postfix's lmtp client must be able to reach the folder.
        chmod(directory.path, 0o755)
        try chownTree(directory.appendingPathComponent("mail").path)
        if let postfix = getpwnam("postfix") {
            chown(directory.appendingPathComponent("postfix/data").path, postfix.pointee.pw_uid, postfix.pointee.pw_gid)
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("dovecot/users"), withIntermediateDirectories: true)
    }

    private func makeCertificate() throws {
        let tls = directory.appendingPathComponent("tls")
        let result = try Subprocess.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", tls.appendingPathComponent("key.pem").path, "-out", tls.appendingPathComponent("cert.pem").path,
            ])
        guard result.status == 0 else { throw HarnessError("openssl req failed: \(result.output)") }
        chmod(tls.appendingPathComponent("key.pem").path, 0o644)
    }

    private func startDovecot() throws {
        let d = directory.path
        let authentication = try dovecotAuthenticationConfig(mailUID: mailUID, mailGID: mailGID)
        let config = """
            base_dir = \(d)/dovecot/run
            state_dir = \(d)/dovecot/state
            instance_name = est-test-\(imapPort)
            log_path = \(d)/dovecot/dovecot.log
            listen = 127.0.0.1
            protocols = imap lmtp
            hostname = mx.\(domain)
            ssl = yes
            ssl_cert = <\(d)/tls/cert.pem
            ssl_key = <\(d)/tls/key.pem
            ssl_dh = </usr/share/dovecot/dh.pem
            disable_plaintext_auth = no
            first_valid_uid = \(mailUID)
            mail_location = maildir:~/Maildir:LAYOUT=fs
            namespace inbox {
              inbox = yes
              separator = /
            }
            \(authentication)
            service imap-login {
              inet_listener imap {
                port = \(imapPort)
              }
              inet_listener imaps {
                port = \(imapsPort)
                ssl = yes
              }
            }
            service lmtp {
              inet_listener lmtp {
                address = 127.0.0.1
                port = \(lmtpPort)
              }
            }
            service stats {
              unix_listener stats-reader {
                mode = 0666
              }
              unix_listener stats-writer {
                mode = 0666
              }
            }
            submission_host = 127.0.0.1:\(options.postfix ? smtpPlainPort : 1)
            protocol lmtp {
              postmaster_address = postmaster@\(domain)
              mail_plugins = $mail_plugins sieve
            }
            plugin {
              sieve = file:~/sieve;active=~/.dovecot.sieve
              sieve_vacation_dont_check_recipient = yes
              sieve_vacation_min_period = 0
            }

            """
        try config.write(toFile: dovecotConfigPath, atomically: true, encoding: .utf8)
        let check = try Subprocess.run("/usr/sbin/dovecot", ["-c", dovecotConfigPath, "-n"])
        guard check.status == 0 else { throw HarnessError("dovecot config rejected: \(check.output)") }

        try spawnDovecot()
    }

    private func spawnDovecot() throws {
        let pid = try Subprocess.spawn(
            "/usr/sbin/dovecot", ["-F", "-c", dovecotConfigPath],
            stdoutPath: directory.appendingPathComponent("dovecot/stdout.log").path, newGroup: true)
        lock.lock()
        dovecotPID = pid
        lock.unlock()
        try waitForGreeting(port: imapPort, prefix: "* OK", what: "Dovecot IMAP", pid: pid)
        try waitForGreeting(port: lmtpPort, prefix: "220", what: "Dovecot LMTP", pid: pid)
    }

    /// Stops Dovecot alone (SIGTERM to its PID), as an outage would; the mail stays on disk.
    public func stopDovecot() {
        lock.lock()
        let pid = dovecotPID
        dovecotPID = nil
        lock.unlock()
        guard let pid else { return }
        Glibc.kill(pid, SIGTERM)
        if !Self.waitGone(pid, seconds: 5) { Glibc.kill(-pid, SIGKILL) }
        _ = Subprocess.wait(pid)
    }

    /// Starts Dovecot again on the same ports with the same mail, and points the watchdog at it.
    public func startDovecotAgain() throws {
        try spawnDovecot()
        lock.lock()
        let watchdog = watchdogPID
        watchdogPID = nil
        lock.unlock()
        if let watchdog {
            Glibc.kill(-watchdog, SIGKILL)
            _ = Subprocess.wait(watchdog)
        }
        startWatchdog()
    }

    private func startPostfix() throws {
        let p = directory.appendingPathComponent("postfix").path
        let d = directory.path
        let main = """
            compatibility_level = 3.6
            queue_directory = \(p)/queue
            data_directory = \(p)/data
            maillog_file = \(p)/postfix.log
            maillog_file_prefixes = \(p)
            myhostname = mx.\(domain)
            mydomain = \(domain)
            myorigin = \(domain)
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            mydestination =
            relay_domains =
            virtual_mailbox_domains = \(domain)
            virtual_transport = lmtp:inet:127.0.0.1:\(lmtpPort)
            default_transport = error:mail outside \(domain) is not delivered by the test server
            alias_maps =
            alias_database =
            local_recipient_maps =
            smtputf8_enable = no
            biff = no
            delay_warning_time = 0
            smtpd_banner = $myhostname ESMTP est-test
            smtpd_tls_cert_file = \(d)/tls/cert.pem
            smtpd_tls_key_file = \(d)/tls/key.pem
            smtpd_tls_security_level = may
            \(postfixSASLConfig)
            smtpd_recipient_restrictions = check_recipient_access inline:{ { reject-smtp@\(domain) = 550 5.7.1 Rejected by the test server }, { defer-smtp@\(domain) = 450 4.7.1 Deferred by the test server } }, permit_mynetworks, reject
            smtp_tls_security_level = none
            maximal_backoff_time = 10s
            minimal_backoff_time = 5s
            queue_run_delay = 5s

            """
        try main.write(toFile: "\(p)/conf/main.cf", atomically: true, encoding: .utf8)
        var master = """
            127.0.0.1:\(smtpPort) inet n - n - - smtpd
            127.0.0.1:\(smtpsPort) inet n - n - - smtpd
              -o smtpd_tls_wrappermode=yes
            127.0.0.1:\(smtpPlainPort) inet n - n - - smtpd
              -o smtpd_tls_security_level=none
            \(postfixSubmissionService)
            """
        for line in [
            "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
            "tlsmgr unix - - n 1000? 1 tlsmgr", "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap",
            "proxywrite unix - - n - 1 proxymap", "smtp unix - - n - - smtp", "relay unix - - n - - smtp",
            "showq unix n - n - - showq", "error unix - - n - - error", "retry unix - - n - - error",
            "discard unix - - n - - discard", "lmtp unix - - n - - lmtp", "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd",
        ] {
            master += line + "\n"
        }
        try master.write(toFile: "\(p)/conf/master.cf", atomically: true, encoding: .utf8)
        // Run master in the foreground as our own child (`postfix start` spends about 2 s in its
        // checks), with the queue folders it expects made here.
        guard let postfixUser = getpwnam("postfix"), let postdrop = getgrnam("postdrop") else {
            throw HarnessError("no postfix user or postdrop group: is postfix installed?")
        }
        let uid = postfixUser.pointee.pw_uid, gid = postfixUser.pointee.pw_gid, postdropGID = postdrop.pointee.gr_gid
        let queue = "\(p)/queue"
        for (name, mode, group) in [("pid", 0o755, gid_t(0)), ("public", 0o710, postdropGID), ("maildrop", 0o730, postdropGID)]
            + ["incoming", "active", "deferred", "bounce", "defer", "flush", "hold", "corrupt", "saved", "trace", "private"].map({
                ($0, 0o700, gid)
            })
        {
            let dir = "\(queue)/\(name)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            chown(dir, name == "pid" ? 0 : uid, group)
            chmod(dir, mode_t(mode))
        }
        let pid = try Subprocess.spawn(
            "/usr/lib/postfix/sbin/master", ["-c", "\(p)/conf", "-d"],
            stdoutPath: "\(p)/master.out", newGroup: true)
        lock.lock()
        postfixMasterPID = pid
        lock.unlock()
    }

    private func waitForGreeting(port: Int, prefix: String, what: String, pid: pid_t?) throws {
        let deadline = Date().addingTimeInterval(10)
        var last = ""
        while Date() < deadline {
            if let pid, let ended = Subprocess.poll(pid) {
                lock.lock()
                if dovecotPID == pid { dovecotPID = nil } else { postfixMasterPID = nil }
                lock.unlock()
                let masterOut =
                    (try? String(contentsOfFile: directory.appendingPathComponent("postfix/master.out").path, encoding: .utf8)) ?? ""
                throw HarnessError(
                    "\(what) exited with status \(ended.status) at start: \(tail(dovecotLogPath)) \(tail(postfixLogPath)) \(masterOut)")
            }
            do {
                let c = try LineConnection(port: port, timeout: 2)
                let line = try c.readLine()
                if line.hasPrefix(prefix) { return }
                last = line
            } catch {
                last = "\(error)"
            }
            usleep(20_000)
        }
        throw HarnessError("\(what) on port \(port) did not greet within 10 s (\(last))")
    }

    /// Kills the servers if this test process dies without stopping them (its PID gone or a zombie).
    private func startWatchdog() {
        let pids = [dovecotPID, postfixMasterPID].compactMap { $0 }.map(String.init).joined(separator: " ")
        let me = getpid()
        let script = """
            while s=$(cut -d' ' -f3 /proc/\(me)/stat 2>/dev/null) && [ "$s" != Z ]; do sleep 1; done
            kill -TERM \(pids) 2>/dev/null; sleep 3; kill -KILL \(pids) 2>/dev/null; rm -rf '\(directory.path)'
            """
        if let pid = try? Subprocess.spawn("/bin/sh", ["-c", script], newGroup: true) {
            lock.lock()
            watchdogPID = pid
            lock.unlock()
        }
    }

    func chownTree(_ path: String) throws {
        let fm = FileManager.default
        chown(path, mailUID, mailGID)
        if let enumerator = fm.enumerator(atPath: path) {
            for case let item as String in enumerator {
                lchown((path as NSString).appendingPathComponent(item), mailUID, mailGID)
            }
        }
    }
}

/// Servers still running, stopped at process exit.
enum ServerRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var actions: [Int: () -> Void] = [:]
    nonisolated(unsafe) private static var next = 0
    nonisolated(unsafe) private static var installed = false

    static func register(_ action: @escaping () -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if !installed {
            installed = true
            atexit { ServerRegistry.stopAll() }
        }
        next += 1
        actions[next] = action
        return next
    }

    static func unregister(_ key: Int) {
        lock.lock()
        actions[key] = nil
        lock.unlock()
    }

    static func stopAll() {
        lock.lock()
        let all = actions.values
        actions = [:]
        lock.unlock()
        all.forEach { $0() }
    }
}
