/// The parts of a notebook's path the export styles name files after.
enum NotebookName {
    /// The last path component (`02a_why_sqrt5.ipynb`).
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The file name without `.ipynb` (`02a_why_sqrt5`).
    static func stem(_ path: String) -> String {
        let name = fileName(path)
        return name.hasSuffix(".ipynb") ? String(name.dropLast(".ipynb".count)) : name
    }

    /// swiftai's module file name: `^\d+[a-z]*_.*ipynb$` notebooks drop their leading number token and join the
    /// other `_` tokens with their first letter upper-cased (`02a_why_sqrt5.ipynb` → `WhySqrt5.swift`); `nil` for
    /// other names.
    static func swiftaiFileName(_ path: String) -> String? {
        let name = fileName(path)
        guard name.hasSuffix("ipynb") else { return nil }
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let letters = name.dropFirst(digits.count).prefix { ("a"..."z").contains($0) }
        let afterNumber = name.dropFirst(digits.count + letters.count)
        guard afterNumber.first == "_" else { return nil }
        let tokens = stem(path).split(separator: "_", omittingEmptySubsequences: false).dropFirst()
        let joined = tokens.map { token in token.prefix(1).uppercased() + token.dropFirst() }.joined()
        return joined + ".swift"
    }
}
