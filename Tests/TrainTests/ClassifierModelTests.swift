import Testing
import Torch
@testable import Train

@Suite("Classifier models")
struct ClassifierModelTests {
    @Test("MobileNetV2 has torchvision's parameter count and state-dict names")
    func mobileNetV2Layout() throws {
        let model = try MobileNetV2(widthMultiplier: 1, numClasses: 1000)
        // torchvision.models.mobilenet_v2(): 3,504,872 parameters (its model card's num_params).
        #expect(model.parameters.reduce(0) { $0 + $1.count } == 3_504_872)
        let names = Set(model.namedParameters().map(\.name))
        for name in ["features.0.0.weight", "features.0.1.bias", "features.1.conv.0.0.weight", "features.1.conv.1.weight",
                     "features.2.conv.0.0.weight", "features.2.conv.3.weight", "features.17.conv.2.weight",
                     "features.18.0.weight", "classifier.1.weight", "classifier.1.bias"] {
            #expect(names.contains(name), "\(name)")
        }
    }

    @Test("torchvision's rounding of scaled MobileNetV2 widths", arguments: [
        (32.0 * 0.25, 8), (16.0 * 0.25, 8), (24.0 * 0.5, 16), (96.0 * 0.35, 32), (1280.0, 1280), (160.0 * 0.75, 120),
    ])
    func divisible(value: Double, expected: Int) {
        #expect(MobileNetV2.divisible(value) == expected)
    }

    @Test("the small stem keeps a 28x28 image at 4x4 in ResNet's last stage; every model gives class logits",
          arguments: ["resnet18", "resnet50", "mobilenet_v2"])
    func smallStem(architecture: String) throws {
        var config = TrainConfig()
        config.model.architecture = architecture
        config.model.stem = .small
        config.model.widthMultiplier = 0.25
        config.data.channels = 1
        config.data.numClasses = 10
        let model = try config.makeModel()
        model.eval()
        let x = try Tensor.randn([2, 1, 28, 28])
        #expect(try model(x).shape == [2, 10])
        if let resnet = model as? ResNet {
            #expect(try resnet.features(x).map { $0.shape[2] } == [28, 14, 7, 4])
            let imagenet = try ResNet.resnet18(widthMultiplier: 0.25, inChannels: 1, numClasses: 10)
            #expect(try imagenet.features(x).map { $0.shape[2] } == [7, 4, 2, 1])
        }
    }
}
