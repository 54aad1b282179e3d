#!/usr/bin/env python3
"""Writes RESULTS.md from one run of run.sh: JMH's JSON, the P4/P5 harnesses' and the Python's.

Every ratio is computed from numbers of the same run; its error is the two scores' relative
errors combined (root of the sum of squares), so a ratio whose error straddles its goal says so.
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess


def short(entry):
    name = entry["benchmark"].rsplit(".", 2)
    key = name[-2] + "." + name[-1]
    params = entry.get("params") or {}
    if params:
        key += "[" + ",".join("%s=%s" % item for item in sorted(params.items())) + "]"
    return key


def number(value):
    """JMH writes "NaN" (a string) for the error of a single iteration."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def load_jmh(path):
    rows = {}
    if not os.path.exists(path):
        return rows, {}
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    jvm = {}
    for entry in data:
        metric = entry["primaryMetric"]
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})
        rows[short(entry)] = {
            "score": number(metric["score"]), "error": number(metric["scoreError"]), "unit": metric["scoreUnit"],
            "alloc": number(alloc["score"]) if alloc else None, "forks": entry.get("forks"),
            "iterations": entry.get("measurementIterations"),
            "raw": [[number(v) for v in fork] for fork in metric.get("rawData", [])],
        }
        jvm = {"jdk": entry.get("jdkVersion"), "vm": entry.get("vmName"), "vmVersion": entry.get("vmVersion"),
               "jvmArgs": " ".join(entry.get("jvmArgs", []))}
    return rows, jvm


