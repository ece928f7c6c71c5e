#!/usr/bin/env bash
# Benchmark (not a test): LCMS's node agents against keepalived 2.2.x, side by side on the same network-namespace
# bed in one run: (1) client-visible outage when the load balancer dies (keepalived VRRP at advert_int 1 and 0.1),
# with the resets of established connections during each takeover; (2) how fast a failed real server leaves the
# rotation and comes back (LCMS's health checks against keepalived's own HTTP_GET checker).
#
# The bed: bed/netns-bed.sh (prefix lkb-) with client, lb, bs1, bs2, rs1..rs3, up with --no-dispatch. LCMS: a
# packaged node agent in lb, bs1, bs2 (members) and rs1..rs3 (witnesses), configurator = linux, default failover
# timers (lease 120 ms, renew 25, deadAfter 45), dataPlane = nftables: the agents' own stateless dispatch, the
# table written to each director over SNMP (net-snmp snmpset, v3 authPriv, as the manager does it). keepalived:
# one VRRP instance on lb (priority 150) and bs1 (priority 100), the VIP only, dispatching with the very table the
# LCMS load balancer had (copied from it: same buckets, same hash), so both sides have the same data plane.
#
# Failover trial: the client runs a loop of new connections (one every 2 ms, 20 ms timeout = the resolution) and
# six held keep-alive connections (a GET on each every 20 ms); after 1 s the LB "crashes": its agent / keepalived
# is killed with SIGKILL and its link goes down. Recorded: the loop's longest gap between two successful requests
# (the outage), its failed requests and among them those refused or reset (an RST seen), and the held connections
# that broke, with the resets among them. Then the LB comes back and the next trial waits until it holds the VIP.
#
# Real-server trial (rs2's HTTP server killed with SIGKILL, then started again), the same check on both sides:
# HTTP GET / every 100 ms, 100 ms timeout, out after 2 failures in a row, back after 1 success (LCMS:
# healthCheck.interval 100, timeout 100, fall 2, rise 1, flapLimit 0; keepalived: HTTP_GET, delay_loop 0.1,
# connect_timeout 0.1, retry 1, delay_before_retry 0.1, warmup 0 — keepalived's timers take fractions of a
# second, with microsecond resolution; both checkers at SCHED_RR 10: checker_rt_priority 10, and LCMS's
# failover.realtimePriority 10, which covers its health-check threads). Measured from the kill to the moment each one changes its table: LCMS's
# change of the nftables table on lb (its first `nft monitor` event), keepalived's IPVS "delete real server" call. This kernel has no IPVS
# and keepalived's checker exits without it, so it runs with bench/ipvs-shim.c preloaded: the IPVS socket options
# answered as an empty IPVS would, every change logged with its time (a real IPVS changes its table within that
# call; nothing here dispatches by IPVS). Also recorded: when each decided — LCMS's log line (stamped in ms),
# written just before it loads the table; keepalived's notify_down script start, just after its IPVS call.
# Neither figure includes a client; LCMS's client-visible out-of-rotation time is FailoverNetnsIT's.
#
# Usage: bench/failover-vs-keepalived.sh   (or ./lcms bench failover; root; BENCH_TRIALS=20 per setting)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRIALS="${BENCH_TRIALS:-20}"
export LCB_PREFIX=lkb-
BED="$ROOT/bed/netns-bed.sh"
TOOL="$ROOT/bed/bedtool.py"
PY=/usr/bin/python3
VIP=10.77.0.100
DEV=${LCB_PREFIX}eth
HELD=6                                            # held keep-alive connections per failover trial
WORK="$(mktemp -d /tmp/lcms-failover-bench.XXXXXX)"
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
for c in ip nft arping keepalived snmpset gcc "$PY"; do
    command -v "$c" >/dev/null 2>&1 || die "missing $c (apt-get install -y iproute2 nftables iputils-arping keepalived snmp gcc python3)"
