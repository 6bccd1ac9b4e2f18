// swift-tools-version:6.0
import PackageDescription

// Orchestration targets (Config, Sweep, Launch, Store, Report) never import Torch:
// they build, run and are tested without libtorch loaded.
let package = Package(
    name: "Ablate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "train", targets: ["AblateTrain"]),
        .executable(name: "train-worker", targets: ["AblateWorker"]),
        .executable(name: "collect_results", targets: ["AblateCollect"]),
        .executable(name: "generate_ablation_table", targets: ["AblateTable"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "Config", dependencies: [
            "Yams", .product(name: "OrderedCollections", package: "swift-collections"),
        ]),
        .target(name: "Sweep", dependencies: ["Config"]),
        .target(name: "Store", dependencies: ["Yams", .product(name: "GRDB", package: "GRDB.swift")]),
        // fork/exec with a parent-death signal and exit notification (posix_spawn cannot set those).
        .target(name: "CAblateProcess"),
        .target(name: "Launch", dependencies: ["Sweep", "Store", "Config", "CAblateProcess"]),
        .target(name: "Report", dependencies: ["Store"]),

        .executableTarget(name: "AblateTrain", dependencies: [
            "Config", "Sweep", "Launch", "Store",
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

        .testTarget(name: "ConfigTests", dependencies: ["Config"], exclude: ["Fixtures"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep"], exclude: ["Fixtures"]),
        .testTarget(name: "LaunchTests", dependencies: ["Launch", "Store", "CAblateProcess"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        // Runs the built collect_results / generate_ablation_table as real processes, and reads
        // run directories the real Sweep writer lays out.
        .testTarget(name: "ReportTests", dependencies: ["Report", "Sweep", "Config", "AblateCollect", "AblateTable"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
