import Foundation
import GazetteAPI
import GazetteIngest
import GazetteStore
import HTTPServer

/// Every setting of Gazette, declared once, in the order `config/gazette.yaml` shows them.
///
/// Where a module has the setting, the default is read from that module's `…Configuration` init
/// (STYLE.md keeps defaults there), so each default is written once; `SettingsTests` checks that
/// the defaults, mapped by `Settings+Configurations.swift`, give back each module's default
/// configuration, and that every property of those configurations is reached by a setting.
enum Setting {
    private static let server = ServerConfiguration()
    private static let api = APIConfiguration()
    private static let ingest = IngestConfiguration()
    private static let store = StoreConfiguration()
    private static let webhook = WebhookConfiguration()
    private static let watching = WatchConfiguration()

    /// The declarations, grouped under the titles the config file shows.
    static let sections: [(title: String, settings: [any AnySettingDeclaration])] = [
        ("Database and server", [db, host, port, writeToken, loops, accessLog]),
        ("Ingest", [timezone, maxPostBytes, ingestBatchSize, ingestParseThreads, ingestExtensions]),
        (
            "Watching folders (serve --watch)",
            [watch, watchQuiet, watchUnclosedTimeout, watchRescanInterval, watchCommitInterval, watchNice]
        ),
        (
            "API",
            [
                corsOrigins, cacheControl, baseURL, responseCache, responseCacheEntries, responseCacheBytes,
                gzipMinimumBytes, gzipLevel, changesPageSize, queryTimeout,
            ]
        ),
        (
            "HTTP server limits",
            [
                maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, headerTimeout, idleTimeout, writeTimeout,
                maxRequestsPerConnection, maxConnections, reservedDescriptors, acceptBackoff,
                resourceWarningInterval, backlog, outputHighWatermarkBytes, readBufferBytes, shutdownGracePeriod,
                lingerTimeout,
            ]
        ),
        ("Live stream (/v1/stream)", [maxStreams, streamKeepAlive, streamRetry, streamOutputLimit, streamPoll]),
        (
            "SQLite connections",
            [
                busyTimeout, cacheSizeKiB, writerCacheSizeKiB, walAutocheckpointPages, bulkWALAutocheckpointPages,
                mmapSizeBytes,
                statementCacheCapacity,
            ]
        ),
        ("Webhooks", [webhooks, allowPrivateWebhookTargets, webhookRetryDelays, webhookTimeout, webhookPollInterval]),
    ]

    /// Every declaration, in document order.
    static let all: [any AnySettingDeclaration] = sections.flatMap(\.settings)

    // MARK: Database and server

    static let db = SettingDeclaration<String>(
        "db", default: "gazette.sqlite", requirement: .nonEmpty, flag: "--db", environment: "GAZETTE_DB",
        meaning: "The SQLite database file")
    static let host = SettingDeclaration<String>(
        "host", default: server.host, requirement: .nonEmpty, flag: "--host", environment: "GAZETTE_HOST",
        meaning: "Address to listen on: an IPv4 or IPv6 literal (\"::\" also accepts IPv4), or localhost")
    static let port = SettingDeclaration<Int>(
        "port", default: server.port, requirement: .within(0...65_535), flag: "--port", environment: "GAZETTE_PORT",
        meaning: "Port to listen on; 0 picks a free port and prints it")
    static let writeToken = SettingDeclaration<String>(
        "write_token", default: api.writeToken ?? "", environment: "GAZETTE_WRITE_TOKEN", isSecret: true,
        meaning: "Bearer token for POST, PUT and DELETE; empty: write endpoints answer 403 (prefer the environment)")
    static let loops = SettingDeclaration<Int>(
        "loops", default: 0, requirement: .within(0...256),
        meaning: "Event loops of the HTTP server; 0: one per processor")
    static let accessLog = SettingDeclaration<Bool>(
        "access_log", default: server.accessLogLevel != nil,
        meaning: "One log line per request (method, path, status, bytes, duration, request id)")

    // MARK: Ingest