done
[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "needs bash 5 (EPOCHREALTIME)"
DIST="$(ls "$ROOT"/node-agent/target/lcms-agent-*.tar.gz 2>/dev/null | head -n 1 || true)"
if [ -z "$DIST" ]; then
    say "building the node agent (mvn -B -o -q package -DskipTests -pl node-agent -am)"
    (cd "$ROOT" && mvn -B -o -q package -DskipTests -pl node-agent -am) || die "the build failed"
    DIST="$(ls "$ROOT"/node-agent/target/lcms-agent-*.tar.gz | head -n 1)"
fi
tar xzf "$DIST" -C "$WORK"
AGENT="$(ls -d "$WORK"/lcms-agent-*/ | head -n 1)bin/lcms-agent"
gcc -shared -fPIC -O2 -o "$WORK/ipvs-shim.so" "$ROOT/bench/ipvs-shim.c" -ldl || die "could not build bench/ipvs-shim.c"
OIDS="1.3.6.1.4.1.$(sed -n 's:.*<lcms.pen>\(.*\)</lcms.pen>.*:\1:p' "$ROOT/pom.xml" | head -n 1).2.1"   # lcmsObjects

declare -A ADDR=([lb]=10.77.0.10 [bs1]=10.77.0.11 [bs2]=10.77.0.12 [rs1]=10.77.0.21 [rs2]=10.77.0.22 [rs3]=10.77.0.23)
cleanup() {
    pkill -f "$WORK/" 2>/dev/null || true
    for n in lb bs1; do [ -f "$WORK/ka-$n.pid" ] && kill -9 "$(cat "$WORK/ka-$n.pid")" 2>/dev/null || true; done
    [ -f "$WORK/ka-check.pid" ] && kill -9 "$(cat "$WORK/ka-check.pid")" 2>/dev/null || true
    [ -f "$WORK/monitor.pid" ] && kill "$(cat "$WORK/monitor.pid")" 2>/dev/null || true
    "$BED" down >/dev/null 2>&1 || true          # also ends whatever still runs inside the bed's namespaces
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
"$BED" down >/dev/null 2>&1 || true
"$BED" up --no-vip --no-dispatch --rs 3 >/dev/null 2>&1 || die "the bed did not come up (bed/netns-bed.sh up)"

holds() { ip -n "${LCB_PREFIX}$1" -o -4 addr show dev "$DEV" | grep -q " $VIP/32 "; }
await_holder() {                                  # await_holder NODE SECONDS
    local end=$(( $(date +%s) + $2 ))
    while [ "$(date +%s)" -le "$end" ]; do
        if holds "$1" && ! { [ "$1" != bs1 ] && holds bs1; }; then return 0; fi
        sleep 0.05
    done
    return 1
}

# ---- LCMS ---------------------------------------------------------------------------------------------
agent_start() {
    local n=$1 dir="$WORK/$1" members witnesses
    mkdir -p "$dir"
    members="lb@${ADDR[lb]}/7411, bs1@${ADDR[bs1]}/7411, bs2@${ADDR[bs2]}/7411"
    witnesses="rs1@${ADDR[rs1]}/7411, rs2@${ADDR[rs2]}/7411, rs3@${ADDR[rs3]}/7411"
    cat >"$dir/agent.cfg" <<EOF
listen = ${ADDR[$n]}/1161
stateDirectory = $dir/state
configurator = linux
serviceInterface = $DEV
user.lcms.authPassword = bench-auth-pass-1
user.lcms.privPassword = bench-priv-pass-1
user.lcms.access = readwrite
failover.self = $n
failover.listen = ${ADDR[$n]}/7411
failover.cluster.web.key = bench-failover-cluster-key
failover.cluster.web.vip = $VIP
failover.cluster.web.members = $members
failover.cluster.web.witnesses = $witnesses
failover.cluster.web.failbackDelay = 500
EOF
    case $n in lb|bs*) cat >>"$dir/agent.cfg" <<EOF
dataPlane = nftables
healthCheck = http
healthCheck.interval = 100
healthCheck.timeout = 100
healthCheck.fall = 2
healthCheck.rise = 1
healthCheck.flapLimit = 0
EOF
    esac
    # log lines stamped in epoch milliseconds: the health decision's moment, next to the table's
    JAVA_TOOL_OPTIONS='-Djava.util.logging.SimpleFormatter.format=%1$tQ|%4$s|%5$s%n' \
    JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
        ip netns exec "${LCB_PREFIX}$n" "$AGENT" --config "$dir/agent.cfg" >>"$WORK/$n.log" 2>&1 &
    echo $! >"$dir/pid"
    disown $!                                     # killed on purpose: no "Killed" notice from bash
}
# No `wait` in the kill functions: they run inside the trial's command substitution, where bash's wait for the
# main shell's child blocked for seconds (the kill then came after the client's loop had ended).
agent_kill() { kill -9 "$(cat "$WORK/$1/pid")" 2>/dev/null || true; }

# The manager's part, over SNMP from the client's namespace: the role of each director (lb; bs1, bs2 backups of
# rank 1, 2 of cluster web) and the dispatch table (tcp VIP:80, wrr, rs1..rs3 weight 1), RowStatus createAndGo.
snmp_set() {                                      # snmp_set DIRECTOR VARBINDS...
    local d=$1; shift
    MIBS="" SNMP_PERSISTENT_DIR="$WORK/snmp" ip netns exec "${LCB_PREFIX}client" snmpset -v3 -l authPriv -u lcms \
        -a SHA-256 -A bench-auth-pass-1 -x AES -X bench-priv-pass-1 -On -t 5 -r 0 "udp:${ADDR[$d]}:1161" "$@" \
        >>"$WORK/snmp.log" 2>&1 || die "snmpset to $d failed (see $WORK/snmp.log)"
}
manager_writes() {
    local d R=$OIDS.2 V=$OIDS.3.1.1 S=$OIDS.3.2.1 i rows
    for d in lb bs1 bs2; do
        if [ "$d" = lb ]; then
            snmp_set "$d" "$R.4.0" i 1 "$R.5.0" x 0A4D0064 "$R.3.0" s web "$R.1.0" i 2
        else
            snmp_set "$d" "$R.4.0" i 1 "$R.5.0" x 0A4D0064 "$R.3.0" s web "$R.6.0" u "${d#bs}" "$R.1.0" i 3
        fi
        snmp_set "$d" "$V.2.1" i 1 "$V.3.1" x 0A4D0064 "$V.4.1" u 80 "$V.5.1" i 6 "$V.6.1" i 2 "$V.8.1" i 4
        rows=()
        for i in 1 2 3; do
            rows+=("$S.2.1.$i" i 1 "$S.3.1.$i" x "0A4D00$((14 + i))" "$S.4.1.$i" u 80 "$S.5.1.$i" u 1 "$S.11.1.$i" i 4)
        done
        snmp_set "$d" "${rows[@]}"
    done
}

# ---- keepalived -----------------------------------------------------------------------------------------
KA_STARTS=0
ka_start() {                                      # ka_start NODE PRIORITY ADVERT
    local n=$1 conf="$WORK/ka-$1.conf"
    # fresh pid files each start: a killed instance's child can linger as a zombie (nobody reaps it quickly in a
    # container) and keepalived then refuses to start ("daemon is already running")
    KA_STARTS=$((KA_STARTS + 1))
    cat >"$conf" <<EOF
global_defs {
    router_id lcms_bench_$n
    vrrp_version 3
    vrrp_garp_master_delay 1
    vrrp_garp_master_repeat 1
}
vrrp_instance web {
    state $([ "$n" = lb ] && echo MASTER || echo BACKUP)
    interface $DEV
    virtual_router_id 77
    priority $2
    advert_int $3
    virtual_ipaddress {
        $VIP/32 dev $DEV
    }
}
EOF
    ip netns exec "${LCB_PREFIX}$n" keepalived -n -l -P -f "$conf" -p "$WORK/ka-$n.$KA_STARTS.main.pid" \
        -r "$WORK/ka-$n.$KA_STARTS.vrrp.pid" >>"$WORK/ka-$n.log" 2>&1 &
    echo $! >"$WORK/ka-$n.pid"
}
ka_kill() {
    local p
    p="$(cat "$WORK/ka-$1.pid" 2>/dev/null || true)"
    [ -n "$p" ] || return 0
    pkill -9 -P "$p" 2>/dev/null || true            # the VRRP child first: it holds the VIP
    kill -9 "$p" 2>/dev/null || true
}

# ---- one failover trial -----------------------------------------------------------------------------------
# trial KILL_CMD SECONDS -> prints "gap_ms failed requests held_broken held_reset new_refused_or_reset"
kv() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -n 1; }
trial() {
    local kill_cmd=$1 secs=$2 loop hold
    ip netns exec "${LCB_PREFIX}client" "$PY" "$TOOL" hold "$VIP" 80 "$secs" 0.02 "$HELD" >"$WORK/hold.out" 2>&1 &
    local hp=$!
    ip netns exec "${LCB_PREFIX}client" "$PY" "$TOOL" loop "$VIP" 80 "$secs" 100000 0.02 0.002 >"$WORK/loop.out" 2>&1 &
    local lp=$!
    sleep 1
    $kill_cmd lb
    "$BED" link lb down
    wait "$hp" || true
    wait "$lp" || true
    loop="$(tail -n 1 "$WORK/loop.out")"
    hold="$(tail -n 1 "$WORK/hold.out")"
    local broken; broken=$(kv broken "$hold")
    echo "$(kv max_gap_ms "$loop") $(kv fail "$loop") $(kv requests "$loop") ${broken:-$HELD} $(kv reset "$hold") $(( $(kv reset "$loop") + $(kv refused "$loop") ))"
}

