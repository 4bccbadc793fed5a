/// The `Package.swift` fast.ai's course exporter wrote beside each exported notebook, built from the notebook's
/// `%install '<package spec>' <products…>` lines (`$cwd/` becomes `../`, since sibling exports sit side by side).
struct FastaiPackageManifest: Equatable {
    /// The package, library and target name (`FastaiNotebook_02a_why_sqrt5`).
    var name: String
    /// The `.package(...)` specifications, in order.
    var dependencies: [String]
    /// The products the target depends on, in order.
    var products: [String]

    /// The manifest for the notebook: its `%install` lines, in cell order (`%install-location` and other magics
    /// are not dependencies).
    init(name: String, notebook: Notebook) {
        self.name = name
        dependencies = []
        products = []
        for cell in notebook.cells where cell.kind == .code {
            for line in cell.source.split(separator: "\n", omittingEmptySubsequences: true) {
                guard let (spec, names) = Self.install(line) else { continue }
                dependencies.append(spec.replacing("$cwd/", with: "../"))
                products += names
            }
        }
    }

    /// `%install '<spec>' A B` as its spec and product names, or `nil` for any other line.
    static func install(_ line: Substring) -> (spec: String, products: [String])? {
        var trimmed = line.drop(while: isBlank)
        while let last = trimmed.last, isBlank(last) { trimmed = trimmed.dropLast() }
        guard trimmed.hasPrefix("%install "), let open = trimmed.firstIndex(of: "'") else { return nil }
        let afterOpen = trimmed.index(after: open)
        guard let close = trimmed[afterOpen...].firstIndex(of: "'") else { return nil }
        let names = trimmed[trimmed.index(after: close)...].split(separator: " ").map(String.init)
        return (String(trimmed[afterOpen..<close]), names)
    }

    /// A tab or a space separator (Foundation's `CharacterSet.whitespaces`).
    private static func isBlank(_ character: Character) -> Bool {
        character == "\t" || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
    }

    /// The manifest text, laid out as the course exporter did (no final line break).
    var text: String {
        let quotedProducts = products.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            // swift-tools-version:4.2
            import PackageDescription

            let package = Package(
            name: "\(name)",
            products: [
            .library(name: "\(name)", targets: ["\(name)"]),

            ],
            dependencies: [
            \(dependencies.joined(separator: ",\n    "))
            ],
            targets: [
            .target(name: "\(name)", dependencies: [\(quotedProducts)]),

            ]
            )
            """
    }
}
