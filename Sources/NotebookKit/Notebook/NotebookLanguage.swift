extension Notebook {
    /// The notebook's programming language as its metadata declares it (`kernelspec.language`, else
    /// `language_info.name`), lower-cased; `nil` when the metadata does not say.
    public var language: String? {
        guard case .object(let members) = metadata else { return nil }
        for (key, field) in [("kernelspec", "language"), ("language_info", "name")] {
            if case .object(let object)? = members[key], case .string(let name)? = object[field], !name.isEmpty {
                return name.lowercased()
            }
        }
        return nil
    }

    /// Whether the notebook holds Swift: its declared language is Swift, or it declares none.
    public var isSwift: Bool { language.map { $0 == "swift" } ?? true }
}
