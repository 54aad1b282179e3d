#!/usr/bin/env bash
# Proves the "use it in your project" snippets of README.md and docs/*.md as a user copies them.
#
# Each snippet is marked in the Markdown with a line `<!-- snippet: NAME -->` just before its code fence,
# and taken from there verbatim. For each way of weaving, the script writes a fresh Maven project under a
# temp directory (a pom of scripts/snippets/base-pom.xml plus the snippets, the README's quick-start
# TaskStore, and scripts/snippets' main, which exits 1 unless the weaving check passes, an atomic save keeps a
# backup and a flaky read is retried), builds it with this repository's Maven wrapper, and runs it.
#
#   scripts/check-snippets.sh [--install] [CHECK...]
#     --install   first run the README's install command (./mvnw -B -DskipTests install) in this repository
#     CHECK       any of: versions ctw kotlin ltw agent-cp agent-jar boot boot-agent testkit (default: all)
#   SNIPPETS_REPO_LOCAL   the local Maven repository the projects build against (default ~/.m2/repository);
#                         it must hold this repository's artifacts: run with --install, or install first
#   SNIPPETS_KEEP=1       keep the temp directory (its path is printed) to look at the projects
#
# Exit status 0 only when every check chosen passed; a failing check prints its log's last lines.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
m2="${SNIPPETS_REPO_LOCAL:-$HOME/.m2/repository}"
all_checks=(versions ctw kotlin ltw agent-cp agent-jar boot boot-agent testkit)

install=false
checks=()
for arg in "$@"; do
  case "$arg" in
    --install) install=true ;;
    versions|ctw|kotlin|ltw|agent-cp|agent-jar|boot|boot-agent|testkit) checks+=("$arg") ;;
    *) echo "check-snippets.sh: unknown argument '$arg'; checks: ${all_checks[*]}" >&2; exit 2 ;;
  esac
done
[ "${#checks[@]}" -gt 0 ] || checks=("${all_checks[@]}")

work="$(mktemp -d "${TMPDIR:-/tmp}/check-snippets.XXXXXX")"
if [ "${SNIPPETS_KEEP:-}" = 1 ]; then
  echo "check-snippets: projects kept in $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

# Every Maven run, the snippets' `mvn` and the install command's `./mvnw` alike, uses the wrapper's Maven
# and the chosen local repository; Maven 3.9 appends MAVEN_ARGS to each command line.
export MAVEN_ARGS="-B -Dmaven.repo.local=$m2"
mvn() { "$repo/mvnw" "$@"; }
export -f mvn
export repo

# --- the snippets, verbatim, into $work/snippets/NAME (and where each came from into $work/snippets.where) ---
snippets="$work/snippets"
mkdir -p "$snippets"
if ! awk -v dir="$snippets" -v where="$work/snippets.where" '
  function fail(message) { printf "%s:%d: %s\n", FILENAME, FNR, message > "/dev/stderr"; bad = 1 }
  FNR == 1 && pending != "" { fail("the marker of snippet " pending " ends its file"); pending = "" }
  /^<!-- snippet: [a-z0-9-]+ -->$/ {
    name = $0; sub(/^<!-- snippet: /, "", name); sub(/ -->$/, "", name)
    if (name in seen) fail("snippet " name " is marked twice (first at " seen[name] ")")
    seen[name] = FILENAME ":" FNR; pending = name
    print name " " FILENAME ":" FNR > where
    next
  }
  pending != "" && /^```/ { inside = 1; out = dir "/" pending; printf "" > out; pending = ""; next }
  pending != "" && NF { fail("the marker of snippet " pending " is not followed by a code fence"); pending = "" }
  inside && /^```[ \t]*$/ { inside = 0; close(out); next }
  inside { print > out }
  END { exit bad }
' "$repo/README.md" "$repo"/docs/*.md; then
  echo "check-snippets: FAILED to read the snippets (above)" >&2
  exit 1
fi

