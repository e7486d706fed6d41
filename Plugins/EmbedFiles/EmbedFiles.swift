import Foundation
import PackagePlugin

/// Embeds the package's text files into the targets that serve them, as Swift string literals
/// (the `FileEmbedder` tool writes them), so the `gazette` binary runs from any folder and in a
/// container without the source tree:
///
/// - `GazetteStore`: `migrations/*.sql` as `EmbeddedMigrations`, in file-name order;
/// - `GazetteAPI`: `Sources/GazetteAPI/Documents/` (the OpenAPI document and the reader page,
///   whose stylesheet and script are inlined into it) as `EmbeddedDocuments`;
/// - `gazette`: the demo posts of `Samples/` as `EmbeddedSamples`.
@main
struct EmbedFiles: BuildToolPlugin {
    /// One folder's files embedded as one enum.
    struct Embedding {
        /// The folder, relative to the package.
        let folder: String
        /// The file extensions taken from it.
        let extensions: Set<String>
        /// File names left out.
        var excluded: Set<String> = []
        /// The generated enum.
        let enumName: String
        /// FileEmbedder's options.
        var options: [String] = []
    }

    /// What each target that applies the plugin embeds.
    static let embeddings: [String: Embedding] = [
        "GazetteStore": Embedding(folder: "migrations", extensions: ["sql"], enumName: "EmbeddedMigrations"),
        "GazetteAPI": Embedding(
            folder: "Sources/GazetteAPI/Documents", extensions: ["json", "html", "css", "js"],
            enumName: "EmbeddedDocuments", options: ["--named", "--inline"]),
        "gazette": Embedding(
            folder: "Samples", extensions: ["md", "markdown", "html"], excluded: ["SOURCES.md"],
            enumName: "EmbeddedSamples"),
    ]

    /// Why the plugin cannot run.
    struct UnknownTarget: Error, CustomStringConvertible {
        let name: String
        var description: String { "EmbedFiles has nothing to embed for target \(name); add it to embeddings" }
    }

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let embedding = Self.embeddings[target.name] else { throw UnknownTarget(name: target.name) }
        let folder = context.package.directoryURL.appending(path: embedding.folder)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter {
                embedding.extensions.contains($0.pathExtension) && !embedding.excluded.contains($0.lastPathComponent)
            }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(embedding.enumName).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of \(embedding.folder) as \(embedding.enumName)",
                executable: try context.tool(named: "FileEmbedder").url,
                arguments: embedding.options + [output.path, embedding.enumName] + files.map { $0.path },
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