    static let timezone = SettingDeclaration<String>(
        "timezone", default: "UTC",
        requirement: Requirement(summary: "an IANA time zone") { TimeZone(identifier: $0) != nil },
        meaning: "IANA time zone in which naive post dates (\"2021-07-28 10:50:17\") are read")
    static let maxPostBytes = SettingDeclaration<Int>(
        "max_post_bytes", default: ingest.maxPostBytes, unit: "bytes", requirement: .atLeast(1_024),
        meaning: "Largest post accepted, from a file or as a request body (the server's body limit; beyond it: 413)")
    static let ingestBatchSize = SettingDeclaration<Int>(
        "ingest_batch_size", default: ingest.batchSize, requirement: .atLeast(1),
        meaning: "Posts committed per transaction while ingesting")
    static let ingestParseThreads = SettingDeclaration<Int>(
        "ingest_parse_threads", default: ingest.parseThreads, requirement: .atLeast(0),
        meaning:
            "Threads that read and clean posts while the one writer commits; 0: one fewer than the processors "
            + "(at least one), so the writer keeps a processor of its own")
    static let ingestExtensions = SettingDeclaration<[String]>(
        "ingest_extensions", default: ingest.extensions.sorted(),
        requirement: Requirement(summary: "at least one, each without the dot") { extensions in
            !extensions.isEmpty && extensions.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
        },
        meaning: "File-name extensions ingested from folders, without the dot")

    // MARK: Watching folders

    static let watch = SettingDeclaration<[String]>(
        "watch", default: watching.folders,
        requirement: Requirement(summary: "folder paths") { folders in folders.allSatisfy { !$0.isEmpty } },
        flag: "--watch",
        meaning: "Folders gazette serve keeps the database in step with: reconciled at start, then followed with "
            + "inotify (created, edited, moved and deleted posts); the flag may be repeated")
    static let watchQuiet = SettingDeclaration<Int>(
        "watch_quiet_ms", default: milliseconds(watching.quietPeriod), unit: "milliseconds",
        requirement: .within(0...60_000),
        meaning: "How long a watched file must have stopped changing before it is read")
    static let watchUnclosedTimeout = SettingDeclaration<Int>(
        "watch_unclosed_timeout_ms", default: milliseconds(watching.unclosedFileTimeout), unit: "milliseconds",
        requirement: .within(0...3_600_000),
        meaning: "How long a watched file opened for writing and not closed waits before it is read anyway")
    static let watchRescanInterval = SettingDeclaration<Int>(
        "watch_rescan_interval_ms", default: milliseconds(watching.rescanInterval), unit: "milliseconds",
        requirement: .within(100...86_400_000),
        meaning: "Period of full rescans when inotify cannot watch every folder (fs.inotify.max_user_watches reached)")
    static let watchCommitInterval = SettingDeclaration<Int>(
        "watch_commit_interval_ms", default: milliseconds(watching.commitInterval), unit: "milliseconds",
        requirement: .within(0...60_000),
        meaning: "While watched files keep arriving, their batches are committed at most this often (fewer, larger "
            + "commits: less work for the search index and the readers' caches); a lone file is not delayed")
    static let watchNice = SettingDeclaration<Int>(
        "watch_nice", default: watching.niceness, requirement: .within(0...19),
        meaning: "How much nicer than the server the watcher's thread is, which parses and commits the watched "
            + "files (added to the server's nice value, up to 19): on a busy processor the event loops get the "
            + "larger share; 0: the server's priority")

    // MARK: API

