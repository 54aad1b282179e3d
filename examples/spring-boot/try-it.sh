#!/usr/bin/env bash
# Runs the Spring Boot example's fat jar under resilient-io's agent, sends the requests that
# docs/spring-boot.md shows, prints the answers and the application's WARN lines, then stops it.
# Build first, from the repository root:  ./mvnw -B -q package -DskipTests
# AGENT and JAR may name other jars (the tests do); the data lives in a temp directory, removed at the end.
set -euo pipefail
cd "$(dirname "$0")"
agent=${AGENT:-../../agent/target/resilient-io-agent-0.1.0-SNAPSHOT.jar}
jar=${JAR:-target/resilient-io-example-spring-boot-0.1.0-SNAPSHOT.jar}
for file in "$agent" "$jar"; do
  [ -f "$file" ] || { echo "$file is missing: build first (see the top of $0)" >&2; exit 1; }
done
data=$(mktemp -d)
log="$data/app.log"
: >"$log"

# server.port=0: a free port, read from the log, so that this never fails on a busy 8080.
# server.address=127.0.0.1: the demo's X-Fail-Attempts header and actuator stay off the network.
java -javaagent:"$agent" -jar "$jar" --server.port=0 --server.address=127.0.0.1 --example.data-dir="$data/lists" >"$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; rm -rf "$data"' EXIT
port=
for _ in $(seq 1 240); do
  port=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$log")
  [ -n "$port" ] && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$port" ]; then
  echo "The application did not start; its output:" >&2
  cat "$log" >&2
  exit 1
fi
base=http://127.0.0.1:$port
echo "Started on $base, data in $data/lists"

# Each request is printed as docs/spring-boot.md shows it (port 8080), then sent.
show() {
  echo "\$ ${1//$base/http://localhost:8080}"
  eval "$1"
  echo
}
show "curl -s -X POST -H 'Content-Type: text/plain' -d milk $base/lists/shopping/entries"
show "curl -s -X POST -H 'Content-Type: text/plain' -H 'X-Fail-Attempts: 2' -d bread $base/lists/shopping/entries"
show "curl -s $base/lists/shopping"
show "curl -s $base/stats"
show "curl -s $base/actuator/resilientio"
echo "The application's WARN lines:"
grep ' WARN ' "$log" || true