run_setting() {                                   # run_setting NAME START_CMD KILL_CMD HOLD_SECONDS SECONDS
    local name=$1 start=$2 kill_cmd=$3 secs=$5 i r
    : >"$WORK/$name.results"
    for i in $(seq 1 "$TRIALS"); do
        await_holder lb "$4" || die "$name: lb did not hold the VIP before trial $i (see $WORK)"
        sleep 0.5
        # The same start for both: the client asks afresh who has the VIP (a stale entry pointing at bs1 would
        # be served by bs1's identical dispatch table under keepalived, and killing lb would then cost nothing).
        local tries=0
        while :; do
            ip -n "${LCB_PREFIX}client" neigh del "$VIP" dev "$DEV" 2>/dev/null || true
            ip netns exec "${LCB_PREFIX}client" "$PY" "$TOOL" burst "$VIP" 80 3 0 1 >/dev/null 2>&1 || true
            ip -n "${LCB_PREFIX}client" neigh show "$VIP" dev "$DEV" | grep -q "02:4c:43:00:00:0a" && break
            tries=$((tries + 1))
            [ "$tries" -lt 10 ] || die "$name trial $i: the client does not reach the VIP through lb: $(ip -n "${LCB_PREFIX}client" neigh show "$VIP")"
            sleep 0.5
        done
        [ "$tries" = 0 ] || say "$name trial $i: the client needed $((tries + 1)) tries to reach the VIP through lb"
        r="$(trial "$kill_cmd" "$secs")"
        echo "$r" >>"$WORK/$name.results"
        read -r g f n b hr nr <<<"$r"
        say "$name trial $i: outage $g ms, failed $f/$n (refused or reset: $nr), held connections broken $b/$HELD (reset: ${hr:-?})"
        "$BED" link lb up
        $start lb
    done
}

