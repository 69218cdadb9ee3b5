import Foundation

/// What `tegenkracht doctor` checks in a production configuration (issue 17), each with its fix. The
/// checks read the configuration and the file system only; the database's part (migrations) is
/// added by the command.
package enum ProductionCheck {
    package struct Finding: Sendable, Equatable {
        package let check: String
        package let problem: String?
        package let fix: String?

        package static func ok(_ check: String) -> Finding { Finding(check: check, problem: nil, fix: nil) }
        package static func problem(_ check: String, _ problem: String, fix: String) -> Finding {
            Finding(check: check, problem: problem, fix: fix)
        }
    }

    package static func findings(_ config: AppConfiguration, now: Date, fileManager: FileManager = .default) -> [Finding] {
        [keyFile(config, fileManager), cookies(config), mail(config, fileManager), databaseTLS(config),
         clock(config, now: now), passwordCost(config), metrics(config), singleSignOn(config)]
    }

    /// Single sign-on is optional; when it is set, all of it must be set, over https (issue 17).
    static func singleSignOn(_ config: AppConfiguration) -> Finding {
        // Production: the development switch does not excuse plain http here.
        guard let sso = config.singleSignOn, case let problems = sso.problems(developmentSwitch: false), !problems.isEmpty else {
            return .ok("single sign-on")
        }
        return .problem("single sign-on", problems.joined(separator: "; "),
                        fix: "set every TEGENKRACHT_OIDC_* variable as docs/configuration.md says, or unset TEGENKRACHT_OIDC_ISSUER for local accounts only")
    }

    /// Metrics are optional; a token that is there must not be guessable.
    static func metrics(_ config: AppConfiguration) -> Finding {
        guard let token = config.metricsToken else { return .ok("metrics") }
        guard token.utf8.count >= MetricsToken.minimumLength else {
            return .problem("metrics", "TEGENKRACHT_METRICS_TOKEN is shorter than \(MetricsToken.minimumLength) characters",
                            fix: "set it to a long random value, for example: openssl rand -hex 32")
        }
        return .ok("metrics")
    }

    /// The key file exists, only its owner can read it, and it does not sit where the database's backup
    /// would take it along (the keys and the data they protect must never travel together).
    static func keyFile(_ config: AppConfiguration, _ fileManager: FileManager) -> Finding {
        let check = "key file"
        guard let attributes = try? fileManager.attributesOfItem(atPath: config.keyFile) else {
            return .problem(check, "no key file at \(config.keyFile)",
                            fix: "restore the key file from its custody (docs/operations.md), or set TEGENKRACHT_KEY_FILE to where it is")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        if mode & 0o077 != 0 {
            return .problem(check, "others than its owner may read \(config.keyFile) (mode \(String(mode, radix: 8)))",
                            fix: "chmod 600 \(config.keyFile)")
        }
        let dataDirectory = (config.dataDirectory as NSString).standardizingPath + "/"
        if !config.usesPostgres, (config.keyFile as NSString).standardizingPath.hasPrefix(dataDirectory) {
            return .problem(check, "the key file is inside the data directory, next to the SQLite database, so a copy of that directory holds both",
                            fix: "move it out (for example to /etc/tegenkracht/keys/keys.json, mode 600, the directory writable by the service for `keys rotate`) and set TEGENKRACHT_KEY_FILE")
        }
        return .ok(check)
    }

    static func cookies(_ config: AppConfiguration) -> Finding {
        config.insecureHTTPCookies
            ? .problem("cookies", "the development switch is on: cookies go over plain http",
                       fix: "unset TEGENKRACHT_INSECURE_HTTP_COOKIES and start without --dev-http or --demo; put nginx with TLS in front")
            : .ok("cookies")
    }

    static func mail(_ config: AppConfiguration, _ fileManager: FileManager) -> Finding {
        guard let sendmail = config.sendmailPath else {
            return .problem("mail", "no mail program: notices and reminders wait in the queue",
                            fix: "set TEGENKRACHT_SENDMAIL to a sendmail-compatible program, for example /usr/bin/msmtp (docs/operations.md)")
        }
        guard fileManager.isExecutableFile(atPath: sendmail) else {
            return .problem("mail", "\(sendmail) is not an executable program", fix: "install it (apt-get install msmtp-mta) or correct TEGENKRACHT_SENDMAIL")
        }
        return .ok("mail")
    }

    /// PostgreSQL over the network needs TLS; on the same machine (a Unix socket or loopback) it may do without.
    static func databaseTLS(_ config: AppConfiguration) -> Finding {
        let check = "database TLS"
        guard let url = config.databaseURL else { return .ok(check + " (SQLite: one instance on this machine)") }
        guard let components = URLComponents(string: url) else {
            return .problem(check, "DATABASE_URL cannot be read", fix: "write it as postgres://user@host:5432/name?sslmode=verify-full")
        }
        // Read as PostgresKit reads it: the last of tlsmode, sslmode, ssl and tls wins, and `require`
        // already checks the certificate and the host name (against the system's CA store).
        let mode = components.queryItems?.last { ["tlsmode", "sslmode", "ssl", "tls"].contains($0.name.lowercased()) }?.value ?? "prefer"
        let host = components.host ?? ""
        let local = host.isEmpty || ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) || host.hasPrefix("/")
        if ["require", "verify-ca", "verify-full"].contains(mode) || local { return .ok(check) }
        return .problem(check, "the connection to \(host) may go without TLS (sslmode=\(mode))",
                        fix: "add ?sslmode=verify-full to DATABASE_URL (and the server's CA on this machine)")
    }

    /// A clock far off signs sessions, codes and deadlines wrongly; "today" is reckoned in the organisation's zone.
    static func clock(_ config: AppConfiguration, now: Date) -> Finding {
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        if !(2024...2100).contains(year) {
            return .problem("clock", "the system clock says \(year)", fix: "turn on time synchronisation: timedatectl set-ntp true")
        }
        if config.timeZone.identifier != "Europe/Amsterdam" {
            return .problem("time zone", "days are reckoned in \(config.timeZone.identifier), not Europe/Amsterdam",
                            fix: "the organisation's rules count days in Amsterdam; do not change AppConfiguration.timeZone")
        }
        return .ok("clock and time zone")
    }

    static func passwordCost(_ config: AppConfiguration) -> Finding {
        config.passwordCost >= 12 ? .ok("password hashing")
            : .problem("password hashing", "bcrypt cost \(config.passwordCost) is below 12", fix: "unset TEGENKRACHT_PASSWORD_COST")
    }
}
