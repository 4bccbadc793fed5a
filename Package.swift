// swift-tools-version:6.0
// nb2swift: Jupyter notebooks to Swift source. The converter library (`NotebookKit`) needs only libcmark; the
// `nb2swift` command adds swift-argument-parser, and `NotebookProject` (a project's `nb2swift.toml`) adds TOMLKit.
// The libtorch runtime the reference pipeline trains on is its own package, TorchRuntime/.
import PackageDescription

let package = Package(
    name: "nb2swift",
    products: [
        .executable(name: "nb2swift", targets: ["nb2swift"]),
        .library(name: "NotebookKit", targets: ["NotebookKit"]),
        .library(name: "NotebookProject", targets: ["NotebookProject"]),
        .plugin(name: "NotebookSources", targets: ["NotebookSources"]),
        .plugin(name: "ExportNotebooks", targets: ["ExportNotebooks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `nb2swift.toml`, read by NotebookProject only (NotebookKit stays free of it).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // `make docs`: `swift package generate-documentation` for the DocC catalogs.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "NotebookKit",
            dependencies: ["CCmark"]
        ),
        // A project: its `nb2swift.toml` (found as git finds `.git`), its pairs, sync state, cleaning and watching.
        .target(
            name: "NotebookProject",
            dependencies: ["NotebookKit", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .executableTarget(
            name: "nb2swift",
            dependencies: [
                "NotebookKit",
                "NotebookProject",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Plugins (a target holding notebooks; `swift package nb2swift-export`)
        .plugin(name: "NotebookSources", capability: .buildTool(), dependencies: ["nb2swift"]),
        .plugin(
            name: "ExportNotebooks",
            capability: .command(
                intent: .custom(verb: "nb2swift-export", description: "Regenerate the files exported from notebooks"),
                permissions: [.writeToPackageDirectory(reason: "nb2swift export writes the exported files in place")]),
            dependencies: ["nb2swift"]),

        // MARK: Tests
        .testTarget(name: "NotebookKitTests", dependencies: ["NotebookKit"], exclude: ["IPythonCases", "Malformed"]),
        .testTarget(name: "NotebookProjectTests", dependencies: ["NotebookProject", "NotebookKit"]),
    ]
)
