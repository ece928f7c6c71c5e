#!/usr/bin/env bash
# Benchmark (not a test): the LCMS SNMP manager (bundle-lcms-snmp's ManagerRuntime, outside Karaf) polling many
# agents, side by side with a bare snmp4j GETBULK loop (the floor), at 100, 1,000 and 10,000 agents.
#
# The agents: bench/AgentFarm.java in another JVM, 10,000 snmp4j UDP endpoints on 127.0.X.Y:PORT (SNMPv2c, a
# static LCMS-MIB view of a real server), non-blocking sockets served by one selector thread (FARM_LOOPS=2 for two)
# so the farm does not take the manager's CPU with a thread per agent. For each count, bench/ManagerBench.java runs
# the floor and then the manager against the first N of them with BENCH_IN_FLIGHT (default 1000) requests
# outstanding, BENCH_SECONDS (default 10) measured after warm-up, and prints polls/s, CPU per poll and heap after GC
# before/after.
# SNMPv2c on both sides: the manager's own cost is measured, not AES/SHA (v3 costs the same on both sides).
#
# Usage: bench/manager-vs-snmp4j.sh   (or ./lcms bench manager)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_CELL="${BENCH_SECONDS:-10}"
IN_FLIGHT="${BENCH_IN_FLIGHT:-1000}"
COUNTS="${BENCH_AGENTS:-100 1000 10000}"
COMMUNITY="bench-community-1"
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

VERSION="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
PEN="$(sed -n 's:.*<lcms.pen>\(.*\)</lcms.pen>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
MIB_ROOT="1.3.6.1.4.1.$PEN.2"
if [ ! -d "$ROOT/bundle-lcms-snmp/target/classes" ] || [ ! -f "$ROOT/bundle-lcms-model/target/bundle-lcms-model-$VERSION.jar" ]; then
    say "building the manager (mvn -B -q install -DskipTests -pl mib,bundle-lcms-model,bundle-lcms-snmp)"
    (cd "$ROOT" && { mvn -B -o -q install -DskipTests -pl mib,bundle-lcms-model,bundle-lcms-snmp \
        || mvn -B -q install -DskipTests -pl mib,bundle-lcms-model,bundle-lcms-snmp; }) || die "the build failed"
fi
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
SNMP4J="$(sed -n 's:.*<snmp4j.version>\(.*\)</snmp4j.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
CP="$M2/org/snmp4j/snmp4j/$SNMP4J/snmp4j-$SNMP4J.jar"
[ -f "$CP" ] || die "snmp4j $SNMP4J is not in $M2 (run ./lcms test once to fetch it)"
MGR_CP="$CP:$ROOT/bundle-lcms-snmp/target/classes:$ROOT/bundle-lcms-model/target/bundle-lcms-model-$VERSION.jar"
MGR_CP="$MGR_CP:$ROOT/mib/target/classes:$M2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar"
MAX=0; for n in $COUNTS; do [ "$n" -gt "$MAX" ] && MAX="$n"; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -gt $((MAX + 200)) ] || die "need more than $MAX open files for the agents (ulimit -n is $(ulimit -n))"
PORT="$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.1.1", 0)); print(s.getsockname()[1])')"
LOG="$(mktemp /tmp/lcms-farm.XXXXXX)"
# The farm on one core, the measured JVM on the other (taskset, if there are two): on a shared 2-core VM the
# two otherwise take CPU from each other in ways that differ from run to run.
FARM_PIN=(); BENCH_PIN=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ] && [ "${BENCH_PIN:-1}" = 1 ]; then
    FARM_PIN=(taskset -c 0); BENCH_PIN=(taskset -c 1)
fi
"${FARM_PIN[@]}" java -Xss256k -Xmx1g -cp "$CP" "$ROOT/bench/AgentFarm.java" "$MAX" "$PORT" "$COMMUNITY" "$MIB_ROOT" \
    > "$LOG" 2>&1 &
FARM=$!
trap 'kill $FARM 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 240); do grep -q '^ready' "$LOG" && break; kill -0 "$FARM" 2>/dev/null || { cat "$LOG" >&2; die "the agent farm died"; }; sleep 0.5; done
grep -q '^ready' "$LOG" || die "the agent farm did not start"
say "$MAX agents on 127.0.X.Y:$PORT (pid $FARM); $IN_FLIGHT in flight, $SECONDS_PER_CELL s per cell${FARM_PIN:+; farm on CPU 0, manager/floor on CPU 1}"
say "each cell: floor and LCMS take turns ${BENCH_ROUNDS:-5} times (who goes first alternates); medians, the ratio of each round and their median"
printf '%-8s | %14s | %14s | %8s | %13s | %13s | %9s | %s | %s\n' agents "floor polls/s" "LCMS polls/s" ratio "floor CPU/poll" "LCMS CPU/poll" "CPU ratio" "LCMS heap after GC (first -> last)" "ratio per round (median)"
for n in $COUNTS; do
    line="$("${BENCH_PIN[@]}" java -Xmx512m -cp "$MGR_CP" "$ROOT/bench/ManagerBench.java" "$n" "$PORT" "$COMMUNITY" "$MIB_ROOT" \
        "$SECONDS_PER_CELL" "$IN_FLIGHT" 2>/dev/null | grep '^RESULT')" || die "ManagerBench failed for $n agents"
    eval "$(echo "$line" | sed 's/^RESULT //')"
    printf '%-8s | %14s | %14s | %7sx | %10s us | %10s us | %8sx | %s -> %s MB (%s failed polls, %s directory writes) | %s\n' "$agents" \
        "$floor_polls_s" "$manager_polls_s" "$ratio" "$floor_cpu_us" "$manager_cpu_us" "$cpu_ratio" "$heap_before_mb" \
        "$heap_after_mb" "$failed" "$writes" "$ratios ($median_round_ratio)"
done
echo "ratio: LCMS polls/s / floor polls/s; CPU ratio: floor CPU per poll / LCMS CPU per poll (what the ratio of"
echo "polls/s would be if the measured core were the limit: the farm's core may be, and then polls/s hides it)"
echo "goal: >= 10,000 agent polls/s on 2 cores, >= 0.8x the bare-snmp4j floor, steady memory"
