import Foundation
import GazetteAPI
import GazetteIngest
import GazetteStore
import HTTPServer
import Testing

@testable import gazette

/// The declarations in `Setting`, their loaders (file, environment, flags) and their mapping into
/// each module's configuration.
struct SettingsTests {
    // MARK: Declarations against the modules' configurations

    @Test func defaults_mapToEachModulesDefaultConfiguration() {
        let settings = Settings()
        var expectedServer = ServerConfiguration()
        // A request body is a post: `max_post_bytes` is the server's body limit too.
        expectedServer.maxBodyBytes = IngestConfiguration().maxPostBytes
        #expect(differences(settings.serverConfiguration, expectedServer) == [])
        #expect(differences(settings.apiConfiguration, APIConfiguration()) == [])
        #expect(differences(settings.ingestConfiguration, IngestConfiguration()) == [])
        #expect(differences(settings.storeConfiguration, StoreConfiguration()) == [])
        #expect(settings.webhookConfiguration == WebhookConfiguration())
        #expect(differences(settings.watchConfiguration, WatchConfiguration()) == [])
    }

    @Test func everyConfigurationProperty_isSetBySomeSetting_andEverySettingSetsOne() throws {
        let hooks: Set = [
            "ServerConfiguration.errorHeaders", "ServerConfiguration.responseObserver",
            // A test's stand-in for the kernel's watch limit, not a setting.
            "WatchConfiguration.watchLimit",
        ]
        var reached: Set<String> = []
        for declaration in Setting.all {
            var settings = Settings()
            try settings.set(text: alternative(to: declaration), for: declaration, from: .flag("test"))
            let changed = changedProperties(from: Settings(), to: settings)
            if declaration.key != Setting.db.key {
                #expect(!changed.isEmpty, "setting \(declaration.key) changes no configuration")
            }
            reached.formUnion(changed)
        }
        let all = Set(
            properties(ServerConfiguration()) + properties(APIConfiguration()) + properties(IngestConfiguration())
                + properties(StoreConfiguration()) + properties(WebhookConfiguration())
                + properties(WatchConfiguration()))
        #expect(all.subtracting(reached).subtracting(hooks).sorted() == [], "properties no setting reaches")
    }

    @Test func declarations_haveUniqueKeys_andTheEnvironmentVariablesOfAPIMD() {
        let keys = Setting.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(
            Set(Setting.all.compactMap(\.environment))
                == ["GAZETTE_DB", "GAZETTE_HOST", "GAZETTE_PORT", "GAZETTE_WRITE_TOKEN"])
        #expect(Set(Setting.all.compactMap(\.flag)) == ["--db", "--host", "--port", "--watch"])
        for declaration in Setting.all {
            #expect(!declaration.meaning.isEmpty && !declaration.meaning.hasSuffix("."), "\(declaration.key)")
        }
    }

    // MARK: The config file

