// swift-tools-version:6.0
// libFuzzer targets over nb2swift's notebook reader and magic-line parser (NotebookFuzzer), and a project's
// nb2swift.toml (ConfigFuzzer). The target reaches NotebookKit's internal
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
            dependencies: [.product(name: "NotebookKit", package: "nb2swift")]
        ),
        // A project's nb2swift.toml. Run without leak detection (ASAN_OPTIONS=detect_leaks=0 and -detect_leaks=0):
        // TOMLKit 0.6.0's TOMLTable(string:) never frees its error buffer (24 bytes a parse, about 120 on a syntax
        // error), which LeakSanitizer would report on the first input; nb2swift reads one config a run.
        .executableTarget(
            name: "ConfigFuzzer",
            dependencies: [
                .product(name: "NotebookKit", package: "nb2swift"),
                .product(name: "NotebookProject", package: "nb2swift"),
            ]
        ),
    ]
)
