import Synchronization

/// Writes to one pushed body (``PushBody``) from any thread.
///
/// Each call is queued to the connection's loop thread, so writes from one thread arrive in the
/// order they were made. Back-pressure is visible, not blocking: ``isOverWatermark`` is `true`
/// while the connection's unsent output is above
/// ``ServerConfiguration/outputHighWatermarkBytes`` (a producer may skip, coalesce or wait); a
/// client whose unread output passes ``ServerConfiguration/pushOutputLimitBytes`` is
/// disconnected by the server.
///
/// Thread safety: the loop and token are immutable; the state flags are atomic; everything else
/// happens on the loop's thread.
public final class PushWriter: Sendable {
    private let loop: EventLoop
    private let token: UInt64
    private let closedFlag = Atomic<Bool>(false)
    private let overWatermarkFlag = Atomic<Bool>(false)

    init(loop: EventLoop, token: UInt64) {
        self.loop = loop
        self.token = token
    }

    /// Whether the stream has ended (writes are dropped).
    public var isClosed: Bool { closedFlag.load(ordering: .acquiring) }

    /// Whether the connection's unsent output is above the high watermark right now.
    public var isOverWatermark: Bool { overWatermarkFlag.load(ordering: .relaxed) }

    /// Queues `bytes` to be sent (as one HTTP chunk). Ignored once the stream has ended.
    public func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !isClosed else { return }
        let loop = self.loop
        let token = self.token
        loop.execute { loop.connection(token: token)?.pushWrite(bytes) }
    }

    /// Queues the same `bytes` for many writers (a broadcast): one task per event loop instead of
    /// one per writer, and the bytes are shared, not copied, until each connection sends them.
    public static func write(_ bytes: [UInt8], to writers: [PushWriter]) {
        guard !bytes.isEmpty else { return }
        var byLoop: [ObjectIdentifier: (loop: EventLoop, tokens: [UInt64])] = [:]
        for writer in writers where !writer.isClosed {
            byLoop[ObjectIdentifier(writer.loop), default: (writer.loop, [])].tokens.append(writer.token)
        }
        for (_, group) in byLoop {
            let (loop, tokens) = group
            loop.execute {
                for token in tokens { loop.connection(token: token)?.pushWrite(bytes) }
            }
        }
    }

    /// Ends the body after what was written: the last chunk is sent and the connection closes.
    public func end() {
        guard !isClosed else { return }
        let loop = self.loop
        let token = self.token
        loop.execute { loop.connection(token: token)?.pushEnd(farewell: nil) }
    }

    /// Called by the connection on its loop.
    func markClosed() { closedFlag.store(true, ordering: .releasing) }

    /// Called by the connection on its loop after each flush.
    func setOverWatermark(_ value: Bool) { overWatermarkFlag.store(value, ordering: .relaxed) }
}
