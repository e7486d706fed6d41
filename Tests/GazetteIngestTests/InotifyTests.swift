import Foundation
import TestSupport
import Testing

@testable import GazetteIngest

/// The inotify wrapper against the kernel: events decoded with their names and cookies, and the
/// injected watch limit.
struct InotifyTests {
    /// Reads until `count` events have arrived (the kernel queues them as the calls return, so
    /// this loop only waits out a descriptor that is momentarily empty; the deadline bounds a bug).
    func events(_ inotify: Inotify, atLeast count: Int) -> [Inotify.Event] {
        var events: [Inotify.Event] = []
        let deadline = Date().addingTimeInterval(30)
        while events.count < count && Date() < deadline { events += inotify.readEvents() }
        return events
    }

    @Test func eventsOfAFolder_carryNamesMasksAndMoveCookies() throws {
        let folder = try TemporaryFolder()
        let inotify = try Inotify()
        let watch = try inotify.addWatch(
            folder.path,
            mask: Inotify.Flag.create | Inotify.Flag.closeWrite | Inotify.Flag.movedFrom
                | Inotify.Flag.movedTo | Inotify.Flag.delete)
        #expect(inotify.watchCount == 1)
        // The same folder again: the same watch, not a second one.
        #expect(
            try inotify.addWatch(
                folder.path,
                mask: Inotify.Flag.create | Inotify.Flag.closeWrite
                    | Inotify.Flag.movedFrom | Inotify.Flag.movedTo | Inotify.Flag.delete) == watch)
        #expect(inotify.watchCount == 1)

        let long = String(repeating: "長", count: 60) + ".md"  // 182 bytes: names are padded, not cut
        try folder.write("x", to: long)
        try FileManager.default.moveItem(
            at: folder.url.appendingPathComponent(long), to: folder.url.appendingPathComponent("b.md"))
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("sub"), withIntermediateDirectories: false)
        let all = events(inotify, atLeast: 5)
        #expect(all.allSatisfy { $0.watch == watch })
        #expect(all.contains { $0.has(Inotify.Flag.create) && $0.name == long })
        #expect(all.contains { $0.has(Inotify.Flag.closeWrite) && $0.name == long })
        let from = try #require(all.first { $0.has(Inotify.Flag.movedFrom) })
        let to = try #require(all.first { $0.has(Inotify.Flag.movedTo) })
        #expect(from.name == long && to.name == "b.md" && from.cookie == to.cookie && from.cookie != 0)
        #expect(all.contains { $0.has(Inotify.Flag.create) && $0.has(Inotify.Flag.isFolder) && $0.name == "sub" })
    }

    @Test func injectedWatchLimit_refusesLikeENOSPC() throws {
        let folder = try TemporaryFolder()
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(
                at: folder.url.appendingPathComponent(name), withIntermediateDirectories: false)
        }
        let inotify = try Inotify(watchLimit: 1)
        _ = try inotify.addWatch(folder.url.appendingPathComponent("a").path, mask: Inotify.Flag.create)
        #expect(throws: Inotify.Failure.watchLimit) {
            try inotify.addWatch(folder.url.appendingPathComponent("b").path, mask: Inotify.Flag.create)
        }
        #expect(throws: Inotify.Failure.gone) {
            try inotify.addWatch(folder.url.appendingPathComponent("missing").path, mask: Inotify.Flag.create)
        }
        #expect(inotify.watchCount == 1)
    }
}
