#!/usr/bin/env bash
# Shows that the SIGSTOP fencing test can fail: removes the fencing check from the atomic write's commit
# (the line Fencing.Fence fence = Fencing.beforeCommit(target, fsync, operation) in AtomicWriteSession.java,
# which both checks before the commit and confirms just before the rename: it becomes Fencing.Fence.NONE), runs only
# zookeeper's PausedHolderFencingTest against that mutated core, and succeeds only when the test FAILS because
# the paused host A's content overwrote host B's. The source file is put back as it was in every case (also on
# Ctrl-C), and core is compiled again from it, so nothing mutated is left in core/target/classes.
#
#   scripts/fencing-mutation.sh
#   MVN_ARGS   extra Maven arguments, such as "-o -Dmaven.repo.local=/path/to/repo" (default: none). The local
#              repository must hold this repository's artifacts (./mvnw install -DskipTests first); the mutated
#              core is built in the reactor only, never installed.
#
# Exit status 0 when the mutation was caught as expected; 1 when the test passed without the check (fencing
# is not what the test proves) or failed for another reason; 2 when the check could not be found to remove.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
source_file="core/src/main/java/dev/resilientio/core/atomic/AtomicWriteSession.java"
check_line='^([[:space:]]*Fencing\.Fence fence = )Fencing\.beforeCommit\(target, fsync, operation\);[[:space:]]*$'
test_class="PausedHolderFencingTest"
report="zookeeper/target/surefire-reports/TEST-dev.resilientio.zookeeper.$test_class.xml"
log="zookeeper/target/fencing-mutation.log"
read -r -a mvn_args <<< "${MVN_ARGS:-}"

matches="$(grep -cE "$check_line" "$source_file" || true)"
if [ "$matches" != 1 ]; then
  echo "fencing-mutation: expected exactly one line 'Fencing.Fence fence = Fencing.beforeCommit(target, fsync, operation);' in $source_file, found $matches;" \
    "update this script to the code" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/fencing-mutation.XXXXXX")"
cp -p "$source_file" "$work/original"
restore() {
  cp -p "$work/original" "$source_file"
  touch "$source_file"
  if cmp -s "$work/original" "$source_file"; then
    echo "fencing-mutation: restored $source_file; compiling core from it again"
  else
    echo "fencing-mutation: COULD NOT RESTORE $source_file; its original is in $work/original" >&2
    return
  fi
  if ! ./mvnw -B -q "${mvn_args[@]}" -pl core compile > "$work/recompile.log" 2>&1; then
    echo "fencing-mutation: compiling core again failed (log: $work/recompile.log); run ./mvnw -pl core compile" >&2
    return
  fi
  rm -rf "$work"
}
trap restore EXIT

sed -i -E "s/$check_line/\\1Fencing.Fence.NONE; \/\/ MUTATION (scripts\/fencing-mutation.sh): the fencing check removed/" "$source_file"
echo "fencing-mutation: removed the fencing check from $source_file:"
diff -u "$work/original" "$source_file" | sed -n '3,$p' | grep -E '^[-+]' || true

echo "fencing-mutation: running $test_class against the mutated core (this takes a minute or two)"
rm -f "$report"
mkdir -p "$(dirname "$log")"
set +e
./mvnw -B "${mvn_args[@]}" -pl core,zookeeper test -Dtest="$test_class" -Dsurefire.failIfNoSpecifiedTests=false \
  > "$log" 2>&1
status=$?
set -e

failure=""
if [ -f "$report" ]; then
  # The assertion's message, on one line: the first <failure message="..."> of the report.
  failure="$(grep -o '<failure message="[^"]*"' "$report" | head -1 | sed -e 's/^<failure message="//' -e 's/"$//' \
    -e 's/&#10;/ /g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e 's/&apos;/'"'"'/g' -e 's/&amp;/\&/g')"
fi

if [ "$status" -eq 0 ]; then
  echo "fencing-mutation: MUTATION SURVIVED: $test_class passed without the fencing check, so it does not prove fencing"
  exit 1
fi
if [ -z "$failure" ]; then
  echo "fencing-mutation: the build failed before the test could judge the mutation; the log's last lines:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "fencing-mutation: $test_class FAILED without the fencing check, as it must:"
echo "  $failure"
# AssertJ's "expected: <B's content> but was: <A's content>" on the file, its lines joined by the report.
if [[ "$failure" =~ but\ was:[[:space:]]*\"written\ by\ A ]]; then
  echo "fencing-mutation: caught: paused host A's late commit overwrote what host B committed under the lock"
  exit 0
fi
echo "fencing-mutation: but it failed for another reason than A's content overwriting B's; see $log" >&2
exit 1
