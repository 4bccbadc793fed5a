// swift-tools-version:6.0
// TorchRuntime: libtorch for Swift — the C++ shim (`CTorch`), the `Torch` module above it and the vision/data module
// (`TorchVision`). The reference pipeline generated from notebooks/05_going_modular.ipynb depends on it by path.
import Foundation
import PackageDescription

/// Which libtorch to build against: Debian's 1.13 by default (headers in /usr/include, libraries on the default
/// path), or the one inside a PyPI `torch` 2.x when `TORCH_RUNTIME_LIBTORCH` names its package folder
/// (`.../site-packages/torch`, holding `include/` and `lib/`): its headers, C++20, an rpath to its `lib/`, and its
/// CUDA libraries kept with `--no-as-needed` when present (else `torch::cuda::is_available()` is false).
let libtorch = Context.environment["TORCH_RUNTIME_LIBTORCH"].flatMap { $0.isEmpty ? nil : $0 }
let torchCXXFlags =
    libtorch.map { ["-I\($0)/include", "-I\($0)/include/torch/csrc/api/include"] }
    ?? ["-I/usr/include/torch/csrc/api/include"]
/// The libraries by full path: pkg-config's `-L/usr/lib/...` for libpng and libturbojpeg would otherwise put
/// Debian's libtorch first.
let torchLinkerSettings: [LinkerSetting] =
    libtorch.map { root in
        let cuda = FileManager.default.fileExists(atPath: "\(root)/lib/libtorch_cuda.so")
        let libraries = ["torch_cpu", "c10"] + (cuda ? ["torch_cuda", "c10_cuda"] : [])
        return [
            .unsafeFlags(
                ["-Xlinker", "-rpath", "-Xlinker", "\(root)/lib", "-Xlinker", "--no-as-needed"]
                    + libraries.flatMap { ["-Xlinker", "\(root)/lib/lib\($0).so"] })
        ]
    } ?? [.linkedLibrary("torch_cpu"), .linkedLibrary("c10")]

let package = Package(
    name: "TorchRuntime",
    products: [
        .library(name: "Torch", targets: ["Torch"]),
        .library(name: "TorchVision", targets: ["TorchVision"]),
        // Option groups (ranks, checkpoints, speed) for training commands built with swift-argument-parser.
        .library(name: "TorchCommandLine", targets: ["TorchCommandLine"]),
        // Link into an executable to make libtorch's OpenMP threads wait passively (see its header).
        .library(name: "COpenMPStartup", targets: ["COpenMPStartup"]),
    ],
    dependencies: [
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // TorchCommandLine's option groups (@OptionGroup); Torch and TorchVision do not depend on it.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `make docs`: `swift package generate-documentation` for the Torch and TorchVision catalogs.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: Torch
        .target(
            name: "CTorch",
            // USE_C10D_GLOO: ctorch_distributed.cpp builds on c10d's ProcessGroupGloo (headers from libgloo-dev).
            cxxSettings: [.unsafeFlags(torchCXXFlags), .define("USE_C10D_GLOO")],
            linkerSettings: torchLinkerSettings
        ),
        .target(
            name: "Torch",
            dependencies: ["CTorch"]
        ),
        .target(name: "COpenMPStartup"),
        // The lesson's own TinyVGG (TinyVGG.swift is a link to generated/going_modular/Sources/ModelBuilder/), for
        // TorchTests, torch-bench and the distributed tests; not a product.
        .target(name: "TinyVGGFixture", dependencies: ["Torch"]),
        // Benchmark: TinyVGG training steps vs Python torch (scripts/torch-bench.sh).
        .executableTarget(name: "torch-bench", dependencies: ["Torch", "TinyVGGFixture"]),
        // One rank of the distributed tests (TorchTests/Distributed*), started by them; not a product.
        .executableTarget(name: "distributed-test-worker", dependencies: ["Torch", "TorchVision", "TinyVGGFixture"]),

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

        // MARK: TorchCommandLine
        .target(
            name: "TorchCommandLine",
            dependencies: [
                "Torch", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A small training command over the option groups, started by TorchCommandLineTests; not a product.
        .executableTarget(
            name: "launcher-test-command",
            dependencies: ["Torch", "TorchCommandLine", "COpenMPStartup"]
        ),

        // MARK: Tests
        .testTarget(
            name: "TorchTests", dependencies: ["Torch", "TinyVGGFixture", "distributed-test-worker"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TorchCommandLineTests",
            dependencies: ["Torch", "TorchCommandLine", "launcher-test-command"]
        ),
        .testTarget(
            name: "TorchVisionTests",
            dependencies: [
                "TorchVision", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    cxxLanguageStandard: libtorch == nil ? .cxx17 : .cxx20
)
