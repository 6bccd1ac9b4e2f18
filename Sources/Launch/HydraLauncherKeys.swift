import Config

/// Hydra's launcher plugins' keys (hydra-joblib-launcher and hydra-submitit-launcher 1.2) as the
/// settings of the Ablate launcher that runs them. Keys with nothing to choose here (joblib's
/// backend, since every job is its own process; submitit's folder, since each job logs into its
/// run directory) are accepted and dropped; every other key goes to the strict decoder.
enum HydraLauncherKeys {
    /// Accepted and not applied, per plugin (see the type's note and docs/hydra.md).
    static let inertJoblib: Set<String> = [
        "backend", "prefer", "require", "verbose", "timeout", "pre_dispatch", "batch_size", "temp_folder",
        "max_nbytes", "mmap_mode",
    ]
    static let inertSubmititLocal: Set<String> = [
        "submitit_folder", "timeout_min", "tasks_per_node", "mem_gb", "nodes", "name", "stderr_to_stdout",
    ]
    static let inertSubmititSlurm: Set<String> = ["submitit_folder", "name", "stderr_to_stdout", "max_num_timeout"]
    /// submitit's sbatch options that Ablate's Slurm settings carry as `additional_parameters`.
    static let sbatchPassThrough = ["comment", "cpus_per_gpu", "gpus_per_task", "mem_per_gpu"]

    static func translate(_ node: ConfigValue, target: LauncherChoice.Target, path: String, cores: Int) throws -> ConfigValue {
        var out = node
        switch target {
        case .local, .slurm:
            break
        case .basic:
            if out.child("n_jobs") == nil { out.set(.int(1), at: ["n_jobs"]) }
        case .joblib:
            for key in inertJoblib { out.remove(at: [key]) }
            if let value = out.child("n_jobs") { out.set(try joblibJobs(value, key: "\(path).n_jobs", cores: cores), at: ["n_jobs"]) }
        case .submititLocal:
            for key in inertSubmititLocal { out.remove(at: [key]) }
            if let cpus = out.remove(at: ["cpus_per_task"]), !cpus.isNull { out.set(cpus, at: ["threads_per_job"]) }
            if let gpus = out.remove(at: ["gpus_per_node"]) {
                switch gpus {
                case .null, .int(0): break
                default:
                    throw LaunchError.invalidSetting(
                        key: "\(path).gpus_per_node",
                        reason: "the local pool gives each job one GPU from a list; set \(path).gpus=[0,1,...] instead")
                }
            }
        case .submititSlurm:
            for key in inertSubmititSlurm { out.remove(at: [key]) }
            // submitit's null means "not set": the Slurm settings' own default (mem_gb: no --mem).
            for key in ["cpus_per_task", "gpus_per_node", "setup"] where out.child(key)?.isNull == true {
                out.remove(at: [key])
            }
            for key in sbatchPassThrough {
                guard let value = out.remove(at: [key]), !value.isNull else { continue }
                if out.child("additional_parameters")?.isNull != false { out.set(.dict([:]), at: ["additional_parameters"]) }
                out.set(value, at: ["additional_parameters", key])
            }
        }
        return out
    }

    /// joblib's `n_jobs`: N >= 1 at once; -1 all cores, -2 all but one, and so on.
    static func joblibJobs(_ value: ConfigValue, key: String, cores: Int) throws -> ConfigValue {
        switch value {
        case .null, .int(-1): return .null
        case .int(let n) where n >= 1: return .int(n)
        case .int(let n) where n < -1: return .int(max(1, cores + 1 + n))
        default:
            throw LaunchError.invalidSetting(key: key, reason: "expected a whole number >= 1, or -1 for all cores (-2 all but one, ...)")
        }
    }
}
