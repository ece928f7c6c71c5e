#!/usr/bin/env bash
# netns-bed.sh — a reproducible LVS-DR test bed in network namespaces, without IPVS.
#
#   netns-bed.sh up [--rs N] [--weights 2,1,1] [--no-vip] [--no-dispatch]
#                                                build the bed (default 3 real servers, all weight 1);
#                                                --no-vip: no director holds the VIP (node agents will)
#                                                --no-dispatch: no bed table on the directors (a driver
#                                                under test loads its own); weights/drain then refuse
#   netns-bed.sh down                            remove everything (idempotent, also after a crash)
#   netns-bed.sh status                          namespaces, addresses, dispatch map, servers
#   netns-bed.sh exec NODE CMD...                run CMD in namespace NODE (client, lb, bs1, rs1, ...)
#   netns-bed.sh weights W1,W2,...               re-spread all buckets by weight (atomic map rewrite)
#   netns-bed.sh drain RSNAME                    move only RSNAME's buckets to the others (atomic)
#   netns-bed.sh takeover [FROM] [TO] [--hard]   move the VIP (default lb -> bs1) + gratuitous ARP;
#                                                --hard first takes FROM's link down (a crashed director)
#   netns-bed.sh cut A B | heal A B              drop | pass frames between nodes A and B (bridge filter)
#   netns-bed.sh link NODE up|down               NODE's only interface up or down (a cable pulled)
#   netns-bed.sh http RSNAME stop|start          kill (SIGKILL) or restart RSNAME's HTTP server; prints the
#                                                wall-clock times of the kill (stopped=) and of its end (gone=),
#                                                or of the start (started=) and of the first connection it
#                                                accepted (listening=), in seconds
#   netns-bed.sh selftest                        up, checks 1-5, down; exit 0 only if all pass
#
# Topology (everything lives in namespaces named ${PFX}*, the host's own namespace is not touched):
#
#   ns lcb-br: bridge lcb-br0 ── lcb-p-client ─ veth ─ lcb-eth (ns lcb-client) 10.77.0.2
#                            ├── lcb-p-lb     ─ veth ─ lcb-eth (ns lcb-lb)     10.77.0.10 + VIP/32
#                            ├── lcb-p-bs1    ─ veth ─ lcb-eth (ns lcb-bs1)    10.77.0.11
#                            ├── lcb-p-bs2    ─ veth ─ lcb-eth (ns lcb-bs2)    10.77.0.12
#                            └── lcb-p-rsI    ─ veth ─ lcb-eth (ns lcb-rsI)    10.77.0.(20+I) + VIP/32 on lo
#
# Every veth is created from inside the bridge namespace with its peer placed directly into the
# node's namespace, so no link ever exists in the root namespace, not even for a moment.
# MACs are fixed (02:4c:43:00:00:<last octet in hex>) so maps and captures read the same every run.
#
# Traffic stays inside these namespaces: the client only talks to the VIP / bed addresses.
set -euo pipefail

