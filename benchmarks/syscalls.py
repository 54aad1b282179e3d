#!/usr/bin/env python3
"""System calls per operation (P3's locks, P2's atomic writes): runs a program (LockSyscalls by default,
AtomicWriteSyscalls for P2) under `strace -f -c` with a small and a large number of operations, for
the annotated subject and the raw yardstick, and writes the difference per operation (the JVM's own
start-up and exit cancel out) as JSON."""
import argparse
import json
import os
import subprocess
import tempfile

# The JVM's own housekeeping (safepoints, threads, memory), not the lock's work.
JVM_HOUSEKEEPING = {"futex", "gettid", "sched_yield", "mprotect", "madvise", "mmap", "munmap", "rt_sigreturn"}


def counts(classpath, program, mode, operations, directory):
    with tempfile.NamedTemporaryFile(suffix=".strace", delete=False) as summary:
        path = summary.name
    try:
        subprocess.run(["strace", "-f", "-c", "-o", path, "java", "-cp", classpath,
                        "dev.resilientio.benchmarks." + program, mode, str(operations), directory],
                       check=True, stdout=subprocess.DEVNULL)
        calls = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                # "% time  seconds  usecs/call  calls  [errors]  syscall"
                if len(fields) >= 5 and fields[0][0].isdigit() and fields[-1] != "total":
                    calls[fields[-1]] = (int(fields[3]), int(fields[4]) if len(fields) == 6 else 0)
        return calls
    finally:
        os.unlink(path)


def per_operation(classpath, program, mode, small, large, directory):
    before = counts(classpath, program, mode, small, os.path.join(directory, mode + "-small"))
    after = counts(classpath, program, mode, large, os.path.join(directory, mode + "-large"))
    result = {}
    for name, (calls, errors) in after.items():
        calls_before, errors_before = before.get(name, (0, 0))
        per_op = (calls - calls_before) / (large - small)
        if per_op >= 0.5 and name not in JVM_HOUSEKEEPING:
            result[name] = {"calls": round(per_op, 2), "errors": round((errors - errors_before) / (large - small), 2)}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classpath", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--program", default="LockSyscalls", help="the main class in dev.resilientio.benchmarks")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = {mode: per_operation(args.classpath, args.program, mode, 200, 200 + args.operations, args.dir)
              for mode in ("annotated", "raw")}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    print(args.program, "system calls per operation:", json.dumps(result))


if __name__ == "__main__":
    main()
