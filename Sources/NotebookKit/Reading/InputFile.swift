/// Reading the files nb2swift converts (notebooks, scripts): regular files only, within a size limit.
enum InputFile {
    /// The default size limit: 256 MiB.
    static let defaultSizeLimit = ConversionOptions.defaultMaxInputSize

    /// The bytes of the file at `path`: a regular file (or a symbolic link to one) of at most `sizeLimit` bytes. A FIFO,
    /// a device or a folder is refused without blocking.
    static func bytes(atPath path: String, sizeLimit: Int = defaultSizeLimit) throws(Diagnostic) -> [UInt8] {
        do throws(Diagnostic) {
            return try MappedFile(path: path, sizeLimit: sizeLimit).bytes
        } catch {
            throw error.located(file: path)
        }
    }
}
