// swift-tools-version:6.0
// libFuzzer target over nb2swift's notebook reader, magic-line parser and project config reader. The target reaches NotebookKit's internal
// readers and planners through `@testable import`, so the build enables testing:
//
//   cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing --scratch-path .build-fuzz
//   mkdir -p /tmp/nb2swift-fuzz-corpus && cp seeds/* /tmp/nb2swift-fuzz-corpus/
//   .build-fuzz/release/NotebookFuzzer /tmp/nb2swift-fuzz-corpus -max_total_time=600
import PackageDescription

let package = Package(
    name: "nb2swift-fuzz",
    dependencies: [.package(name: "nb2swift", path: "..")],
    targets: [
        .executableTarget(
            name: "NotebookFuzzer",
            dependencies: [
                .product(name: "NotebookKit", package: "nb2swift"),
                .product(name: "NotebookProject", package: "nb2swift"),
            ]
        )
    ]
)
