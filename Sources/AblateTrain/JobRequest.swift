import Config

/// Everything `runJobs` needs to run a single job or a sweep.
struct JobRequest {
    /// Set up on the config search path; reuse it for every job (it caches files).
    var composer: Composer
    var configName: String
    /// The overrides as parsed, in command-line order (sweeps only when `multirun`).
    var overrides: [Override]
    var multirun: Bool
    var dryRun: Bool
    var resume: Bool
    var detach: Bool
    var json: Bool
}
