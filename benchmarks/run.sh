#!/usr/bin/env bash
# Runs every benchmark of resilient-io (P1..P7, and Z1, Z2 for the locks across hosts) and writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh                 full pass (JMH -f 2 -wi 5 -i 5, 1 s iterations; ~20 minutes)
#   BENCH_SMOKE=1 benchmarks/run.sh   quick pass (-f 1 -wi 1 -i 1, short iterations), writes RESULTS-smoke.md
#
# Optional: BENCH_DIR (where the benchmarks write files; default $TMPDIR or /tmp), BENCH_JMH_ARGS (extra
# JMH options, e.g. "-prof stack"), BENCH_JMH_RUN (replaces the forks, iterations and their times above,
# e.g. "-f 1 -wi 3 -i 5 -w 1s -r 1s"), BENCH_FILTER (JMH benchmark regex; default every benchmark),
# BENCH_HARNESSES=0 (skip P1's blocks, P2's pairs and system call count, P3's system call count, P4, P5, P7, the
# Python of P6, Z1's blocks and Z2). A run narrowed by any of these writes RESULTS-partial.md (git-ignored), never RESULTS.md.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
cd "$bench/.."
# Offline first (CI and developers have the dependencies); online when something is missing.
./mvnw -o -B -q package -pl benchmarks -am -DskipTests || ./mvnw -B -q package -pl benchmarks -am -DskipTests

cd "$bench"
classpath="target/classes:$(cat target/runtime-classpath.txt)"
results="target/bench-results"
rm -rf "$results"
mkdir -p "$results"
bench_dir="${BENCH_DIR:-${TMPDIR:-/tmp}/resilient-io-bench}"
mkdir -p "$bench_dir"
java_opts=(-Xmx1g "-Dbench.dir=$bench_dir")

if [[ "${BENCH_SMOKE:-0}" == "1" ]]; then
  mode="smoke"
  jmh_opts=(-f 1 -wi 1 -i 1 -w 300ms -r 500ms)
  p1_blocks=3
  p1_calls=2000000
  p4_increments=200
  p4_rounds=1
  p2_pairs=3
  p2_writes=10
  p2_syscall_writes=200
  p7_each=25
  p7_rounds=3
  p5_rounds=3
  z1_blocks=4
  z1_locks=100
  z2_increments=200
  z2_rounds=1
  py_opts=(--warmups 1 --iterations 1 --seconds 0.5)
  p6_pairs=3
  p6_seconds=0.3
  report="RESULTS-smoke.md"
else
  mode="full"
  jmh_opts=(-f 2 -wi 5 -i 5 -w 1s -r 1s)
  p1_blocks=20
  p1_calls=20000000
  p4_increments=2000
  p4_rounds=5
  p2_pairs=31
  p2_writes=40
  p2_syscall_writes=1000
  p7_each=150
  p7_rounds=11
  p5_rounds=11
  z1_blocks=10
  z1_locks=300
  z2_increments=400
  z2_rounds=3
  py_opts=(--warmups 5 --iterations 10 --seconds 1)
  p6_pairs=11
  p6_seconds=1
  report="RESULTS.md"
fi

if [[ -n "${BENCH_JMH_RUN:-}" ]]; then
  read -ra jmh_opts <<< "$BENCH_JMH_RUN"
fi

echo "== resilient-io benchmarks, $mode pass, files in $bench_dir"
# JMH forks inherit these JVM options; -prof gc adds the allocation per operation to every row.
# shellcheck disable=SC2086
java "${java_opts[@]}" -cp "$classpath" org.openjdk.jmh.Main "${jmh_opts[@]}" -prof gc \
  -rf json -rff "$results/jmh.json" ${BENCH_JMH_ARGS:-} "${BENCH_FILTER:-dev.resilientio.benchmarks.*}"

if [[ -n "${BENCH_JMH_ARGS:-}${BENCH_JMH_RUN:-}${BENCH_FILTER:-}" || "${BENCH_HARNESSES:-1}" != "1" ]]; then
  report="RESULTS-partial.md"
fi

if [[ "${BENCH_HARNESSES:-1}" == "1" ]]; then
  echo "== P1: @RetryFileOperation (ajc, agent) and Resilience4j in alternating blocks, CPU time"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.RetryRatioHarness \
    "$results/p1-blocks.json" "$p1_blocks" "$p1_calls" target/agents/resilient-io-agent.jar

  echo "== P4: 4 processes vs 1, read-modify-write through updateJson"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.MultiProcessHarness \
    "$results/p4.json" "$p4_increments" 4 "$p4_rounds"

  echo "== P7: 8 threads vs 1, updateJson committed in groups; this disk's fsync rate"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.GroupCommitHarness \
    "$results/p7.json" "$p7_each" 8 "$p7_rounds"

  echo "== Z1: ZooKeeper lock, @FileLocked and raw Curator in alternating blocks; requests per lock"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.ZooKeeperLockCost \
    "$results/z1-cost.json" "$z1_blocks" "$z1_locks"

  echo "== Z2: 4 processes vs 1, updateJson on ZooKeeper locks (RESILIENT_IO_LOCK_OS=false)"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.ZooKeeperIncrementHarness \
    "$results/z2.json" "$z2_increments" 4 "$z2_rounds"

  echo "== P5: start-up of 2,000 classes: no agent, Byte Buddy agent, AspectJ LTW"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.StartupHarness \
    "$results/p5.json" "$p5_rounds" target/agents

  echo "== P3: system calls per lock, @FileLocked and raw (strace)"
  if ! command -v strace >/dev/null; then
    echo "strace is not installed: RESULTS.md will say the system calls were not counted"
  elif ! python3 syscalls.py --classpath "$classpath" --dir "$bench_dir/p3-syscalls" --out "$results/p3-syscalls.json"; then
    echo "strace could not trace here (ptrace not allowed?): RESULTS.md will say the system calls were not counted"
    rm -f "$results/p3-syscalls.json"
  fi
  rm -rf "$bench_dir/p3-syscalls"

  echo "== P2: @AtomicWrite and the hand-written durable write in interleaved pairs; system calls per write (strace)"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.AtomicWritePairs \
    "$results/p2-pairs.json" "$p2_pairs" "$p2_writes" 4096 1048576
  if command -v strace >/dev/null && ! python3 syscalls.py --program AtomicWriteSyscalls --operations "$p2_syscall_writes" \
      --classpath "$classpath" --dir "$bench_dir/p2-syscalls" --out "$results/p2-syscalls.json"; then
    echo "strace could not trace here: RESULTS.md will say the system calls were not counted"
    rm -f "$results/p2-syscalls.json"
  fi
  rm -rf "$bench_dir/p2-syscalls"

  echo "== P6: the seeds' Python write"
  python3 seed_write.py --dir "$bench_dir" "${py_opts[@]}" --out "$results/p6-python.json"
  python3 seed_write.py --dir "$bench_dir" "${py_opts[@]}" --dir-fsync --out "$results/p6-python-dirsync.json"
  echo "== P6: ours and the seeds' Python with a directory fsync, in turns"
  java "${java_opts[@]}" -cp "$classpath" dev.resilientio.benchmarks.SeedPairs \
    "$results/p6-pairs.json" "$p6_pairs" "$p6_seconds" seed_write.py
fi

cp /proc/loadavg "$results/loadavg.txt" 2>/dev/null || true
python3 report.py --mode "$mode" --results "$results" --bench-dir "$bench_dir" --baseline baseline --out "$report"
echo "== wrote benchmarks/$report"
