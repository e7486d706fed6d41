import Foundation
import GazetteCore

#if canImport(Glibc)
    import Glibc
#endif

/// The file-system calls of ingest: walking folders and reading posts, through POSIX directly.
///
/// `FileManager`'s enumerator and `FileHandle` cost several system calls and allocations per
/// file, which showed as a tenth of ingest time on 100,000 posts. This is the only file of the
/// module that works with file descriptors and C strings.
enum PostFileSystem {
    enum Kind {
        case file
        case folder
        case other
    }

    /// What is at `path` (following a symbolic link), `nil` when nothing is.
    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// The regular files below `folder` whose extension (lowercased) is in `extensions`,
    /// sorted, skipping hidden entries. Symbolic links to files are followed; links to
    /// folders are not (no cycles). Depth is bounded.
    static func files(in folder: String, extensions: Set<String>, maxDepth: Int = 64) -> [String] {
        var result: [String] = []
        walk(folder, extensions: extensions, depth: 0, maxDepth: maxDepth, into: &result)
        return result
    }

    private static func walk(
        _ folder: String, extensions: Set<String>, depth: Int, maxDepth: Int, into result: inout [String]
    ) {
        guard depth <= maxDepth, let directory = opendir(folder) else { return }
        var names: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            guard !name.hasPrefix(".") else { continue }
            names.append((name, entry.pointee.d_type))
        }
        closedir(directory)
        names.sort { $0.name < $1.name }
        for (name, type) in names {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isFolder = Int32(type) == DT_DIR
            var isFile = Int32(type) == DT_REG
            if Int32(type) == DT_UNKNOWN || Int32(type) == DT_LNK {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                isFile = info.st_mode & S_IFMT == S_IFREG
                // A link to a folder is not followed: it could make a cycle.
                isFolder = Int32(type) == DT_UNKNOWN && info.st_mode & S_IFMT == S_IFDIR
            }
            if isFolder {
                walk(path, extensions: extensions, depth: depth + 1, maxDepth: maxDepth, into: &result)
            } else if isFile, let dot = name.lastIndex(of: "."),
                extensions.contains(name[name.index(after: dot)...].lowercased())
            {
                result.append(path)
            }
        }
    }

    /// The size and modification time of the regular file at `path` (following a symbolic
    /// link), `nil` when there is none.
    static func stamp(of path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return stamp(info)
    }

    private static func stamp(_ info: stat) -> FileStamp {
        FileStamp(
            size: Int64(info.st_size),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec))
    }

    /// The folders directly in `folder`, sorted, skipping hidden ones and links (as ``files(in:extensions:maxDepth:)``
    /// walks them).
    static func subfolders(of folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        var result: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            guard !name.hasPrefix(".") else { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isFolder = Int32(entry.pointee.d_type) == DT_DIR
            if Int32(entry.pointee.d_type) == DT_UNKNOWN {
                var info = stat()
                isFolder = lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            }
            if isFolder { result.append(path) }
        }
        closedir(directory)
        return result.sorted()
    }

    /// The bytes of the file at `path`, refusing files over `maxBytes`.
    static func read(_ path: String, maxBytes: Int) throws(IngestError) -> [UInt8] {
        var stamp: FileStamp?
        return try read(path, maxBytes: maxBytes, stamp: &stamp)
    }

    /// The bytes of the file at `path`, refusing files over `maxBytes`; `stamp` is set to its
    /// size and mtime as they were before reading (a write during the read changes the mtime
    /// after it, so the next run reads the file again).
    static func read(_ path: String, maxBytes: Int, stamp: inout FileStamp?) throws(IngestError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .unreadable("not a regular file") }
        stamp = Self.stamp(info)
        let size = Int(info.st_size)
        guard size <= maxBytes else { throw .tooLarge(bytes: size, limit: maxBytes) }
        // Read one byte more than the size said, to notice a file that grew meanwhile.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= maxBytes else { throw .tooLarge(bytes: filled, limit: maxBytes) }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