where() { awk -v n="$1" '$1 == n { print $2 }' "$work/snippets.where"; }
snippet() {
  if [ ! -f "$snippets/$1" ]; then
    echo "no snippet '$1' in README.md or docs/*.md (a line <!-- snippet: $1 --> before its code fence)" >&2
    return 1
  fi
  cat "$snippets/$1"
}
known="install install-readme quickstart-java recovery-java weaving-check-test config-env ctw-dependencies ctw-build kotlin-pom kotlin-class
       events-register-java events-listener-java events-service-file jfr-record-run
       kotlin-coroutines-dependency kotlin-suspend-save kotlin-suspend-breaker ltw-dependencies ltw-run ltw-aop-xml
       agent-dependencies agent-run-cp agent-run-jar boot-pom boot-properties boot-agent-run
       boot-ctw-plugin boot-ctw-aspects-xml boot-aspectj-version
       testkit-dependencies testkit-quickstart testkit-woven testkit-crash testkit-lock testkit-breaker-class
       testkit-breaker testkit-events testkit-without-extension"
for name in $(ls "$snippets"); do
  case " $(echo $known) " in
    *" $name "*) ;;
    *) echo "check-snippets: snippet '$name' ($(where "$name")) is run by no check; add it to scripts/check-snippets.sh" >&2
       exit 1 ;;
  esac
done

javac -d "$work/tools" "$repo/scripts/snippets/PomMerge.java"
pom_merge() { java -cp "$work/tools" PomMerge "$@"; }

# --- running the checks ---
results=()
failed=0
# check NAME SNIPPETS -- COMMAND...: runs COMMAND with its output in $work/NAME.log; records the result.
check() {
  local name="$1" used="$2"
  shift 3
  local log="$work/$name.log" start=$SECONDS
  echo "check-snippets: $name ..." >&2
  # A command in an `if` runs without errexit, even in functions it calls: so the check runs as a plain
  # command, in a subshell that stops at its first failing step.
  set +e
  ( set -e; "$@" ) >"$log" 2>&1
  local status=$?
  set -e
  if [ "$status" -eq 0 ]; then
    results+=("PASS  $name ($((SECONDS - start)) s): $(grep -m1 '^snippet app OK' "$log" || echo "ok")")
  else
    failed=1
    results+=("FAIL  $name ($((SECONDS - start)) s), snippets: $used")
    {
      echo "==== check-snippets: $name FAILED; snippets it runs:"
      for s in $used; do echo "       $s at $(where "$s")"; done
      echo "==== last lines of its log ($log):"
      tail -n 60 "$log"
      echo "===="
    } >&2
  fi
}

java_project() { # DIR: the quick-start TaskStore, docs/recovery.md's TaskReader, docs/observability.md's listeners, the mains
  mkdir -p "$1/src/main/java/com/example" "$1/src/main/resources/META-INF/services"
  { echo "package com.example;"; echo; snippet quickstart-java; } >"$1/src/main/java/com/example/TaskStore.java"
  { echo "package com.example;"; echo; snippet recovery-java; } >"$1/src/main/java/com/example/TaskReader.java"
  { echo "package com.example;"; echo; snippet events-listener-java; } >"$1/src/main/java/com/example/SlowFileLog.java"
  snippet events-service-file >"$1/src/main/resources/META-INF/services/dev.resilientio.core.events.ResilientIoListener"
  snippet events-register-java >/dev/null
  awk -v register="$snippets/events-register-java" '
    /puts the snippet events-register-java here/ { while ((getline line < register) > 0) print line; next }
    { print }' "$repo/scripts/snippets/java/Observe.java" >"$1/src/main/java/com/example/Observe.java"
  cp "$repo/scripts/snippets/java/Main.java" "$repo/scripts/snippets/java/ConfigMain.java" "$1/src/main/java/com/example/"
}
# A shell snippet runs in the project's directory, as the user types it there.
run_snippet() { # DIR NAME
  local code
  code="$(snippet "$2")"
  (cd "$1" && bash -euo pipefail -c "$code")
}
build_and_run() { # DIR MAIN: the user's own `mvn package`, then the application on its class path
  (cd "$1" && mvn -q package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
    && java -cp "target/classes:target/lib/*" "$2")
}

