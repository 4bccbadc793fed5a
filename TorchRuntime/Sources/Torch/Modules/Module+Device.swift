extension Module {
    /// Moves every parameter of this module and its descendants to `device` in place (`module.to(device)`) and
    /// returns self. Parameters keep their identity, so an optimizer made before the move updates the moved
    /// parameters, and a state dict loaded afterwards lands on `device`. A device that is not available here throws
    /// `TorchError.deviceUnavailable` before anything moves.
    @discardableResult
    public func to(_ device: Device) throws -> Self {
        try device.checkAvailable()
        for (_, parameter) in namedParameters() {
            try parameter.moveStorage(to: device)
        }
        return self
    }

    /// The device of the module's first parameter (`next(model.parameters()).device`); the CPU for a module
    /// without parameters.
    public var device: Device {
        parameters().first?.device ?? .cpu
    }
}