# ---- one real-server trial ----------------------------------------------------------------------------------
# Lines of an events file start with a wall-clock time in seconds.
event_after() {                                   # event_after FILE PATTERN T SECONDS -> time of the first match
    local end=$(( $(date +%s) + $4 )) t
    while [ "$(date +%s)" -le "$end" ]; do
        # a line starts with seconds, or (the agent's log) with milliseconds and a '|'
        t=$(awk -v t="$3" -v p="$2" '{ split($1, a, "|"); x = a[1] + 0; if (x > 1e12) x = x / 1000 }
                                    x > t && $0 ~ p { printf "%.6f\n", x; exit }' "$1" 2>/dev/null || true)
        [ -n "$t" ] && { echo "$t"; return 0; }
        sleep 0.01
    done
    return 1
}
# rs_trials NAME EVENTS OUT_PATTERN BACK_PATTERN [DECIDED_FILE DECIDED_PATTERN]: kill rs2's HTTP server, wait (bounded) for the
# first OUT_PATTERN event after the kill, start the server again, wait for BACK_PATTERN after its start. "back" is
# counted from the start of the server's process (python needs some 100 ms before it listens: the same for both).
rs_trials() {
    local name=$1 events=$2 out_p=$3 back_p=$4 notify=${5:-} notify_p=${6:-.} i r stopped started t_out t_back t_note
    : >"$WORK/$name.results"
    for i in $(seq 1 "$TRIALS"); do
        sleep "0.$((RANDOM % 10))"                 # a phase against the check interval that differs trial to trial
        r=$("$BED" http rs2 stop)
        stopped=$(kv stopped "$r")
        t_out=$(event_after "$events" "$out_p" "$stopped" 10) || die "$name trial $i: rs2 not taken out within 10 s (see $WORK)"
        t_note=0
        if [ -n "$notify" ]; then t_note=$(event_after "$notify" "$notify_p" "$stopped" 5) || t_note=0; fi
        r=$("$BED" http rs2 start)
        started=$(kv started "$r")
        if ! t_back=$(event_after "$events" "$back_p" "$started" 10); then
            # counted as 10 s (a lower bound) rather than ending the run: keepalived's checker once took 7.9 s and
            # once more than 10 s here; the next trial needs rs2 back in the table, so wait for it (bounded)
            say "$name trial $i: rs2 not put back within 10 s, counted as 10000 ms (a lower bound)"
            event_after "$events" "$back_p" "$started" 40 >/dev/null || die "$name trial $i: rs2 not put back within 40 s (see $WORK)"
            t_back=$("$PY" -c "print($started + 10)")
        fi
        "$PY" -c "print(f'{($t_out-$stopped)*1000:.1f} {($t_back-$started)*1000:.1f} {(($t_note-$stopped)*1000 if $t_note else 0):.1f}')" \
            >>"$WORK/$name.results"
        read -r o b _ <<<"$(tail -n 1 "$WORK/$name.results")"
        say "$name trial $i: rs2 out of rotation $o ms after its server was killed, back $b ms after it was started"
        sleep 0.3
    done
}

stats() {                                         # stats NAME -> "median max failed_median broken resets new_rst trials"
    "$PY" - "$WORK/$1.results" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
gaps = [float(r[0]) for r in rows]
fails = [int(r[1]) for r in rows]
print(f"{statistics.median(gaps):.1f} {max(gaps):.1f} {statistics.median(fails):.0f} {sum(int(r[3]) for r in rows)} "
      f"{sum(int(r[4]) if len(r) > 4 and r[4] else 0 for r in rows)} {sum(int(r[-1]) for r in rows)} {len(rows)}")
EOF
}
rs_stats() {                                      # rs_stats NAME -> "out_median out_max back_median back_max notify_median n"
    "$PY" - "$WORK/$1.results" <<'EOF'
import statistics, sys
rows = [[float(x) for x in l.split()] for l in open(sys.argv[1]) if l.strip()]
o, b, e = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
print(f"{statistics.median(o):.1f} {max(o):.1f} {statistics.median(b):.1f} {max(b):.1f} {statistics.median(e):.1f} {len(rows)}")
EOF
}

say "bed lkb- up; $TRIALS trials per setting; client: new connection every 2 ms (20 ms timeout) + $HELD held connections"
ONLY="${BENCH_ONLY:-}"                            # lcms or keepalived: one side only (for trying the script)
if [ "$ONLY" != keepalived ]; then
    # LCMS: witnesses and the LB first, then the backups; then the manager's writes
    for n in rs1 rs2 rs3 lb; do agent_start "$n"; done
    await_holder lb 30 || die "LCMS: lb did not take the VIP (see $WORK/lb.log)"
    agent_start bs1; agent_start bs2
    for n in bs1 bs2; do
        for _ in $(seq 1 300); do grep -q "lcms-agent: listening on" "$WORK/$n.log" 2>/dev/null && break; sleep 0.1; done
    done
    manager_writes
    out=$(ip netns exec "${LCB_PREFIX}client" "$PY" "$TOOL" burst "$VIP" 80 30 0 1 | paste -sd' ')
    [[ $out == *fail=0* ]] || die "LCMS: the client does not reach the service through lb's table: $out"
    run_setting lcms agent_start agent_kill 30 4
    # real server out of rotation: each change lb's agent makes to its table is one nft transaction, and its first
    # event the time it took effect (a server down or back replaces only map elements, "delete element ..."; a
    # change of services replaces the table, "delete table ..."; nft monitor prints the events of a transaction
    # at its commit, in the transaction's order)
    await_holder lb 30 || die "LCMS: lb did not hold the VIP before the real-server trials"
    ip netns exec "${LCB_PREFIX}lb" nft monitor \
        > >(while IFS= read -r l; do echo "$EPOCHREALTIME $l"; done >"$WORK/lcms-nft.events") 2>&1 &
    echo $! >"$WORK/monitor.pid"
    sleep 0.5
    # and when the agent decided: its log line (stamped in ms), written just before it loads the table
    rs_trials lcms-rs "$WORK/lcms-nft.events" "^[0-9.]+ [a-z]+ [a-z]+ netdev lcms_dr " "^[0-9.]+ [a-z]+ [a-z]+ netdev lcms_dr " \
        "$WORK/lb.log" "10[.]77[.]0[.]22:80[)]: up -> down"
    kill "$(cat "$WORK/monitor.pid")" 2>/dev/null || true
    ip netns exec "${LCB_PREFIX}lb" nft list table netdev lcms_dr >"$WORK/dispatch.nft"
    for n in lb bs1 bs2 rs1 rs2 rs3; do agent_kill "$n"; done
    sleep 0.5
    for n in lb bs1 bs2; do
        ip -n "${LCB_PREFIX}$n" addr del "$VIP/32" dev "$DEV" 2>/dev/null || true
        ip netns exec "${LCB_PREFIX}$n" nft delete table netdev lcms_vip 2>/dev/null || true
    done
fi
if [ "$ONLY" != lcms ]; then
    # keepalived dispatches with the LCMS load balancer's own table, on every director: the same data plane
    [ -s "$WORK/dispatch.nft" ] || die "no LCMS dispatch table to give keepalived: run the LCMS side first"
    for n in lb bs1 bs2; do
        { echo "table netdev lcms_dr {}"; echo "delete table netdev lcms_dr"; cat "$WORK/dispatch.nft"; } \
            | ip netns exec "${LCB_PREFIX}$n" nft -f - || die "could not load the dispatch table on $n"
    done
    KA_ADVERT=1
    ka_restart() { ka_start "$1" "$([ "$1" = lb ] && echo 150 || echo 100)" "$KA_ADVERT"; }
    for advert in ${BENCH_ADVERTS:-0.1 1}; do
        KA_ADVERT=$advert
        ka_restart bs1
        ka_restart lb
        secs=4; [ "$advert" = 1 ] && secs=7
        run_setting "keepalived-$advert" ka_restart ka_kill 30 "$secs"
        ka_kill lb; ka_kill bs1
        sleep 0.5
        for n in lb bs1; do ip -n "${LCB_PREFIX}$n" addr del "$VIP/32" dev "$DEV" 2>/dev/null || true; done
    done
    # keepalived's checker (its own process, -C) on lb: HTTP_GET of rs1..rs3, its IPVS calls logged by the shim
    printf '#!/bin/sh\n# keepalived notify_down: when keepalived ran it\ndate +%%s.%%N >>"$1"\n' >"$WORK/notify-down.sh"
    chmod 755 "$WORK/notify-down.sh"
    {
        # checker_rt_priority: as LCMS's health-check threads (failover.realtimePriority 10), SCHED_RR 10
        printf 'global_defs {\n    router_id lcms_bench_check\n    checker_rt_priority 10\n}\nvirtual_server %s 80 {\n' "$VIP"
        printf '    delay_loop 0.1\n    lb_algo wrr\n    lb_kind DR\n    protocol TCP\n'
        for i in 1 2 3; do
            cat <<EOF
    real_server ${ADDR[rs$i]} 80 {
        weight 1
        notify_down "$WORK/notify-down.sh $WORK/ka-notify-rs$i.down"
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 0.1
            retry 1
            delay_before_retry 0.1
            warmup 0
        }
    }
EOF
        done
        printf '}\n'
    } >"$WORK/ka-check.conf"
    : >"$WORK/ka-ipvs.log"
    IPVS_SHIM_LOG="$WORK/ka-ipvs.log" LD_PRELOAD="$WORK/ipvs-shim.so" ip netns exec "${LCB_PREFIX}lb" \
        keepalived -n -l -D -C -f "$WORK/ka-check.conf" -p "$WORK/ka-check.main.pid" -c "$WORK/ka-check.checker.pid" \
        >>"$WORK/ka-check.log" 2>&1 &
    echo $! >"$WORK/ka-check.pid"
    for _ in $(seq 1 100); do [ "$(grep -c ADDDEST "$WORK/ka-ipvs.log")" -ge 3 ] && break; sleep 0.05; done
    [ "$(grep -c ADDDEST "$WORK/ka-ipvs.log")" -ge 3 ] || die "keepalived's checker did not add the real servers (see $WORK/ka-check.log)"
    sleep 0.5
    rs_trials keepalived-rs "$WORK/ka-ipvs.log" "DELDEST ${ADDR[rs2]}:80" "ADDDEST ${ADDR[rs2]}:80" "$WORK/ka-notify-rs2.down"
    pkill -9 -P "$(cat "$WORK/ka-check.pid")" 2>/dev/null || true
    kill -9 "$(cat "$WORK/ka-check.pid")" 2>/dev/null || true