# Without its -javaagent the same classes must stop at the weaving check: so the run with it proved the agent wove them.
unwoven_fails() { # DIR NAME
  if (cd "$1" && java -cp "target/classes:target/lib/*" com.example.Main) >"$work/$2-unwoven.log" 2>&1; then
    echo "the $2 project ran without its -javaagent too: its classes were woven some other way"
    return 1
  fi
  grep -q 'resilient-io: weaving is missing' "$work/$2-unwoven.log" || {
    echo "the $2 project without its -javaagent failed, but not at the weaving check:"
    cat "$work/$2-unwoven.log"
    return 1
  }
}

check_versions() {
  local xml=()
  for s in ctw-dependencies ctw-build kotlin-pom ltw-dependencies agent-dependencies boot-pom testkit-dependencies; do
    snippet "$s" >/dev/null
    xml+=("$snippets/$s")
  done
  { echo "<dependencies>"; snippet kotlin-coroutines-dependency; echo "</dependencies>"; } >"$work/kotlin-coroutines-versions.xml"
  { echo "<build><plugins>"; snippet boot-ctw-plugin; echo "</plugins></build>"; } >"$work/boot-ctw-plugin-versions.xml"
  xml+=("$work/boot-ctw-plugin-versions.xml")
  pom_merge versions "$repo/pom.xml" "${xml[@]}" "$work/kotlin-coroutines-versions.xml" \
    "$repo/scripts/snippets/executable-jar.xml" "$repo/scripts/snippets/junit.xml" "$repo/scripts/snippets/base-pom.xml"
  local aspectj version
  if [ "$(snippet install)" != "$(snippet install-readme)" ]; then
    echo "the install command of README.md ($(where install-readme)) and of docs ($(where install)) differ"
    return 1
  fi
  aspectj="$(sed -n 's:.*<aspectj.version>\(.*\)</aspectj.version>.*:\1:p' "$repo/pom.xml")"
  version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$repo/pom.xml")"
  if [ "$(snippet boot-aspectj-version)" != "<aspectj.version>$aspectj</aspectj.version>" ]; then
    echo "docs/spring-boot.md sets $(snippet boot-aspectj-version); the root pom builds with AspectJ $aspectj"
    return 1
  fi
  # The jar names and coordinates in the shell snippets.
  cat "$snippets"/*-run* | grep -oE 'aspectjweaver[-:][0-9][0-9A-Za-z.-]*[0-9A-Z]' | sed 's/^aspectjweaver.//' | sort -u |
    while read -r v; do [ "$v" = "$aspectj" ] || { echo "a shell snippet names aspectjweaver $v, the root pom $aspectj"; exit 1; }; done
  cat "$snippets"/*-run* | grep -oE 'resilient-io-[a-z]+[-:][0-9][0-9A-Za-z.-]*[0-9A-Z]' | sed 's/^resilient-io-[a-z]*.//' | sort -u |
    while read -r v; do [ "$v" = "$version" ] || { echo "a shell snippet names version $v, the root pom $version"; exit 1; }; done
  echo "snippet app OK: versions in the snippets are the root pom's (AspectJ $aspectj, resilient-io $version)"
}

check_ctw() {
  local dir="$work/ctw"
  java_project "$dir"
  # The README's weaving-check test: `mvn package` runs it, so a class ajc did not weave fails the build.
  mkdir -p "$dir/src/test/java/com/example"
  { echo "package com.example;"; echo; snippet weaving-check-test; } >"$dir/src/test/java/com/example/TaskStoreTest.java"
  pom_merge merge "$repo/scripts/snippets/base-pom.xml" "$dir/pom.xml" \
    "$snippets/ctw-dependencies" "$snippets/ctw-build" "$repo/scripts/snippets/junit.xml"
  build_and_run "$dir" com.example.Main
  grep -q 'Tests run: 1, Failures: 0' "$dir"/target/surefire-reports/*.txt \
    || { echo "the README's weaving-check test did not run in the ctw project"; return 1; }
  # The README's configuration snippet: its variables, then the system properties of its comments. A name the
  # engine does not know is only warned about, so the warning fails the check too.
  local variables properties
  variables="$(snippet config-env | grep -oE '^RESILIENT_IO_[A-Z_]+=[^ ]+')"
  properties="$(snippet config-env | grep -oE -- '-Dresilientio\.[^ )]+')"
  (cd "$dir" && env $variables java -cp "target/classes:target/lib/*" com.example.ConfigMain env) 2>&1 | tee "$work/config.log"
  (cd "$dir" && java $properties -cp "target/classes:target/lib/*" com.example.ConfigMain properties) 2>&1 | tee -a "$work/config.log"
  if grep -q 'names no setting' "$work/config.log"; then
    echo "the README's configuration snippet names a setting resilient-io does not know"
    return 1
  fi
  # docs/observability.md's flight recording of the same application, and its print of the lock waits and commits.
  run_snippet "$dir" jfr-record-run >"$work/jfr.log" 2>&1 || { cat "$work/jfr.log"; return 1; }
  grep -q '^dev.resilientio.LockWait {' "$work/jfr.log" && grep -q '^dev.resilientio.AtomicCommit {' "$work/jfr.log" || {
    echo "the recording of docs/observability.md's jfr-record-run holds no dev.resilientio.LockWait or AtomicCommit event:"
    cat "$work/jfr.log"
    return 1
  }
  echo "snippet jfr OK: $(grep -c '^dev.resilientio.LockWait {' "$work/jfr.log") LockWait and" \
    "$(grep -c '^dev.resilientio.AtomicCommit {' "$work/jfr.log") AtomicCommit events recorded"
}

check_kotlin() {
  local dir="$work/kotlin"
  mkdir -p "$dir/src/main/kotlin/com/example"
  { echo "package com.example"; echo; snippet kotlin-class; } >"$dir/src/main/kotlin/com/example/TaskStore.kt"
  cp "$repo/scripts/snippets/kotlin/Main.kt" "$dir/src/main/kotlin/com/example/"
  # docs/kotlin.md's coroutine snippets: its dependency (written to go inside <dependencies>) and its suspend save.
  { echo "<dependencies>"; snippet kotlin-coroutines-dependency; echo "</dependencies>"; } >"$work/kotlin-coroutines.xml"
  snippet kotlin-suspend-save >/dev/null
  snippet kotlin-suspend-breaker >/dev/null
  awk -v save="$snippets/kotlin-suspend-save" -v breaker="$snippets/kotlin-suspend-breaker" '
    /puts the snippet kotlin-suspend-save here/ { while ((getline line < save) > 0) print line; next }
    /puts the snippet kotlin-suspend-breaker here/ { while ((getline line < breaker) > 0) print line; next }
    { print }' \
    "$repo/scripts/snippets/kotlin/SuspendingTaskStore.kt" >"$dir/src/main/kotlin/com/example/SuspendingTaskStore.kt"
  pom_merge merge "$repo/scripts/snippets/base-pom.xml" "$dir/pom.xml" "$snippets/kotlin-pom" "$work/kotlin-coroutines.xml"
  build_and_run "$dir" com.example.MainKt
}

check_ltw() {
  local dir="$work/ltw"
  java_project "$dir"
  mkdir -p "$dir/src/main/resources/META-INF"
  snippet ltw-aop-xml >"$dir/src/main/resources/META-INF/aop.xml"
  pom_merge merge "$repo/scripts/snippets/base-pom.xml" "$dir/pom.xml" "$snippets/ltw-dependencies"
  run_snippet "$dir" ltw-run
  unwoven_fails "$dir" ltw
}

check_agent_cp() {
  local dir="$work/agent"
  java_project "$dir"
  pom_merge merge "$repo/scripts/snippets/base-pom.xml" "$dir/pom.xml" \
    "$repo/scripts/snippets/executable-jar.xml" "$snippets/agent-dependencies"
  run_snippet "$dir" agent-run-cp
  unwoven_fails "$dir" agent
}

check_agent_jar() {
  # The -jar snippet runs what the -cp snippet built and fetched, as in docs/getting-started.md.
  if [ ! -f "$work/agent/target/app.jar" ]; then
    check_agent_cp
  fi
  run_snippet "$work/agent" agent-run-jar
}

# docs/testing.md's tests, against the quick start's TaskStore and the doc's ReportReader, woven at compile time as
# the ctw project is: the user's own `mvn test`, every test class passing, the quick start's in well under a second.
check_testkit() {
  local dir="$work/testkit" name report elapsed
  java_project "$dir"
  { echo "package com.example;"; echo; snippet testkit-breaker-class; } >"$dir/src/main/java/com/example/ReportReader.java"
  mkdir -p "$dir/src/test/java/com/example"
  local tests="testkit-quickstart testkit-woven testkit-crash testkit-lock testkit-breaker testkit-events testkit-without-extension"
  for s in $tests; do
    name="$(snippet "$s" | sed -n 's/^\(public \)\{0,1\}class \([A-Za-z0-9]*\).*/\2/p' | head -n 1)"
    [ -n "$name" ] || { echo "snippet $s ($(where "$s")) declares no class"; return 1; }
    { echo "package com.example;"; echo; snippet "$s"; } >"$dir/src/test/java/com/example/$name.java"
  done
  pom_merge merge "$repo/scripts/snippets/base-pom.xml" "$dir/pom.xml" \
    "$snippets/ctw-dependencies" "$snippets/ctw-build" "$snippets/testkit-dependencies" "$repo/scripts/snippets/junit.xml"
  (cd "$dir" && mvn -q test)
  for s in $tests; do
    name="$(snippet "$s" | sed -n 's/^\(public \)\{0,1\}class \([A-Za-z0-9]*\).*/\2/p' | head -n 1)"
    report="$dir/target/surefire-reports/com.example.$name.txt"
    grep -q 'Failures: 0, Errors: 0, Skipped: 0' "$report" 2>/dev/null \
      || { echo "$name (snippet $s, $(where "$s")) did not pass:"; cat "$report" 2>/dev/null; return 1; }
  done
  elapsed="$(sed -n 's/.*Tests run: 3, .*Time elapsed: \([0-9.]*\) s.*/\1/p' "$dir/target/surefire-reports/com.example.TaskStoreRetryTest.txt")"
  if ! awk -v t="$elapsed" 'BEGIN { exit !(t != "" && t < 1.0) }'; then
    echo "docs/testing.md's quick start took ${elapsed:-?} s; it proves its retries on virtual time in well under a second"
    return 1
  fi
  echo "snippet app OK: docs/testing.md's tests pass; the quick start's three in $elapsed s"
}

