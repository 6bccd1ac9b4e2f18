#define _GNU_SOURCE
#include "ablate_process.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void child_fail(int pipe_fd, int stage) {
    int record[2] = {errno, stage};
    ssize_t ignored = write(pipe_fd, record, sizeof record);
    (void)ignored;
    _exit(127);
}

static void close_from(int low, int high) {
    if (low > high) return;
    if (syscall(SYS_close_range, (unsigned)low, (unsigned)high, 0) == 0) return;
    for (int fd = low; fd <= high && fd < 65536; fd++) close(fd);
}

pid_t ablate_spawn(const char *file, char *const argv[], char *const envp[], const char *cwd,
                   int stdin_fd, int stdout_fd, int stderr_fd, int new_group, int death_signal,
                   int *error_out, int *stage_out) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error_out = errno;
        *stage_out = 4;
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error_out = errno;
        *stage_out = 1;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        sigset_t all;
        sigemptyset(&all);
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig == SIGKILL || sig == SIGSTOP) continue;
            signal(sig, SIG_DFL);
        }
        sigprocmask(SIG_SETMASK, &all, NULL);
        if (new_group && setpgid(0, 0) != 0) child_fail(report[1], 4);
        if (death_signal != 0) {
            if (prctl(PR_SET_PDEATHSIG, death_signal) != 0) child_fail(report[1], 4);
            if (getppid() != parent) _exit(128 + death_signal);
        }
        // Move the report pipe above the standard descriptors before replacing them.
        int out_fd = report[1];
        if (out_fd <= 2) {
            out_fd = fcntl(report[1], F_DUPFD_CLOEXEC, 3);
            if (out_fd < 0) child_fail(report[1], 4);
        }
        int fds[3] = {stdin_fd, stdout_fd, stderr_fd};
        int moved[3];
        for (int i = 0; i < 3; i++) {
            moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
            if (moved[i] < 0) child_fail(out_fd, 4);
        }
        for (int i = 0; i < 3; i++) {
            if (dup2(moved[i], i) < 0) child_fail(out_fd, 4);
        }
        if (cwd != NULL && chdir(cwd) != 0) child_fail(out_fd, 2);
        close_from(3, out_fd - 1);
        close_from(out_fd + 1, 0x7fffffff);
        execvpe(file, argv, envp);
        child_fail(out_fd, 3);
    }
    close(report[1]);
    int record[2];
    ssize_t got;
    do {
        got = read(report[0], record, sizeof record);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof record) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *error_out = record[0];
        *stage_out = record[1];
        return -1;
    }
    return pid;
}

#define GUARDIAN_MAX_GROUPS 8192

static double monotonic_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void sleep_seconds(double seconds) {
    struct timespec pause = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {}
}

// The guardian's life after fork: async-signal-safe calls only (the parent has threads).
static void guardian_main(int input, double kill_timeout) {
    static pid_t groups[GUARDIAN_MAX_GROUPS];
    int count = 0;
    pid_t record;
    size_t filled = 0;
    for (;;) {
        ssize_t got = read(input, (char *)&record + filled, sizeof record - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        filled += (size_t)got;
        if (filled < sizeof record) continue;
        filled = 0;
        if (record > 0) {
            if (count < GUARDIAN_MAX_GROUPS) groups[count++] = record;
        } else if (record < 0) {
            for (int i = 0; i < count; i++) {
                if (groups[i] == -record) {
                    groups[i] = groups[--count];
                    break;
                }
            }
        }
    }
    // Every writer is gone: the launcher ended. Whatever it still ran goes with it.
    for (int i = 0; i < count; i++) kill(-groups[i], SIGTERM);
    double deadline = monotonic_seconds() + kill_timeout;
    while (count > 0) {
        int alive = 0;
        for (int i = 0; i < count; i++) {
            if (kill(-groups[i], 0) == 0 || errno != ESRCH) groups[alive++] = groups[i];
        }
        count = alive;
        if (count == 0 || monotonic_seconds() >= deadline) break;
        sleep_seconds(0.05);
    }
    for (int i = 0; i < count; i++) kill(-groups[i], SIGKILL);
    _exit(0);
}

int ablate_guardian_start(double kill_timeout, pid_t *pid_out) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        return -saved;
    }
    if (pid == 0) {
        // Its own group: a kill of the launcher's group (a terminal's ^C, `kill -- -pgid`) spares it.
        setpgid(0, 0);
        int ignored[6] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP};
        for (int i = 0; i < 6; i++) signal(ignored[i], SIG_IGN);
        signal(SIGCHLD, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        // Hold nothing of the launcher's: not its output, not the sweep directory's lock.
        int input = fds[0];
        if (input != 0) {
            if (dup2(input, 0) < 0) _exit(1);
            input = 0;
        }
        close_from(1, 0x7fffffff);
        guardian_main(input, kill_timeout);
    }
    close(fds[0]);
    *pid_out = pid;
    int flags = fcntl(fds[1], F_GETFL);
    fcntl(fds[1], F_SETFL, flags | O_NONBLOCK);
    return fds[1];
}

static atomic_long interrupt_count = 0;
static atomic_int last_signal = 0;
static int interrupt_pipe[2] = {-1, -1};
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_child(int sig) {
    (void)sig;
    int saved = errno;
    if (interrupt_pipe[1] >= 0) {
        char byte = 2;
        ssize_t ignored = write(interrupt_pipe[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static void on_interrupt(int sig) {
    int saved = errno;
    atomic_store(&last_signal, sig);
    atomic_fetch_add(&interrupt_count, 1);
    if (interrupt_pipe[1] >= 0) {
        char byte = 1;
        ssize_t ignored = write(interrupt_pipe[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int ablate_install_interrupt_handlers(void) {
    pthread_mutex_lock(&install_lock);
    int rc = 0;
    if (interrupt_pipe[0] < 0) {
        if (pipe2(interrupt_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
            rc = errno;
        } else {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = on_interrupt;
            sigemptyset(&action.sa_mask);
            action.sa_flags = SA_RESTART;
            int signals[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
            for (int i = 0; i < 4 && rc == 0; i++) {
                if (sigaction(signals[i], &action, NULL) != 0) rc = errno;
            }
            struct sigaction child;
            memset(&child, 0, sizeof child);
            child.sa_handler = on_child;
            sigemptyset(&child.sa_mask);
            child.sa_flags = SA_RESTART | SA_NOCLDSTOP;
            if (rc == 0 && sigaction(SIGCHLD, &child, NULL) != 0) rc = errno;
        }
    }
    pthread_mutex_unlock(&install_lock);
    return rc;
}

long ablate_interrupt_count(void) { return atomic_load(&interrupt_count); }

int ablate_last_interrupt_signal(void) { return atomic_load(&last_signal); }

int ablate_interrupt_fd(void) { return interrupt_pipe[0]; }

int ablate_notify_pipe(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0) return errno;
    int flags = fcntl(fds[0], F_GETFL);
    if (fcntl(fds[0], F_SETFL, flags | O_NONBLOCK) != 0) return errno;
    return 0;
}

void ablate_drain(int fd) {
    char buffer[64];
    while (read(fd, buffer, sizeof buffer) > 0) {}
}

int ablate_set_malloc_thresholds(int mmap_threshold, int trim_threshold) {
    int a = mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    int b = mallopt(M_TRIM_THRESHOLD, trim_threshold);
    return a == 1 && b == 1;
}