fi

printf '\nLB killed: client-visible outage, failed new connections, RSTs (refused or reset) among them, and %s held connections per trial\n' "$HELD"
printf '%-16s | %13s | %10s | %13s | %18s | %28s\n' setting "outage median" "outage max" "failed median" "new conns RST seen" "held connections broken"
for s in lcms keepalived-0.1 keepalived-1; do
    [ -s "$WORK/$s.results" ] || continue
    read -r m x f b r nr n <<<"$(stats "$s")"
    printf '%-16s | %10s ms | %7s ms | %13s | %18s | %9s of %-4s (%s reset)\n' "$s" "$m" "$x" "$f" "$nr" "$b" "$((n * HELD))" "$r"
done
if [ -s "$WORK/lcms.results" ] && [ -s "$WORK/keepalived-0.1.results" ] && [ -s "$WORK/keepalived-1.results" ]; then
    read -r lm lx _ _ _ _ _ <<<"$(stats lcms)"
    read -r k1m k1x _ _ _ _ _ <<<"$(stats keepalived-0.1)"
    read -r k2m _ _ _ _ _ _ <<<"$(stats keepalived-1)"
    "$PY" -c "print(f'ratio LCMS / keepalived advert_int 0.1: median {$lm/$k1m:.2f}x, max {$lx/$k1x:.2f}x; LCMS / keepalived advert_int 1: median {$lm/$k2m:.2f}x')"
