import Foundation
import Yams

/// Gazette's settings, resolved from (strongest first) flags, environment, the config file,
/// and built-in defaults, as API.md orders them. `config/gazette.yaml` documents every key.
struct Settings: Equatable {
    var db = "gazette.sqlite"
    var host = "127.0.0.1"
    var port = 8080
    var writeToken: String? = nil
    /// IANA zone naive dates are read in.
    var timezone = "UTC"
    var corsOrigins: [String] = ["*"]
    var cacheControl = "public, max-age=60"
    var baseURL: String? = nil
    var responseCache = true
    var responseCacheEntries = 4_096
    var ingestBatchSize = 500
    var maxPostBytes = 8 << 20
    /// One log line per request (method, path, status, bytes, duration, request id).
    var accessLog = true
    /// Event loops of the server; 0: one per processor.
    var loops = 0
    /// The longest a read may spend in SQLite, in milliseconds; 0: no limit.
    var queryTimeoutMilliseconds = 2_000

    /// The file the settings were read from, when one was.
    var configPath: String? = nil

    /// The keys of `config/gazette.yaml`, as they are written there.
    private struct File: Decodable {
        var db: String?
        var host: String?
        var port: Int?
        var write_token: String?
        var timezone: String?
        var cors_origins: [String]?
        var cache_control: String?
        var base_url: String?
        var response_cache: Bool?
        var response_cache_entries: Int?
        var ingest_batch_size: Int?
        var max_post_bytes: Int?
        var access_log: Bool?
        var loops: Int?
        var query_timeout_ms: Int?
    }

    /// Resolves settings for a command.
    ///
    /// - Parameters:
    ///   - configFlag: `--config`, if given (then the file must exist).
    ///   - environment: the process environment.
    static func resolve(configFlag: String?, environment: [String: String]) throws -> Settings {
        var settings = Settings()
        let explicit = configFlag ?? environment["GAZETTE_CONFIG"]
        let path = explicit ?? "config/gazette.yaml"
        if FileManager.default.fileExists(atPath: path) {
            try settings.apply(fileAt: path)
        } else if let explicit {
            throw SettingsError("config file \(explicit) does not exist")
        }
        try settings.apply(environment: environment)
        return settings
    }

    private mutating func apply(fileAt path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SettingsError("cannot read config file \(path): \(error.localizedDescription)")
        }
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: text)
        } catch {
            throw SettingsError("config file \(path) is not valid: \(error)")
        }
        configPath = path
        if let v = file.db { db = v }
        if let v = file.host { host = v }
        if let v = file.port { port = v }
        if let v = file.write_token, !v.isEmpty { writeToken = v }
        if let v = file.timezone { timezone = v }
        if let v = file.cors_origins { corsOrigins = v }
        if let v = file.cache_control { cacheControl = v }
        if let v = file.base_url, !v.isEmpty { baseURL = v }
        if let v = file.response_cache { responseCache = v }
        if let v = file.response_cache_entries { responseCacheEntries = v }
        if let v = file.ingest_batch_size { ingestBatchSize = v }
        if let v = file.max_post_bytes { maxPostBytes = v }
        if let v = file.access_log { accessLog = v }
        if let v = file.loops { loops = v }
        if let v = file.query_timeout_ms { queryTimeoutMilliseconds = v }
        try validate()
    }

    private mutating func apply(environment: [String: String]) throws {
        if let v = environment["GAZETTE_DB"], !v.isEmpty { db = v }
        if let v = environment["GAZETTE_HOST"], !v.isEmpty { host = v }
        if let v = environment["GAZETTE_PORT"], !v.isEmpty {
            guard let port = Int(v) else { throw SettingsError("GAZETTE_PORT=\(v) is not a port number") }
            self.port = port
        }
        if let v = environment["GAZETTE_WRITE_TOKEN"], !v.isEmpty { writeToken = v }
        try validate()
    }

    /// Checks ranges after every layer, so the message names the layer that set a bad value.
    func validate() throws {
        guard (0...65_535).contains(port) else { throw SettingsError("port \(port) is not in 0–65535") }
        guard TimeZone(identifier: timezone) != nil else {
            throw SettingsError("timezone \(timezone) is not an IANA zone")
        }
        guard ingestBatchSize >= 1 else { throw SettingsError("ingest_batch_size must be at least 1") }
        guard maxPostBytes >= 1_024 else { throw SettingsError("max_post_bytes must be at least 1024") }
        guard (0...256).contains(loops) else { throw SettingsError("loops must be from 0 to 256") }
        guard responseCacheEntries >= 0 else { throw SettingsError("response_cache_entries must not be negative") }
        guard (0...3_600_000).contains(queryTimeoutMilliseconds) else {
            throw SettingsError("query_timeout_ms must be from 0 (no limit) to 3600000")
        }
    }

    /// ``queryTimeoutMilliseconds`` as the API takes it (`nil`: no limit).
    var queryTimeLimit: Duration? {
        queryTimeoutMilliseconds > 0 ? .milliseconds(queryTimeoutMilliseconds) : nil
    }

    var timeZone: TimeZone { TimeZone(identifier: timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current }
}

/// A setting that cannot be used, with the reason.
struct SettingsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
