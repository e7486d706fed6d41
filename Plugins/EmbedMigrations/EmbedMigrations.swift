import Foundation
import PackagePlugin

/// Embeds the package's `migrations/*.sql` into the target as Swift string literals, so the
/// `gazette` binary carries its schema and runs from any folder.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let migrations = context.package.directoryURL.appending(path: "migrations")
        let files = try FileManager.default.contentsOfDirectory(
            at: migrations, includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "sql" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) migrations",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [output.path, "EmbeddedMigrations"] + files.map { $0.path },
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