def load(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fmt(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) >= 100:
        return "%.0f" % value
    return ("%." + str(digits) + "f") % value


def ratio(a, b):
    """a/b with its error, a and b as (score, error)."""
    if a is None or b is None or b[0] == 0:
        return None
    r = a[0] / b[0]
    if any(e is None or math.isnan(e) for _, e in (a, b)):
        return r, float("nan")
    rel = math.sqrt(sum((e / s) ** 2 for s, e in (a, b) if s))
    return r, r * rel


def shell(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "n/a"


def machine(bench_dir, results):
    model = "n/a"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    df = shell(["df", "-T", bench_dir]).splitlines()
    fs = df[-1].split() if len(df) > 1 else []
    fs_type = fs[1] if len(fs) > 1 else shell(["stat", "-f", "-c", "%T", bench_dir])
    load = ""
    for source in (os.path.join(results, "loadavg.txt"), "/proc/loadavg"):
        try:
            with open(source, encoding="utf-8") as f:
                load = " ".join(f.read().split()[:3])
            break
        except OSError:
            pass
    return {"cores": os.cpu_count(), "cpu": model, "fs": fs_type, "device": fs[0] if fs else "n/a",
            "kernel": platform.release(), "load": load}


def measure(results):
    """Loads one run's raw files and computes every goal's ratio, as (row, what, value, error, goal, met)."""
    rows, jvm = load_jmh(os.path.join(results, "jmh.json"))
    p4 = load(os.path.join(results, "p4.json"))
    p7 = load(os.path.join(results, "p7.json"))
    p5 = load(os.path.join(results, "p5.json"))
    py = load(os.path.join(results, "p6-python.json"))
    py_sync = load(os.path.join(results, "p6-python-dirsync.json"))
    z1_cost = load(os.path.join(results, "z1-cost.json"))
    z2 = load(os.path.join(results, "z2.json"))
    p1_blocks = load(os.path.join(results, "p1-blocks.json"))

    def score(key):
        row = rows.get(key)
        return (row["score"], row["error"]) if row else None

    goals = []  # (row, what, value, error, goal text, met)

    def goal(row, what, value, limit, at_most=True):
        if limit is None:
            goals.append((row, what, value[0] if value else None, value[1] if value else None, "none", None))
            return
        if value is None:
            goals.append((row, what, None, None, ("≤ " if at_most else "≥ ") + str(limit), None))
            return
        met = value[0] <= limit if at_most else value[0] >= limit
        goals.append((row, what, value[0], value[1], ("≤ " if at_most else "≥ ") + str(limit), met))

    woven = score("RetryBenchmark.retryFileOperationWoven")
    agent = score("AgentRetryBenchmark.retryFileOperationAgent")
    r4j = score("RetryBenchmark.resilience4jRetry")
    plain = score("RetryBenchmark.plainCall")
    bare = score("RetryBenchmark.bareAroundAdvice")
    spring = score("RetryBenchmark.springRetryProxy")
    spring7 = score("RetryBenchmark.springCoreRetryProxy")
    goal("P1", "woven (ajc) / Resilience4j", ratio(woven, r4j), 0.5)
    goal("P1", "agent / Resilience4j", ratio(agent, r4j), 0.5)
    for side, label in (("woven", "woven (ajc)"), ("agent", "agent")):
        blocks = p1_blocks.get(side) if p1_blocks else None
        goal("P1", "%s / Resilience4j, blocks alternating in one JVM (CPU time, median)" % label,
             (blocks["ratio"], None) if blocks else None, 0.5)
    goal("P1b", "woven / Spring Retry", ratio(woven, spring), 0.3)
    goal("P1b", "woven / Spring 7 @Retryable", ratio(woven, spring7), 0.3)
    goal("P1b", "agent / Spring Retry", ratio(agent, spring), 0.3)
    goal("P1b", "agent / Spring 7 @Retryable", ratio(agent, spring7), 0.3)
    p2_pairs = load(os.path.join(results, "p2-pairs.json"))
    for size, label in (("4096", "4 KiB"), ("1048576", "1 MiB")):
        pairs = p2_pairs.get(size) if p2_pairs else None
        goal("P2", "@AtomicWrite / hand-written durable, %s, interleaved pairs (median)" % label,
             (pairs["ratio_median"], None) if pairs else None, 1.05)
    for size, label in (("4096", "4 KiB"), ("1048576", "1 MiB")):
        ours = score("AtomicWriteBenchmark.atomicWriteAnnotated[size=%s]" % size)
        hand = score("AtomicWriteBenchmark.handWrittenDurable[size=%s]" % size)
        goal("P2", "the same in JMH's separate forks, %s" % label, ratio(ours, hand), None)
    goal("P3", "@FileLocked / raw FileChannel lock", ratio(score("LockBenchmark.fileLockedAnnotated"),
                                                          score("LockBenchmark.rawFileChannelLock")), 1.1)
    if p4:
        goal("P4", "4 processes / 1 process throughput", (p4["ratio"], None), 0.8, at_most=False)
        goal("P4", "increments lost (4 processes + 1 process)",
             (float(p4["lostParallel"] + p4["lostSerial"]), None), 0)
    else:
        goal("P4", "4 processes / 1 process throughput", None, 0.8, at_most=False)
    if p7:
        goal("P7", "8 threads / 1 thread throughput, updateJson in one JVM", (p7["ratio"], None), 4, at_most=False)
        goal("P7", "increments lost or applied twice (8 threads + 1 thread)",
             (float(p7["lost"] + p7["duplicated"]), None), 0)
    else:
        goal("P7", "8 threads / 1 thread throughput, updateJson in one JVM", None, 4, at_most=False)
    if p5:
        goal("P5", "agent / no agent (start-up, medians)", (p5["agentVsNone"], None), 1.15)
        goal("P5", "agent / AspectJ LTW (start-up, medians)", (p5["agentVsLtw"], None), 0.5)
    else:
        goal("P5", "agent / no agent (start-up)", None, 1.15)
    ours6 = score("SeedComparisonBenchmark.lockedAtomicWrite")
    p6_pairs = load(os.path.join(results, "p6-pairs.json"))
    goal("P6", "@FileLocked+@AtomicWrite / seeds' Python with the same durability (+ directory fsync), interleaved"
         " pairs (median)", (p6_pairs["ratio_median"], None) if p6_pairs else None, 1.0)
    goal("P6", "@FileLocked+@AtomicWrite / seeds' Python", ratio(ours6, (py["score"], py["scoreError"]) if py else None),
         None)
    goal("P6", "the same / seeds' Python with a directory fsync, JMH and the script minutes apart",
         ratio(ours6, (py_sync["score"], py_sync["scoreError"]) if py_sync else None), None)

    raw_z1 = score("ZooKeeperLockBenchmark.rawCuratorWriteLock[servers=3]")
    ours_z1 = score("ZooKeeperLockBenchmark.fileLockedZooKeeper[osLock=false,servers=3]")
    ours_z1_os = score("ZooKeeperLockBenchmark.fileLockedZooKeeper[osLock=true,servers=3]")
    goal("Z1", "@FileLocked on ZooKeeper / raw Curator write lock", ratio(ours_z1, raw_z1), 1.1)
    goal("Z1", "the same with the OS lock file too (RESILIENT_IO_LOCK_OS=true)", ratio(ours_z1_os, raw_z1), 1.1)
    if z1_cost:
        goal("Z1", "the same, blocks alternating in one JVM (medians)", (z1_cost["ratio"], None), 1.1)
    else:
        goal("Z1", "the same, blocks alternating in one JVM (medians)", None, 1.1)
    if z2:
        goal("Z2", "ZooKeeper locks: 4 processes / 1 process throughput", (z2["ratio"], None), None)
        goal("Z2", "increments lost on ZooKeeper locks (4 processes + 1 process)",
             (float(z2["lostParallel"] + z2["lostSerial"]), None), 0)
    else:
        goal("Z2", "increments lost on ZooKeeper locks (4 processes + 1 process)", None, 0)

    return dict(rows=rows, jvm=jvm, p4=p4, p7=p7, p5=p5, py=py, py_sync=py_sync, goals=goals, woven=woven, agent=agent,
                r4j=r4j, plain=plain, bare=bare, ours6=ours6, raw_z1=raw_z1, ours_z1=ours_z1, ours_z1_os=ours_z1_os,
                z1_cost=z1_cost, z2=z2, p2_pairs=p2_pairs, p6_pairs=p6_pairs, p1_blocks=p1_blocks)


def split_iterations(row):
    """The ranges of a JMH row's iterations when they fall in two groups more than 30% apart, else None."""
    values = sorted(v for fork in (row or {}).get("raw", []) for v in fork)
    gaps = [(values[i + 1] / values[i], i) for i in range(len(values) - 1) if values[i] > 0]
    if not gaps or max(gaps)[0] < 1.3:
        return None
    at = max(gaps)[1]
    return (values[0], values[at]), (values[at + 1], values[-1])


def reason(row, what, run, syscalls):
    """The measured reason of a missed goal, from this run's figures where the run measures it."""
    side = run["rows"].get("RetryBenchmark.retryFileOperationWoven" if "woven" in what
                           else "AgentRetryBenchmark.retryFileOperationAgent")
    r4j_raw = (run["rows"].get("RetryBenchmark.resilience4jRetry") or {}).get("raw")
    if row == "P1" and run["p1_blocks"] and split_iterations(side) and r4j_raw:
        low, high = split_iterations(side)
        blocks = run["p1_blocks"]["woven" if "woven" in what else "agent"]
        within = any(min(f) <= low[1] and max(f) >= high[0] for f in side["raw"])
        return ("its JMH iterations fell in two groups, %s to %s ns and %s to %s ns (Resilience4j's %s to %s ns), %s:"
                " the same compiled code (-XX:+PrintInlining gives the same tree in a fast fork and a slow one) running"
                " at either speed, which two forks cannot average out. The blocks row, timed side by side in one JVM on"
                " CPU time, gave %s (%s ns against %s ns)." % (
                    fmt(low[0], 2), fmt(low[1], 2), fmt(high[0], 2), fmt(high[1], 2),
                    fmt(min(min(f) for f in r4j_raw), 2), fmt(max(max(f) for f in r4j_raw), 2),
                    "the group changing between iterations of one fork" if within else "one group per fork",
                    fmt(blocks["ratio"], 3), fmt(blocks["oursNanos"], 2), fmt(blocks["resilience4jNanos"], 2)))
    if row == "P1" and run["p1_blocks"]:
        blocks = run["p1_blocks"]["woven"]
        return ("Resilience4j's success path makes three locked instructions (two LongAdder increments, the volatile"
                " store of its context's AtomicInteger) and allocates 96 B; resilient-io's makes none and allocates"
                " nothing of its own, so the ratio moves with what a locked instruction costs the machine: an atomic"
                " increment took %s ns in this run's P1 blocks, against Resilience4j's %s ns per call. JMH times the"
                " two sides minutes apart; the blocks row times them side by side." % (
                    fmt(blocks["atomicIncrementNanos"], 2), fmt(blocks["resilience4jNanos"], 2)))
    if row == "P3" and syscalls:
        total = lambda mode: sum(c["calls"] for c in syscalls[mode].values())
        return ("both are system calls, 2 to 5 us each on this VM: %g per lock against %g for the raw sequence (P3"
                " table): a stat of the target's directory (its real path cached, and, while the directory has not"
                " changed for 2 s, that the target's name is no link), the lock and release, and the check that the"
                " lock file on disk is still the one held open; the rest is the engine's Java work (registry,"
                " pipeline), allocation in the JMH table." % (
                    total("annotated"), total("raw")))
    if row == "P4" and run["p4"] and run["p4"].get("split"):
        split = run["p4"]["split"]
        updates = run["p4"]["increments"]
        return ("no time is lost handing the lock over: it was held %.0f%% of the 4-process run (P4 above), but each"
                " update held it %.2f ms against %.2f ms alone, as four JVMs share the two cores." % (
                    100 * split["parallelHeldSeconds"] / split["parallelSeconds"],
                    1000 * split["parallelHeldSeconds"] / updates, 1000 * split["serialHeldSeconds"] / updates))
    if row == "Z1" and run["z1_cost"]:
        cost = run["z1_cost"]
        return ("both sides send ZooKeeper the same %.0f requests per lock and commit the same %.0f transactions (Z1"
                " section); the calling thread of ours spends %s us of CPU per lock against Curator's %s us and"
                " allocates %s B against %s B. The difference is the engine's own lock path (resolving the target's"
                " path with system calls, the JVM's registry, the pipeline), 7 us when called in a tight loop but 70"
                " to 100 us when each call follows a ZooKeeper round trip on this loaded 2-core machine (PROFILE.md);"
                " JMH runs the two sides one after the other, so the machine's drift adds to it." % (
                    cost["rawRequests"], cost["rawTransactions"], fmt(cost["oursCpuMicros"]),
                    fmt(cost["rawCpuMicros"]), fmt(cost.get("oursAllocatedBytes")),
                    fmt(cost.get("rawAllocatedBytes"))))
    if row == "P5" and "no agent" in what and run["p5"] and "medianEmptyAgent" in run["p5"]:
        p5 = run["p5"]
        return ("an agent whose premain does nothing already takes %.3fx no agent's time in this run (P5 section):"
                " any -javaagent turns off the JDK's optimised module handling and archived module graph (-Xlog:cds:"
                " \"full module graph: disabled\"), and loads java.instrument. Ours is %.3fx that floor: the first"
                " weaving (Byte Buddy and ASM loaded and run interpreted, about 45 ms of wall time before the first"
                " annotated class is defined) and the engine's first call (its configuration and rules), PROFILE.md."
                % (p5["emptyAgentVsNone"], p5["medianAgent"] / p5["medianEmptyAgent"]))
    if row == "P5" and "no agent" in what:
        return ("any -javaagent turns off the JDK's optimised module handling and archived module graph (-Xlog:cds:"
                " \"full module graph: disabled\"). Measured by hand on 2026-12-03 in CPU time (perf stat task-clock,"
                " medians of 7 runs of this application): no agent 445 ms, an agent whose premain does nothing 585 ms,"
                " one that only scans every class's bytes as ours does 607 ms, ours 836 ms. Of ours, the first weaving"
                " (Byte Buddy and ASM loaded and run interpreted) takes about 45 ms of wall time before the first"
                " annotated class is defined, and the engine's first call (its configuration and rules) most of the"
                " rest (PROFILE.md).")
    if row == "P6" and run["p6_pairs"]:
        pairs = run["p6_pairs"]
        return ("the pairs' ratios spread from %.3f to %.3f between their quartiles (P6 section); ours took %s us a"
                " write against the script's %s us, both bound by the disk's two fsyncs a write."
                % (pairs["ratio_quartiles"][0], pairs["ratio_quartiles"][1], fmt(pairs["ours_us_median"]),
                   fmt(pairs["python_us_median"])))
    if row == "P6" and run["py_sync"] and run["ours6"]:
        same = ratio(run["ours6"], (run["py_sync"]["score"], run["py_sync"]["scoreError"]))
        return ("the seeds' Python does not fsync the directory after os.replace; against the same script with that"
                " fsync, resilient-io is %s ± %s (P6 above). Both are fsync-bound and swing with the disk's load."
                % (fmt(same[0], 3), fmt(same[1], 3)))
    if row == "P2" and run["p2_pairs"]:
        pairs = run["p2_pairs"].get("4096" if "4 KiB" in what else "1048576")
        return ("the pairs' ratios spread from %.3f to %.3f between their quartiles (P2 section); the calling thread's"
                " CPU per write was %s us against %s us: the extra system calls listed there, each justified."
                % (pairs["ratio_quartiles"][0], pairs["ratio_quartiles"][1], fmt(pairs["annotated_cpu_us_median"]),
                   fmt(pairs["hand_written_cpu_us_median"])))
    if row == "P7" and run["p7"]:
        p = run["p7"]
        return ("%.2f increments per commit on average with 8 threads; one thread alone made %.0f durable updates a"
                " second where this disk took %.0f fsyncs a second (%.0f durable replaces written by hand): the"
                " nearer the disk's fsync is to the JSON and JVM work of an update, the less a shared commit saves."
                % (p["meanBatch"], p["serialPerSecond"], p["fsyncPerSecond"], p["durableReplacePerSecond"]))
    return "see PROFILE.md."


# Why each system call the durable @AtomicWrite makes beyond the hand-written sequence is there (P2's table).
P2_WHY = {
    "readlink": "resolving the target's directory to its real path (the design's target resolution: one lock and"
                " one temp directory for every spelling of the file)",
    "statx": "the target's directory looked at (its real path cached; when the write before changed its time, a"
             " second look where the path given is not the real one), the target's lstat in its resolution (a link"
             " in its place is followed only under the link rule), the target's owner, group and mode read without"
             " following a link (the temp gets them, a link in the target's place is refused), the lock file's"
             " identity against the kept descriptor, the temp's identity right after its exclusive create (Java"
             " has no fstat of a channel's inode), and two checks that the temp's name still holds the file"
             " written: before its fsync and again right before the rename, the only step that acts by name",
    "newfstatat": "as statx, where the JDK uses fstatat",
    "fcntl": "marking the temp live on the kept lock file and unmarking it after the rename, so that another"
             " process's stale-temp cleanup never deletes a temp being written",
    "openat": "the body's own open of the temp it is given by path (the hand-written sequence writes through the"
              " descriptor it created); a fraction is the JVM's own, opening its container's memory files",
    "close": "the body's close of its own descriptor, and the JVM's of its memory files",
    "fchmod": "giving the temp a mode its create could not (a umask, a group the temp does not have yet)",
    "sysinfo": "the JVM's own: it reads its memory limits at garbage collections, which the engine's allocation"
               " per write makes more frequent",
    "read": "the JVM's own, as sysinfo (it reads its container's memory files)",
}


def atomic_writes(pairs, syscalls):
    """The P2 section: the interleaved pairs, and the system calls per write with the reason for each extra one."""
    out = ["## P2: durable `@AtomicWrite` against the hand-written durable write", ""]
    if pairs:
        warm = next(iter(pairs.values())).get("warm_up_writes")
        out.append("AtomicWritePairs: in one JVM, on one file, blocks of each side alternate, each pair starting with"
                   " the side the last one ended with, so the disk's drift hits both; ratio = median of the pairs'"
                   " ratios." + (" Timed after %s writes of each side, so that both run compiled by C2, as in a"
                                 " service that has run a while." % format(warm, ",") if warm else ""))
        out.append("")
        out.append("| size | pairs × writes | ratio (median) | quartiles | ours us/write | hand-written us/write |"
                   " ours CPU us | hand-written CPU us |")
        out.append("|---|---|---|---|---|---|---|---|")
        for size, label in (("4096", "4 KiB"), ("1048576", "1 MiB")):
            p = pairs.get(size)
            if p:
                out.append("| %s | %d × %d | %.3f | %.3f – %.3f | %s | %s | %s | %s |" % (
                    label, p["pairs"], p["writes_per_block"], p["ratio_median"], p["ratio_quartiles"][0],
                    p["ratio_quartiles"][1], fmt(p["annotated_us_median"]), fmt(p["hand_written_us_median"]),
                    fmt(p["annotated_cpu_us_median"]), fmt(p["hand_written_cpu_us_median"])))
        out.append("")
    else:
        out.append("Pairs not run.")
        out.append("")
    if syscalls:
        names = sorted(set(syscalls["annotated"]) | set(syscalls["raw"]))
        out.append("System calls per 4 KiB write, counted as P3's (syscalls.py with AtomicWriteSyscalls):")
        out.append("")
        out.append("| | " + " | ".join(names) + " | total |")
        out.append("|---" * (len(names) + 2) + "|")
        for mode, label in (("annotated", "`@AtomicWrite`"), ("raw", "hand-written")):
            cells = []
            for name in names:
                call = syscalls[mode].get(name)
                cells.append("%g" % call["calls"] + (" (%g)" % call["errors"] if call and call["errors"] else "")
                             if call else "0")
            out.append("| %s | %s | %g |" % (label, " | ".join(cells), sum(c["calls"] for c in syscalls[mode].values())))
        out.append("")
        out.append("Each call beyond the hand-written sequence's, and why:")
        out.append("")
        for name in names:
            extra = syscalls["annotated"].get(name, {"calls": 0})["calls"] - syscalls["raw"].get(name, {"calls": 0})["calls"]
            if extra >= 0.5:
                out.append("- %s, %g more: %s." % (name, round(extra, 1), P2_WHY.get(name, "see PROFILE.md")))
        out.append("")
    else:
        out.append("System calls not counted (needs strace).")
        out.append("")
    return out


def increments(p):
    """The paragraphs of a run of MultiProcessHarness (P4, Z2)."""
    if not p:
        return ["Not run."]
    out = []
    rounds = p.get("rounds", 1)
    out.append("%d increments of one JSON counter per round, %d round%s alternating the two: 4 processes (%d each)"
               " took %.3f s (%.0f/s, median), 1 process took %.3f s (%.0f/s, median); ratio %.3f; lost %d with"
               " 4 processes, %d with 1, over all rounds." % (
                   p["increments"], rounds, "" if rounds == 1 else "s", p["increments"] // p["processes"],
                   p["parallelSeconds"], p["parallelPerSecond"], p["serialSeconds"], p["serialPerSecond"],
                   p["ratio"], p["lostParallel"], p["lostSerial"]))
    split = p.get("split")
    if split:
        updates = p["increments"]
        out.append("")
        out.append("Where the time goes (one more pair of runs whose workers take the lock themselves around each"
                   " update and time it): with 4 processes the lock was held %.3f s of %.3f s (%.0f%%), %.3f ms per"
                   " update, and the others waited %.3f s in all; alone, an update held it %.3f ms." % (
                       split["parallelHeldSeconds"], split["parallelSeconds"],
                       100 * split["parallelHeldSeconds"] / split["parallelSeconds"],
                       1000 * split["parallelHeldSeconds"] / updates, split["parallelWaitedSeconds"],
                       1000 * split["serialHeldSeconds"] / updates))
    if "parallelSamples" in p:
        out.append("")
        out.append("- 4 processes, seconds per round: " + ", ".join("%.3f" % v for v in p["parallelSamples"]))
        out.append("- 1 process, seconds per round: " + ", ".join("%.3f" % v for v in p["serialSamples"]))
    return out


def group_commit(p):
    """The paragraphs of a run of GroupCommitHarness (P7)."""
    if not p:
        return ["Not run."]
    rounds = p.get("rounds", 1)
    return [
        "%d increments of one JSON counter per run (`ResilientJson.updateJson`, durable defaults), %d round%s of"
        " two runs, alternating which goes first: %d threads (%d each) took %.3f s (%.0f/s, median), 1 thread"
        " took %.3f s (%.0f/s, median); ratio %.3f, the median of each round's own ratio (the disk's speed drifts"
        " between rounds); %.2f increments per commit with %d threads (%d commits in all); lost %d, applied"
        " twice %d, over all rounds.%s" % (
            p["increments"], rounds, "" if rounds == 1 else "s", p["threads"], p["increments"] // p["threads"],
            p["parallelSeconds"], p["parallelPerSecond"], p["serialSeconds"], p["serialPerSecond"], p["ratio"],
            p["meanBatch"], p["threads"], p["parallelCommits"], p["lost"], p["duplicated"],
            " Timed after %s warm-up updates alone and as many by all threads, so that both run compiled by C2."
            % format(p["warmUp"], ",") if p.get("warmUp") else ""),
        "",
        "What bounds it, measured after each round on the same disk (medians): %.0f fsyncs a second (4 KiB"
        " written, then fsync, in a loop) and %.0f durable replaces a second written by hand (temp, write, fsync,"
        " rename, directory fsync: two fsyncs each, as the engine's commit)." % (
            p["fsyncPerSecond"], p["durableReplacePerSecond"]),
        "",
        "- each round's ratio: " + ", ".join("%.2f" % v for v in p["pairRatios"]),
        "- %d threads, seconds per round: %s" % (p["threads"], ", ".join("%.3f" % v for v in p["parallelSamples"])),
        "- 1 thread, seconds per round: " + ", ".join("%.3f" % v for v in p["serialSamples"]),
        "- fsyncs a second after each round: " + ", ".join("%.0f" % v for v in p["fsyncSamples"]),
    ]


def zookeeper(run):
    """The sections of Z1 and Z2: locks across hosts on ZooKeeper."""
    rows, raw_z1, ours_z1, ours_z1_os, cost, z2 = (run[k] for k in ("rows", "raw_z1", "ours_z1", "ours_z1_os", "z1_cost", "z2"))
    out = ["## Z1: an uncontended lock across hosts, `@FileLocked` on ZooKeeper against Curator's own lock", ""]
    out.append("Each JMH fork starts an ensemble of 3 ZooKeeper servers in its JVM (Curator's `TestingCluster`, their"
               " transaction logs fsynced in the benchmark directory), and both sides connect to the same follower:"
               " a quorum as deployed, whose writes go through the leader to a majority, rather than a lone"
               " server (`-p servers=1`), which no deployment should lock on; on the same follower, so that"
               " neither side is on the leader by the chance of its client's pick."
               " Ours: an `@FileLocked(mode = EXCLUSIVE)` method woven by ajc, with"
               " `RESILIENT_IO_LOCK_PROVIDER=zookeeper`; the yardstick: `InterProcessReadWriteLock.writeLock()`"
               " acquired and released by hand on a Curator client of its own.")
    out.append("")
    if raw_z1 and ours_z1:
        out.append("- ours, `RESILIENT_IO_LOCK_OS=false`: %s ± %s us/op; / raw %s ± %s" % (
            fmt(ours_z1[0]), fmt(ours_z1[1]), fmt(ratio(ours_z1, raw_z1)[0], 3), fmt(ratio(ours_z1, raw_z1)[1], 3)))
        if ours_z1_os:
            out.append("- ours, `RESILIENT_IO_LOCK_OS=true` (the OS lock file too): %s ± %s us/op; / raw %s ± %s" % (
                fmt(ours_z1_os[0]), fmt(ours_z1_os[1]), fmt(ratio(ours_z1_os, raw_z1)[0], 3), fmt(ratio(ours_z1_os, raw_z1)[1], 3)))
        out.append("- raw Curator write lock: %s ± %s us/op" % (fmt(raw_z1[0]), fmt(raw_z1[1])))
    else:
        out.append("- JMH: not run.")
    if cost:
        pairs = cost["pairRatios"]
        out.append("")
        out.append("The same in one JVM, one ensemble, `RESILIENT_IO_LOCK_OS=false` (ZooKeeperLockCost): %d blocks of %d"
                   " locks for each side, alternating, so that the machine's drift falls on both: ours %s us, raw %s us"
                   " per lock (medians), ratio %.3f (pairs of blocks from %.2f to %.2f). Requests per lock that the"
                   " follower received: ours %.2f, raw %.2f; transactions the ensemble committed per lock: ours %.2f,"
                   " raw %.2f. The calling thread's own work per lock (each side's code and Curator's, not ZooKeeper's"
                   " servers; JMH's allocation column above counts the servers' too, as they run in the same JVM):"
                   " CPU time ours %s us, raw %s us; allocated ours %s B, raw %s B." % (
                       cost["blocks"], cost["locksPerBlock"], fmt(cost["oursMicros"]), fmt(cost["rawMicros"]),
                       cost["ratio"], min(pairs), max(pairs), cost["oursRequests"], cost["rawRequests"],
                       cost["oursTransactions"], cost["rawTransactions"], fmt(cost["oursCpuMicros"]),
                       fmt(cost["rawCpuMicros"]), fmt(cost.get("oursAllocatedBytes")),
                       fmt(cost.get("rawAllocatedBytes"))))
    out.append("")
    out.append("## Z2: read-modify-write through `updateJson` on ZooKeeper locks, 4 processes against 1")
    out.append("")
    out.append("As P4, each worker a JVM with `RESILIENT_IO_LOCK_PROVIDER=zookeeper` and `RESILIENT_IO_LOCK_OS=false`,"
               " given the 3 servers of an ensemble in the harness's JVM (each connects to one at random).")
    out.append("")
    out.extend(increments(z2))
    split = z2.get("split") if z2 else None
    if split and "serialReleasedSeconds" in split:
        updates = z2["increments"]
        out.append("")
        out.append("Per update, alone: taking the lock %.2f ms (ZooKeeper's create and children read), the update"
                   " under it %.2f ms (read, write, fsync, fencing check and record, rename), releasing it %.2f ms (a"
                   " delete). With 4 processes: the update under the lock %.2f ms, its release %.2f ms; a process held"
                   " the lock, its release included, %.0f%% of the run." % (
                       1000 * split["serialWaitedSeconds"] / updates, 1000 * split["serialHeldSeconds"] / updates,
                       1000 * split["serialReleasedSeconds"] / updates, 1000 * split["parallelHeldSeconds"] / updates,
                       1000 * split["parallelReleasedSeconds"] / updates,
                       100 * (split["parallelHeldSeconds"] + split["parallelReleasedSeconds"])
                       / split["parallelSeconds"]))
    out.append("")
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--bench-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--baseline", help="raw results of an earlier run, shown as the 'before' column")
    args = parser.parse_args()

    run = measure(args.results)
    rows, jvm, p4, p5, py, py_sync, goals = (run[k] for k in ("rows", "jvm", "p4", "p5", "py", "py_sync", "goals"))
    woven, agent, r4j, plain, bare, ours6 = (run[k] for k in ("woven", "agent", "r4j", "plain", "bare", "ours6"))
    m = machine(args.bench_dir, args.results)
    before = {}
    if args.baseline and os.path.exists(os.path.join(args.baseline, "jmh.json")):
        before = {(row, what): value for row, what, value, _, _, _ in measure(args.baseline)["goals"]}

    out = []
    # The run's date: when its last result was written (the report may be rewritten later from the same files).
    newest = max((os.path.getmtime(os.path.join(args.results, name)) for name in os.listdir(args.results)),
                 default=datetime.datetime.now().timestamp())
    now = datetime.datetime.fromtimestamp(newest, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = "Benchmark results" + (" (smoke pass: indicative only)" if args.mode == "smoke" else "")
    out.append("# " + title)
    out.append("")
    out.append("Written by `benchmarks/run.sh` (%s pass) on %s. Every ratio below comes from this one run; the"
               " machine is shared and noisy, so ratios count, not absolute times." % (args.mode, now))
    out.append("")
    out.append("| | |")
    out.append("|---|---|")
    out.append("| date | %s |" % now)
    out.append("| JVM | %s %s (JDK %s) |" % (jvm.get("vm", "n/a"), jvm.get("vmVersion", ""), jvm.get("jdk", "n/a")))
    out.append("| JMH forks' options | `%s` |" % jvm.get("jvmArgs", ""))
    out.append("| machine | %s cores, %s, Linux %s, load average at the end %s |" % (
        m["cores"], m["cpu"], m["kernel"], m["load"]))
    out.append("| file system of the benchmark directory | %s on %s (`%s`) |" % (m["fs"], m["device"], args.bench_dir))
    if py:
        out.append("| Python | %s |" % py["python"])
    out.append("")
    out.append("## Goals")
    out.append("")
    out.append("A verdict marked *within noise* has a goal inside the ratio's error bar: this run cannot tell.")
    out.append("")
    if before:
        with open(os.path.join(args.baseline, "SOURCE.txt"), encoding="utf-8") as f:
            out.append("*Before*: the same ratio in " + f.read().strip() + ".")
        out.append("")
    out.append("| # | ratio | measured | ± | goal | | before |")
    out.append("|---|---|---|---|---|---|---|")
    for row, what, value, error, text, met in goals:
        verdict = ("no goal" if text == "none" else "n/a") if met is None else ("met" if met else "**missed**")
        limit = None if text == "none" else float(text.split()[-1])
        if met is not None and error is not None and not math.isnan(error) and abs(value - limit) < error:
            verdict += " (within noise)"
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (row, what, fmt(value, 3), fmt(error, 3), text, verdict,
                                                         fmt(before.get((row, what)), 3)))
    out.append("")
    out.append("## JMH scores")
    out.append("")
    out.append("Average time per operation; error is JMH's 99.9% confidence half-width; allocation is"
               " `-prof gc`'s `gc.alloc.rate.norm`.")
    out.append("")
    out.append("| benchmark | score | ± error | unit | alloc B/op | forks × iterations |")
    out.append("|---|---|---|---|---|---|")
    for key in sorted(rows):
        row = rows[key]
        out.append("| %s | %s | %s | %s | %s | %s × %s |" % (key, fmt(row["score"], 2), fmt(row["error"], 2),
                                                        row["unit"], fmt(row["alloc"], 0), row["forks"],
                                                        row["iterations"]))
    if plain and woven:
        out.append("")
        out.append("P1 for scale: plain call %s ns; woven %s ns; agent %s ns; Resilience4j %s ns." % (
            fmt(plain[0], 2), fmt(woven[0], 2), fmt(agent[0], 2) if agent else "n/a", fmt(r4j[0], 2) if r4j else "n/a"))
        if bare:
            floor = ratio(bare, r4j)
            out.append("")
            out.append("The floor of annotation-style AspectJ: the same body under a bare `@Around` that only calls"
                       " `joinPoint.proceed(joinPoint.getArgs())` takes %s ns (%s B/op), %s x Resilience4j (join"
                       " point, closure and argument arrays). resilient-io's advice for `@RetryFileOperation` alone is"
                       " in AspectJ's own syntax, which ajc inlines with none of these: the woven path is %s ns." % (
                           fmt(bare[0], 2), fmt(rows["RetryBenchmark.bareAroundAdvice"]["alloc"], 0),
                           fmt(floor[0], 2) if floor else "n/a", fmt(woven[0], 2)))
    blocks = run.get("p1_blocks")
    if blocks:
        out.append("")
        out.append("P1 in alternating blocks (RetryRatioHarness: %d blocks of %d calls per side, each timed by the"
                   " calling thread's CPU time, ajc's in one JVM, the agent's in another): woven %s ns against"
                   " Resilience4j's %s ns, ratio %s (pairs %s to %s); agent %s ns against %s ns, ratio %s (pairs %s"
                   " to %s). An uncontended atomic increment: %s ns." % (
                       blocks["woven"]["blocks"], blocks["woven"]["callsPerBlock"],
                       fmt(blocks["woven"]["oursNanos"], 2), fmt(blocks["woven"]["resilience4jNanos"], 2),
                       fmt(blocks["woven"]["ratio"], 3), fmt(min(blocks["woven"]["pairRatios"]), 3),
                       fmt(max(blocks["woven"]["pairRatios"]), 3), fmt(blocks["agent"]["oursNanos"], 2),
                       fmt(blocks["agent"]["resilience4jNanos"], 2), fmt(blocks["agent"]["ratio"], 3),
                       fmt(min(blocks["agent"]["pairRatios"]), 3), fmt(max(blocks["agent"]["pairRatios"]), 3),
                       fmt(blocks["woven"]["atomicIncrementNanos"], 2)))
    out.append("")
    syscalls = load(os.path.join(args.results, "p3-syscalls.json"))
    out.append("## P3: system calls per uncontended lock")
    out.append("")
    if syscalls:
        out.append("Counted by `strace -f -c` (syscalls.py: a run of many operations less a run of 200, per operation;"
                   " calls that failed in parentheses; the JVM's own futex, memory and safepoint calls left out). Each"
                   " system call costs this VM about 2 to 5 us (a `stat` measured by hand), most of both scores.")
        out.append("")
        out.append("| | " + " | ".join(sorted(set(syscalls["annotated"]) | set(syscalls["raw"]))) + " | total |")
        out.append("|---" * (len(set(syscalls["annotated"]) | set(syscalls["raw"])) + 2) + "|")
        for mode, label in (("annotated", "`@FileLocked`"), ("raw", "raw `FileChannel`")):
            cells = []
            for name in sorted(set(syscalls["annotated"]) | set(syscalls["raw"])):
                call = syscalls[mode].get(name)
                cells.append("%g" % call["calls"] + (" (%g)" % call["errors"] if call and call["errors"] else "")
                             if call else "0")
            out.append("| %s | %s | %g |" % (label, " | ".join(cells), sum(c["calls"] for c in syscalls[mode].values())))
    else:
        out.append("Not counted (needs strace).")
    out.append("")
    out.extend(atomic_writes(run["p2_pairs"], load(os.path.join(args.results, "p2-syscalls.json"))))
    out.append("## P4: read-modify-write through `updateJson`, 4 processes against 1")
    out.append("")
    out.extend(increments(p4))
    out.append("")
    out.append("## P7: group commit, `updateJson` by 8 threads of one JVM against 1")
    out.append("")
    out.extend(group_commit(run["p7"]))
    out.append("")
    out.append("## P5: start-up, %s classes, %s annotated" % (p5["classes"] if p5 else 2000, p5["annotated"] if p5 else 10))
    out.append("")
    if p5:
        out.append("Wall time from `java` start to the end of main, median of %d rounds (modes interleaved):"
                   " no agent %.3f s, agent %.3f s, AspectJ LTW %.3f s." % (
                       p5["rounds"], p5["medianNone"], p5["medianAgent"], p5["medianLtw"]))
        if "medianEmptyAgent" in p5:
            out.append("")
            out.append("What any `-javaagent` costs this JVM before the agent does anything (an agent whose premain"
                       " returns at once, in the same rounds): %.3f s, %.3fx no agent; ours is %.3fx that floor." % (
                           p5["medianEmptyAgent"], p5["emptyAgentVsNone"], p5["medianAgent"] / p5["medianEmptyAgent"]))
        out.append("")
        for mode, samples in p5["samples"].items():
            out.append("- %s: %s" % (mode, ", ".join("%.3f" % s for s in samples)))
    else:
        out.append("Not run.")
    out.append("")
    out.append("## P6: the seeds' Python against `@FileLocked` + `@AtomicWrite`, 4 KiB")
    out.append("")
    if py and ours6:
        out.append("- seeds' Python (flock, mkstemp, write, fsync, os.replace): %s ± %s us/op" % (
            fmt(py["score"]), fmt(py["scoreError"])))
        if py_sync:
            out.append("- the same plus a directory fsync, as our durable write does: %s ± %s us/op" % (
                fmt(py_sync["score"]), fmt(py_sync["scoreError"])))
        out.append("- ours: %s ± %s us/op" % (fmt(ours6[0]), fmt(ours6[1])))
        if py_sync:
            same = ratio(ours6, (py_sync["score"], py_sync["scoreError"]))
            out.append("- ours / Python with the same durability: %s ± %s" % (fmt(same[0], 3), fmt(same[1], 3)))
        pairs = run["p6_pairs"]
        if pairs:
            out.append("")
            out.append("JMH's score and the script's are taken minutes apart, and the disk drifts between them."
                       " SeedPairs times the two in turns instead: %d pairs of %.0f s stretches, each pair starting"
                       " with the side the last one ended with; ours in one JVM after %s warm-up writes, the script"
                       " (with its directory fsync) in a fresh python3 per stretch that times its own loop. Median of"
                       " the pairs' ratios %.3f (quartiles %.3f to %.3f); ours %s us a write, Python %s us (medians)."
                       % (pairs["pairs"], pairs["seconds"], format(pairs["warm_up_writes"], ","),
                          pairs["ratio_median"], pairs["ratio_quartiles"][0], pairs["ratio_quartiles"][1],
                          fmt(pairs["ours_us_median"]), fmt(pairs["python_us_median"])))
            out.append("")
            out.append("- pairs' ratios: " + ", ".join("%.3f" % r for r in pairs["ratios"]))
    else:
        out.append("Not run.")
    out.append("")
    out.extend(zookeeper(run))
    out.append("## Goals missed in this run, and their measured reasons")
    out.append("")
    missed = [(row, what) for row, what, _, _, _, met in goals if met is False]
    for row, what in missed:
        out.append("- **%s, %s**: %s" % (row, what, reason(row, what, run, syscalls)))
    if not missed:
        out.append("None.")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "PROFILE.md")
    out.append("")
    out.append("## Misses: profile and hot paths")
    out.append("")
    if os.path.exists(notes):
        out.append("See [PROFILE.md](PROFILE.md): allocation per operation and stack samples of the missed"
                   " goals, with the hot paths in the product and the fix for each.")
    else:
        out.append("No profile recorded.")
    out.append("")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