    @Test func configFile_readsEveryDeclaredValueBackAsWritten() throws {
        var changed = Settings()
        for declaration in Setting.all {
            try changed.set(text: alternative(to: declaration), for: declaration, from: .flag("test"))
        }
        var read = Settings()
        try read.apply(yaml: SettingsDocument.yaml(for: changed), file: "round-trip.yaml")
        for declaration in Setting.all {
            #expect(
                read.anyValue(ofKey: declaration.key)?.yaml == changed.anyValue(ofKey: declaration.key)?.yaml,
                "\(declaration.key)")
            #expect(read.source(ofKey: declaration.key) == .file("round-trip.yaml"))
        }
    }

    @Test func configFile_unknownKey_isAnErrorNamingKeyAndFile() {
        var settings = Settings()
        #expect(throws: SettingsError.unknownKey("max_header_byte", file: "my.yaml")) {
            try settings.apply(yaml: "port: 80\nmax_header_byte: 100\n", file: "my.yaml")
        }
        let message = SettingsError.unknownKey("max_header_byte", file: "my.yaml").description
        #expect(message.contains("max_header_byte") && message.contains("my.yaml"))
    }

    @Test func configFile_wrongType_isAnErrorNamingKeyAndFile() throws {
        var settings = Settings()
        let error = try #require(throws: SettingsError.self) {
            try settings.apply(yaml: "access_log: sometimes\n", file: "my.yaml")
        }
        #expect(
            error
                == .wrongType(
                    key: "access_log", expected: "true or false", found: "sometimes", source: .file("my.yaml")))
        #expect(error.description.contains("access_log") && error.description.contains("config file my.yaml"))
        #expect(throws: SettingsError.self) { try settings.apply(yaml: "port: [1, 2]\n", file: "my.yaml") }
        #expect(throws: SettingsError.self) { try settings.apply(yaml: "cors_origins: \"*\"\n", file: "my.yaml") }
    }

    @Test func configFile_duplicateKeyAndNonMapping_areErrors() throws {
        var settings = Settings()
        let duplicate = try #require(throws: SettingsError.self) {
            try settings.apply(yaml: "port: 1\nport: 2\n", file: "f.yaml")
        }
        #expect(duplicate.description.contains("f.yaml") && duplicate.description.contains("port"))
        #expect(throws: SettingsError.invalidFile("f.yaml", reason: "expected a mapping of settings to values")) {
            try settings.apply(yaml: "- port\n", file: "f.yaml")
        }
    }

    @Test func configFile_empty_changesNothing() throws {
        var settings = Settings()
        try settings.apply(yaml: "# only a comment\n", file: "f.yaml")
        #expect(SettingsDocument.yaml(for: settings) == SettingsDocument.yaml(for: Settings()))
    }

    // MARK: Values out of range, from every layer

    @Test func valueOutOfRange_isAnErrorNamingSettingAndSource() throws {
        var settings = Settings()
        let fromFile = try #require(throws: SettingsError.self) {
            try settings.apply(yaml: "max_header_count: 0\n", file: "f.yaml")
        }
        #expect(
            fromFile
                == .notAllowed(
                    key: "max_header_count", value: "0", requirement: "from 1 to 100000", source: .file("f.yaml")))

        // zlib has levels 1 to 9 only; 0 (store, no compression) is refused rather than sent as gzip.
        let gzipLevel = try #require(throws: SettingsError.self) {
            try settings.apply(yaml: "gzip_level: 0\n", file: "f.yaml")
        }
        #expect(
            gzipLevel == .notAllowed(key: "gzip_level", value: "0", requirement: "from 1 to 9", source: .file("f.yaml"))
        )

        let fromEnvironment = try #require(throws: SettingsError.self) {
            try settings.apply(environment: ["GAZETTE_PORT": "70000"])
        }
        #expect(fromEnvironment.description.contains("port") && fromEnvironment.description.contains("GAZETTE_PORT"))
        #expect(fromEnvironment.description.contains("70000"))

        let fromFlag = try #require(throws: SettingsError.self) {
            try settings.apply(flag: -1, for: Setting.port)
        }
        #expect(fromFlag.description.contains("flag --port"))

        let notANumber = try #require(throws: SettingsError.self) {
            try settings.apply(environment: ["GAZETTE_PORT": "eighty"])
        }
        #expect(notANumber.description.contains("GAZETTE_PORT") && notANumber.description.contains("integer"))
    }

    @Test func headerLimitBelowRequestLineLimit_isAnErrorNamingBoth() throws {
        var settings = Settings()
        try settings.apply(yaml: "max_request_line_bytes: 4096\nmax_header_bytes: 1024\n", file: "f.yaml")
        let error = try #require(throws: SettingsError.self) { try settings.validate() }
        #expect(error.description.contains("max_header_bytes") && error.description.contains("max_request_line_bytes"))
        #expect(error.description.contains("f.yaml"))
    }

    // MARK: Precedence

    @Test func flagsBeatEnvironment_whichBeatsTheFile_whichBeatsTheDefault() throws {
        var settings = Settings()
        try settings.apply(yaml: "host: ::1\nport: 1000\ndb: file.sqlite\n", file: "f.yaml")
        try settings.apply(environment: ["GAZETTE_PORT": "2000", "GAZETTE_DB": "env.sqlite", "GAZETTE_HOST": ""])
        try settings.apply(flag: "flag.sqlite", for: Setting.db)
        try settings.apply(flag: nil, for: Setting.port)
        #expect(settings[Setting.host] == "::1" && settings.source(ofKey: "host") == .file("f.yaml"))
        #expect(settings[Setting.port] == 2000 && settings.source(ofKey: "port") == .environment("GAZETTE_PORT"))
        #expect(settings[Setting.db] == "flag.sqlite" && settings.source(ofKey: "db") == .flag("--db"))
        #expect(settings[Setting.loops] == 0 && settings.source(ofKey: "loops") == .builtIn)
    }

    @Test func emptyValues_meanNone_forTheTokenAndTheBaseURL() throws {
        var settings = Settings()
        #expect(settings.apiConfiguration.writeToken == nil && settings.apiConfiguration.baseURL == nil)
        try settings.apply(yaml: "write_token: s3cret\nbase_url: https://news.example.com\n", file: "f.yaml")
        #expect(settings.apiConfiguration.writeToken == "s3cret")
        #expect(settings.apiConfiguration.baseURL == "https://news.example.com")
        try settings.apply(yaml: "query_timeout_ms: 0\nloops: 3\n", file: "f.yaml")
        #expect(settings.apiConfiguration.queryTimeLimit == nil)
        #expect(settings.serverConfiguration.loopCount == 3)
    }

    @Test func resolvedDocument_marksSources_andHidesSecrets() throws {
        var settings = Settings()
        try settings.apply(environment: ["GAZETTE_WRITE_TOKEN": "s3cret", "GAZETTE_PORT": "9000"])
        let text = SettingsDocument.yaml(for: settings, showingSources: true)
        #expect(!text.contains("s3cret"))
        #expect(text.contains("port: 9000  # from environment GAZETTE_PORT"))
        #expect(text.contains("\nloops: 0\n"))
    }

    // MARK: Helpers

    /// A valid value other than the default, as text.
    private func alternative(to declaration: any AnySettingDeclaration) -> String {
        let value = declaration.anyDefaultValue
        if declaration.key == Setting.timezone.key { return "Asia/Shanghai" }
        if declaration.key == Setting.webhooks.key {
            return "[{url: https://example.com/hook, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, tag: [x]}]"
        }
        if declaration.key == Setting.webhookRetryDelays.key { return "1s,500ms,3h" }
        // 0 means one loop per processor: any other count must differ from that.
        if declaration.key == Setting.loops.key { return String(ServerConfiguration.defaultLoopCount + 1) }
        if let number = value as? Int {
            let up = Settings.probe(declaration, text: String(number + 1))
            return up ? String(number + 1) : String(number - 1)
        }
        if let flag = value as? Bool { return String(!flag) }
        if let list = value as? [String] { return (list + ["x y"]).joined(separator: ",") }
        return value.text + "x"
    }

    /// `Type.property` of each stored property.
    private func properties(_ value: Any) -> [String] {
        let mirror = Mirror(reflecting: value)
        return mirror.children.compactMap { $0.label.map { "\(mirror.subjectType).\($0)" } }
    }

    /// The properties of `a` and `b` (of one type) whose values differ.
    private func differences(_ a: Any, _ b: Any) -> [String] {
        let mirror = Mirror(reflecting: a)
        return zip(mirror.children, Mirror(reflecting: b).children).compactMap { left, right in
            let equal: Bool
            if let l = left.value as? AnyHashable, let r = right.value as? AnyHashable {
                equal = l == r
            } else {
                equal = String(describing: left.value) == String(describing: right.value)
            }
            return equal ? nil : "\(mirror.subjectType).\(left.label ?? "?")"
        }
    }

    private func changedProperties(from a: Settings, to b: Settings) -> Set<String> {
        Set(
            differences(a.serverConfiguration, b.serverConfiguration)
                + differences(a.apiConfiguration, b.apiConfiguration)
                + differences(a.ingestConfiguration, b.ingestConfiguration)
                + differences(a.storeConfiguration, b.storeConfiguration)
                + differences(a.webhookConfiguration, b.webhookConfiguration)
                + differences(a.watchConfiguration, b.watchConfiguration))
    }
}

extension Settings {
    /// Whether `text` is a valid value of the setting.
    fileprivate static func probe(_ declaration: any AnySettingDeclaration, text: String) -> Bool {
        (try? declaration.value(parsing: text, from: .builtIn)) != nil
    }
}