PFX=${LCB_PREFIX:-lcb-}          # unique prefix of every namespace and link this script creates
NET=10.77.0
VIP=$NET.100
PORT=80
NBUCKETS=${LCB_BUCKETS:-64}      # hash buckets; a weight is a share of buckets
SEED=0x4c434d53                  # jhash seed ("LCMS"); must be the same on every director
BRNS=${PFX}br                    # namespace holding the bridge
BR=${PFX}br0
DEV=${PFX}eth                    # the single interface inside every node namespace
TABLE=${PFX//-/_}dr              # nft table name (lcb_dr); identical on lb, bs1, bs2
STATE=/run/${PFX}bed             # weights, bucket assignment, logs, pids
PY=/usr/bin/python3              # Debian's python3 (not a pyenv shim from PATH)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOL=$HERE/bedtool.py
DIRECTORS=(lb bs1 bs2)

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
ns() { printf '%s%s' "$PFX" "$1"; }
nsx() { local n=$1; shift; ip netns exec "$(ns "$n")" "$@"; }
sys() { nsx "$1" sysctl -qw "$2"; }
mac_of() { printf '02:4c:43:00:00:%02x' "$1"; }          # last octet -> fixed MAC
rs_ip() { echo "$NET.$((20 + $1))"; }
rs_count() { cat "$STATE/rs_count" 2>/dev/null || echo 0; }
now_ms() { date +%s%3N; }

need() {
    local c
    for c in ip nft arping "$PY"; do command -v "$c" >/dev/null || die "missing $c (apt-get install -y iproute2 nftables iputils-arping python3)"; done
    [ "$(id -u)" = 0 ] || die "must run as root"
}

# ---------------------------------------------------------------------------------------------
# Nodes
# ---------------------------------------------------------------------------------------------
add_node() {                     # add_node NAME LAST_OCTET
    local name=$1 oct=$2 n p
    n=$(ns "$name"); p=${PFX}p-$name
    ip netns add "$n"
    ip -n "$BRNS" link add "$p" type veth peer name "$DEV" netns "$n"
    ip -n "$BRNS" link set "$p" master "$BR" up
    ip -n "$n" link set lo up
    ip -n "$n" link set "$DEV" address "$(mac_of "$oct")"
    # No IPv6 in the bed: no DAD/router-solicitation noise on the bridge, nothing to clean.
    sys "$name" net.ipv6.conf.all.disable_ipv6=1
    sys "$name" net.ipv6.conf.default.disable_ipv6=1
    ip -n "$n" addr add "$NET.$oct/24" dev "$DEV"
    ip -n "$n" link set "$DEV" up
}

make_bridge() {
    ip netns add "$BRNS"
    ip -n "$BRNS" link set lo up
    local sysctl_br=/proc/sys/net/bridge/bridge-nf-call-iptables
    # br_netfilter is built into this kernel and defaults to 1 per namespace: bridged frames would
    # traverse ip/arp tables of the bridge namespace. There are none, but make it explicit.
    if ip netns exec "$BRNS" test -e "$sysctl_br"; then
        ip netns exec "$BRNS" sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
            net.bridge.bridge-nf-call-ip6tables=0 net.bridge.bridge-nf-call-arptables=0
    fi
    ip netns exec "$BRNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    # forward_delay 0 + no STP: ports forward at once (else 15 s in LISTENING/LEARNING).
    ip -n "$BRNS" link add "$BR" type bridge stp_state 0 forward_delay 0
    ip -n "$BRNS" link set "$BR" up
}

# A real server the LVS-DR way: VIP on lo (/32), never answers or announces ARP for it.
make_rs() {
    local i=$1 name=rs$1
    add_node "$name" $((20 + i))
    ip -n "$(ns "$name")" addr add "$VIP/32" dev lo
    # arp_ignore=1: answer ARP only for addresses on the receiving interface (VIP is on lo).
    # arp_announce=2: use the interface's own address as ARP source (never the VIP).
    for c in all "$DEV"; do
        sys "$name" "net.ipv4.conf.$c.arp_ignore=1"
        sys "$name" "net.ipv4.conf.$c.arp_announce=2"
    done
    # python3 http.server (Debian's python3, no extra download) with HTTP/1.1 keep-alive:
    # check 3 needs several GETs over ONE connection; busybox httpd closes after each reply.
    # setsid: own session, so the bed's server is never in the caller's process group.
    start_http "$name"
}

start_http() {                   # start_http rsN: the RS's HTTP server, in the background
    ip netns exec "$(ns "$1")" setsid "$PY" "$TOOL" serve "$1" "$PORT" \
        </dev/null >>"$STATE/$1.log" 2>&1 &
    echo $! >"$STATE/$1.pid"
}

# A process that exists and is not a zombie: the server is reparented to whatever reaps orphans here, which took
# over a second to reap it (kill -0 succeeds on a zombie, whose sockets are long closed).
running() { [ -e "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# http rsN stop|start: the real server's service fails (the host, its agent and its link stay up) or comes back.
# stop kills with SIGKILL: the listening socket is gone when the process is; the service stopped between the
# two times printed (the kill, and the first check that found the process gone: a few ms apart when idle).
# start prints when it started the server and when the server first accepted on its own address, as a health
# check would see it (waiting for that, bounded).
http() {
    local name=$1 pid t i
    [ -e "$STATE/$name.pid" ] || die "no such real server: $name"
    case $2 in
        stop)
            pid=$(cat "$STATE/$name.pid")
            kill -0 "$pid" 2>/dev/null || die "$name's HTTP server is not running"
            t=$(date +%s.%N)
            kill -9 "$pid"
            # bounded by time, not by a count of polls: on a loaded CI machine (agents' threads at real-time
            # priority on 2 CPUs) 200 polls of 5 ms once ended before the killed server had exited
            local deadline=$(( $(date +%s) + 5 ))
            while running "$pid" && [ "$(date +%s)" -le "$deadline" ]; do sleep 0.005; done
            ! running "$pid" || die "$name's HTTP server (pid $pid) did not end within 5 s of SIGKILL (state: $(
                cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null), wchan: $(cat "/proc/$pid/wchan" 2>/dev/null))"
            echo "stopped=$t gone=$(date +%s.%N)" ;;
        start)
            pid=$(cat "$STATE/$name.pid")
            ! running "$pid" || die "$name's HTTP server is running already"
            t=$(date +%s.%N)
            start_http "$name"
            i=${name#rs}
            # bash's /dev/tcp, not a python client: a python start costs ~100 ms on a busy machine, which made
            # "listening" later than the health checks' own first success
            for _ in $(seq 1 500); do
                if nsx "$name" timeout 0.2 bash -c "exec 3<>/dev/tcp/$(rs_ip "$i")/$PORT" 2>/dev/null; then
                    echo "started=$t listening=$(date +%s.%N)"
                    return 0
                fi
                sleep 0.01
            done
            die "$name's HTTP server did not start listening (see $STATE/$name.log)" ;;
        *) die "http RSNAME stop|start" ;;
    esac
}

