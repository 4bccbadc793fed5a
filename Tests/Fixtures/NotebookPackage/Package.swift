// swift-tools-version:6.0
// A package made from notebooks (scripts/notebook-package-test.sh, `make notebook-package`, builds a copy of it):
// `nb2swift export nbs -o .` writes Sources/Shapes/01_shapes.swift and Tests/ShapesTests/01_shapesTests.swift, and
// `nb2swift docs nbs -o Sources/Shapes/Shapes.docc` the DocC articles of the notebooks.
import PackageDescription

let package = Package(
    name: "Shapes",
    targets: [
        .target(name: "Shapes"),
        .testTarget(name: "ShapesTests", dependencies: ["Shapes"]),
    ]
)
