/**
 * A step launcher written in Python 3, for the shell pool. It starts each step with
 * `os.posix_spawn(…, setsid=True)`, which glibc implements with `clone(CLONE_VFORK)`: no page
 * tables are copied and no `setsid` binary is executed, so a step costs one `exec` of `/bin/sh`,
 * as under make. The `/bin/sh` worker needs a real `fork` of itself plus an `exec` of `setsid`
 * for the same job, which on a small VM costs about as much again as the step itself.
 *
 * Protocol (stdin): a header line with the line count of each field, then the fields: working
 * directory, log path, command, then one field per variable, `NAME=value` to set it or `NAME`
 * to remove it. Stdout: `r` once when ready (before the first job is read), then `e STATUS` per
 * job (128 + signal number when the step was killed by a signal, like `sh`'s `$?`).
 *
 * Watchdog (fd 3): a pipe from mlp that nobody writes to. A thread reads it; end of file means
 * mlp is gone (kill -9 included), and the thread SIGKILLs the running step's group and exits, so
 * no step outlives its mlp by more than a moment. Unlike `PR_SET_PDEATHSIG` this does not depend
 * on which of Node's threads spawned the launcher.
 */
import { existsSync } from "node:fs";

/**
 * The launcher. Without `posix_spawn` or its `setsid` (Python < 3.8, an old libc) it falls back
 * to `fork` + `setsid` + `execve`. It ignores SIGINT itself (a Ctrl-C on the terminal reaches the
 * worker, whose steps are stopped by mlp) and resets SIGINT, SIGPIPE and SIGXFSZ to their
 * defaults in every step, as a shell would.
 */
export const PYTHON_LAUNCHER = `
import os, signal, sys, threading
rd = sys.stdin.buffer.readline
DEF = [signal.SIGINT, signal.SIGPIPE, signal.SIGXFSZ]
SH = b"/bin/sh"
signal.signal(signal.SIGINT, signal.SIG_IGN)
spawn = getattr(os, "posix_spawn", None)

def note(lg, text):
    try:
        fd = os.open(lg, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        os.write(fd, text.encode("utf-8", "replace"))
        os.close(fd)
    except OSError:
        pass

def forked(lg, c, env):
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            for s in DEF:
                signal.signal(s, signal.SIG_DFL)
            fd = os.open("/dev/null", os.O_RDONLY)
            os.dup2(fd, 0)
            fd = os.open(lg, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execve(SH, [SH, b"-c", c], env)
        finally:
            os._exit(127)
    return pid

def start(d, lg, c, env):
    global spawn
    try:
        os.chdir(d)
    except OSError as e:
        note(lg, "mlp: cannot enter the working directory: %s\\n" % e)
        return None
    if spawn is not None:
        try:
            return spawn(SH, [SH, b"-c", c], env, setsid=True, setsigdef=DEF, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, lg, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666),
                (os.POSIX_SPAWN_DUP2, 1, 2)])
        except (NotImplementedError, TypeError):
            spawn = None
    return forked(lg, c, env)

cur = [0, False]

def watch():
    try:
        while os.read(3, 512):
            pass
    except OSError:
        pass
    cur[1] = True
    if cur[0]:
        try:
            os.killpg(cur[0], signal.SIGKILL)
        except OSError:
            pass
    os._exit(0)

def main():
    base = dict(os.environb)
    try:
        os.set_inheritable(3, False)
        threading.Thread(target=watch, daemon=True).start()
    except OSError:
        pass
    os.write(1, b"r\\n")
    while True:
        h = rd()
        if not h.endswith(b"\\n"):
            return
        fields = []
        for n in h.split():
            v = b"".join([rd() for _ in range(int(n))])
            fields.append(v[:-1] if v.endswith(b"\\n") else v)
        d, lg, c = fields[0], fields[1], fields[2]
        env = dict(base)
        env[b"PWD"] = d
        for kv in fields[3:]:
            k, eq, v = kv.partition(b"=")
            if eq:
                env[k] = v
            else:
                env.pop(k, None)
        try:
            pid = start(d, lg, c, env)
        except (OSError, ValueError) as e:
            note(lg, "mlp: cannot start the step: %s\\n" % e)
            pid = None
        status = 127
        if pid is not None:
            cur[0] = pid
            if cur[1]:
                os.killpg(pid, signal.SIGKILL)
                os._exit(0)
            _, st = os.waitpid(pid, 0)
            status = 128 + os.WTERMSIG(st) if os.WIFSIGNALED(st) else os.WEXITSTATUS(st)
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            cur[0] = 0
        os.write(1, b"e %d\\n" % status)

main()
`;

/** A Python 3 interpreter at a fixed path (never searched for on `PATH`), or undefined. */
export const PYTHON: string | undefined = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].find((p) => existsSync(p));