wait_servers() {                 # each RS answers on its own address (bounded: 50 x 0.1 s)
    local i
    for i in $(seq 1 "$(rs_count)"); do
        for _ in $(seq 1 50); do
            if nsx client "$PY" -c "import socket;socket.create_connection(('$(rs_ip "$i")',$PORT),0.2).close()" 2>/dev/null; then
                continue 2
            fi
            sleep 0.1
        done
        die "rs$i did not start listening (see $STATE/rs$i.log)"
    done
}

# ---------------------------------------------------------------------------------------------
# Dispatch: nftables netdev ingress on every director (lb, bs1, bs2 — the same table on each)
# ---------------------------------------------------------------------------------------------
# The ruleset (loaded verbatim on lb, bs1 and bs2; NBUCKETS=64, seed 0x4c434d53):
#
#   table netdev lcb_dr {
#       map bk2rs { type mark : ether_addr; }        # bucket -> real-server MAC
#       chain ingress {
#           type filter hook ingress device "lcb-eth" priority 0; policy accept;
#           meta pkttype != host accept              # only frames addressed to THIS director's MAC
#           meta protocol != ip accept               # ARP replies etc. are the director's own
#           ip daddr != 10.77.0.100 accept
#           tcp dport != 80 accept
#           meta mark set jhash ip saddr . tcp sport mod 64 seed 0x4c434d53
#           ether saddr set ether daddr ether daddr set meta mark map @bk2rs counter fwd to "lcb-eth"
#       }
#   }
#
# Why each piece:
# - netdev ingress sees the frame before the IP stack: no conntrack, no routing, no IPVS needed.
# - `meta protocol != ip accept`: `ip daddr != VIP accept` does not match an ARP frame at all (its implicit
#   "is IPv4" dependency fails), so without this line the director's own ARP replies went on to the mark
#   and fwd statements and were sent to a real server: the director could resolve no neighbour (seen when
#   the node agents' failover traffic sat in the neighbour queue, every entry INCOMPLETE).
# - `meta pkttype != host accept`: the bridge floods frames for unknown MACs to every port; without
#   this guard a standby (bs1) would dispatch flooded copies too (duplicate SYNs). With it the table
#   is inert on a director until clients send it frames, i.e. until it holds the VIP and has
#   announced it — so the same table can sit loaded on bs1/bs2 all the time.
# - `ether saddr set ether daddr` (own MAC as source): forwarding with the client's source MAC
#   makes the bridge learn the client's MAC on the director's port; the real server's replies to
#   the client would then be sent to the director and dropped.
# - Why the detour through `meta mark`: a named map keyed by the jhash result directly is refused
#   with `type mark : ...` ("datatype mismatch ... integer"), `type integer` is not allowed, and
#   `typeof jhash ... : ether daddr` loads but makes nft 1.0.6 (Debian 12) segfault on `list`.
#   The mark is scrubbed when the frame crosses into another namespace (veth), so it leaks nowhere.
# - `jhash ip saddr . tcp sport` is stateless: every packet of a flow lands in the same bucket on
#   any director holding the same map and seed, so a flow survives a takeover.
# - `fwd to` the ingress device itself works (the frame goes out again on the same veth).
# - Weights = numbers of buckets; drain/remove = `flush map` + `add element` in one `nft -f`
#   transaction (atomic: no packet sees a half-written map).
nft_table() {
    cat <<EOF
table netdev $TABLE {
    map bk2rs { type mark : ether_addr; }
    chain ingress {
        type filter hook ingress device "$DEV" priority 0; policy accept;
        meta pkttype != host accept
        meta protocol != ip accept
        ip daddr != $VIP accept
        tcp dport != $PORT accept
        meta mark set jhash ip saddr . tcp sport mod $NBUCKETS seed $SEED
        ether saddr set ether daddr ether daddr set meta mark map @bk2rs counter fwd to "$DEV"
    }
}
EOF
}

