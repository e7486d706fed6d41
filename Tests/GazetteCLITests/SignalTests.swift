import Dispatch
import Foundation
import Testing

/// `gazette serve` stops on SIGTERM whenever it comes: while starting, or right after it printed
/// its port (the moment scripts and tests send it). A signal that came while the old Dispatch
/// signal source was being registered was lost, and the server ran on.
@Suite("Termination signals")
struct SignalTests {
    @Test("SIGTERM at any moment of start-up stops the server")
    func sigtermAtAnyMomentOfStartup_stopsTheServer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-signal-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The moment of the signal is what is varied here: from right after exec to well into
        // loading the demo articles (a debug build takes a few hundred milliseconds to start).
        for step in 0..<24 {
            let process = GazetteProcess.start(["serve", "--demo", "--port", "0"], in: folder)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            try process.run()
            usleep(useconds_t(step * 15_000))
            kill(process.processIdentifier, SIGTERM)
            // A hang guard: a server that lost the signal never exits.
            let stopped = exited.wait(timeout: .now() + 60) == .success
            if !stopped { process.interrupt() }
            #expect(stopped, "gazette serve ignored a SIGTERM sent \(step * 15) ms after it started")
        }
    }

    @Test("SIGTERM right after the port line stops the server gracefully")
    func sigtermRightAfterThePortLine_stopsTheServerGracefully() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-signal-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for _ in 0..<10 {
            let (process, port, _) = try GazetteProcess.serve(["--demo", "--port", "0"], in: folder)
            #expect(port != nil)
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            if !process.isRunning { exited.signal() }
            process.terminate()
            let stopped = exited.wait(timeout: .now() + 60) == .success
            if !stopped { kill(process.processIdentifier, SIGKILL) }
            #expect(stopped, "gazette serve ignored a SIGTERM sent right after it printed its port")
            // Handled (exit status 0), not killed by the signal's default action.
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        }
    }
}
