#!/usr/bin/env bash
# Benchmark (not a test): client-visible outage when the load balancer dies, LCMS's node agents against
# keepalived (VRRP, advert_int 1 and 0.1), side by side on the same network-namespace bed in one run.
#
# The bed: bed/netns-bed.sh (prefix lkb-) with client, lb, bs1, bs2, rs1..rs3; the same stateless nftables
# dispatch table on every director, so the data plane is identical for both and only who holds the VIP (and
# how fast the client learns it) differs. LCMS: a packaged node agent in lb, bs1, bs2 (members) and rs1..rs3
# (witnesses), configurator = linux, default timers (lease 120 ms, renew 25, deadAfter 45). keepalived 2.2.x:
# one VRRP instance on lb (priority 150) and bs1 (priority 100), no IPVS (the bed dispatches), the VIP only.
#
# A trial: the client runs a loop of new connections (one every 2 ms, 20 ms timeout = the resolution) and one
# held keep-alive connection (a GET every 20 ms); after 1 s the LB "crashes": its agent / keepalived is killed
# with SIGKILL and its link goes down. Recorded: the loop's longest gap between two successful requests (the
# outage), its failed requests, and whether the held connection broke (a reset or timeout). Then the LB comes
# back (link up, process restarted) and the next trial waits until it holds the VIP again.
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
WORK="$(mktemp -d /tmp/lcms-failover-bench.XXXXXX)"
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
for c in ip nft arping keepalived "$PY"; do
    command -v "$c" >/dev/null 2>&1 || die "missing $c (apt-get install -y iproute2 nftables iputils-arping keepalived python3)"
done
DIST="$(ls "$ROOT"/node-agent/target/lcms-agent-*.tar.gz 2>/dev/null | head -n 1 || true)"
if [ -z "$DIST" ]; then
    say "building the node agent (mvn -B -o -q package -DskipTests -pl node-agent -am)"
    (cd "$ROOT" && mvn -B -o -q package -DskipTests -pl node-agent -am) || die "the build failed"
    DIST="$(ls "$ROOT"/node-agent/target/lcms-agent-*.tar.gz | head -n 1)"
fi
tar xzf "$DIST" -C "$WORK"
AGENT="$(ls -d "$WORK"/lcms-agent-*/ | head -n 1)bin/lcms-agent"

declare -A ADDR=([lb]=10.77.0.10 [bs1]=10.77.0.11 [bs2]=10.77.0.12 [rs1]=10.77.0.21 [rs2]=10.77.0.22 [rs3]=10.77.0.23)
cleanup() {
    pkill -f "$WORK/" 2>/dev/null || true
    for n in lb bs1; do [ -f "$WORK/ka-$n.pid" ] && kill -9 "$(cat "$WORK/ka-$n.pid")" 2>/dev/null || true; done
    "$BED" down >/dev/null 2>&1 || true
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
"$BED" down >/dev/null 2>&1 || true
"$BED" up --no-vip --rs 3 >/dev/null 2>&1 || die "the bed did not come up (bed/netns-bed.sh up)"

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
failover.self = $n
failover.listen = ${ADDR[$n]}/7411
failover.cluster.web.key = bench-failover-cluster-key
failover.cluster.web.vip = $VIP
failover.cluster.web.members = $members
failover.cluster.web.witnesses = $witnesses
failover.cluster.web.failbackDelay = 500
EOF
    JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
        ip netns exec "${LCB_PREFIX}$n" "$AGENT" --config "$dir/agent.cfg" >>"$WORK/$n.log" 2>&1 &
    echo $! >"$dir/pid"
}
# No `wait` in the kill functions: they run inside the trial's command substitution, where bash's wait for the
# main shell's child blocked for seconds (the kill then came after the client's loop had ended).
agent_kill() { kill -9 "$(cat "$WORK/$1/pid")" 2>/dev/null || true; }

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