# Map elements "0 : mac, 1 : mac, ..." from the bucket file (one RS index per line, line = bucket).
map_elements() {
    local b=0 i out=""
    while read -r i; do
        out+="${out:+, }$b : $(mac_of $((20 + i)))"
        b=$((b + 1))
    done <"$STATE/buckets"
    printf '%s' "$out"
}

push_map() {                     # atomically rewrite bk2rs on every director
    local d f
    [ ! -e "$STATE/no_dispatch" ] || die "the bed is up with --no-dispatch: it has no dispatch table to change"
    f=$STATE/map.nft
    { echo "flush map netdev $TABLE bk2rs"
      echo "add element netdev $TABLE bk2rs { $(map_elements) }"; } >"$f"
    for d in "${DIRECTORS[@]}"; do nsx "$d" nft -f "$f"; done
}

load_tables() {
    local d
    nft_table >"$STATE/table.nft"
    for d in "${DIRECTORS[@]}"; do
        # "table ... {}; delete table" first: reloading is idempotent.
        { echo "table netdev $TABLE {}"; echo "delete table netdev $TABLE"; cat "$STATE/table.nft"; } \
            | nsx "$d" nft -f -
    done
}

# Smooth weighted round robin over the buckets (the nginx algorithm): bucket shares follow the
# weights and each server's buckets are spread over the range. Writes $STATE/buckets.
# Args: weights of rs1..rsN; only servers with weight > 0 get buckets; only bucket numbers listed
# in $STATE/buckets.todo (if given as $1=--only) are reassigned, the others keep their server.
assign_buckets() {
    local only=0
    if [ "${1:-}" = --only ]; then only=1; shift; fi
    local -a w=("$@") cur cur_b
    local n=${#w[@]} total=0 i b best
    for i in "${!w[@]}"; do cur[i]=0; total=$((total + w[i])); done
    [ "$total" -gt 0 ] || die "all weights are 0"
    if [ "$only" = 1 ]; then mapfile -t cur_b <"$STATE/buckets"; fi
    : >"$STATE/buckets.new"
    for ((b = 0; b < NBUCKETS; b++)); do
        if [ "$only" = 1 ] && [ "${w[cur_b[b]-1]}" -gt 0 ]; then
            echo "${cur_b[b]}" >>"$STATE/buckets.new"; continue     # untouched bucket keeps its flows
        fi
        best=-1
        for ((i = 0; i < n; i++)); do
            [ "${w[i]}" -gt 0 ] || continue
            cur[i]=$((cur[i] + w[i]))
            if [ "$best" -lt 0 ] || [ "${cur[i]}" -gt "${cur[best]}" ]; then best=$i; fi
        done
        cur[best]=$((cur[best] - total))
        echo $((best + 1)) >>"$STATE/buckets.new"
    done
    mv "$STATE/buckets.new" "$STATE/buckets"
}

set_weights() {                  # set_weights 2,1,1 — re-spread all buckets
    local -a w
    IFS=, read -r -a w <<<"$1"
    [ "${#w[@]}" = "$(rs_count)" ] || die "need $(rs_count) weights, got '$1'"
    printf '%s\n' "${w[@]}" >"$STATE/weights"
    assign_buckets "${w[@]}"
    push_map
}

drain() {                        # drain rsK — only rsK's buckets move, every other flow stays put
    local k=${1#rs}
    local -a w
    mapfile -t w <"$STATE/weights"
    [ "$k" -ge 1 ] && [ "$k" -le "${#w[@]}" ] || die "no such real server: $1"
    w[k-1]=0
    printf '%s\n' "${w[@]}" >"$STATE/weights"
    assign_buckets --only "${w[@]}"
    push_map
}

# ---------------------------------------------------------------------------------------------
# up / down / status / takeover
# ---------------------------------------------------------------------------------------------
up() {
    local nrs=3 weights="" i vip=1 dispatch=1
    while [ $# -gt 0 ]; do
        case $1 in
            --rs) nrs=$2; shift 2 ;;
            --weights) weights=$2; shift 2 ;;
            --no-vip) vip=0; shift ;;
            --no-dispatch) dispatch=0; shift ;;
            *) die "up: unknown option $1" ;;
        esac
    done
    [ "$nrs" -ge 1 ] && [ "$nrs" -le 50 ] || die "--rs must be 1..50"
    [ -n "$weights" ] || weights=$(printf '1%.0s,' $(seq 1 "$nrs") | sed 's/,$//')
    need
    ip netns list | grep -q "^${PFX}" && die "bed already up (run down first)"
    mkdir -p "$STATE"
    echo "$nrs" >"$STATE/rs_count"
    make_bridge
    add_node client 2
    add_node lb 10
    add_node bs1 11
    add_node bs2 12
    if [ "$vip" = 1 ]; then
        ip -n "$(ns lb)" addr add "$VIP/32" dev "$DEV"   # the active director answers ARP for the VIP
    fi
    for i in $(seq 1 "$nrs"); do make_rs "$i"; done
    if [ "$dispatch" = 1 ]; then
        load_tables
        set_weights "$weights"
    else
        touch "$STATE/no_dispatch"   # the directors dispatch only what a driver under test loads
    fi
    wait_servers
    log "bed up: $nrs real servers, VIP $VIP:$PORT $([ "$vip" = 1 ] && echo on lb || echo on no director), $([ "$dispatch" = 1 ] && echo "weights $weights" || echo "no dispatch table")"
}

