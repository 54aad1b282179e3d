#!/usr/bin/env bash
# Builds the task-store demo (examples/) with the Maven wrapper and runs it; arguments go to the demo.
#   ./demo.sh                 the whole tour (stress, crash-demo, corrupt-demo, flaky-demo, full-disk-demo)
#   ./demo.sh stress --processes 8 --tasks 50
#   ./demo.sh help            every command
# Needs JDK 17 or newer; the first run downloads Maven and the dependencies.
set -euo pipefail
cd "$(dirname "$0")"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java" >/dev/null 2>&1; then
  echo "demo.sh: $java not found; install JDK 17 or newer, or set JAVA_HOME" >&2
  exit 1
fi

echo "Building the demo (./mvnw package -pl examples -am, tests skipped)..." >&2
# The reactor builds the library modules the demo needs, so no snapshot has to be in ~/.m2.
./mvnw -B -q -DskipTests package -pl examples -am

exec "$java" -jar examples/target/resilient-io-examples.jar "$@"
