import Foundation
import PackagePlugin

/// Embeds the demo posts of `Samples/` into the `gazette` executable, so `gazette serve --demo`
/// works from any folder and in a container without the source tree.
@main
struct EmbedSamples: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let samples = context.package.directoryURL.appending(path: "Samples")
        let files = try FileManager.default.contentsOfDirectory(at: samples, includingPropertiesForKeys: nil)
            .filter { ["md", "markdown", "html"].contains($0.pathExtension) && $0.lastPathComponent != "SOURCES.md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSamples.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) sample posts",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [output.path, "EmbeddedSamples"] + files.map { $0.path },
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