# cut A B / heal A B: the bridge stops (resumes) forwarding frames between the ports of A and B, in both
# directions, flooded ones included (the bridge forward hook runs once per output port). A partition of
# exactly that pair; every other path stays up. (Not named `cut`/`heal`: a function called cut shadows
# coreutils' cut in every pipeline of this script — `down` ran it, and printed "Cannot open network namespace".)
CUT_TABLE=${PFX//-/_}cut
cut_pair() {
    local a=${PFX}p-$1 b=${PFX}p-$2
    ip netns exec "$BRNS" nft -f - <<EOF
table bridge $CUT_TABLE {
    chain forward { type filter hook forward priority 0; policy accept; }
}
add rule bridge $CUT_TABLE forward iifname "$a" oifname "$b" counter drop comment "$1-$2"
add rule bridge $CUT_TABLE forward iifname "$b" oifname "$a" counter drop comment "$1-$2"
EOF
}

heal_pair() {
    local h
    for h in $(ip netns exec "$BRNS" nft -a list chain bridge "$CUT_TABLE" forward 2>/dev/null \
               | grep -E "comment \"($1-$2|$2-$1)\"" | sed -n 's/.*# handle \([0-9]*\)$/\1/p'); do
        ip netns exec "$BRNS" nft delete rule bridge "$CUT_TABLE" forward handle "$h"
    done
}

link() {
    case $2 in up|down) ip -n "$(ns "$1")" link set "$DEV" "$2" ;; *) die "link NODE up|down" ;; esac
}

