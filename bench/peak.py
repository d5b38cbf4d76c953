"""Run a Python program or `-c CODE`, then write this process's peak RSS in KiB to $PEAK_FILE.

VmHWM in /proc/self/status is the high-water mark of the memory of this program since it was
started, unlike a child's ru_maxrss, which on Linux also counts the parent's memory at fork.
"""

import atexit
import os
import runpy
import sys


def _report() -> None:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                with open(os.environ["PEAK_FILE"], "w") as out:
                    out.write(line.split()[1])


atexit.register(_report)
if sys.argv[1] == "-c":
    code = sys.argv[2]
    sys.argv = ["-c", *sys.argv[3:]]
    exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
