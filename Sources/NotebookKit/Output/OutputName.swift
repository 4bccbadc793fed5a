/// The rules an output path must meet for the file system to accept it, checked when a run is planned (so that a run
/// that would fail at write time fails before anything is written), and the temporary names the writer uses.
enum OutputName {
    /// The longest file name component, in bytes (`NAME_MAX`).
    static let maximumComponentLength = 255
    /// The longest absolute path, in bytes, its terminating NUL excluded (`PATH_MAX - 1`).
    static let maximumPathLength = 4095

    /// The marker in temporary file names: `.<stem>.nb2swift-tmp-<pid>-<random>`.
    static let temporaryMarker = ".nb2swift-tmp-"

    /// The longest temporary stem: a temporary name adds at most 36 bytes (the dot, the marker, a 7-digit process id,
    /// a dash and a 13-character random part), and must stay within ``maximumComponentLength``.
    static let maximumStemLength = maximumComponentLength - 36

    /// The error IPython would raise for `filename` (as a notebook spelled it) before or when opening it:
    /// `ValueError: embedded null byte`, or `OSError: [Errno 36] File name too long: ...`; `nil` when it is acceptable.
    static func ipythonError(for filename: String) -> String? {
        if filename.utf8.contains(0) { return "ValueError: embedded null byte" }
        let tooLong = filename.utf8.split(separator: UInt8(ascii: "/")).contains {
            $0.count > maximumComponentLength
        }
        if tooLong { return "OSError: [Errno 36] File name too long: \(PythonRepr.repr(filename))" }
        return nil
    }

    /// Why the absolute, normalised path `absolute` cannot be written, or `nil` when the file system will accept its
    /// name (no NUL byte, every component at most 255 bytes, the whole at most 4095 bytes).
    static func problem(withAbsolutePath absolute: String) -> String? {
        if absolute.utf8.contains(0) { return "the path contains a NUL byte" }
        if let long = absolute.utf8.split(separator: UInt8(ascii: "/")).first(where: {
            $0.count > maximumComponentLength
        }) {
            return "the name \(PythonRepr.repr(String(decoding: long, as: UTF8.self))) is \(long.count) bytes long, "
                + "more than the \(maximumComponentLength) a file name may have"
        }
        if absolute.utf8.count > maximumPathLength {
            return "the path is \(absolute.utf8.count) bytes long, more than the \(maximumPathLength) a path may have"
        }
        return nil
    }

    /// The name part of the temporaries for the file `name`: `name` itself when the temporary name fits in 255
    /// bytes, else a prefix of it, a `~` and a hash of the whole name (so that a later run recognises it).
    static func temporaryStem(for name: String) -> String {
        guard name.utf8.count > maximumStemLength else { return name }
        var hash: UInt32 = 0x811C_9DC5
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let suffix = "~" + String(hash, radix: 16).leftPadded(to: 8)
        var prefix = ""
        for character in name {
            if prefix.utf8.count + character.utf8.count + suffix.utf8.count > maximumStemLength { break }
            prefix.append(character)
        }
        return prefix + suffix
    }

    /// A fresh temporary name for the file `name`, for this process.
    static func temporaryName(for name: String, processID: Int32) -> String {
        "." + temporaryStem(for: name) + temporaryMarker + "\(processID)-"
            + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// Whether a file name is one of nb2swift's temporary files (left behind only by a killed run).
    static func isTemporaryName(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(temporaryMarker)
    }

    /// The stem and process id of a temporary name, when it is one.
    static func parseTemporaryName(_ name: String) -> (stem: String, processID: Int32?)? {
        guard name.hasPrefix("."), let marker = Substring(name).lastRange(of: temporaryMarker) else { return nil }
        let stem = String(name[name.index(after: name.startIndex)..<marker.lowerBound])
        return (stem, Int32(name[marker.upperBound...].prefix { $0 != "-" }))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