boot_project() { # DIR: a Spring Boot application (the root pom's Boot) with the quick start's beans and properties
  local boot_version
  boot_version="$(sed -n 's:.*<spring-boot.version>\(.*\)</spring-boot.version>.*:\1:p' "$repo/pom.xml")"
  if [ -z "$boot_version" ]; then
    echo "the root pom has no <spring-boot.version>: the Spring Boot starter is not in this build"
    return 1
  fi
  java_project "$1"
  cp "$repo/scripts/snippets/boot/Main.java" "$1/src/main/java/com/example/Main.java"
  mkdir -p "$1/src/main/resources"
  snippet boot-properties >"$1/src/main/resources/application.properties"
  sed "s:@spring-boot.version@:$boot_version:" "$repo/scripts/snippets/boot/base-pom.xml" >"$work/boot-base-pom.xml"
}

check_boot() {
  local dir="$work/boot"
  boot_project "$dir"
  # docs/spring-boot.md's compile-time weaving: its plugin element and its property, each written to go inside
  # its parent element, and the aspects file the plugin names, beside the pom.
  { echo "<build><plugins>"; snippet boot-ctw-plugin; echo "</plugins></build>"; } >"$work/boot-ctw-plugin.xml"
  { echo "<properties>"; snippet boot-aspectj-version; echo "</properties>"; } >"$work/boot-aspectj-version.xml"
  snippet boot-ctw-aspects-xml >"$dir/aspectj-resilient-io.xml"
  pom_merge merge "$work/boot-base-pom.xml" "$dir/pom.xml" \
    "$snippets/boot-pom" "$work/boot-ctw-plugin.xml" "$work/boot-aspectj-version.xml"
  build_and_run "$dir" com.example.Main
}

