#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An input file's bytes (a notebook or a script), memory-mapped read-only (or read whole when it cannot be mapped),
/// so that reading a large notebook costs no copy. A small file is read into memory instead: copying a few pages costs
/// less than mapping them and, in a run on several threads, unmapping them (every core's address translations are
/// flushed).
///
/// Only a regular file is read (a symbolic link to one is fine): the file is opened with `O_NONBLOCK`, so that a FIFO
/// never blocks the open, and refused after `fstat` unless it is a regular file; a file larger than the size limit is
/// refused before it is mapped.
struct MappedFile: ~Copyable {
    private let address: UnsafeRawPointer?
    private let count: Int
    private let fallback: [UInt8]?

    /// Opens and maps `path`, refusing anything but a regular file of at most `sizeLimit` bytes.
    init(path: String, sizeLimit: Int) throws(Diagnostic) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw Diagnostic(reason)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Diagnostic(String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Diagnostic("is a folder, not a notebook")
        case S_IFIFO: throw Diagnostic("is a FIFO (named pipe), not a regular file")
        case S_IFCHR: throw Diagnostic("is a character device, not a regular file")
        case S_IFBLK: throw Diagnostic("is a block device, not a regular file")
        case S_IFSOCK: throw Diagnostic("is a socket, not a regular file")
        default: throw Diagnostic("is not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= sizeLimit else {
            throw Diagnostic(
                "is \(size) bytes, more than the input size limit of \(sizeLimit) bytes "
                    + "(--max-input-size raises it)")
        }
        if size > 0, size <= Self.largestReadFile {
            var failure: Int32?
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                while initialized < size {
                    let read = Glibc.read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                    if read < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if read == 0 { return }
                    initialized += read
                }
            }
            if let failure { throw Diagnostic(String(cString: strerror(failure))) }
            address = nil
            count = 0
            fallback = bytes
            return
        }
        if size > 0,
            let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), mapped != MAP_FAILED
        {
            address = UnsafeRawPointer(mapped)
            count = size
            fallback = nil
            return
        }
        // An empty file (perhaps a pseudo-file whose size is not known), or a failed map: read it, within the limit.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if read < 0 {
                if errno == EINTR { continue }
                throw Diagnostic(String(cString: strerror(errno)))
            }
            if read == 0 { break }
            bytes += chunk[0..<read]
            if bytes.count > sizeLimit {
                throw Diagnostic(
                    "is more than the input size limit of \(sizeLimit) bytes (--max-input-size raises it)")
            }
        }
        address = nil
        count = 0
        fallback = bytes
    }

    /// The largest file read into memory rather than mapped.
    static let largestReadFile = 1 << 18

    /// A copy of the bytes.
    var bytes: [UInt8] { withBytes { Array($0) } }

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