down() {
    local n pid l
    # 1. processes inside our namespaces (HTTP servers, stray clients): a namespace whose
    #    mount is removed lives on while a process is in it. Only pids in ${PFX}* namespaces.
    for n in $(ip netns list 2>/dev/null | awk -v p="^$PFX" '$1 ~ p {print $1}'); do
        for pid in $(ip netns pids "$n" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    done
    for n in $(ip netns list 2>/dev/null | awk -v p="^$PFX" '$1 ~ p {print $1}'); do
        for pid in $(ip netns pids "$n" 2>/dev/null); do
            for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
            kill -9 "$pid" 2>/dev/null || true
        done
    done
    # 2. namespaces (their veths, the bridge and the nft tables go with them).
    for n in $(ip netns list 2>/dev/null | awk -v p="^$PFX" '$1 ~ p {print $1}'); do
        ip netns del "$n" 2>/dev/null || true
    done
    # 3. anything with our prefix in the root namespace (only possible after manual experiments).
    for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^$PFX" || true); do
        ip link del "$l" 2>/dev/null || true
    done
    rm -rf "$STATE"
}

status() {
    local n
    if ! ip netns list | grep -q "^${PFX}"; then echo "bed is down"; return 0; fi
    for n in $(ip netns list | awk -v p="^$PFX" '$1 ~ p {print $1}' | sort -V); do
        printf '%-12s %s\n' "$n" "$(ip -n "$n" -br -4 addr show 2>/dev/null | grep -v '^lo .*127.0.0.1/8 *$' | tr -s ' ' | paste -sd' ')"
    done
    echo "weights (rs1..): $(paste -sd, "$STATE/weights" 2>/dev/null)"
    echo "buckets per server:"; sort -n "$STATE/buckets" 2>/dev/null | uniq -c | awk '{print "  rs"$2": "$1}'
    for d in "${DIRECTORS[@]}"; do
        echo "$d: VIP $(ip -n "$(ns "$d")" -4 addr show dev "$DEV" | grep -q " $VIP/" && echo held || echo -), dispatch $(nsx "$d" nft list chain netdev "$TABLE" ingress 2>/dev/null | grep -o 'packets [0-9]*' || echo 'no table')"
    done
    for f in "$STATE"/rs*.pid; do
        [ -e "$f" ] && echo "$(basename "$f" .pid): http pid $(cat "$f") $(kill -0 "$(cat "$f")" 2>/dev/null && echo running || echo DEAD)"
    done
}

# takeover FROM TO [--hard]: TO adds the VIP and sends gratuitous ARP so clients switch MAC.
# --hard simulates the crash of FROM (its link goes down first). Without --hard FROM only drops
# the VIP and keeps dispatching frames still sent to its MAC — a hitless handover.
takeover() {
    local from=lb to=bs1 hard=0 a=()
    for x in "$@"; do case $x in --hard) hard=1 ;; *) a+=("$x") ;; esac; done
    [ "${#a[@]}" -ge 1 ] && from=${a[0]}
    [ "${#a[@]}" -ge 2 ] && to=${a[1]}
    date +%s.%N >"$STATE/t_fail"
    if [ "$hard" = 1 ]; then ip -n "$(ns "$from")" link set "$DEV" down; fi
    ip -n "$(ns "$from")" addr del "$VIP/32" dev "$DEV" 2>/dev/null || true
    ip -n "$(ns "$to")" addr add "$VIP/32" dev "$DEV"
    # -U: unsolicited (gratuitous) ARP request, sender = target = VIP. The first goes out at once,
    # a second one 1 s later: a neighbour entry changed less than locktime (1 s) before ignores an
    # override, the second one is the safety net. iputils' -i takes whole seconds only ("-i 0.2"
    # is an error), and `arping -c 1` itself lingers 1 s waiting for replies — hence background.
    date +%s.%N >"$STATE/t_garp"
    nsx "$to" arping -q -U -c 2 -i 1 -I "$DEV" "$VIP" >/dev/null 2>&1 &
    echo $! >"$STATE/arping.pid"
}

