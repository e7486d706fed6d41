import CInotify
import Foundation
import Glibc
import Synchronization

/// The folder watcher's own thread, and the one place it waits: `poll(2)` on the inotify
/// descriptor and an eventfd that other threads write to wake it, until a deadline.
///
/// The thread lowers its own kernel priority (its nice value: on Linux `setpriority(2)` with
/// `PRIO_PROCESS` and a thread id applies to that one thread, see sched(7)): on a core shared
/// with the event loops, CFS then gives the loops the larger share while both are runnable, so a
/// burst of ingest (parsing, FTS segment merges, WAL checkpoints) delays readers less.
/// Dispatch's pool threads are shared, and Linux's libdispatch sets their nice value from the
/// QoS of the work they pick up (user-initiated work ran at nice -2, above the loops, when the
/// server ran as root), hence a thread of its own; the watcher's ``Ingestor`` runs on it too
/// (`runsOnCallingThread`). Threads started from this thread inherit its nice value (clone(2)).
///
/// Thread safety: ``wake()`` may be called from any thread (one `write` to the eventfd);
/// ``wait(for:until:)`` only on the watcher's thread. The descriptor is written once, in `init`,
/// and closed in `deinit`. That is what justifies `@unchecked Sendable`.
final class WatcherThread: @unchecked Sendable {
    /// The eventfd that ``wake()`` writes; `nil` when it could not be made (then a wait lasts
    /// at most ``unwokenWait``, so a stop is still noticed).
    private let wakeDescriptor: Int32?
    /// The kernel id of the thread once it runs (for tests, which read its nice value back).
    let threadID = Atomic<Int32>(0)

    /// The longest wait without an eventfd.
    static let unwokenWait: Duration = .milliseconds(100)

    init() {
        let descriptor = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        wakeDescriptor = descriptor >= 0 ? descriptor : nil
    }

    deinit {
        if let wakeDescriptor { close(wakeDescriptor) }
    }

    /// Starts the thread, named `name`, which raises its nice value by `niceness` (up to 19)
    /// and then runs `body`.
    ///
    /// - Parameter failedToLowerPriority: called on the thread, with `errno`'s text, when its
    ///   nice value could not be set (the body then runs at the process's priority).
    func start(
        name: String, niceness: Int, failedToLowerPriority: @escaping @Sendable (String) -> Void,
        _ body: @escaping @Sendable () -> Void
    ) {
        let thread = Thread { [self] in
            _ = gazette_set_thread_name(name)
            let id = gazette_gettid()
            threadID.store(id, ordering: .releasing)
            if niceness > 0 {
                let which = __priority_which_t(PRIO_PROCESS.rawValue)
                // getpriority(2) returns -1 for nice -1 too: errno tells the failure apart.
                errno = 0
                let current = Int(getpriority(which, id_t(id)))
                let target = Int32(min(19, (errno == 0 ? current : 0) + niceness))
                if setpriority(which, id_t(id), target) != 0 {
                    failedToLowerPriority(String(cString: strerror(errno)))
                }
            }
            body()
        }
        thread.start()
    }

    /// Wakes the thread from ``wait(for:until:)`` (or makes its next wait return at once).
    func wake() {
        guard let wakeDescriptor else { return }
        var one: UInt64 = 1
        // EAGAIN (the counter is full) means a wake-up is pending already.
        while withUnsafeBytes(of: &one, { write(wakeDescriptor, $0.baseAddress, $0.count) }) < 0, errno == EINTR {}
    }

    /// Sleeps until `descriptor` is readable, ``wake()`` is called, or `deadline` (`nil`: no
    /// deadline). Consumes the wake-ups.
    ///
    /// - Returns: whether `descriptor` is readable.
    func wait(for descriptor: Int32?, until deadline: ContinuousClock.Instant?) -> Bool {
        var descriptors: [pollfd] = []
        if let descriptor { descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
        if let wakeDescriptor { descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
        var limit = deadline.map { ContinuousClock.now.duration(to: $0) }
        if wakeDescriptor == nil { limit = min(limit ?? Self.unwokenWait, Self.unwokenWait) }
        // Rounded up: a deadline 0.4 ms away must not become a busy loop of zero timeouts.
        let timeout = limit.map { Int32(clamping: Self.milliseconds(roundingUp: $0)) } ?? -1
        let count = descriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeout) }
        guard count > 0 else {
            // A signal (EINTR) or a failure: the caller's loop waits again; a failure is not
            // retried at once, so it cannot spin.
            if count < 0, errno != EINTR { usleep(10_000) }
            return false
        }
        if let wakeDescriptor, descriptors.last?.revents ?? 0 != 0 {
            var counter: UInt64 = 0
            _ = withUnsafeMutableBytes(of: &counter) { read(wakeDescriptor, $0.baseAddress, $0.count) }
        }
        return descriptor != nil && descriptors[0].revents != 0
    }

    /// `duration` in whole milliseconds, rounded up; 0 when negative.
    static func milliseconds(roundingUp duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (total, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        guard !overflow else { return Int64.max }
        return total + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
