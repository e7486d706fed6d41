import CInotify
import Glibc

/// Linux's inotify(7), wrapped once: an instance, its watches, and its events decoded.
///
/// It knows nothing of posts or news; ``FolderWatcher`` decides what events mean. The
/// descriptor is non-blocking and close-on-exec (`inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`), to
/// be read when `poll(2)` says it is readable (``WatcherThread``), until `EAGAIN`.
///
/// Thread safety: the descriptor and the watch count are used on one thread (the
/// watcher's), which is what justifies `@unchecked Sendable`.
final class Inotify: @unchecked Sendable {
    /// One decoded event.
    struct Event: Sendable, Equatable {
        /// The watch it came from; `-1` for `IN_Q_OVERFLOW`.
        let watch: Int32
        let mask: UInt32
        /// Pairs `IN_MOVED_FROM` with `IN_MOVED_TO`; 0 for other events.
        let cookie: UInt32
        /// The entry's name inside the watched folder; empty for events of the folder itself.
        let name: String

        func has(_ flag: UInt32) -> Bool { mask & flag != 0 }
    }

    /// The event bits of inotify(7), as `UInt32` for ``Event/mask``.
    enum Flag {
        static let modify = UInt32(IN_MODIFY)
        static let closeWrite = UInt32(IN_CLOSE_WRITE)
        static let movedFrom = UInt32(IN_MOVED_FROM)
        static let movedTo = UInt32(IN_MOVED_TO)
        static let create = UInt32(IN_CREATE)
        static let delete = UInt32(IN_DELETE)
        static let deleteSelf = UInt32(IN_DELETE_SELF)
        static let moveSelf = UInt32(IN_MOVE_SELF)
        static let overflow = UInt32(IN_Q_OVERFLOW)
        static let ignored = UInt32(IN_IGNORED)
        static let isFolder = UInt32(IN_ISDIR)
        static let onlyFolder = UInt32(IN_ONLYDIR)
        static let excludeUnlinked = UInt32(IN_EXCL_UNLINK)
    }

    /// What adding a watch can fail with.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// `ENOSPC`: the per-user watch limit (`fs.inotify.max_user_watches`) is reached.
        case watchLimit
        /// The folder is gone or not a folder (`ENOENT`, `ENOTDIR`): it raced with a delete.
        case gone
        /// Any other error of `call`, with `errno`'s text.
        case system(call: String, reason: String)

        var description: String {
            switch self {
            case .watchLimit: "the inotify watch limit (fs.inotify.max_user_watches) is reached"
            case .gone: "the folder is gone"
            case .system(let call, let reason): "\(call): \(reason)"
            }
        }
    }

    /// The inotify descriptor, for `poll(2)`.
    let descriptor: Int32
    /// Watches added and not removed.
    private var watches: Set<Int32> = []
    /// The number of watches added and not removed.
    var watchCount: Int { watches.count }
    /// A limit below the kernel's, for tests of the `ENOSPC` path (the real limit is per user
    /// and global to the machine); `nil`: the kernel's.
    private let watchLimit: Int?

    /// Opens an inotify instance.
    ///
    /// - Parameter watchLimit: fail ``addWatch(_:mask:)`` with ``Failure/watchLimit`` past this
    ///   many watches, as the kernel does past `max_user_watches`.
    init(watchLimit: Int? = nil) throws(Failure) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw .system(call: "inotify_init1", reason: Self.errorText()) }
        self.descriptor = descriptor
        self.watchLimit = watchLimit
    }

    deinit { close(descriptor) }

    /// Watches the folder at `path` for `mask` (with `IN_ONLYDIR`, a race-free type check). A
    /// folder watched already gives its existing watch back.
    func addWatch(_ path: String, mask: UInt32) throws(Failure) -> Int32 {
        let watch = inotify_add_watch(descriptor, path, mask | Flag.onlyFolder)
        guard watch >= 0 else {
            switch errno {
            case ENOSPC: throw .watchLimit
            case ENOENT, ENOTDIR: throw .gone
            default: throw .system(call: "inotify_add_watch \(path)", reason: Self.errorText())
            }
        }
        guard !watches.contains(watch) else { return watch }
        if let watchLimit, watches.count >= watchLimit {
            inotify_rm_watch(descriptor, watch)
            throw .watchLimit
        }
        watches.insert(watch)
        return watch
    }

    /// Stops a watch (the kernel then queues `IN_IGNORED` for it).
    func removeWatch(_ watch: Int32) {
        // It may be gone already (its folder was deleted): forgotten either way.
        inotify_rm_watch(descriptor, watch)
        watches.remove(watch)
    }

    /// Records that the kernel dropped a watch by itself (`IN_IGNORED` after its folder went).
    func forget(_ watch: Int32) {
        watches.remove(watch)
    }

    /// Every event queued now (reads until `EAGAIN`).
    func readEvents() -> [Event] {
        var events: [Event] = []
        // Large enough for many records; one record is at most header + NAME_MAX + 1.
        let capacity = 64 * (MemoryLayout<inotify_event>.size + Int(NAME_MAX) + 1)
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                let header = MemoryLayout<inotify_event>.size
                while offset + header <= count {
                    let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
                    let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let start = offset + header
                    let end = min(start + length, count)
                    // The name is NUL-padded to a multiple of 16 bytes.
                    let nameBytes = bytes[start..<end].prefix { $0 != 0 }
                    events.append(
                        Event(
                            watch: watch, mask: mask, cookie: cookie,
                            name: String(decoding: nameBytes, as: UTF8.self)))
                    offset = start + length
                }
            }
        }
        return events
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
