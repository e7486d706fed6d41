import Foundation

/// Expands the paths given to `gazette ingest` into the post files to read, in a stable order.
///
/// Folders are walked recursively for the configured extensions; hidden files and folders
/// (`.git`, `.DS_Store`) are skipped. A file named explicitly is taken whatever its extension.
/// Each root is made absolute with symbolic links resolved, so the same post is recognised from
/// any working folder.
struct PostFileFinder {
    let extensions: Set<String>

    /// The files found, and the paths that could not be used (with the reason).
    func find(_ paths: [String]) -> (files: [String], failures: [IngestFailure]) {
        var files: [String] = []
        var failures: [IngestFailure] = []
        var seen: Set<String> = []
        for path in paths {
            guard let kind = PostFileSystem.kind(of: path) else {
                failures.append(IngestFailure(path: path, reason: "no such file or folder"))
                continue
            }
            let root = Self.absolute(path)
            switch kind {
            case .folder:
                for file in PostFileSystem.files(in: root, extensions: extensions) where seen.insert(file).inserted {
                    files.append(file)
                }
            case .file:
                if seen.insert(root).inserted { files.append(root) }
            case .other:
                failures.append(IngestFailure(path: path, reason: "not a file or folder"))
            }
        }
        return (files, failures)
    }

    /// `path` made absolute with symbolic links resolved: how stored source paths are written.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
