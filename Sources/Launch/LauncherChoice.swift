import Config
import Foundation

/// Which launcher runs the jobs, chosen by the `_target_` of the composed `hydra.launcher` node
/// (as Hydra chooses its launcher plugin): Ablate's own `local` and `slurm`, and Hydra's plugin
/// spellings, each run by one of the two.
public enum LauncherChoice: Sendable, Equatable {
    case local(LocalLauncherSettings)
    case slurm(SlurmLauncherSettings)

    /// The `_target_` of each launcher config `train` knows (the `hydra/launcher` options).
    public enum Target: String, CaseIterable, Sendable {
        case local = "ablate.launcher.Local"
        case slurm = "ablate.launcher.Slurm"
        case basic = "hydra._internal.core_plugins.basic_launcher.BasicLauncher"
        case joblib = "hydra_plugins.hydra_joblib_launcher.joblib_launcher.JoblibLauncher"
        case submititLocal = "hydra_plugins.hydra_submitit_launcher.submitit_launcher.LocalLauncher"
        case submititSlurm = "hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher"
    }

    /// Decodes the `hydra.launcher` node (absent: the local launcher with its defaults).
    /// A node without `_target_` is Ablate's earlier form, chosen by `name: local|slurm`.
    public init(launcher node: ConfigValue?, path: String = "hydra.launcher",
                cores: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        guard var node, case .dict = node else {
            if let node, !node.isNull { throw LaunchError.invalidSetting(key: path, reason: "expected a mapping") }
            self = .local(LocalLauncherSettings())
            return
        }
        let target: Target
        if let raw = node.remove(at: ["_target_"]) {
            guard let text = raw.stringValue, let known = Target(rawValue: text) else {
                throw LaunchError.invalidSetting(
                    key: "\(path)._target_",
                    reason: "unknown launcher '\(raw.stringValue ?? raw.kindName)'; choose one with hydra/launcher="
                        + "local|slurm|basic|joblib|submitit_local|submitit_slurm")
            }
            target = known
        } else {
            switch node.child("name")?.stringValue ?? "local" {
            case "local": target = .local
            case "slurm": target = .slurm
            case let other:
                throw LaunchError.invalidSetting(key: "\(path).name", reason: "unknown launcher '\(other)'; use hydra/launcher=local or hydra/launcher=slurm")
            }
            node.remove(at: ["name"])
        }
        let translated = try HydraLauncherKeys.translate(node, target: target, path: path, cores: cores)
        switch target {
        case .local, .basic, .joblib, .submititLocal:
            self = .local(try LocalLauncherSettings(launcher: translated, path: path))
        case .slurm, .submititSlurm:
            self = .slurm(try SlurmLauncherSettings(launcher: translated, path: path))
        }
    }
}
