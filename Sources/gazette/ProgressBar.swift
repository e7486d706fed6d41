import Foundation
import GazetteIngest

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let started = Date()
    private var lastDraw = Date.distantPast

    func update(_ progress: IngestProgress) {
        guard isTerminal else { return }
        let now = Date()
        guard progress.done == progress.total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let width = 30
        let fraction = progress.total == 0 ? 1 : Double(progress.done) / Double(progress.total)
        let filled = Int(fraction * Double(width))
        let rate = Double(progress.done) / max(now.timeIntervalSince(started), 0.001)
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(
            Data("\r[\(bar)] \(progress.done)/\(progress.total) files, \(Int(rate))/s".utf8))
        if progress.done == progress.total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
