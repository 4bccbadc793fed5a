import Testing
@testable import TorchVision
