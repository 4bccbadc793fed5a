/// Where to train: the lesson's device-agnostic rule (`auto`, `"cuda" if torch.cuda.is_available() else "cpu"`) or
/// one device. What `train --device` and `predict --device` take.
public enum DeviceChoice: Equatable, Sendable, CustomStringConvertible {
    /// `"cuda" if torch.cuda.is_available() else "cpu"`: GPU 0 when a CUDA GPU can be used, else the CPU.
    case auto
    /// This device, or an error where it cannot be used.
    case exactly(Device)

    /// The text it was made from (`auto`, `cpu`, `cuda:1`).
    public var description: String {
        switch self {
        case .auto: "auto"
        case .exactly(let device): "\(device)"
        }
    }

    /// The accepted values, for error messages.
    public static let values = "auto, cpu, cuda or cuda:N"
    /// The accepted values with what `auto` means, for help texts.
    public static let valuesExplained = "auto (cuda if a CUDA GPU is available, else cpu), cpu, cuda or cuda:N"

    /// Parses a `--device` value; `nil` for anything but `auto`, `cpu`, `cuda` and `cuda:N`.
    public init?(_ text: String) {
        if text == "auto" {
            self = .auto
        } else if let device = try? Device(text) {
            self = .exactly(device)
        } else {
            return nil
        }
    }

    /// The device to use. A CUDA device that cannot be used here throws `TorchError.deviceUnavailable`, whose one
    /// line names the reason (no CUDA build of libtorch, no GPU, no GPU of that index).
    public func resolve() throws -> Device {
        switch self {
        case .auto:
            return cuda.isAvailable() ? .cuda(0) : .cpu
        case .exactly(let device):
            try device.checkAvailable()
            return device
        }
    }
}
