#!/usr/bin/env python3
"""P6, the seeds' half: what the seeds' Python does for one safe write, timed in a loop.

An exclusive fcntl lock on a sidecar lock file, then a temp file in the target's directory,
write, flush, os.fsync, close, os.replace over the target. With --dir-fsync it also fsyncs the
directory afterwards, as resilient-io's durable write does; the seeds do not.

Prints and writes JSON: the mean time per write in microseconds over the measured iterations,
its 99.9% confidence half-width (as JMH reports its error), and the samples.
"""
import argparse
import fcntl
import json
import os
import statistics
import sys
import tempfile
import time

# Student's t, two-sided 99.9%, by degrees of freedom; JMH's error uses the same interval.
T_999 = {1: 636.62, 2: 31.60, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78,
         10: 4.59, 11: 4.44, 12: 4.32, 13: 4.22, 14: 4.14, 15: 4.07, 16: 4.01, 17: 3.97,
         18: 3.92, 19: 3.88, 20: 3.85, 25: 3.73, 30: 3.65}


def t_999(df):
    if df in T_999:
        return T_999[df]
    smaller = [k for k in T_999 if k <= df]
    return T_999[max(smaller)] if df <= 30 else 3.29


def safe_write(target, lock_path, payload, dir_fsync):
    directory = os.path.dirname(target)
    with open(lock_path, "a+b") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            fd, temp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(target) + ".",
                                        suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(payload)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temp, target)
            except BaseException:
                if os.path.exists(temp):
                    os.unlink(temp)
                raise
            if dir_fsync:
                dir_fd = os.open(directory, os.O_RDONLY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def iteration(target, lock_path, payload, dir_fsync, seconds):
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    now = start
    while now < deadline:
        safe_write(target, lock_path, payload, dir_fsync)
        count += 1
        now = time.perf_counter()
    return (now - start) * 1e6 / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="directory to write in (created if missing)")
    parser.add_argument("--size", type=int, default=4096, help="payload bytes")
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one iteration")
    parser.add_argument("--dir-fsync", action="store_true", help="also fsync the directory")
    parser.add_argument("--out", required=True, help="JSON file to write")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="p6-python-", dir=args.dir)
    target = os.path.join(work, "tasks.json")
    lock_path = target + ".lock"
    payload = bytes((ord("a") + i % 26) for i in range(args.size))
    try:
        with open(target, "wb") as out:
            out.write(payload)
        for _ in range(args.warmups):
            iteration(target, lock_path, payload, args.dir_fsync, args.seconds)
        samples = [iteration(target, lock_path, payload, args.dir_fsync, args.seconds)
                   for _ in range(args.iterations)]
    finally:
        for name in os.listdir(work):
            os.unlink(os.path.join(work, name))
        os.rmdir(work)
    mean = statistics.fmean(samples)
    error = (t_999(len(samples) - 1) * statistics.stdev(samples) / len(samples) ** 0.5
             if len(samples) > 1 else float("nan"))
    result = {"score": mean, "scoreError": error, "unit": "us/op", "samples": samples,
              "dirFsync": args.dir_fsync, "size": args.size, "python": sys.version.split()[0]}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2)
    print("P6 python%s: %.1f ± %.1f us/op" % (" + dir fsync" if args.dir_fsync else "", mean, error))


if __name__ == "__main__":
    main()
