#!/usr/bin/env bash
# node-agent/src/test/ipvs/dr-bed.sh JAVA CLASSPATH - runs inside bed/ipvs-vm.sh's guest (IpvsadmDispatchDriverVmIT):
# builds an LVS-DR bed in network namespaces on a bridge, then runs IpvsVmScenario, which programs the directors'
# IPVS with the real IpvsadmDispatchDriver and sends the client's bounded bursts of connections to the VIP.
#
#   client 10.78.0.10 --- br0 --- lb 10.78.0.2 (VIP 10.78.0.100), bs1 10.78.0.3 (takes the VIP over)
#                          |----- rs1 .11, rs2 .12, rs3 .13: VIP on lo (arp_ignore=1, arp_announce=2), busybox httpd
# The VM has no network device: every address here exists only inside it.
set -euo pipefail
[ -n "${LCMS_VM:-}" ] || { echo "dr-bed.sh runs inside bed/ipvs-vm.sh's VM (it builds namespaces as root)" >&2; exit 2; }
JAVA=$1 CLASSPATH=$2
NET=10.78.0 VIP=10.78.0.100
T0=$(date +%s%N)

ip link add br0 type bridge
ip link set br0 up
node() {   # node NAME ADDRESS: a namespace whose eth0 is a veth on br0
    ip netns add "$1"
    ip link add "v-$1" type veth peer name eth0 netns "$1"
    ip link set "v-$1" master br0 up
    ip -n "$1" addr add "$2/24" dev eth0
    ip -n "$1" link set eth0 up
    ip -n "$1" link set lo up
}
node client $NET.10
node lb $NET.2
node bs1 $NET.3
for i in 1 2 3; do
    rs=rs$i
    node $rs $NET.1$i
    # DR: the real server accepts packets for the VIP but must never answer ARP for it (the director does)
    ip -n $rs addr add $VIP/32 dev lo
    ip netns exec $rs sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
    mkdir -p /tmp/www-$rs
    echo $rs > /tmp/www-$rs/index.html
    ip netns exec $rs busybox httpd -p 80 -h /tmp/www-$rs     # forks into the background
done
ip -n lb addr add $VIP/32 dev eth0
echo "fact timing bed_up_ms=$(( ($(date +%s%N) - T0) / 1000000 )) guest_uptime_at_java_s=$(cut -d' ' -f1 /proc/uptime)"

# The scenario runs in the client's namespace (its sockets are the client's); it reaches the directors through
# ip netns exec. Client JIT level 1 and serial GC: a JVM that starts fast on an emulated CPU.
exec ip netns exec client "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$CLASSPATH" \
    org.lcms.agent.dispatch.IpvsVmScenario "$VIP" "$NET"
