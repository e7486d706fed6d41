import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `gazette` executable, which SwiftPM puts beside the test bundle.
enum GazetteProcess {
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On Linux the test runner is `.build/<config>/<Package>PackageTests.xctest`.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("gazette").path), folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("gazette")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `gazette arguments…` to completion in `folder`.
    static func run(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> Result
    {
        let process = start(arguments, in: folder, environment: environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `gazette serve arguments…` (give it `--port 0`) in `folder` and reads the first line
    /// of its standard output, which names the port it bound; `port` is `nil` if the server
    /// exited without printing one. The caller terminates the process.
    static func serve(_ arguments: [String], in folder: URL) throws -> (process: Process, port: Int?, line: String) {
        let process = start(["serve"] + arguments, in: folder)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        // A hang guard, not an ordering: the line normally comes in milliseconds; a server that
        // neither prints it nor exits is killed instead of hanging the whole test run.
        let deadline = Date().addingTimeInterval(120)
        while !line.contains(UInt8(ascii: "\n")) {
            guard waitForInput(out.fileHandleForReading.fileDescriptor, until: deadline) else {
                process.terminate()
                throw ServeError.noPortLine(afterSeconds: 120, printed: String(decoding: line, as: UTF8.self))
            }
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        return (process, text.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, text)
    }

    /// `gazette serve` printed no port line in time.
    enum ServeError: Error {
        case noPortLine(afterSeconds: Int, printed: String)
    }

    /// Whether `fd` became readable (data or end of file) before `deadline`.
    private static func waitForInput(_ fd: Int32, until deadline: Date) -> Bool {
        while true {
            let milliseconds = Int32(clamping: Int(deadline.timeIntervalSinceNow * 1_000))
            guard milliseconds > 0 else { return false }
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    /// A configured, not yet started process.
    static func start(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GAZETTE_") { env[key] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        if let folder { process.currentDirectoryURL = folder }
        return process
    }
}