    static let corsOrigins = SettingDeclaration<[String]>(
        "cors_origins", default: api.corsOrigins,
        meaning: "Origins allowed by CORS; \"*\" allows any origin for reads")
    static let cacheControl = SettingDeclaration<String>(
        "cache_control", default: api.cacheControl,
        meaning: "Cache-Control header of successful GET responses")
    static let baseURL = SettingDeclaration<String>(
        "base_url", default: api.baseURL ?? "",
        meaning: "Absolute base URL of links in feeds (e.g. https://news.example.com); empty: from the request's Host")
    static let responseCache = SettingDeclaration<Bool>(
        "response_cache", default: api.responseCacheEnabled,
        meaning: "Cache encoded responses of reads in memory (invalidated whenever the data changes)")
    static let responseCacheEntries = SettingDeclaration<Int>(
        "response_cache_entries", default: api.responseCacheEntries, requirement: .atLeast(0),
        meaning: "Responses the cache keeps per event loop")
    static let responseCacheBytes = SettingDeclaration<Int>(
        "response_cache_bytes", default: api.responseCacheBytes, unit: "bytes", requirement: .atLeast(0),
        meaning: "Bytes the cache keeps, all event loops together (each an equal share), least recently used "
            + "dropped first; a response counts its key, headers and body, plus 256 bytes and 48 per header of "
            + "bookkeeping; one over an eighth of a loop's share is served but not cached")
    static let gzipMinimumBytes = SettingDeclaration<Int>(
        "gzip_min_bytes", default: api.gzipMinimumBytes, unit: "bytes", requirement: .atLeast(0),
        meaning: "Bodies at least this large are gzipped when the client accepts gzip")
    static let gzipLevel = SettingDeclaration<Int>(
        "gzip_level", default: Int(api.gzipLevel), requirement: .within(1...9),
        meaning: "zlib level for bodies gzipped per response: 1 fastest, 9 smallest (the reader page and "
            + "/openapi.json are compressed once, at 9)")
    static let changesPageSize = SettingDeclaration<Int>(
        "changes_page_size", default: api.changesPageSize, requirement: .within(1...100_000),
        meaning: "Entries of /v1/changes per page")
    static let queryTimeout = SettingDeclaration<Int>(
        "query_timeout_ms", default: api.queryTimeLimit.map(milliseconds) ?? 0, unit: "milliseconds",
        requirement: .within(0...3_600_000),
        meaning: "Longest a read may spend in the database (and hold up its event loop) before it is answered 503; "
            + "0: no limit")

    // MARK: Live stream

    static let maxStreams = SettingDeclaration<Int>(
        "max_streams", default: api.maxStreams, requirement: .within(1...1_000_000),
        meaning: "Concurrent /v1/stream clients; beyond it 503 with Retry-After")
    static let streamKeepAlive = SettingDeclaration<Int>(
        "stream_keepalive_ms", default: milliseconds(server.pushHeartbeatInterval), unit: "milliseconds",
        requirement: .within(10...86_400_000),
        meaning: "Longest a stream stays silent before a keep-alive comment is sent")
    static let streamRetry = SettingDeclaration<Int>(
        "stream_retry_ms", default: milliseconds(api.streamRetry), unit: "milliseconds",
        requirement: .within(1...86_400_000),
        meaning: "The stream's retry field: how long a client waits before reconnecting")
    static let streamOutputLimit = SettingDeclaration<Int>(
        "stream_output_limit_bytes", default: server.pushOutputLimitBytes, unit: "bytes",
        requirement: .within(1...(1 << 30)),
        meaning: "Unread output of a stream's client beyond which it is disconnected (it resumes with Last-Event-ID)")
    static let streamPoll = SettingDeclaration<Int>(
        "stream_poll_ms", default: milliseconds(api.streamPollInterval), unit: "milliseconds",
        requirement: .within(10...60_000),
        meaning: "How often streams check whether another process (gazette ingest) committed changes")

    // MARK: HTTP server limits

