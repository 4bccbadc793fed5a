// swift-tools-version:6.0
// nb2swift: Jupyter notebooks to Swift source, plus the libtorch runtime the reference pipeline trains on.
//
// Two halves live here:
// - the converter (`NotebookKit`, `nb2swift`), which needs only libcmark and builds without libtorch:
//   `swift build --product nb2swift` never compiles the Torch targets;
// - the runtime (`CTorch`, `Torch`, `TorchVision`), a C shim over libtorch and the Swift API above it,
//   which the generated reference package depends on by path.
import PackageDescription

/// libtorch's C++ API headers live outside the default include path on Debian.
let torchInclude = "-I/usr/include/torch/csrc/api/include"

let package = Package(
    name: "nb2swift",
    products: [
        .executable(name: "nb2swift", targets: ["nb2swift"]),
        .library(name: "NotebookKit", targets: ["NotebookKit"]),
        .library(name: "Torch", targets: ["Torch"]),
        .library(name: "TorchVision", targets: ["TorchVision"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `make docs`: `swift package generate-documentation` for the DocC catalogs.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: Converter
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "NotebookKit",
            dependencies: ["CCmark"]
        ),
        .executableTarget(
            name: "nb2swift",
            dependencies: [
                "NotebookKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Runtime
        .target(
            name: "CTorch",
            cxxSettings: [.unsafeFlags([torchInclude])],
            linkerSettings: [.linkedLibrary("torch_cpu"), .linkedLibrary("c10")]
        ),
        .target(
            name: "Torch",
            dependencies: ["CTorch"]
        ),
        // Benchmark: TinyVGG training steps vs Python torch (scripts/torch-bench.sh).
        .executableTarget(name: "torch-bench", dependencies: ["Torch"]),
        .systemLibrary(
            name: "CTurboJPEG",
            pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .target(
            name: "TorchVision",
            dependencies: [
                "Torch", "CTurboJPEG", "CPNG",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),

        // Benchmark: one epoch of decode+resize+batch vs torchvision (peer: scripts/vision_bench_torchvision.py).
        .executableTarget(name: "vision-bench", dependencies: ["TorchVision"]),

        // MARK: Tests
        .testTarget(name: "NotebookKitTests", dependencies: ["NotebookKit"], exclude: ["IPythonCases", "Malformed"]),
        .testTarget(name: "TorchTests", dependencies: ["Torch"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TorchVisionTests",
            dependencies: ["TorchVision", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
