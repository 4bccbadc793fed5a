// swift-tools-version:6.0
// TorchRuntime: libtorch for Swift — the C++ shim (`CTorch`), the `Torch` module above it and the vision/data module
// (`TorchVision`). The reference pipeline generated from notebooks/05_going_modular.ipynb depends on it by path.
import PackageDescription

/// libtorch's C++ API headers live outside the default include path on Debian.
let torchInclude = "-I/usr/include/torch/csrc/api/include"

let package = Package(
    name: "TorchRuntime",
    products: [
        .library(name: "Torch", targets: ["Torch"]),
        .library(name: "TorchVision", targets: ["TorchVision"]),
        // Link into an executable to make libtorch's OpenMP threads wait passively (see its header).
        .library(name: "COpenMPStartup", targets: ["COpenMPStartup"]),
    ],
    dependencies: [
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: Torch
        .target(
            name: "CTorch",
            cxxSettings: [.unsafeFlags([torchInclude])],
            linkerSettings: [.linkedLibrary("torch_cpu"), .linkedLibrary("c10")]
        ),
        .target(
            name: "Torch",
            dependencies: ["CTorch"]
        ),
        .target(name: "COpenMPStartup"),
        // The one Swift TinyVGG outside generated/: a fixture for TorchTests and torch-bench, not a product.
        .target(name: "TinyVGGFixture", dependencies: ["Torch"]),
        // Benchmark: TinyVGG training steps vs Python torch (scripts/torch-bench.sh).
        .executableTarget(name: "torch-bench", dependencies: ["Torch", "TinyVGGFixture"]),

        // MARK: TorchVision
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
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Benchmark: one epoch of decode+resize+batch vs torchvision (peer: scripts/vision_bench_torchvision.py).
        .executableTarget(name: "vision-bench", dependencies: ["TorchVision"]),

        // MARK: Tests
        .testTarget(name: "TorchTests", dependencies: ["Torch", "TinyVGGFixture"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TorchVisionTests",
            dependencies: [
                "TorchVision", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
