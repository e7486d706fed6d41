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
/// reads the change log after the last sequence it delivered. The timer runs only while a
/// stream is open: an idle server does not wake up to poll.
///
/// No gap, no duplicate: every stream has a cursor (the last sequence it was sent), and only the
/// hub's queue sends events. A stream whose cursor is behind the hub's sequence (one resuming
/// from a token) is sent the log after its cursor, a page per pass at its client's pace, until
/// it has caught up; from then on it is live: the fan-out sends it each change after its cursor.
///
/// Thread safety: the hub's reader, the subscribers and the sequence are touched only on `queue`
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
    /// Lends the hub a reader: its own read-only connection, or for an in-memory database the
    /// writer's connection under the writer's lock (SQLite's shared cache answers a write that
    /// meets another connection's read with `SQLITE_LOCKED`, which no busy timeout waits out).
    private let withReader: ReaderAccess
    private let logger: Logger
    private var subscribers: [ObjectIdentifier: Subscriber] = [:]
    /// The last sequence the hub has read from the log.
    private var sequence: Int64 = 0
    private var commitCounter: Int64 = -1
    private var timer: DispatchSourceTimer?
    /// Whether ``timer`` is resumed (it is suspended while no stream is open).
    private var isPolling = false
    /// Whether a catch-up pass is already scheduled.
    private var isCatchUpScheduled = false
    /// Changes read per statement while catching up.
    private static let pageSize = 500

    /// Runs its body with a reader of the store.
    typealias ReaderAccess = @Sendable ((ArticleReader) throws -> Void) throws -> Void

    init(withReader: @escaping ReaderAccess, pollInterval: Duration, logger: Logger) {
        self.withReader = withReader
        self.logger = logger
        queue.async { [weak self] in
            guard let self else { return }
            try? withReader { reader in
                self.sequence = try reader.changeLogBounds().newest
                self.commitCounter = try reader.commitCounter()
            }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            let milliseconds = max(10, Int(pollInterval / .milliseconds(1)))
            timer.schedule(
                deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds),
                leeway: .milliseconds(milliseconds / 10))
            timer.setEventHandler { [weak self] in self?.pump(force: false) }
            self.timer = timer
        }
    }

    deinit {
        // A suspended source must be resumed before it is cancelled and released.
        if !isPolling { timer?.resume() }
        timer?.cancel()
    }

    /// Runs the poll timer while streams are open, and stops it when none is (on the hub's queue).
    private func pollWhileStreamsAreOpen() {
        guard let timer, isPolling == subscribers.isEmpty else { return }
        if subscribers.isEmpty { timer.suspend() } else { timer.resume() }
        isPolling.toggle()
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
    /// then from the log (paced, see ``catchUp()``), then live ones.
    func add(_ writer: PushWriter, filters: ArticleQuery, after: Int64) {
        queue.async { [weak self] in
            guard let self else { return }
            // Unpolled while no stream was open: learn the newest change before this stream
            // joins, or it would be sent the changes between the stale sequence and `after`.
            if subscribers.isEmpty { pump(force: true) }
            let subscriber = Subscriber(writer: writer, filters: filters, after: after)
            subscribers[ObjectIdentifier(subscriber)] = subscriber
            pollWhileStreamsAreOpen()
            catchUp()
        }
    }

    /// Forgets streams that have ended (their writers are closed).
    func pruneClosed() {
        queue.async { [weak self] in
            guard let self else { return }
            subscribers = subscribers.filter { !$0.value.writer.isClosed }
            pollWhileStreamsAreOpen()
        }
    }

    // MARK: On the hub's queue

    /// Sends streams that are behind the hub (new ones resuming from a token) their next page of
    /// the log. One page per stream per pass, and none to a stream whose connection is over its
    /// output watermark, so that a long replay goes at the client's pace instead of piling up
    /// in memory (and past the output limit); passes come with every poll and every change.
    private func catchUp() {
        var isAnyBehind = false
        defer {
            // The loops need a moment to send the page (and set the watermark flag) before the next.
            if isAnyBehind && !isCatchUpScheduled {
                isCatchUpScheduled = true
                queue.asyncAfter(deadline: .now() + .milliseconds(20)) { [weak self] in
                    self?.isCatchUpScheduled = false
                    self?.catchUp()
                }
            }
        }
        for subscriber in subscribers.values where subscriber.cursor < sequence && !subscriber.writer.isClosed {
            guard !subscriber.writer.isOverWatermark else {
                isAnyBehind = true
                continue
            }
            var batch: [UInt8] = []
            do {
                try withReader { reader in
                    try reader.read(timeLimit: nil) {
                        try reader.forEachChangeWithArticle(after: subscriber.cursor, limit: Self.pageSize) {
                            change, article in
                            guard change.sequence <= sequence else { return }
                            if change.isDeletion || article.map({ $0.matches(subscriber.filters) }) ?? true {
                                batch += Self.event(change, article: article)
                            }
                            subscriber.cursor = change.sequence
                        }
                    }
                }
            } catch {
                logger.error("stream replay failed; ending the stream", metadata: ["error": "\(error)"])
                subscriber.writer.end()
                continue
            }
            subscriber.writer.write(batch)
            if subscriber.cursor < sequence { isAnyBehind = true }
        }
    }

    /// Reads the changes after ``sequence`` (a page at a time) and sends each to the streams that
    /// are live (caught up) and whose filters it matches; each event is rendered once, and
    /// streams that get the same events share one buffer.
    private func pump(force: Bool) {
        do {
            try withReader { reader in
                let counter = try reader.commitCounter()
                guard force || counter != commitCounter else { return }
                commitCounter = counter
                subscribers = subscribers.filter { !$0.value.writer.isClosed }
                pollWhileStreamsAreOpen()
                if subscribers.isEmpty {
                    sequence = max(sequence, try reader.changeLogBounds().newest)
                } else {
                    try deliverPage(reader)
                }
            }
            catchUp()
        } catch {
            logger.error("reading the change log for streams failed", metadata: ["error": "\(error)"])
        }
    }

    private func deliverPage(_ reader: ArticleReader) throws {
        var events: [(sequence: Int64, isDeletion: Bool, article: ChangedArticle?, bytes: [UInt8])] = []
        try reader.read(timeLimit: nil) {
            try reader.forEachChangeWithArticle(after: sequence, limit: Self.pageSize) { change, article in
                events.append((change.sequence, change.isDeletion, article, Self.event(change, article: article)))
            }
        }
        guard let last = events.last?.sequence else { return }
        let live = subscribers.values.filter { $0.cursor >= sequence }
        sequence = last
        var groups: [[Int]: [PushWriter]] = [:]
        for subscriber in live {
            var picked: [Int] = []
            for (index, event) in events.enumerated() where subscriber.cursor < event.sequence {
                if event.isDeletion || event.article.map({ $0.matches(subscriber.filters) }) ?? true {
                    picked.append(index)
                }
            }
            subscriber.cursor = last
            if !picked.isEmpty { groups[picked, default: []].append(subscriber.writer) }
        }
        for (picked, writers) in groups {
            let batch = picked.count == 1 ? events[picked[0]].bytes : picked.flatMap { events[$0].bytes }
            PushWriter.write(batch, to: writers)
        }
        // A full page: more may follow; let the loops send this one first.
        if events.count == Self.pageSize { queue.async { [weak self] in self?.pump(force: true) } }
    }

    /// One `text/event-stream` event: `id:`, `event:` and one line of `data:` JSON.
    static func event(_ change: ChangeRow, article: ChangedArticle?) -> [UInt8] {
        let kind = ChangeEntryJSON.kind(isDeletion: change.isDeletion)
        var json = JSONWriter(capacity: 1_024)
        json.objectStart()
        ChangeEntryJSON.writeFields(
            articleID: change.articleID, slug: change.slug, isDeletion: change.isDeletion, at: change.at, to: &json)
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
