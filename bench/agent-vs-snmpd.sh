#!/usr/bin/env bash
# Benchmark (not a test): the LCMS node agent against net-snmp's snmpd on this machine, in one run.
#
# Starts both on 127.0.0.1 (free UDP ports, everything in a temp directory, /var/lib/snmp untouched):
#   - the node agent from node-agent's dist tar.gz through its start script (bin/lcms-agent, its default JVM
#     options, see bin/lcms-agent), one v3 user (SHA-256/AES-128) and a v2c read-only community;
#   - a private snmpd (-f -C -c FILE -Lo) with the same community and a createUser SHA-256/AES user;
# then bench/Bench.java (snmp4j) sends the same 4-varbind GET to each, v2c and v3 authPriv, 1 and 16 in flight,
# BENCH_SECONDS (default 10) measured after BENCH_WARMUP (default 2) seconds per cell (and, before all cells,
# BENCH_PREWARM (default 5) seconds of unmeasured v2c and of v3 load on each server, so that the agent's JIT is
# done), and prints requests/s, server CPU per request, peak RSS and the ratios agent/snmpd. Both servers are
# stopped at the end. BENCH_AGENT_JAVA_OPTS replaces the agent's JVM options (default: the start script's).
#
# Usage: bench/agent-vs-snmpd.sh          (or ./lcms bench agent)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_CELL="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP:-2}"
PREWARM="${BENCH_PREWARM:-5}"
COMMUNITY="bench-community-1"
USER_NAME="bench"
AUTH_PW="bench-auth-secret"
PRIV_PW="bench-priv-secret"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

SNMPD="$(command -v snmpd || true)"
[ -n "$SNMPD" ] || SNMPD=/usr/sbin/snmpd
[ -x "$SNMPD" ] || die "net-snmp's snmpd is missing: apt-get install -y snmpd (the package's own service is not used)"
command -v snmpget >/dev/null || die "net-snmp's snmpget is missing: apt-get install -y snmp"
if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
export JAVA_HOME
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "17' || say "warning: $JAVA_HOME is not Java 17"

VERSION="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
DIST="$ROOT/node-agent/target/lcms-agent-$VERSION-dist.tar.gz"
if [ ! -f "$DIST" ] || [ -n "$(find "$ROOT/node-agent/src/main" "$ROOT/node-agent/pom.xml" -newer "$DIST" -print -quit)" ]; then
    say "building the node agent distribution (mvn -B -q install -DskipTests -pl mib,node-agent)"
    (cd "$ROOT" && { mvn -B -o -q install -DskipTests -pl mib,node-agent || mvn -B -q install -DskipTests -pl mib,node-agent; }) \
        || die "the build failed"
fi

TMP="$(mktemp -d /tmp/lcms-bench.XXXXXX)"
AGENT_PID=""
SNMPD_PID=""
cleanup() {
    for pid in "$AGENT_PID" "$SNMPD_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_udp_port() {
    python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}
AGENT_PORT="$(free_udp_port)"
SNMPD_PORT="$(free_udp_port)"
while [ "$SNMPD_PORT" = "$AGENT_PORT" ]; do SNMPD_PORT="$(free_udp_port)"; done

# --- the node agent, as installed from its tar.gz ---------------------------------------------------------------
tar xzf "$DIST" -C "$TMP"
AGENT_HOME="$TMP/lcms-agent-$VERSION"
cat > "$TMP/agent.cfg" <<EOF
listen = 127.0.0.1/$AGENT_PORT
stateDirectory = $TMP/agent-state
configurator = dry-run
user.$USER_NAME.authPassword = $AUTH_PW
user.$USER_NAME.privPassword = $PRIV_PW
community.readonly = $COMMUNITY
EOF
# BENCH_AGENT_JAVA_OPTS, when set, replaces the start script's JVM options (to try other settings)
if [ -n "${BENCH_AGENT_JAVA_OPTS:-}" ]; then export LCMS_AGENT_JAVA_OPTS="$BENCH_AGENT_JAVA_OPTS"; else unset LCMS_AGENT_JAVA_OPTS; fi
"$AGENT_HOME/bin/lcms-agent" --config "$TMP/agent.cfg" > "$TMP/agent.log" 2>&1 &
AGENT_PID=$!   # the script execs java: this is the JVM's PID

# --- a private snmpd -----------------------------------------------------------------------------------------
mkdir -p "$TMP/snmpd-persist"
cat > "$TMP/snmpd.conf" <<EOF
# private benchmark instance: loopback only, state in $TMP/snmpd-persist
[snmp] persistentDir $TMP/snmpd-persist
agentAddress udp:127.0.0.1:$SNMPD_PORT
rocommunity $COMMUNITY 127.0.0.1
createUser $USER_NAME SHA-256 "$AUTH_PW" AES "$PRIV_PW"
rouser $USER_NAME priv
sysName $(hostname)
EOF
SNMP_PERSISTENT_DIR="$TMP/snmpd-persist" MIBS="" "$SNMPD" -f -C -c "$TMP/snmpd.conf" -Lo \
    -p "$TMP/snmpd.pid" > "$TMP/snmpd.log" 2>&1 &
SNMPD_PID=$!

ready() { # PORT
    MIBS="" SNMP_PERSISTENT_DIR="$TMP/client-persist" snmpget -v3 -l authPriv -u "$USER_NAME" -a SHA-256 \
        -A "$AUTH_PW" -x AES -X "$PRIV_PW" -On -t 1 -r 0 "udp:127.0.0.1:$1" .1.3.6.1.2.1.1.1.0 >/dev/null 2>&1
}
for name in agent snmpd; do
    if [ "$name" = agent ]; then port=$AGENT_PORT; pid=$AGENT_PID; log="$TMP/agent.log"; else port=$SNMPD_PORT; pid=$SNMPD_PID; log="$TMP/snmpd.log"; fi
    up=""
    for _ in $(seq 60); do
        if ready "$port"; then up=1; break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    [ -n "$up" ] || { cat "$log" >&2; die "$name did not answer on 127.0.0.1:$port"; }
done
say "node agent pid $AGENT_PID on 127.0.0.1:$AGENT_PORT ($(head -n 1 "$TMP/agent.log"))"
say "snmpd $("$SNMPD" -v 2>/dev/null | sed -n 's/^NET-SNMP version: *//p') pid $SNMPD_PID on 127.0.0.1:$SNMPD_PORT"
say "agent JVM: $(tr '\0' ' ' < "/proc/$AGENT_PID/cmdline" | sed 's/ -cp .*//')"

"$JAVA_HOME/bin/java" -cp "$AGENT_HOME/lib/*" "$ROOT/bench/Bench.java" --seconds "$SECONDS_PER_CELL" \
    --warmup "$WARMUP" --prewarm "$PREWARM" --community "$COMMUNITY" --user "$USER_NAME" --auth "$AUTH_PW" --priv "$PRIV_PW" \
    "lcms-agent=127.0.0.1/$AGENT_PORT:$AGENT_PID" "snmpd=127.0.0.1/$SNMPD_PORT:$SNMPD_PID"
