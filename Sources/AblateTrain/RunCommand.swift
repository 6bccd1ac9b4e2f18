import Config
import Foundation

// Running jobs (a single run, or a sweep with -m) is the launcher's part (branch `launch`);
// this file is replaced when that branch is merged.

/// Runs the job(s) a command line asks for; returns the process exit code
/// (0 all succeeded, 1 some job failed, 2 usage/config error, 130 interrupted).
func runJobs(_ request: JobRequest) throws -> Int32 {
    FileHandle.standardError.write(Data("""
        error: running jobs is not built in this branch (compose): only composition and introspection are.
        Use --cfg job|hydra|all, --info or --help here; runs and sweeps come with the launcher.

        """.utf8))
    return 2
}
