// swift-tools-version:6.0
// libFuzzer targets over TorchRuntime's parsers of untrusted bytes: the PNG and JPEG decoders (ImageFuzzer).
//
//   cd TorchRuntime/Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
//   mkdir -p /tmp/torchvision-fuzz-corpus && cp ../Tests/TorchVisionTests/Fixtures/{images,png}/* /tmp/torchvision-fuzz-corpus/
//   .build-fuzz/release/ImageFuzzer /tmp/torchvision-fuzz-corpus -max_len=16384 -max_total_time=600
import PackageDescription

let package = Package(
    name: "TorchRuntime-fuzz",
    dependencies: [.package(name: "TorchRuntime", path: "..")],
    targets: [
        .executableTarget(
            name: "ImageFuzzer",
            dependencies: [.product(name: "TorchVision", package: "TorchRuntime")]
        )
    ]
)
