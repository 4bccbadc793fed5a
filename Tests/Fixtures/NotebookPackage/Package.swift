// swift-tools-version:6.0
// A package made from notebooks (the tests of `nb2swift docs` and `//| test` cells build it in a temporary folder):
// `nb2swift export nbs -o .` writes Sources/Shapes/shapes.swift and Tests/ShapesTests/shapesTests.swift, and
// `nb2swift docs nbs -o Sources/Shapes/Shapes.docc` the DocC articles of the notebooks.
import PackageDescription

let package = Package(
    name: "Shapes",
    targets: [
        .target(name: "Shapes"),
        .testTarget(name: "ShapesTests", dependencies: ["Shapes"]),
    ]
)