fi
printf '\nrs2 HTTP server killed: time to the table change (LCMS: first nftables event of the change on lb; keepalived: IPVS delete-real-server call)\n'
printf '(out: from the kill; back: from the start of the server process)\n'
printf '%-14s | %11s | %8s | %12s | %9s | %6s | %s\n' checker "out median" "out max" "back median" "back max" trials "decided (median; keepalived: notify_down started)"
for s in lcms-rs keepalived-rs; do
    [ -s "$WORK/$s.results" ] || continue
    read -r om ox bm bx em n <<<"$(rs_stats "$s")"
    printf '%-14s | %8s ms | %5s ms | %9s ms | %6s ms | %6s | %s\n' "$s" "$om" "$ox" "$bm" "$bx" "$n" \
        "$em ms"
done
if [ -s "$WORK/lcms-rs.results" ] && [ -s "$WORK/keepalived-rs.results" ]; then
    read -r lo lox lb lbx _ _ <<<"$(rs_stats lcms-rs)"
    read -r ko kox kb kbx _ _ <<<"$(rs_stats keepalived-rs)"
    "$PY" -c "print(f'ratio LCMS / keepalived checker: out median {$lo/$ko:.2f}x, max {$lox/$kox:.2f}x; back median {$lb/$kb:.2f}x, max {$lbx/$kbx:.2f}x')"
fi
echo "goals: outage <= 0.5x keepalived at advert_int 0.1; RS out of rotation <= 300 ms; 0 resets on the nftables driver; 0 split-brain moments (FailoverNetnsIT's sampler)"
