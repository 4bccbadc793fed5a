#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A notebook file's bytes, memory-mapped read-only (or read whole when it cannot be mapped), so that reading a large
/// notebook costs no copy.
struct MappedFile: ~Copyable {
    /// Why a file cannot be opened.
    struct OpenError: Error, CustomStringConvertible {
        var description: String
    }

    private let address: UnsafeRawPointer?
    private let count: Int
    private let fallback: [UInt8]?

    /// Opens and maps `path`.
    init(path: String) throws(OpenError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw OpenError(description: reason)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw OpenError(description: String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw OpenError(description: "is a folder, not a notebook") }
        let size = Int(info.st_size)
        if (info.st_mode & S_IFMT) == S_IFREG, size > 0,
            let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), mapped != MAP_FAILED
        {
            address = UnsafeRawPointer(mapped)
            count = size
            fallback = nil
            return
        }
        // Pipes, empty files, or a failed map: read everything.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if read < 0 {
                if errno == EINTR { continue }
                throw OpenError(description: String(cString: strerror(errno)))
            }
            if read == 0 { break }
            bytes += chunk[0..<read]
        }
        address = nil
        count = 0
        fallback = bytes
    }

    /// Calls `body` with the bytes, valid only during the call.
    func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if let address {
            return try body(UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: count))
        }
        let outcome: Swift.Result<Result, Failure> = (fallback ?? []).withUnsafeBufferPointer { buffer in
            do throws(Failure) { return .success(try body(buffer)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    deinit {
        if let address { munmap(UnsafeMutableRawPointer(mutating: address), count) }
    }
}
