import Foundation
import GazetteAPI
import GazetteCore
import GazetteIngest
import GazetteStore
import HTTPServer
import Logging

/// The settings mapped into each module's `…Configuration`: the one place that knows which
/// setting goes where, and in which unit.
extension Settings {
    /// The HTTP server's address, loops and limits. Its hooks (`errorHeaders`,
    /// `responseObserver`) are wiring, set by `gazette serve`.
    var serverConfiguration: ServerConfiguration {
        var server = ServerConfiguration(host: self[Setting.host], port: self[Setting.port])
        if self[Setting.loops] > 0 { server.loopCount = self[Setting.loops] }
        server.accessLogLevel = self[Setting.accessLog] ? .info : nil
        // A request body is a post: one limit for both ways in.
        server.maxBodyBytes = self[Setting.maxPostBytes]
        server.maxRequestLineBytes = self[Setting.maxRequestLineBytes]
        server.maxHeaderBytes = self[Setting.maxHeaderBytes]
        server.maxHeaderCount = self[Setting.maxHeaderCount]
        server.headerTimeout = .milliseconds(self[Setting.headerTimeout])
        server.idleTimeout = .milliseconds(self[Setting.idleTimeout])
        server.writeTimeout = .milliseconds(self[Setting.writeTimeout])
        server.maxRequestsPerConnection = self[Setting.maxRequestsPerConnection]
        server.maxConnections = self[Setting.maxConnections]
        server.reservedDescriptors = self[Setting.reservedDescriptors]
        server.acceptBackoff = .milliseconds(self[Setting.acceptBackoff])
        server.resourceWarningInterval = .milliseconds(self[Setting.resourceWarningInterval])
        server.backlog = self[Setting.backlog]
        server.outputHighWatermarkBytes = self[Setting.outputHighWatermarkBytes]
        server.readBufferBytes = self[Setting.readBufferBytes]
        server.shutdownGracePeriod = .milliseconds(self[Setting.shutdownGracePeriod])
        server.lingerTimeout = .milliseconds(self[Setting.lingerTimeout])
        server.pushHeartbeatInterval = .milliseconds(self[Setting.streamKeepAlive])
        server.pushOutputLimitBytes = self[Setting.streamOutputLimit]
        return server
    }

    /// The API's token, CORS, caching, compression and time limit.
    var apiConfiguration: APIConfiguration {
        let timeout = self[Setting.queryTimeout]
        var api = APIConfiguration(
            writeToken: self[Setting.writeToken].isEmpty ? nil : self[Setting.writeToken],
            corsOrigins: self[Setting.corsOrigins], cacheControl: self[Setting.cacheControl],
            baseURL: self[Setting.baseURL].isEmpty ? nil : self[Setting.baseURL],
            responseCacheEnabled: self[Setting.responseCache], responseCacheEntries: self[Setting.responseCacheEntries],
            gzipMinimumBytes: self[Setting.gzipMinimumBytes], changesPageSize: self[Setting.changesPageSize],
            queryTimeLimit: timeout > 0 ? .milliseconds(timeout) : nil)
        api.responseCacheBytes = self[Setting.responseCacheBytes]
        api.gzipLevel = Int32(self[Setting.gzipLevel])
        api.maxStreams = self[Setting.maxStreams]
        api.streamRetry = .milliseconds(self[Setting.streamRetry])
        api.streamPollInterval = .milliseconds(self[Setting.streamPoll])
        return api
    }

    /// How posts are found, read and committed.
    var ingestConfiguration: IngestConfiguration {
        IngestConfiguration(
            timeZone: timeZone, maxPostBytes: self[Setting.maxPostBytes], batchSize: self[Setting.ingestBatchSize],
            extensions: Set(self[Setting.ingestExtensions]), parseThreads: self[Setting.ingestParseThreads])
    }

    /// Which folders `gazette serve` watches, and how.
    var watchConfiguration: WatchConfiguration {
        WatchConfiguration(
            folders: self[Setting.watch], quietPeriod: .milliseconds(self[Setting.watchQuiet]),
            unclosedFileTimeout: .milliseconds(self[Setting.watchUnclosedTimeout]),
            rescanInterval: .milliseconds(self[Setting.watchRescanInterval]),
            commitInterval: .milliseconds(self[Setting.watchCommitInterval]), niceness: self[Setting.watchNice])
    }

    /// How each SQLite connection is tuned.
    var storeConfiguration: StoreConfiguration {
        StoreConfiguration(
            busyTimeoutMilliseconds: Int32(clamping: self[Setting.busyTimeout]),
            cacheSizeKiB: self[Setting.cacheSizeKiB], writerCacheSizeKiB: self[Setting.writerCacheSizeKiB],
            walAutocheckpointPages: self[Setting.walAutocheckpointPages],
            bulkWALAutocheckpointPages: self[Setting.bulkWALAutocheckpointPages],
            mmapSizeBytes: Int64(self[Setting.mmapSizeBytes]),
            statementCacheCapacity: self[Setting.statementCacheCapacity])
    }

    /// How webhooks are delivered, and the endpoints the settings name.
    var webhookConfiguration: WebhookConfiguration {
        WebhookConfiguration(
            endpoints: self[Setting.webhooks].endpoints,
            retryDelays: self[Setting.webhookRetryDelays].compactMap(Setting.duration(parsing:)),
            timeout: .milliseconds(self[Setting.webhookTimeout]),
            allowsPrivateTargets: self[Setting.allowPrivateWebhookTargets],
            pollInterval: .milliseconds(self[Setting.webhookPollInterval]))
    }

    /// The endpoints to store in the database, or `nil` when no layer set `webhooks` (a process
    /// run without the config file, such as an ingest from another folder, leaves the
    /// database's endpoints as they are).
    var webhookEndpointsToSync: [WebhookEndpoint]? {
        source(ofKey: Setting.webhooks.key) == .builtIn ? nil : self[Setting.webhooks].endpoints
    }

    /// The database file (`db`).
    var db: String { self[Setting.db] }

    /// The zone of `timezone` (checked when it was set, so the fallback is never taken).
    var timeZone: TimeZone {
        TimeZone(identifier: self[Setting.timezone]) ?? TimeZone(secondsFromGMT: 0) ?? .current
    }
}
