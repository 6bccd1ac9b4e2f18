import CAblateProcess
import Foundation

/// How a child process ended, decoded from a `waitpid` status.
public enum ProcessExit: Sendable, Equatable {
    case exited(Int)
    case signaled(Int)

    init(waitStatus status: Int32) {
        let low = status & 0x7f
        if low == 0 {
            self = .exited(Int((status >> 8) & 0xff))
        } else {
            self = .signaled(Int(low))
        }
    }

    /// The status a shell would report: the exit code, or 128 + signal.
    public var shellCode: Int {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }
}

/// Starting child processes from argv arrays (never a shell), with their output in files.
public enum ChildProcess {
    /// What to start and how.
    public struct Request: Sendable {
        /// argv; `arguments[0]` is the program (searched in PATH when it holds no `/`).
        public var arguments: [String]
        public var environment: [String: String]
        public var workingDirectory: URL?
        /// Files the child's stdout and stderr are appended to; nil: this process's own.
        public var stdoutPath: String?
        public var stderrPath: String?
        /// Put the child in a process group of its own (the launcher signals workers by group).
        public var newProcessGroup: Bool
        /// Signal the child receives when this thread's process dies (0: none).
        public var deathSignal: Int32

        public init(arguments: [String], environment: [String: String], workingDirectory: URL?,
                    stdoutPath: String?, stderrPath: String?, newProcessGroup: Bool, deathSignal: Int32 = SIGKILL) {
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
            self.newProcessGroup = newProcessGroup
            self.deathSignal = deathSignal
        }
    }

    /// Starts the child and returns its pid. The caller must reap it (see `ExitWatcher`).
    /// The parent-death signal is tied to the calling thread: call from a thread that
    /// outlives the child.
    public static func spawn(_ request: Request, context runDirectory: String) throws -> pid_t {
        guard let program = request.arguments.first, !program.isEmpty else {
            throw LaunchError.spawnFailed(program: "", runDirectory: runDirectory, reason: "empty command")
        }
        let out = try request.stdoutPath.map(openLog) ?? dup(STDOUT_FILENO)
        defer { close(out) }
        let err = try request.stderrPath.map(openLog) ?? dup(STDERR_FILENO)
        defer { close(err) }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw LaunchError.cannotOpen(path: "/dev/null", reason: errnoText()) }
        defer { close(input) }

        let argv = CStringArray(request.arguments)
        let envp = CStringArray(request.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var errorCode: Int32 = 0
        var stage: Int32 = 0
        let pid = argv.withPointers { argvPointer in
            envp.withPointers { envPointer in
                if let directory = request.workingDirectory {
                    return ablate_spawn(program, argvPointer, envPointer, directory.path, input, out, err,
                                        request.newProcessGroup ? 1 : 0, request.deathSignal, &errorCode, &stage)
                }
                return ablate_spawn(program, argvPointer, envPointer, nil, input, out, err,
                                    request.newProcessGroup ? 1 : 0, request.deathSignal, &errorCode, &stage)
            }
        }
        guard pid > 0 else {
            let reason = String(cString: strerror(errorCode))
            let detail: String
            switch stage {
            case 2: detail = "cannot enter \(request.workingDirectory?.path ?? "."): \(reason)"
            case 3: detail = errorCode == ENOENT ? "no such program (check the path or PATH)" : reason
            default: detail = reason
            }
            throw LaunchError.spawnFailed(program: program, runDirectory: runDirectory, reason: detail)
        }
        return pid
    }

    static func openLog(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LaunchError.cannotOpen(path: path, reason: errnoText()) }
        return fd
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }

/// A NULL-terminated array of C strings that lives as long as this value.
final class CStringArray {
    private var storage: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        storage = strings.map { strdup($0) } + [nil]
    }

    deinit {
        for pointer in storage { free(pointer) }
    }

    func withPointers<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        storage.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