# ---- one trial ------------------------------------------------------------------------------------------
# trial KILL_CMD SECONDS -> prints "gap_ms failed requests hold_error"
trial() {
    local kill_cmd=$1 secs=$2 loop hold
    [ -z "${BENCH_DEBUG:-}" ] || echo "$(date +%T.%N | cut -c1-12) trial starts" >&2
    ip netns exec "${LCB_PREFIX}client" "$PY" "$TOOL" hold "$VIP" 80 "$secs" 0.02 >"$WORK/hold.out" 2>&1 &
    local hp=$!
    ip netns exec "${LCB_PREFIX}client" "$PY" "$TOOL" loop "$VIP" 80 "$secs" 100000 0.02 0.002 >"$WORK/loop.out" 2>&1 &
    local lp=$!
    sleep 1
    [ -z "${BENCH_DEBUG:-}" ] || echo "$(date +%T.%N | cut -c1-12) killing lb" >&2
    $kill_cmd lb
    [ -z "${BENCH_DEBUG:-}" ] || echo "$(date +%T.%N | cut -c1-12) killed" >&2
    "$BED" link lb down
    if [ -n "${BENCH_DEBUG:-}" ]; then
        for _ in 1 2 3 4 5 6; do
            echo "$(date +%T.%N | cut -c1-12) client: $(ip -n "${LCB_PREFIX}client" neigh show "$VIP") lb: $(pgrep -fa "ka-lb" | wc -l) procs; $(tail -n 1 "$WORK/loop.out")" >&2
            sleep 0.5
        done
    fi
    wait "$hp" || true
    wait "$lp" || true
    loop="$(tail -n 1 "$WORK/loop.out")"
    hold="$(tail -n 1 "$WORK/hold.out")"
    kv() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -n 1; }
    echo "$(kv max_gap_ms "$loop") $(kv fail "$loop") $(kv requests "$loop") $(kv error "$hold")"
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
        say "$name trial $i: outage $(cut -d' ' -f1 <<<"$r") ms, failed $(cut -d' ' -f2 <<<"$r")/$(cut -d' ' -f3 <<<"$r"), held connection: $(cut -d' ' -f4 <<<"$r")"
        "$BED" link lb up
        $start lb
    done
}

stats() {                                         # stats NAME -> "median max failed_median resets"
    "$PY" - "$WORK/$1.results" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
gaps = [float(r[0]) for r in rows]
fails = [int(r[1]) for r in rows]
resets = sum(1 for r in rows if r[3] != "none")
print(f"{statistics.median(gaps):.1f} {max(gaps):.1f} {statistics.median(fails):.0f} {resets} {len(rows)}")
EOF
}

say "bed lkb- up; $TRIALS trials per setting; client: new connection every 2 ms (20 ms timeout) + one held connection"
ONLY="${BENCH_ONLY:-}"                            # lcms or keepalived: one side only (for trying the script)
if [ "$ONLY" != keepalived ]; then
    # LCMS: witnesses and the LB first, then the backups
    for n in rs1 rs2 rs3 lb; do agent_start "$n"; done
    await_holder lb 30 || die "LCMS: lb did not take the VIP (see $WORK/lb.log)"
    agent_start bs1; agent_start bs2
    sleep 3
    run_setting lcms agent_start agent_kill 30 4
    for n in lb bs1 bs2 rs1 rs2 rs3; do agent_kill "$n"; done
    sleep 0.5
    for n in lb bs1 bs2; do
        ip -n "${LCB_PREFIX}$n" addr del "$VIP/32" dev "$DEV" 2>/dev/null || true
        ip netns exec "${LCB_PREFIX}$n" nft delete table netdev lcms_vip 2>/dev/null || true
    done
fi
if [ "$ONLY" != lcms ]; then
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
fi

printf '\n%-16s | %13s | %10s | %22s | %24s\n' setting "outage median" "outage max" "failed requests median" "held connections broken"
for s in lcms keepalived-0.1 keepalived-1; do
    [ -s "$WORK/$s.results" ] || continue
    read -r m x f r n <<<"$(stats "$s")"
    printf '%-16s | %10s ms | %7s ms | %22s | %17s of %s\n' "$s" "$m" "$x" "$f" "$r" "$n"
done
if [ -s "$WORK/lcms.results" ] && [ -s "$WORK/keepalived-0.1.results" ] && [ -s "$WORK/keepalived-1.results" ]; then
    read -r lm lx _ _ _ <<<"$(stats lcms)"
    read -r k1m k1x _ _ _ <<<"$(stats keepalived-0.1)"
    read -r k2m _ _ _ _ <<<"$(stats keepalived-1)"
    "$PY" -c "print(f'ratio LCMS / keepalived advert_int 0.1: median {$lm/$k1m:.2f}x, max {$lx/$k1x:.2f}x; LCMS / keepalived advert_int 1: median {$lm/$k2m:.2f}x')"
fi
echo "goal: outage <= 0.5x keepalived at advert_int 0.1; 0 held connections broken (nftables dispatch); 0 split-brain moments (FailoverNetnsIT's sampler)"
