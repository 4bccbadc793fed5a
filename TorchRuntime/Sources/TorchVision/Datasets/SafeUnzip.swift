import Foundation
import ZIPFoundation

/// Extracts a zip archive, refusing any entry that would land outside the target folder (zip-slip).
///
/// Every entry is checked before anything is written: absolute paths, `..` components (with `/` or `\`
/// separators), and symbolic links are refused with an error naming the archive and the entry.
enum SafeUnzip {
    /// Extracts `archiveURL` into `target` (created if needed).
    static func extract(_ archiveURL: URL, into target: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(url: archiveURL, accessMode: .read)
        } catch {
            throw VisionError.unsafeArchive(path: archiveURL.path, reason: "not a readable zip archive")
        }
        let root = target.standardizedFileURL.path
        var plan: [(entry: Entry, url: URL)] = []
        for entry in archive {
            let path = entry.path
            let components = path.split(whereSeparator: { $0 == "/" || $0 == "\\" })
            guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("\\"), !components.contains(".."),
                !(components.first?.contains(":") ?? false)
            else {
                throw VisionError.unsafeArchive(
                    path: archiveURL.path, reason: "entry \"\(path)\" escapes the target folder")
            }
            guard entry.type != .symlink else {
                throw VisionError.unsafeArchive(path: archiveURL.path, reason: "entry \"\(path)\" is a symbolic link")
            }
            let destination = target.appendingPathComponent(path).standardizedFileURL
            guard destination.path.hasPrefix(root + "/") else {
                throw VisionError.unsafeArchive(
                    path: archiveURL.path, reason: "entry \"\(path)\" escapes the target folder")
            }
            plan.append((entry, destination))
        }
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for (entry, destination) in plan {
            do {
                _ = try archive.extract(entry, to: destination)
            } catch {
                throw VisionError.unsafeArchive(
                    path: archiveURL.path, reason: "cannot extract \"\(entry.path)\": \(error)")
            }
        }
    }
}
