// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "going_modular",
    products: [
        .executable(name: "train", targets: ["train"]),
        .executable(name: "predict", targets: ["predict"]),
        .executable(name: "get_data", targets: ["get_data"]),
        .library(name: "GoingModular", targets: ["DataSetup", "Engine", "ModelBuilder", "Utils"]),
    ],
    dependencies: [
        // The root package (two folders up) provides the libtorch runtime and the vision data tools.
        .package(name: "nb2swift", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "DataSetup",
            dependencies: [
                .product(name: "Torch", package: "nb2swift"),
                .product(name: "TorchVision", package: "nb2swift"),
            ]
        ),
        .target(name: "ModelBuilder", dependencies: [.product(name: "Torch", package: "nb2swift")]),
        .target(
            name: "Engine",
            dependencies: [
                .product(name: "Torch", package: "nb2swift"),
                .product(name: "TorchVision", package: "nb2swift"),
            ]
        ),
        .target(
            name: "Utils",
            dependencies: [
                "Engine", "ModelBuilder",
                .product(name: "Torch", package: "nb2swift"),
                .product(name: "TorchVision", package: "nb2swift"),
            ]
        ),
        .executableTarget(
            name: "train",
            dependencies: [
                "DataSetup", "Engine", "ModelBuilder", "Utils",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "predict",
            dependencies: [
                "DataSetup", "ModelBuilder", "Utils",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "get_data",
            dependencies: [
                .product(name: "TorchVision", package: "nb2swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Unit tests, the command-line tools end to end, and parity with the PyTorch reference in reference/.
        .testTarget(
            name: "GoingModularTests",
            dependencies: ["DataSetup", "Engine", "ModelBuilder", "Utils", "train", "predict"]
        ),
    ]
)
