// swift-tools-version:6.0
// A package whose `Lesson` target holds only a notebook: nb2swift's `NotebookSources` build-tool plugin exports its
// `//| export` cells at `swift build` (make plugin-fixture builds and tests it).
import PackageDescription

let package = Package(
    name: "NotebookTarget",
    dependencies: [.package(name: "nb2swift", path: "../../..")],
    targets: [
        .target(name: "Lesson", plugins: [.plugin(name: "NotebookSources", package: "nb2swift")]),
        .testTarget(name: "LessonTests", dependencies: ["Lesson"]),
    ]
)
