import Foundation

/// Expands the paths given to `gazette ingest` into the post files to read, in a stable order.
///
/// Folders are walked recursively for the configured extensions; hidden files and folders
/// (`.git`, `.DS_Store`) are skipped. A file named explicitly is taken whatever its extension.
/// Paths are made absolute with symbolic links resolved, so the same post is recognised from
/// any working folder.
struct PostFileFinder {
    let extensions: Set<String>

    /// The files found, and the paths that could not be used (with the reason).
    func find(_ paths: [String]) -> (files: [String], failures: [IngestFailure]) {
        var files: [String] = []
        var failures: [IngestFailure] = []
        var seen: Set<String> = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                failures.append(IngestFailure(path: path, reason: "no such file or folder"))
                continue
            }
            let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL
            guard isDirectory.boolValue else {
                if seen.insert(root.path).inserted { files.append(root.path) }
                continue
            }
            var found: [String] = []
            let enumerator = manager.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            while let url = enumerator?.nextObject() as? URL {
                guard extensions.contains(url.pathExtension.lowercased()),
                    (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
                else { continue }
                // The root is resolved; resolving each file again costs a syscall per path component.
                found.append(url.standardizedFileURL.path)
            }
            for file in found.sorted() where seen.insert(file).inserted { files.append(file) }
        }
        return (files, failures)
    }
}
