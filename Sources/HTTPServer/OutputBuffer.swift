/// The bytes a connection still has to send, in order, as a list of chunks for `writev`.
///
/// Heads and small bodies are copied into the chunk being built (so several pipelined
/// responses go out in one vector); large bodies are appended as chunks of their own without
/// copying. After everything was written the first chunk's capacity is kept for the next
/// responses, so a keep-alive connection stops allocating output buffers.
struct OutputBuffer {
    /// Bodies up to this size are copied next to their head; larger ones get their own vector.
    static let copyThreshold = 4096

    private var chunks: [[UInt8]] = []
    /// Bytes of `chunks[0]` already written.
    private var offset = 0
    /// Whether the last chunk is ours to append to (not a handler's body).
    private var lastIsOwned = false
    /// An emptied buffer whose capacity is reused.
    private var spare: [UInt8] = []
    /// Bytes not yet written.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Appends bytes by copying them into the current owned chunk.
    mutating func append<Bytes: Collection<UInt8>>(copying bytes: Bytes) {
        guard !bytes.isEmpty else { return }
        startOwnedChunkIfNeeded()
        chunks[chunks.count - 1].append(contentsOf: bytes)
        count += bytes.count
    }

    /// Appends a body: copied when small, else referenced as its own chunk.
    mutating func append(body: [UInt8]) {
        if body.count <= Self.copyThreshold {
            append(copying: body)
        } else {
            chunks.append(body)
            lastIsOwned = false
            count += body.count
        }
    }

    /// Makes the last chunk one this buffer owns (reusing the spare array's storage), so bytes
    /// can be appended to it.
    private mutating func startOwnedChunkIfNeeded() {
        guard !lastIsOwned else { return }
        var fresh = spare
        spare = []
        fresh.removeAll(keepingCapacity: true)
        if fresh.capacity == 0 { fresh.reserveCapacity(1024) }
        chunks.append(fresh)
        lastIsOwned = true
    }

    /// Builds bytes directly in the current owned chunk (for response heads).
    mutating func withOwnedChunk(_ body: (inout [UInt8]) -> Void) {
        startOwnedChunkIfNeeded()
        let before = chunks[chunks.count - 1].count
        body(&chunks[chunks.count - 1])
        count += chunks[chunks.count - 1].count - before
    }

    /// Writes as much as the socket takes with one `writev`.
    ///
    /// - Returns: `true` when everything was written, `false` when the socket would block.
    mutating func flush(to fd: Int32) throws(HTTPError) -> Bool {
        while count > 0 {
            switch try Syscall.writev(fd, chunks[...], firstOffset: offset) {
            case .wouldBlock:
                return false
            case .processed(let written):
                consume(written)
            }
        }
        return true
    }

    /// Drops `written` bytes from the front.
    private mutating func consume(_ written: Int) {
        count -= written
        var remaining = written
        var dropped = 0
        while dropped < chunks.count {
            let available = chunks[dropped].count - offset
            if remaining < available {
                offset += remaining
                break
            }
            remaining -= available
            offset = 0
            dropped += 1
        }
        if dropped == chunks.count {
            // All written: keep the first owned buffer's capacity for the next responses.
            if let first = chunks.first, first.capacity <= 256 * 1024 { spare = first }
            chunks.removeAll(keepingCapacity: true)
            lastIsOwned = false
            offset = 0
        } else if dropped > 0 {
            chunks.removeFirst(dropped)
        }
    }
}
