import Glibc
import Testing

@testable import HTTPServer

/// The epoll set against a real socket pair: tokens, level-triggered readiness, hang-ups.
@Suite struct PollerTests {
    /// A connected pair of non-blocking stream sockets, closed at the end of `body`.
    private func withSocketPair(_ body: (Int32, Int32) throws -> Void) throws {
        var fds: [Int32] = [0, 0]
        let made = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds)
        #expect(made == 0)
        guard made == 0 else { return }
        defer {
            Syscall.close(fds[0])
            Syscall.close(fds[1])
        }
        try body(fds[0], fds[1])
    }

    /// Every event of one poll, as (token, readable, writable).
    private func events(_ poller: Poller) throws -> [(UInt64, Bool, Bool)] {
        var seen: [(UInt64, Bool, Bool)] = []
        _ = try poller.poll { seen.append(($0, $1, $2)) }
        return seen
    }

    @Test func readiness_isReportedWithTheTokenForWhatIsWatched() throws {
        let poller = try Poller(capacity: 8)
        try withSocketPair { ours, theirs in
            try poller.register(ours, token: 42, interest: .init(read: true, write: false))
            #expect(try events(poller).isEmpty)
            _ = try Syscall.write(theirs, Array("hello".utf8))
            let readable = try events(poller)
            #expect(readable.count == 1)
            #expect(readable.first?.0 == 42 && readable.first?.1 == true && readable.first?.2 == false)
            // Level-triggered: unread input is reported again.
            #expect(try events(poller).count == 1)

            try poller.update(ours, token: 42, interest: .init(read: false, write: true))
            let writable = try events(poller)
            #expect(writable.count == 1 && writable.first?.1 == false && writable.first?.2 == true)

            poller.deregister(ours)
            #expect(try events(poller).isEmpty)
        }
    }

    @Test func hangUp_isReportedEvenWhenNothingIsWatched() throws {
        let poller = try Poller(capacity: 8)
        try withSocketPair { ours, theirs in
            try poller.register(ours, token: 7, interest: .init(read: false, write: false))
            #expect(try events(poller).isEmpty)
            Glibc.shutdown(theirs, Int32(SHUT_RDWR))
            Glibc.shutdown(ours, Int32(SHUT_WR))
            let hungUp = try events(poller)
            #expect(hungUp.count == 1 && hungUp.first?.1 == true && hungUp.first?.2 == true)
        }
    }

    @Test func connectionToken_keepsTheDescriptorAndTellsGenerationsApart() {
        for fd: Int32 in [0, 7, 1023, Int32.max] {
            let first = EventLoop.token(fd: fd, generation: 1)
            let second = EventLoop.token(fd: fd, generation: 2)
            #expect(EventLoop.descriptor(of: first) == fd && EventLoop.descriptor(of: second) == fd)
            #expect(first != second)
        }
    }
}