check_boot_agent() {
  local dir="$work/boot-agent"
  boot_project "$dir"
  pom_merge merge "$work/boot-base-pom.xml" "$dir/pom.xml" "$snippets/boot-pom" "$repo/scripts/snippets/boot/fat-jar.xml"
  run_snippet "$dir" boot-agent-run
  # Without the agent, resilientio.weaving-check=fail must stop the same fat jar: so the run above was the agent's.
  if (cd "$dir" && java -jar target/app.jar) >"$work/boot-agent-unwoven.log" 2>&1; then
    echo "the Boot fat jar started without the agent too: resilientio.weaving-check=fail let unwoven beans through"
    return 1
  fi
  grep -q 'resilientio.weaving-check=fail' "$work/boot-agent-unwoven.log" || {
    echo "the Boot fat jar without the agent failed, but not at the weaving check:"
    cat "$work/boot-agent-unwoven.log"
    return 1
  }
}

if $install; then
  install_code="$(snippet install)"
  check install "install" -- bash -c "cd '$repo' && $install_code"
  if [ "$failed" -ne 0 ]; then
    printf '%s\n' "${results[@]}" >&2
    exit 1
  fi
fi
for name in "${checks[@]}"; do
  case "$name" in
    versions) check versions "install install-readme ctw-dependencies ctw-build kotlin-pom ltw-dependencies ltw-run agent-dependencies agent-run-cp agent-run-jar boot-pom boot-agent-run boot-ctw-plugin boot-aspectj-version" -- check_versions ;;
    ctw) check ctw "quickstart-java recovery-java weaving-check-test ctw-dependencies ctw-build config-env events-register-java events-listener-java events-service-file jfr-record-run" -- check_ctw ;;
    kotlin) check kotlin "kotlin-pom kotlin-class kotlin-coroutines-dependency kotlin-suspend-save kotlin-suspend-breaker" -- check_kotlin ;;
    ltw) check ltw "quickstart-java recovery-java ltw-dependencies ltw-run ltw-aop-xml events-register-java events-listener-java events-service-file" -- check_ltw ;;
    agent-cp) check agent-cp "quickstart-java recovery-java agent-dependencies agent-run-cp events-register-java events-listener-java events-service-file" -- check_agent_cp ;;
    agent-jar) check agent-jar "quickstart-java recovery-java agent-dependencies agent-run-jar events-register-java events-listener-java events-service-file" -- check_agent_jar ;;
    boot) check boot "quickstart-java boot-pom boot-ctw-plugin boot-ctw-aspects-xml boot-aspectj-version boot-properties" -- check_boot ;;
    boot-agent) check boot-agent "quickstart-java boot-pom boot-properties boot-agent-run" -- check_boot_agent ;;
    testkit) check testkit "quickstart-java ctw-dependencies ctw-build testkit-dependencies testkit-quickstart testkit-woven testkit-crash testkit-lock testkit-breaker-class testkit-breaker testkit-events testkit-without-extension" -- check_testkit ;;
  esac
done

echo "check-snippets: results (local repository $m2):"
printf '  %s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then
  echo "check-snippets: FAILED: a snippet of README.md or docs/ does not work as written (logs above)" >&2
  exit 1
fi
