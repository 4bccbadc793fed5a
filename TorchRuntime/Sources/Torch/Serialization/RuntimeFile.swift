import Foundation

/// The runtime's one way to read and write its files (state dicts, optimizer states): every write is atomic and
/// every failure is a `TorchError.file` naming the path.
enum RuntimeFile {
    /// The bytes of `url`; a failure is `.file(path, .cannotRead(reason))`.
    static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TorchError.file(path: url.path, .cannotRead("cannot read the file (\(reason(error)))"))
        }
    }

    /// Replaces `url` with `data` atomically (a temporary file in the same folder, renamed over the target), so a
    /// reader sees the old file or the new one and a failed write leaves the old file intact. A failure is
    /// `.file(path, .cannotWrite(reason))`, where `what` names the content, e.g. "the state dict".
    static func writeAtomically(_ data: Data, to url: URL, what: String) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw TorchError.file(path: url.path, .cannotWrite("cannot write \(what) (\(reason(error)))"))
        }
    }

    /// A one-line reason for a Foundation file error: the POSIX error's text where there is one.
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
