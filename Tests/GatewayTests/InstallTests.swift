import Foundation
import MailServerHarness
import Testing

/// scripts/install and scripts/uninstall staged into a DESTDIR, and the units they install checked by
/// systemd's own verifier (Debian's systemd package, installed by scripts/setup).
@Suite(.serialized) struct InstallTests {
    let destdir = FileManager.default.temporaryDirectory.appendingPathComponent("est-install-\(UUID().uuidString.prefix(6))").path

    func install(_ extra: [String] = []) throws -> Subprocess.Result {
        try Subprocess.run(
            "/bin/bash",
            [
                TestSupport.repoRoot.appendingPathComponent("scripts/install").path, "--destdir", destdir, "--binary",
                TestSupport.gatewayBinary,
            ]
                + extra)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: destdir + path) }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: destdir + path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func installsTheTreeAndTheUnitsVerify() throws {
        defer { try? FileManager.default.removeItem(atPath: destdir) }
        let run = try install()
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        for path in [
            "/usr/local/bin/est-gateway", "/usr/local/share/est-gateway/templates/sv", "/usr/local/share/est-gateway/templates/en",
            "/usr/local/share/est-gateway/README.md", "/usr/local/share/est-gateway/est-gateway.example.yaml",
            "/etc/est-gateway/est-gateway.yaml", "/etc/est-gateway/est-gateway.env", "/etc/systemd/system/est-gateway.service",
            "/etc/systemd/system/est-gateway@.service", "/etc/sysusers.d/est-gateway.conf", "/var/lib/est-gateway",
        ] {
            #expect(exists(path), "missing \(path)")
        }
        #expect(try mode("/usr/local/bin/est-gateway") == 0o755)
        #expect(try mode("/etc/est-gateway/est-gateway.env") == 0o600, "secrets readable by root only")
        #expect(try mode("/etc/est-gateway/est-gateway.yaml") == 0o640)
        #expect(try mode("/var/lib/est-gateway") == 0o750)

        // The installed configuration points at the installed templates and the state directory,
        // and passes `config check` with the staged templates in their place.
        let config = try String(contentsOfFile: destdir + "/etc/est-gateway/est-gateway.yaml", encoding: .utf8)
        #expect(config.contains("  database: /var/lib/est-gateway/est-gateway.sqlite"))
        #expect(config.contains("  templates: /usr/local/share/est-gateway/templates"))
        let check = try Subprocess.run(
            destdir + "/usr/local/bin/est-gateway", ["config", "check", "--config", destdir + "/etc/est-gateway/est-gateway.yaml"],
            environment: Subprocess.inheritedEnvironment(adding: [
                "REPLIES_TEMPLATES": destdir + "/usr/local/share/est-gateway/templates"
            ]))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let unit = try String(contentsOfFile: destdir + "/etc/systemd/system/est-gateway.service", encoding: .utf8)
        for line in [
            "ExecStart=/usr/local/bin/est-gateway run --config /etc/est-gateway/est-gateway.yaml", "ProtectSystem=strict",
            "NoNewPrivileges=yes", "PrivateTmp=yes", "ReadWritePaths=/var/lib/est-gateway", "Restart=on-failure",
            "EnvironmentFile=-/etc/est-gateway/est-gateway.env", "ExecReload=/bin/kill -HUP $MAINPID",
        ] {
            #expect(unit.contains("\n\(line)\n"), "the unit lacks \(line)")
        }
        let template = try String(contentsOfFile: destdir + "/etc/systemd/system/est-gateway@.service", encoding: .utf8)
        #expect(template.contains("ExecStart=/usr/local/bin/est-gateway run --config /etc/est-gateway/%i.yaml"))
        #expect(template.contains("ReadWritePaths=/var/lib/est-gateway/%i"))

        // systemd-analyze checks that ExecStart's binary exists: point the copies at the staged one.
        let units = destdir + "/verify"
        try FileManager.default.createDirectory(atPath: units, withIntermediateDirectories: true)
        for name in ["est-gateway.service", "est-gateway@.service"] {
            try (try String(contentsOfFile: destdir + "/etc/systemd/system/" + name, encoding: .utf8))
                .replacingOccurrences(of: "/usr/local/bin/est-gateway", with: destdir + "/usr/local/bin/est-gateway")
                .write(toFile: units + "/" + name, atomically: true, encoding: .utf8)
        }
        for name in ["est-gateway.service", "est-gateway@vasteras.service"] {
            let verify = try Subprocess.run("/usr/bin/systemd-analyze", ["verify", units + "/" + name])
            #expect(verify.status == 0 && verify.stderr.isEmpty, "systemd-analyze verify \(name): \(verify.stdout)\(verify.stderr)")
        }
        // A unit with a misspelt key is what the check above would catch.
        try unit.replacingOccurrences(of: "ProtectClock=", with: "ProtectClok=")
            .replacingOccurrences(of: "/usr/local/bin/est-gateway", with: destdir + "/usr/local/bin/est-gateway")
            .write(toFile: units + "/misspelt.service", atomically: true, encoding: .utf8)
        let misspelt = try Subprocess.run("/usr/bin/systemd-analyze", ["verify", units + "/misspelt.service"])
        #expect(misspelt.stderr.contains("Unknown key"), "\(misspelt.stderr)")
    }

    @Test func reinstallKeepsTheConfigurationAndUninstallLeavesConfigurationAndData() throws {
        defer { try? FileManager.default.removeItem(atPath: destdir) }
        #expect(try install().status == 0)
        let config = destdir + "/etc/est-gateway/est-gateway.yaml"
        try "# the operator's own\n".write(toFile: config, atomically: true, encoding: .utf8)
        try "data".write(toFile: destdir + "/var/lib/est-gateway/est-gateway.sqlite", atomically: true, encoding: .utf8)
        let again = try install()
        #expect(again.status == 0)
        #expect(again.stdout.contains("keeping the existing /etc/est-gateway/est-gateway.yaml"))
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "# the operator's own\n")

        let uninstall = try Subprocess.run(
            "/bin/bash", [TestSupport.repoRoot.appendingPathComponent("scripts/uninstall").path, "--destdir", destdir])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        for gone in [
            "/usr/local/bin/est-gateway", "/usr/local/share/est-gateway", "/etc/systemd/system/est-gateway.service",
            "/etc/systemd/system/est-gateway@.service", "/etc/sysusers.d/est-gateway.conf",
        ] {
            #expect(!exists(gone), "\(gone) left behind")
        }
        #expect(exists("/etc/est-gateway/est-gateway.yaml") && exists("/etc/est-gateway/est-gateway.env"))
        #expect(exists("/var/lib/est-gateway/est-gateway.sqlite"))
        let twice = try Subprocess.run(
            "/bin/bash", [TestSupport.repoRoot.appendingPathComponent("scripts/uninstall").path, "--destdir", destdir])
        #expect(twice.status == 1 && twice.stderr.contains("nothing installed"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        let run = try install(["--prefix", "relative/path"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--prefix must be an absolute path"))
        #expect(try install(["--frobnicate"]).status == 64)
    }
}