    static let maxRequestLineBytes = SettingDeclaration<Int>(
        "max_request_line_bytes", default: server.maxRequestLineBytes, unit: "bytes",
        requirement: .within(16...(1 << 30)),
        meaning: "Longest request line (method, target, version); beyond it: 414")
    static let maxHeaderBytes = SettingDeclaration<Int>(
        "max_header_bytes", default: server.maxHeaderBytes, unit: "bytes", requirement: .within(16...(1 << 30)),
        meaning: "Largest header section, request line included (so at least max_request_line_bytes); beyond it: 431")
    static let maxHeaderCount = SettingDeclaration<Int>(
        "max_header_count", default: server.maxHeaderCount, requirement: .within(1...100_000),
        meaning: "Most header fields in one request; beyond it: 431")
    static let headerTimeout = SettingDeclaration<Int>(
        "header_timeout_ms", default: milliseconds(server.headerTimeout), unit: "milliseconds",
        requirement: .within(1...86_400_000),
        meaning: "Time from a request's first byte until its header section is complete; beyond it: 408 and close")
    static let idleTimeout = SettingDeclaration<Int>(
        "idle_timeout_ms", default: milliseconds(server.idleTimeout), unit: "milliseconds",
        requirement: .within(1...86_400_000),
        meaning: "Time a keep-alive connection may wait for a request, or a body make no progress, before it is closed")
    static let writeTimeout = SettingDeclaration<Int>(
        "write_timeout_ms", default: milliseconds(server.writeTimeout), unit: "milliseconds",
        requirement: .within(1...86_400_000),
        meaning: "Time pending output may make no progress before the connection is closed")
    static let maxRequestsPerConnection = SettingDeclaration<Int>(
        "max_requests_per_connection", default: server.maxRequestsPerConnection, requirement: .atLeast(1),
        meaning: "Requests served on one connection before the server answers with Connection: close")
    static let maxConnections = SettingDeclaration<Int>(
        "max_connections", default: server.maxConnections, requirement: .within(1...1_000_000),
        meaning: "Open connections across all loops; at the cap new clients wait in the backlog")
    static let reservedDescriptors = SettingDeclaration<Int>(
        "reserved_descriptors", default: server.reservedDescriptors, requirement: .within(0...1_000_000),
        meaning:
            "Descriptors kept free below the process's limit (ulimit -n): fewer connections are accepted when the limit is low"
    )
    static let acceptBackoff = SettingDeclaration<Int>(
        "accept_backoff_ms", default: milliseconds(server.acceptBackoff), unit: "milliseconds",
        requirement: .within(1...60_000),
        meaning: "When out of descriptors (EMFILE), how long accepting pauses unless a connection closes first")
    static let resourceWarningInterval = SettingDeclaration<Int>(
        "resource_warning_interval_ms", default: milliseconds(server.resourceWarningInterval),
        unit: "milliseconds", requirement: .within(1...86_400_000),
        meaning: "Shortest time between two warnings about accepts refused for lack of descriptors")
    static let backlog = SettingDeclaration<Int>(
        "backlog", default: server.backlog, requirement: .within(1...65_535),
        meaning: "Connections the kernel queues before the server accepts them (listen(2) backlog)")
    static let outputHighWatermarkBytes = SettingDeclaration<Int>(
        "output_high_watermark_bytes", default: server.outputHighWatermarkBytes, unit: "bytes",
        requirement: .within(1...(1 << 30)),
        meaning: "Pending output per connection above which the server stops reading from it until the client reads")
    static let readBufferBytes = SettingDeclaration<Int>(
        "read_buffer_bytes", default: server.readBufferBytes, unit: "bytes", requirement: .within(1_024...(1 << 26)),
        meaning: "Size of each event loop's read buffer")
    static let shutdownGracePeriod = SettingDeclaration<Int>(
        "shutdown_grace_period_ms", default: milliseconds(server.shutdownGracePeriod), unit: "milliseconds",
        requirement: .within(0...3_600_000),
        meaning: "Time given to requests in flight on SIGTERM or SIGINT before the server stops")
    static let lingerTimeout = SettingDeclaration<Int>(
        "linger_timeout_ms", default: milliseconds(server.lingerTimeout), unit: "milliseconds",
        requirement: .within(0...3_600_000),
        meaning: "After the last response of a closing connection, time spent discarding what the client still sends")

    // MARK: SQLite connections

