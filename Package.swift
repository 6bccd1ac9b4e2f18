// swift-tools-version:6.0
import PackageDescription

// Orchestration targets (Config, Sweep, Launch, Store, Report) never import Torch:
// they build, run and are tested without libtorch loaded.

// libtorch: Debian's libtorch-dev by default (headers and libraries on the standard paths, no
// unsafe flags); LIBTORCH_DIR at build time points at another one (a pip torch's `torch/` folder,
// a CUDA build), whose include/ and lib/ are then added with an rpath.
let libtorchDir = Context.environment["LIBTORCH_DIR"].flatMap { $0.isEmpty ? nil : $0 }
let libtorchCxxSettings: [CXXSetting] = libtorchDir.map { dir in
    [.unsafeFlags(["-I\(dir)/include", "-I\(dir)/include/torch/csrc/api/include"])]
} ?? []
let libtorchLinkerSettings: [LinkerSetting] = [
    .linkedLibrary("torch"), .linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
    .linkedLibrary("m"),
] + (libtorchDir.map { dir in
    [.unsafeFlags(["-L\(dir)/lib", "-Xlinker", "-rpath", "-Xlinker", "\(dir)/lib"])]
} ?? [])
let package = Package(
    name: "Ablate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "train", targets: ["AblateTrain"]),
        .executable(name: "train-worker", targets: ["AblateWorker"]),
        .executable(name: "collect_results", targets: ["AblateCollect"]),
        .executable(name: "generate_ablation_table", targets: ["AblateTable"]),
        .executable(name: "generate_report", targets: ["AblateReport"]),
        .executable(name: "eval_det", targets: ["AblateEvalDet"]),
        .executable(name: "ablate-data", targets: ["AblateData"]),
        .executable(name: "train-core", targets: ["AblateTrainCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // TensorBoard event files. Its build plugin is not used: the message code is generated
        // once and committed (Sources/Store/Proto), since the plugin builds protoc from source.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // Lightning's CSVLogger metrics.csv.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .target(name: "Config", dependencies: [
            "Yams", .product(name: "OrderedCollections", package: "swift-collections"),
        ]),
        .target(name: "Sweep", dependencies: ["Config"]),
        .target(name: "Store", dependencies: [
            "Yams", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"), .product(name: "CSV", package: "CSV.swift"),
        ], exclude: ["Proto/tensorboard_event.proto"]),
        // fork/exec with a parent-death signal and exit notification (posix_spawn cannot set those).
        .target(name: "CAblateProcess"),
        .target(name: "Launch", dependencies: ["Sweep", "Store", "Config", "CAblateProcess"]),
        // Readings of a run's metrics shared by the training loop and the reports (train vs val).
        .target(name: "Diagnostics"),
        .target(name: "Report", dependencies: [
            "Store", "Diagnostics", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "CTorch", cxxSettings: libtorchCxxSettings, linkerSettings: libtorchLinkerSettings),
        .target(name: "Torch", dependencies: ["CTorch"]),
        .target(name: "Train", dependencies: ["Torch", "Config", "Diagnostics"]),
        // Image-side native code: OpenCV (core, imgproc, imgcodecs), Clipper and FreeType behind a
        // C header. Headers come through in-package symlinks (sysinclude/), since Debian's
        // opencv4.pc ships only with the full libopencv-dev.
        .target(name: "CVision",
            cxxSettings: [
                .headerSearchPath("../../sysinclude/opencv4"),
                .headerSearchPath("../../sysinclude/freetype2"),
            ],
            linkerSettings: [
                .linkedLibrary("opencv_core"), .linkedLibrary("opencv_imgproc"),
                .linkedLibrary("opencv_imgcodecs"), .linkedLibrary("polyclipping"),
                .linkedLibrary("freetype"),
            ]),
        // zlib (system library) for gzip-compressed dataset files.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "Vision", dependencies: ["CVision", "CZlib", "Train", "Torch", "Config"]),

        .executableTarget(name: "AblateTrain", dependencies: [
            "Config", "Sweep", "Launch", "Store", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // One worker process starts per job: linking the Swift runtime and Foundation statically
        // roughly halves its start time (no dynamic loading and relocation of a dozen libraries).
        .executableTarget(name: "AblateWorker", dependencies: [
            "Config", "Launch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [.unsafeFlags([
            "-static-stdlib", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
            "-lswiftSynchronization",
        ], .when(platforms: [.linux], configuration: .release))]),
        .executableTarget(name: "AblateCollect", dependencies: [
            "Store", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "AblateTable", dependencies: [
            "Store", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .executableTarget(name: "AblateReport", dependencies: [
            "Store", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The training core's side of `scripts/bench train` (steps/s against PyTorch in Python).
        .executableTarget(name: "TrainBench", dependencies: ["Train", "Torch"]),

        // The Swift side of `scripts/bench tpe` (TPE and random search on standard functions).
        .executableTarget(name: "TPEBench", dependencies: ["Sweep", "Config"]),

        // Shared by the test targets: the reference Python for differential tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "ConfigTests", dependencies: ["TestSupport", "Config", "Yams"], exclude: ["Fixtures"]),
        .testTarget(name: "SweepTests", dependencies: ["TestSupport", "Sweep"], exclude: ["Fixtures"]),
        .testTarget(name: "LaunchTests", dependencies: ["TestSupport", "Launch", "Store", "Sweep", "Config", "CAblateProcess"]),
        .testTarget(name: "StoreTests", dependencies: ["TestSupport", "Store"]),
        // Runs the built collect_results / generate_ablation_table as real processes, and reads
        // run directories the real Sweep writer lays out.
        .testTarget(name: "ReportTests", dependencies: ["TestSupport", "Report", "Diagnostics", "Sweep", "Config", "AblateCollect", "AblateTable",
                                                       "AblateReport"]),
        .testTarget(name: "TorchTests", dependencies: ["Torch"]),
        .testTarget(name: "TrainTests", dependencies: ["TestSupport", "Train", "Torch", "Config"]),
        .executableTarget(name: "AblateEvalDet", dependencies: [
            "Vision", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The built-in training core (`task=train`): train-worker runs it as a child process, so the
        // worker itself starts without loading libtorch.
        .executableTarget(name: "AblateTrainCore", dependencies: ["Config", "Train", "Vision"]),
        .executableTarget(name: "AblateData", dependencies: [
            "Vision", "Config", "Train", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The Swift side of `scripts/bench vision-labels`.
        .executableTarget(name: "VisionBench", dependencies: ["Vision"]),

        // Also runs the built train-worker, train-core, eval_det and ablate-data as real processes.
        // (Not a dependency on AblateWorker: its release-only static linking would leak into the
        // test bundle, which cannot link Testing statically. The tests find the built binary.)
        .testTarget(name: "VisionTests", dependencies: ["TestSupport", "Vision", "CVision", "Train", "Torch", "Config",
                                                        "AblateTrainCore", "AblateEvalDet", "AblateData"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
