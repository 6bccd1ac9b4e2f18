// TrainBench: times the training core's loop for `scripts/bench train`.
//
//   TrainBench --threads N --steps S --state FILE
// builds the benchmark model and data, writes FILE for the PyTorch reference
// (Tests/Reference/torch_train_reference.py), runs one warm-up epoch, then whole epochs until
// S optimizer steps are timed, and prints {"steps_per_s": ...}.
import Foundation
import Torch
import Train

func argument(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return fallback }
    return args[i + 1]
}

do {
    var config = TrainConfig()
    config.seed = 0
    config.data.batchSize = 16
    config.data.imageSize = 64
    config.data.trainSamples = 160
    config.data.valSamples = 16
    config.model.width = 16
    config.optimizer.name = "sgd"
    config.optimizer.lr = 0.01
    config.optimizer.momentum = 0.9
    config.optimizer.weightDecay = 1e-4
    config.maxEpochs = 1000
    Torch.tuneMalloc()
    Torch.threadCount = Int(argument("--threads", "1")) ?? 1
    let steps = Int(argument("--steps", "50")) ?? 50
    let trainer = try TrainLoop(task: SyntheticClassificationTask(config: config), config: config, runDirectory: nil)
    let statePath = argument("--state", "")
    if !statePath.isEmpty {
        try writeBenchState(trainer, to: URL(fileURLWithPath: statePath))
    }
    _ = try trainer.trainEpoch()
    let start = Date(), first = trainer.step
    while trainer.step - first < steps { _ = try trainer.trainEpoch() }
    let rate = Double(trainer.step - first) / Date().timeIntervalSince(start)
    print("{\"steps_per_s\": \(rate)}")
} catch {
    FileHandle.standardError.write(Data("TrainBench: \(error.localizedDescription)\n".utf8))
    exit(1)
}

/// Writes initial weights, data, generator state and settings for the Python reference.
func writeBenchState(_ trainer: TrainLoop<SyntheticClassificationTask>, to url: URL) throws {
    let c = trainer.config
    let settings: [String: Any] = [
        "channels": c.data.channels, "width": c.model.width, "classes": c.data.numClasses,
        "batch_size": c.data.batchSize, "accumulation": 1, "shuffle": c.data.shuffle, "epochs": 1,
        "label_smoothing": 0.0, "optimizer": "sgd", "lr": c.optimizer.lr, "momentum": c.optimizer.momentum,
        "nesterov": false, "weight_decay": c.optimizer.weightDecay, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
        "alpha": 0.99, "centered": false, "schedule": "constant", "warmup_steps": 0, "warmup_start_lr": 0.0,
        "eta_min": 0.0, "total_steps": trainer.stepsPerEpoch, "clip": "none", "clip_norm": 0.0,
        "ema": false, "ema_type": "exp", "ema_decay": 0.9999, "ema_beta": 15.0,
    ]
    let json = String(decoding: try JSONSerialization.data(withJSONObject: settings, options: [.sortedKeys]), as: UTF8.self)
    var tensors = trainer.model.stateDict().map { (name: "net." + $0.name, tensor: $0.tensor) }
    tensors += [("data.x", trainer.task.trainData.images), ("data.y", trainer.task.trainData.labels), ("rng.torch", try trainer.generator.state())]
    try SafeTensors.write(tensors, metadata: ["reference": json], to: url)
}