# ---------------------------------------------------------------------------------------------
# selftest
# ---------------------------------------------------------------------------------------------
FAILED=0
result() {                       # result PASS|FAIL "text"
    printf '%s %s\n' "$1" "$2"
    [ "$1" = PASS ] || FAILED=1
}

ms_between() { "$PY" -c "print(round(($2-$1)*1000,1))"; }
LOOP_TMO=0.02                    # per-request timeout of the outage loop = its resolution

kv() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -1; }      # kv KEY "k=v k=v"

selftest() {
    local t0 out total c e tol pass line i
    trap 'down' EXIT
    t0=$(now_ms)
    down
    up --rs 3 --weights 2,1,1

    # --- 1. spread of 300 new connections, weights 2:1:1 (32:16:16 buckets) -------------------
    # Fixed source ports 20000..20299: with the fixed seed the split is reproducible run to run.
    out=$(nsx client "$PY" "$TOOL" burst "$VIP" "$PORT" 300 20000 1 | paste -sd' ')
    pass=PASS; line=""
    for i in 1 2 3; do
        c=$(kv "rs$i" "$out"); c=${c:-0}
        # expected = 300 * (buckets of rsI / NBUCKETS); tolerance 4 binomial sd (+2)
        b=$(grep -cx "$i" "$STATE/buckets")
        e=$((300 * b / NBUCKETS))
        tol=$("$PY" -c "import math;p=$b/$NBUCKETS;print(int(4*math.sqrt(300*p*(1-p)))+2)")
        line+=" rs$i=$c(exp $e±$tol)"
        if [ "$c" -eq 0 ] || [ $((c > e ? c - e : e - c)) -gt "$tol" ]; then pass=FAIL; fi
    done
    [ "$(kv fail "$out")" = 0 ] || pass=FAIL
    result $pass "1 spread 300 conns, weights 2:1:1:$line fail=$(kv fail "$out")"

    # --- 2. drain rs1: only its buckets move; new connections never reach it ----------------
    cp "$STATE/buckets" "$STATE/buckets.before"
    drain rs1
    local moved kept
    moved=$(paste -d' ' "$STATE/buckets.before" "$STATE/buckets" | awk '$1!=$2' | wc -l)
    kept=$(paste -d' ' "$STATE/buckets.before" "$STATE/buckets" | awk '$1!=1 && $1==$2' | wc -l)
    out=$(nsx client "$PY" "$TOOL" burst "$VIP" "$PORT" 300 21000 1 | paste -sd' ')
    c=$(kv rs1 "$out"); c=${c:-0}
    if [ "$c" = 0 ] && [ "$moved" = "$(grep -cx 1 "$STATE/buckets.before")" ] && [ "$(kv fail "$out")" = 0 ] && [ "$(kv rs2 "$out")" -gt 0 ] && [ "$(kv rs3 "$out")" -gt 0 ]; then
        pass=PASS; else pass=FAIL; fi
    result $pass "2 drain rs1 (map rewritten atomically): rs1=$c rs2=$(kv rs2 "$out") rs3=$(kv rs3 "$out") fail=$(kv fail "$out"); buckets moved $moved (only rs1's), kept $kept/$((NBUCKETS - moved))"
    set_weights 2,1,1            # back to all three for the takeover

    # --- 3 + 4. takeover lb -> bs1 (lb "crashes"), one held connection + a loop of new ones ---
    local hold_out=$STATE/hold.out loop_out=$STATE/loop.out hp lp tk0 tk1 ok
    nsx client "$PY" "$TOOL" hold "$VIP" "$PORT" 3 0.02 >"$hold_out" 2>&1 &
    hp=$!
    for _ in $(seq 1 50); do grep -q '^first=' "$hold_out" && break; sleep 0.1; done
    nsx client "$PY" "$TOOL" loop "$VIP" "$PORT" 3 2000 "$LOOP_TMO" 0.002 >"$loop_out" 2>&1 &
    lp=$!
    sleep 1
    tk0=$(date +%s.%N)
    takeover lb bs1 --hard
    tk1=$(date +%s.%N)
    wait "$hp" || true
    wait "$lp" || true
    wait "$(cat "$STATE/arping.pid")" 2>/dev/null || true
    local first hres lres bs1pk
    first=$(sed -n 's/^first=\([^ ]*\).*/\1/p' "$hold_out")
    hres=$(tail -1 "$hold_out")
    lres=$(tail -1 "$loop_out")
    bs1pk=$(nsx bs1 nft list chain netdev "$TABLE" ingress | grep -o 'packets [0-9]*' | awk '{print $2}')
    ok=$("$PY" -c "print(int($(kv last_ok "$hres") > $tk1 + 0.5))")
    if [ "$(kv error "$hres")" = none ] && [ "$(kv servers "$hres")" = "$first" ] && [ "$ok" = 1 ] && [ "${bs1pk:-0}" -gt 0 ]; then
        pass=PASS; else pass=FAIL; fi
    result $pass "3 established connection across takeover lb->bs1: served by $(kv servers "$hres") only, requests=$(kv requests "$hres"), longest in-connection gap $(kv max_gap_ms "$hres") ms, error=$(kv error "$hres"), bs1 dispatched ${bs1pk:-0} packets"
    if [ -n "$(kv max_gap_ms "$lres")" ] && [ "$(kv ok "$lres")" -gt 0 ] \
       && "$PY" -c "import sys;sys.exit(0 if $(kv gap_end "$lres") > $tk0 else 1)"; then
        pass=PASS; else pass=FAIL; fi
    local tf tg
    tf=$(cat "$STATE/t_fail"); tg=$(cat "$STATE/t_garp")
    result $pass "4 takeover outage (new connection per GET every 2 ms, ${LOOP_TMO}s timeout): longest gap $(kv max_gap_ms "$lres") ms, failed $(kv fail "$lres")/$(kv requests "$lres"); lb down -> VIP on bs1 + first GARP $(ms_between "$tf" "$tg") ms, GARP -> first success $(ms_between "$tg" "$(kv gap_end "$lres")") ms"

    # --- 5. down leaves nothing behind ------------------------------------------------------
    down
    local left_ns left_ln left_pid=""
    left_ns=$(ip netns list | grep -c "^$PFX" || true)
    left_ln=$(ip -o link show | awk -F': ' '{print $2}' | grep -c "^$PFX" || true)
    for f in "$hp" "$lp"; do kill -0 "$f" 2>/dev/null && left_pid+=" $f"; done
    if [ "$left_ns" = 0 ] && [ "$left_ln" = 0 ] && [ -z "$left_pid" ] && [ ! -e "$STATE" ] \
       && ! nft list tables 2>/dev/null | grep -q "$TABLE"; then pass=PASS; else pass=FAIL; fi
    result $pass "5 down: namespaces left=$left_ns links left=$left_ln root nft table $(nft list tables 2>/dev/null | grep -c "$TABLE" || true) processes left=${left_pid:-0}"
    trap - EXIT
    echo "selftest $([ "$FAILED" = 0 ] && echo PASSED || echo FAILED) in $(($(now_ms) - t0)) ms"
    return "$FAILED"
}

main() {
    local cmd=${1:-}
    [ $# -gt 0 ] && shift
    case $cmd in
        up) up "$@" ;;
        down) down ;;
        status) status ;;
        exec) [ $# -ge 2 ] || die "usage: exec NODE CMD..."; local node=$1; shift; nsx "$node" "$@" ;;
        weights) set_weights "$1" ;;
        drain) drain "$1" ;;
        takeover) takeover "$@" ;;
        cut) [ $# = 2 ] || die "usage: cut A B"; cut_pair "$1" "$2" ;;
        heal) [ $# = 2 ] || die "usage: heal A B"; heal_pair "$1" "$2" ;;
        http) [ $# = 2 ] || die "usage: http RSNAME stop|start"; http "$1" "$2" ;;
        link) [ $# = 2 ] || die "usage: link NODE up|down"; link "$1" "$2" ;;
        selftest) need; selftest ;;
        *) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
}

main "$@"
