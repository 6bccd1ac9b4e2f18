#ifndef ABLATE_PROCESS_H
#define ABLATE_PROCESS_H

// Process primitives the launcher and the worker need and posix_spawn cannot give:
// a parent-death signal and a process group set in the child before exec, exit
// notification through a pipe, and interrupt signals counted by an async-signal-safe
// handler. Only syscalls run between fork and exec.

#include <sys/types.h>

/// Forks and execs `file` (searched in PATH when it has no '/') with `argv` and `envp`.
/// In the child, before exec: signal dispositions and mask reset to defaults; a new process
/// group when `new_group` is non-zero; `death_signal` (if non-zero) delivered when the
/// parent dies (and the child exits at once if the parent is already gone); stdin, stdout
/// and stderr replaced by the given descriptors; working directory `cwd` (if non-NULL);
/// every other descriptor closed.
/// Returns the child's pid, or -1 with `*error_out` set to the errno of the step that failed
/// (`*stage_out`: 1 fork, 2 chdir, 3 exec, 4 other setup).
pid_t ablate_spawn(const char *file, char *const argv[], char *const envp[], const char *cwd,
                   int stdin_fd, int stdout_fd, int stderr_fd, int new_group, int death_signal,
                   int *error_out, int *stage_out);

/// Starts the guardian: a forked copy of this process, in a process group of its own, that
/// ignores the signals a terminal or a group kill sends, and holds nothing but the read end of a
/// pipe. Jobs' process groups are registered by writing a pid_t to the returned descriptor (a
/// positive pgid: add; its negation: remove). When every writer is gone (this process ended,
/// by any signal, SIGKILL included) it sends SIGTERM to each group still registered, then
/// SIGKILL to those with a member left after `kill_timeout` seconds, and exits. Only syscalls
/// run in it (it never execs). Returns the write end (close-on-exec, non-blocking) and sets
/// `*pid_out` (the owner reaps it after closing the descriptor), or returns -errno.
int ablate_guardian_start(double kill_timeout, pid_t *pid_out);

/// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT that count the signals received and
/// wake `ablate_interrupt_fd()`, and a SIGCHLD handler that only wakes it (children are
/// reaped by their owners with waitpid). Idempotent. Returns 0 or an errno.
int ablate_install_interrupt_handlers(void);

/// How many interrupt signals arrived since the handlers were installed.
long ablate_interrupt_count(void);

/// The number of the last interrupt signal received (0 if none).
int ablate_last_interrupt_signal(void);

/// Read end of a non-blocking pipe that becomes readable when an interrupt arrives or a
/// child exits, or -1.
int ablate_interrupt_fd(void);

/// Creates a close-on-exec pipe whose read end `fds[0]` is non-blocking. Returns 0 or an errno.
int ablate_notify_pipe(int fds[2]);

/// Drains a non-blocking descriptor (the interrupt pipe).
void ablate_drain(int fd);

/// Raises glibc's mmap and trim thresholds (bytes); returns 1 when both were accepted.
int ablate_set_malloc_thresholds(int mmap_threshold, int trim_threshold);

#endif
