"""Runs a command in a pseudo-terminal, as a terminal emulator would, and copies every byte it
writes to stdout (for a test to render with a terminal emulator). Exits with the command's status.

    python pty_run.py --size=120x60 [--on=TEXT ACTION]... -- command args...

Each --on waits for TEXT in the output (after the previous action's point) and then does ACTION:
  resize=COLSxROWS  resizes the terminal (the kernel sends the command SIGWINCH) and writes the
                    marker ESC ] 9999 ; resize=COLSxROWS BEL to stdout at that point of the stream
  ctrl-c            types Ctrl-C (the terminal sends SIGINT and echoes ^C, as a real one does)
--timeout=SECONDS kills the command if it runs longer (default 60).
"""

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def set_size(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def parse_size(text):
    cols, rows = text.split("x")
    return int(cols), int(rows)


def main():
    args = sys.argv[1:]
    split = args.index("--")
    options, command = args[:split], args[split + 1 :]
    size, timeout, actions = (80, 24), 60.0, []
    i = 0
    while i < len(options):
        if options[i].startswith("--size="):
            size = parse_size(options[i][len("--size=") :])
        elif options[i].startswith("--timeout="):
            timeout = float(options[i][len("--timeout=") :])
        elif options[i].startswith("--on="):
            actions.append((options[i][len("--on=") :].encode(), options[i + 1]))
            i += 1
        else:
            sys.exit(f"pty_run.py: unknown option {options[i]}")
        i += 1

    pid, master = pty.fork()
    if pid == 0:  # the child: the pty's slave is its stdin, stdout, stderr and controlling terminal
        set_size(0, *size)
        attrs = termios.tcgetattr(0)
        # Keep what was written when Ctrl-C comes (Linux discards the unread output otherwise,
        # bytes a test would then miss at random).
        attrs[3] |= termios.NOFLSH
        termios.tcsetattr(0, termios.TCSANOW, attrs)
        os.environ["TERM"] = "xterm-256color"
        os.execvp(command[0], command)

    out = sys.stdout.buffer
    seen = b""  # the output since the last action, searched for the next action's text
    deadline = time.monotonic() + timeout
    while True:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            sys.stderr.write(f"pty_run.py: killed the command after {timeout} s\n")
            deadline = float("inf")
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the command has exited and the slave is closed
            data = b""
        if not data:
            break
        out.write(data)
        out.flush()
        seen += data
        while actions and actions[0][0] in seen:
            text, action = actions.pop(0)
            seen = seen[seen.index(text) + len(text) :]
            if action == "ctrl-c":
                os.write(master, b"\x03")
            elif action.startswith("resize="):
                set_size(master, *parse_size(action[len("resize=") :]))
                out.write(b"\x1b]9999;" + action.encode() + b"\x07")
                out.flush()
            else:
                sys.exit(f"pty_run.py: unknown action {action}")
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))


if __name__ == "__main__":
    main()
