import Foundation
import Launch

// train-worker <run dir>: runs one job of a sweep; started by the launcher (or a Slurm array task).
Worker.raiseMallocThresholds()
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 1, let path = arguments.first, !path.hasPrefix("-") else {
    FileHandle.standardError.write(Data("usage: train-worker <run dir> (started by `train`, which prepares the run directory)\n".utf8))
    exit(2)
}
// The built-in training core (task=train) runs as the `train-core` executable next to this one
// (a child process), so the worker never loads libtorch and starts fast for every task.
exit(Worker(runDirectory: URL(fileURLWithPath: path), trainingCore: nil).run())
