import Dispatch
import GazetteCore
import GazetteStore
import HTTPServer
import Logging
import Synchronization

/// The live side of `/v1/stream`: one serial queue that learns of new changes, reads them once,
/// renders each event once and fans it out to the streams whose filters match.
///
/// New changes are noticed two ways: a write request of this process calls ``signal()`` as soon
/// as it has committed, and a timer on the hub's queue polls SQLite's `PRAGMA data_version`
/// (``ArticleReader/commitCounter()``) every ``APIConfiguration/streamPollInterval``, which moves
/// when any other connection commits (`gazette ingest` in another process). Either way the hub
/// reads the change log after the last sequence it delivered.
///
/// No gap, no duplicate: every stream has a cursor (the last sequence it was sent), and only the
/// hub's queue sends events. A new stream first gets the changes between its cursor and the
/// hub's from the log (its replay), then joins the live fan-out, which sends a change only to
/// streams whose cursor is below it.
///
/// Thread safety: the reader, the subscribers and the sequence are touched only on `queue`
/// (entry points hop onto it); `openStreams` is atomic. This confinement is what makes the
/// `@unchecked Sendable` sound.
final class StreamHub: @unchecked Sendable {
    /// One open stream.
    final class Subscriber {
        let writer: PushWriter
        let filters: ArticleQuery
        /// The last sequence sent to this stream.
        var cursor: Int64

        init(writer: PushWriter, filters: ArticleQuery, after: Int64) {
            self.writer = writer
            self.filters = filters
            self.cursor = after
        }
    }

    /// Streams open or being opened (slots taken by ``reserve(limit:)``).
    let openStreams = Atomic<Int>(0)

    private let queue = DispatchQueue(label: "gazette.stream.hub", qos: .userInitiated)
    private let reader: ArticleReader
    private let logger: Logger
    private var subscribers: [ObjectIdentifier: Subscriber] = [:]
    /// The last sequence the hub has read from the log.
    private var sequence: Int64 = 0
    private var commitCounter: Int64 = -1
    private var timer: DispatchSourceTimer?
    /// Changes read per statement while catching up.
    private static let pageSize = 500

    init(reader: ArticleReader, pollInterval: Duration, logger: Logger) {
        self.reader = reader
        self.logger = logger
        queue.async { [weak self] in
            guard let self else { return }
            self.sequence = (try? self.reader.changeLogBounds().newest) ?? 0
            self.commitCounter = (try? self.reader.commitCounter()) ?? -1
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            let milliseconds = max(10, Int(pollInterval / .milliseconds(1)))
            timer.schedule(
                deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds),
                leeway: .milliseconds(milliseconds / 10))
            timer.setEventHandler { [weak self] in self?.pump(force: false) }
            self.timer = timer
            timer.resume()
        }
    }

    deinit {
        timer?.cancel()
    }

    /// Takes a stream slot; `false` when `limit` streams are open.
    func reserve(limit: Int) -> Bool {
        if openStreams.add(1, ordering: .relaxed).newValue <= limit { return true }
        openStreams.subtract(1, ordering: .relaxed)
        return false
    }

    /// Gives back a slot taken by ``reserve(limit:)``.
    func release() {
        openStreams.subtract(1, ordering: .relaxed)
    }

    /// Something was committed by this process: deliver it now.
    func signal() {
        queue.async { [weak self] in self?.pump(force: true) }
    }

    /// Adds a stream that has been sent everything up to `after`: it gets the changes since
    /// then from the log, then live ones.
    func add(_ writer: PushWriter, filters: ArticleQuery, after: Int64) {
        queue.async { [weak self] in
            guard let self else { return }
            let subscriber = Subscriber(writer: writer, filters: filters, after: after)
            do {
                try replay(to: subscriber)
            } catch {
                logger.error("stream replay failed; ending the stream", metadata: ["error": "\(error)"])
                writer.end()
                return
            }
            subscribers[ObjectIdentifier(subscriber)] = subscriber
        }
    }

    /// Forgets streams that have ended (their writers are closed).
    func pruneClosed() {
        queue.async { [weak self] in
            guard let self else { return }
            subscribers = subscribers.filter { !$0.value.writer.isClosed }
        }
    }

    // MARK: On the hub's queue

    private func replay(to subscriber: Subscriber) throws {
        while subscriber.cursor < sequence {
            var batch: [UInt8] = []
            var read = 0
            try reader.read(timeLimit: nil) {
                try reader.forEachChangeWithArticle(after: subscriber.cursor, limit: Self.pageSize) { change, article in
                    read += 1
                    guard change.sequence <= sequence else { return }
                    if change.isDeletion || article.map({ $0.matches(subscriber.filters) }) ?? true {
                        batch += Self.event(change, article: article)
                    }
                    subscriber.cursor = change.sequence
                }
            }
            subscriber.writer.write(batch)
            if read < Self.pageSize { break }
        }
        subscriber.cursor = max(subscriber.cursor, sequence)
    }

    /// Reads the changes after ``sequence`` and sends each to the streams it matches.
    private func pump(force: Bool) {
        do {
            let counter = try reader.commitCounter()
            guard force || counter != commitCounter else { return }
            commitCounter = counter
            subscribers = subscribers.filter { !$0.value.writer.isClosed }
            if subscribers.isEmpty {
                sequence = max(sequence, try reader.changeLogBounds().newest)
                return
            }
            var batches: [ObjectIdentifier: [UInt8]] = [:]
            while true {
                var read = 0
                try reader.read(timeLimit: nil) {
                    try reader.forEachChangeWithArticle(after: sequence, limit: Self.pageSize) { change, article in
                        read += 1
                        let event = Self.event(change, article: article)
                        for (key, subscriber) in subscribers where subscriber.cursor < change.sequence {
                            subscriber.cursor = change.sequence
                            if change.isDeletion || article.map({ $0.matches(subscriber.filters) }) ?? true {
                                batches[key, default: []] += event
                            }
                        }
                        sequence = change.sequence
                    }
                }
                if read < Self.pageSize { break }
            }
            for (key, batch) in batches { subscribers[key]?.writer.write(batch) }
        } catch {
            logger.error("reading the change log for streams failed", metadata: ["error": "\(error)"])
        }
    }

    /// One `text/event-stream` event: `id:`, `event:` and one line of `data:` JSON.
    static func event(_ change: ChangeRow, article: ChangedArticle?) -> [UInt8] {
        let kind = change.isDeletion ? "deleted" : "upserted"
        var json = JSONWriter(capacity: 1_024)
        json.objectStart()
        json.key("id")
        json.int(change.articleID)
        json.key("slug")
        json.string(change.slug)
        json.key("change")
        json.string(kind)
        json.key("at")
        json.string(RFC3339.format(change.at))
        json.key("article")
        if let article, !change.isDeletion {
            article.summaryJSON.withUnsafeBufferPointer { json.raw(utf8: $0) }
        } else {
            json.null()
        }
        json.objectEnd()
        var bytes = Array("id: \(GazetteApp.changeToken(change.sequence))\nevent: \(kind)\ndata: ".utf8)
        bytes += json.bytes
        bytes += Array("\n\n".utf8)
        return bytes
    }
}