    static let busyTimeout = SettingDeclaration<Int>(
        "busy_timeout_ms", default: Int(store.busyTimeoutMilliseconds), unit: "milliseconds",
        requirement: .within(0...Int(Int32.max)),
        meaning: "How long a connection waits for a lock another holds before giving up")
    static let cacheSizeKiB = SettingDeclaration<Int>(
        "cache_size_kib", default: store.cacheSizeKiB, unit: "KiB", requirement: .within(0...(1 << 30)),
        meaning: "Page cache of each read-only connection")
    static let writerCacheSizeKiB = SettingDeclaration<Int>(
        "writer_cache_size_kib", default: store.writerCacheSizeKiB, unit: "KiB", requirement: .within(0...(1 << 30)),
        meaning: "Page cache of the read-write connection (ingest, HTTP writes), used as pages are touched: "
            + "a bulk ingest into a large database reads its index pages from here rather than from the file")
    static let walAutocheckpointPages = SettingDeclaration<Int>(
        "wal_autocheckpoint_pages", default: store.walAutocheckpointPages, unit: "pages",
        requirement: .within(0...(1 << 30)),
        meaning: "Write-ahead-log pages after which a commit copies the log into the database "
            + "(SQLite's wal_autocheckpoint), for a server's writes (watched files, HTTP posts): the commit "
            + "that crosses it waits for the copy; 0: never (the log then grows until the last connection closes)")
    static let bulkWALAutocheckpointPages = SettingDeclaration<Int>(
        "ingest_wal_autocheckpoint_pages", default: store.bulkWALAutocheckpointPages, unit: "pages",
        requirement: .within(0...(1 << 30)),
        meaning: "wal_autocheckpoint_pages for `gazette ingest`: fewer, larger checkpoints copy pages that "
            + "several batches rewrote once")
    static let mmapSizeBytes = SettingDeclaration<Int>(
        "mmap_size_bytes", default: Int(store.mmapSizeBytes), unit: "bytes", requirement: .atLeast(0),
        meaning: "Bytes of the database file memory-mapped for reads; 0: none")
    static let statementCacheCapacity = SettingDeclaration<Int>(
        "statement_cache_capacity", default: store.statementCacheCapacity, requirement: .within(1...100_000),
        meaning: "Prepared statements kept per connection")

    // MARK: Webhooks

    static let webhooks = SettingDeclaration<WebhookList>(
        "webhooks", default: WebhookList(),
        requirement: Requirement(summary: "http or https URLs, each with a secret whsec_ + base64") { $0.isValid },
        meaning: "Endpoints that get each change as a signed POST: a list of mappings with url, secret (whsec_ + "
            + "base64), and optionally events ([upserted, deleted]), category, tag, author filters (see README); "
            + "the process that opens the database with this setting stores the list there")
    static let allowPrivateWebhookTargets = SettingDeclaration<Bool>(
        "allow_private_webhook_targets", default: webhook.allowsPrivateTargets,
        meaning: "Send webhooks to loopback, link-local and private addresses too (refused by default)")
    static let webhookRetryDelays = SettingDeclaration<[String]>(
        "webhook_retry_delays", default: webhook.retryDelays.map(durationText),
        requirement: Requirement(summary: "durations such as 500ms, 5s, 5m, 2h") { delays in
            delays.allSatisfy { duration(parsing: $0) != nil }
        },
        meaning: "Waits after each failed webhook attempt; when they run out the message is marked failed")
    static let webhookTimeout = SettingDeclaration<Int>(
        "webhook_timeout_ms", default: milliseconds(webhook.timeout), unit: "milliseconds",
        requirement: .within(1...3_600_000),
        meaning: "Longest a webhook attempt may take before it counts as failed")
    static let webhookPollInterval = SettingDeclaration<Int>(
        "webhook_poll_interval_ms", default: milliseconds(webhook.pollInterval), unit: "milliseconds",
        requirement: .within(10...3_600_000),
        meaning: "How often the delivery worker looks for new webhook messages (another process's writes included)")

    /// A duration as the config file writes it: the largest of `h`, `m`, `s`, `ms` that divides it.
    static func durationText(_ duration: Duration) -> String {
        let ms = milliseconds(duration)
        for (unit, size) in [("h", 3_600_000), ("m", 60_000), ("s", 1_000)] where ms > 0 && ms % size == 0 {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }

    /// Reads `500ms`, `5s`, `5m`, `2h`; `nil` for anything else.
    static func duration(parsing text: String) -> Duration? {
        for (unit, size) in [("ms", 1), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)] where text.hasSuffix(unit) {
            guard let count = Int(text.dropLast(unit.count)), count >= 0 else { return nil }
            let (total, overflow) = count.multipliedReportingOverflow(by: size)
            return overflow ? nil : .milliseconds(total)
        }
        return nil
    }

    /// `duration` in whole milliseconds (the config file's unit of time).
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
