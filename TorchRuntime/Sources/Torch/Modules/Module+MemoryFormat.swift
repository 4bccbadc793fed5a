extension Module {
    /// Lays every 4-D parameter of this module and its descendants out in `memoryFormat` in place
    /// (`module.to(memory_format=...)`) and returns self; other parameters (biases, linear weights) stay as they
    /// are. Parameters keep their identity and values, so an optimizer made before or after works on them, a state
    /// dict saved afterwards holds the same values (saved in PyTorch's default layout), and one loaded afterwards
    /// keeps this layout. See ``MemoryFormat`` for when ``MemoryFormat/channelsLast`` pays.
    @discardableResult
    public func to(memoryFormat: MemoryFormat) throws -> Self {
        for (_, parameter) in namedParameters() {
            try parameter.relayoutStorage(memoryFormat)
        }
        return self
    }
}
