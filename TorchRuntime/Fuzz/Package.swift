// swift-tools-version:6.0
// libFuzzer targets over the runtime's parsers of untrusted bytes:
// - PthFuzzer: the `.pth` state-dict reader (zip + unpickler + tensor rebuilding), as `StateDict(data:)` runs it on a
//   model file from the internet, fed raw bytes;
// - PthStructureFuzzer: the same reader fed files a grammar of `torch.save` pickles builds from the fuzzer's bytes
//   (nesting, memo abuse, views and strides, dtype/shape combinations, zip layouts), checking that refusals are one
//   line naming the file, that StateDict agrees with Torch.load, and that loaded values survive a save/load;
// - ImageFuzzer: the PNG and JPEG decoders, the format-sniffing `decodeImage`, and a Resize of each result.
//
//   cd TorchRuntime/Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
//   mkdir -p /tmp/pth-fuzz-corpus && cp ../Tests/TorchTests/Fixtures/tinyvgg_trained.pth /tmp/pth-fuzz-corpus/
//   /usr/bin/python3 ../Tests/TorchTests/Fixtures/save_varied_state_dicts.py /tmp/pth-fuzz-corpus > /dev/null
//   .build-fuzz/release/PthFuzzer /tmp/pth-fuzz-corpus -max_len=16384 -max_total_time=600
//   .build-fuzz/release/PthFuzzer regressions/*      # replays the inputs that once crashed it
//   mkdir -p /tmp/pth-structure-corpus
//   .build-fuzz/release/PthStructureFuzzer /tmp/pth-structure-corpus -max_len=4096 -malloc_limit_mb=1024 \
//       -max_total_time=600
//   mkdir -p /tmp/torchvision-fuzz-corpus && cp ../Tests/TorchVisionTests/Fixtures/{images,png}/* /tmp/torchvision-fuzz-corpus/
//   .build-fuzz/release/ImageFuzzer /tmp/torchvision-fuzz-corpus -max_len=16384 -max_total_time=600
import PackageDescription

let package = Package(
    name: "TorchRuntime-fuzz",
    dependencies: [.package(name: "TorchRuntime", path: "..")],
    targets: [
        .executableTarget(
            name: "PthFuzzer",
            dependencies: [.product(name: "Torch", package: "TorchRuntime")]
        ),
        .executableTarget(
            name: "PthStructureFuzzer",
            dependencies: [.product(name: "Torch", package: "TorchRuntime")]
        ),
        .executableTarget(
            name: "ImageFuzzer",
            dependencies: [.product(name: "TorchVision", package: "TorchRuntime")]
        ),
    ]
)
