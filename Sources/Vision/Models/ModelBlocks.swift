import Torch
import Train

/// Convolution, batch norm and ReLU in a row (`0`, `1`, `2` in the state dict).
func convNormReLU(_ inChannels: Int, _ outChannels: Int, kernel: Int, padding: Int = 0) throws -> Sequential {
    Sequential([try Conv2d(inChannels, outChannels, kernel: kernel, padding: padding, bias: false),
                try BatchNorm2d(outChannels), ReLU()])
}

/// Channels scaled by a width multiplier, never below `minimum`.
func scaledChannels(_ channels: Int, _ multiplier: Double, minimum: Int = 4) -> Int {
    Swift.max(minimum, Int((Double(channels) * multiplier).rounded()))
}

/// He-normal initialisation (fan in, gain √2) of every convolution weight under `module`, batch-norm
/// weights 1 and biases 1e-4, as DBNet initialises its decoder.
func heInitialise(_ module: any Module) throws {
    for (name, p) in module.namedParameters() {
        if p.rank == 4 && name.hasSuffix("weight") {
            let s = p.shape
            // PyTorch's fan in is dim 1 times the kernel area, for plain and transposed convolutions.
            try p.normal_(mean: 0, std: (2.0 / Double(s[1] * s[2] * s[3])).squareRoot())
        } else if p.rank == 1 && name.hasSuffix("weight") {
            try p.fill_(1)
        } else if p.rank == 1 && name.hasSuffix("bias") {
            try p.fill_(1e-4)
        }
    }
}
