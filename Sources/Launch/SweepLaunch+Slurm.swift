import Foundation

extension SweepLaunch {
    /// Submits the jobs (those not completed, with `resume`) as a Slurm array and returns at
    /// once (`--detach`, `launcher.wait=false`), printing the array's job id and what to do next.
    /// Returns the exit code: 0 once submitted.
    public func submit(with launcher: SlurmLauncher) throws -> Int32 {
        let toRun = plan?.toRun ?? jobs
        if let plan, toRun.isEmpty {
            print("nothing to resume: all \(plan.skipped.count) job(s) already completed")
            return 0
        }
        let id = try launcher.submitDetached(toRun)
        let sweep = launcher.sweepDirectory.path
        print("""
            submitted \(toRun.count) job(s) to Slurm as array job \(id): \(sweep)
            follow it with `squeue -j \(id)`; cancel it with `scancel \(id)`
            collect the results with collect_results; rerun what did not complete with the same command and --resume
            """)
        return 0
    }
}
