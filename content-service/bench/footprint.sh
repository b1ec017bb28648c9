#!/usr/bin/env bash
# content-service footprint: start-up time and resident memory after start, median of RUNS starts.
#
#   ./mvnw -o -pl content-service package -DskipTests      # from the repository root, first
#   content-service/bench/footprint.sh                     # PostgreSQL + Kafka: the tests' embedded ones
#   DATABASE_URL=jdbc:postgresql://... DATABASE_USER=... DATABASE_PASSWORD=... \
#     KAFKA_BOOTSTRAP_SERVERS=host:9092 content-service/bench/footprint.sh    # or running ones
#
# Environment:
#   RUNS       measured starts (default 5), after one first start that is reported on its own: it
#              migrates an empty database, loads the education library and writes the class archive
#   JAVA       a JDK 21+ java (default: the newest under /usr/lib/jvm)
#   JAVA_OPTS  launch flags (default: the recommended ones below; JAVA_OPTS=" " for a plain java -jar)
#   SETTLE     seconds after start-up before the second memory reading (default 5)
#
# Per start it reports Micronaut's "Startup completed in N ms", the wall-clock time from launching
# the JVM to that line, and the resident set size (ps -o rss) at that moment and SETTLE seconds later
# (the consumer has joined its group, the outbox relay has run).
set -euo pipefail

MODULE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(dirname "$MODULE")"
JAR="$MODULE/target/content-service.jar"
WORK="$MODULE/target/bench"
RUNS="${RUNS:-5}"
SETTLE="${SETTLE:-5}"
mkdir -p "$WORK"

[ -f "$JAR" ] || { echo "No $JAR: run ./mvnw -o -pl content-service package -DskipTests first" >&2; exit 1; }

if [ -z "${JAVA:-}" ]; then
  for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -r); do
    major=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then JAVA="$candidate"; break; fi
  done
fi
[ -n "${JAVA:-}" ] || { echo "No JDK 21+ found; set JAVA" >&2; exit 1; }

# The recommended launch: C1 only (start-up work is not worth C2 on 2 cores), the serial collector
# and a capped heap (a small service: fewer GC threads and less reserved memory), and a class-data
# archive that the first start writes and later starts map (JDK 19+). The JVM refuses an archive
# made from other jars and does not replace it, so the archive is named after this build's jars.
BUILD_KEY=$( (stat -c '%n %s %Y' "$JAR" "$MODULE"/target/lib/*.jar; "$JAVA" -version 2>&1) | sha256sum | cut -c1-12)
DEFAULT_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms32m -Xmx128m -Xss512k \
-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$WORK/content-service-$BUILD_KEY.jsa"
JAVA_OPTS="${JAVA_OPTS:-$DEFAULT_OPTS}"

infra_pid=""
cleanup() {
  if [ -n "$infra_pid" ]; then kill "$infra_pid" 2>/dev/null || true; wait "$infra_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  echo "Starting embedded PostgreSQL and Kafka (the tests' infrastructure)..." >&2
  (cd "$ROOT" && ./mvnw -o -q -pl content-service dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/test-classpath.txt" >/dev/null)
  "$JAVA" --enable-native-access=ALL-UNNAMED \
      -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$WORK/test-classpath.txt")" \
      clinic.content.testing.FootprintInfrastructure < /dev/null > "$WORK/infrastructure.log" 2>&1 &
  infra_pid=$!
  for _ in $(seq 1 120); do
    grep -q '^READY' "$WORK/infrastructure.log" && break
    kill -0 "$infra_pid" 2>/dev/null || break
    sleep 1
  done
  if ! grep -q '^READY' "$WORK/infrastructure.log"; then
    status=0; wait "$infra_pid" || status=$?
    echo "Infrastructure did not start (exit status $status); see $WORK/infrastructure.log" >&2
    infra_pid=""
    exit 1
  fi
  eval "$(grep -E '^(DATABASE_URL|DATABASE_USER|DATABASE_PASSWORD|KAFKA_BOOTSTRAP_SERVERS)=' "$WORK/infrastructure.log" | sed 's/^/export /')"
fi

now_ms() { date +%s%3N; }

# Starts the service once; prints "<startup ms> <wall ms> <rss at start KB> <rss settled KB>".
start_once() {
  local log="$WORK/run.log" launched pid ready=""
  launched=$(now_ms)
  # shellcheck disable=SC2086
  SERVER_PORT=-1 "$JAVA" $JAVA_OPTS -jar "$JAR" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if grep -q 'Startup completed in' "$log"; then ready=$(now_ms); break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$ready" ]; then echo "content-service did not start; see $log" >&2; kill "$pid" 2>/dev/null; exit 1; fi
  local rss_start rss_settled startup
  rss_start=$(ps -o rss= -p "$pid" | tr -d ' ')
  sleep "$SETTLE"
  rss_settled=$(ps -o rss= -p "$pid" | tr -d ' ')
  startup=$(sed -n 's/.*Startup completed in \([0-9]*\)ms.*/\1/p' "$log" | head -1)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$startup $((ready - launched)) $rss_start $rss_settled"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

echo "java:      $JAVA ($("$JAVA" -version 2>&1 | head -1))"
echo "JAVA_OPTS: $JAVA_OPTS"
echo "machine:   $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure() {
  local result
  result=$(start_once) || exit 1
  [ -n "$result" ] || { echo "content-service did not start; see $WORK/run.log" >&2; exit 1; }
  echo "$result"
}
read -r s w r1 r2 <<< "$(measure)"
cp "$WORK/run.log" "$WORK/first-start.log"
printf 'first start  startup %5d ms  wall %5d ms  rss %4d MB  rss after %ss %4d MB\n' \
  "$s" "$w" $((r1 / 1024)) "$SETTLE" $((r2 / 1024))
: > "$WORK/runs.txt"
for i in $(seq 1 "$RUNS"); do
  read -r s w r1 r2 <<< "$(measure)"
  echo "$s $w $r1 $r2" >> "$WORK/runs.txt"
  printf 'run %-8s startup %5d ms  wall %5d ms  rss %4d MB  rss after %ss %4d MB\n' \
    "$i" "$s" "$w" $((r1 / 1024)) "$SETTLE" $((r2 / 1024))
done
printf 'median       startup %5d ms  wall %5d ms  rss %4d MB  rss after %ss %4d MB\n' \
  "$(cut -d' ' -f1 "$WORK/runs.txt" | median)" "$(cut -d' ' -f2 "$WORK/runs.txt" | median)" \
  $(( $(cut -d' ' -f3 "$WORK/runs.txt" | median) / 1024 )) "$SETTLE" \
  $(( $(cut -d' ' -f4 "$WORK/runs.txt" | median) / 1024 ))
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
