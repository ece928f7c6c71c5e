#!/usr/bin/env bash
# The demo's simulated hosts (./lcms demo starts this; it is not meant to be run by hand):
#
#   bed/demo-hosts.sh DIR
#
# DIR (.lcms/demo/agents) holds hosts.env, written by ./lcms demo (agent distribution, hosts, services, life
# timing, what to watch) and one directory per host with its agent.cfg. This script, the supervisor, starts in
# its own session (setsid), so it and everything it starts form one process group that Ctrl-C in Karaf's
# terminal does not reach and that `kill -- -PGID` ends at once. It runs:
#   - one packaged node agent per host (bin/lcms-agent, configurator = dry-run: no root), log DIR/NAME.log;
#   - one small HTTP server per real-server service, on the real server's own loopback address and the
#     cluster's port, which the load balancers' health checks probe (log DIR/NAME-service.log);
#   - the "life": every LIFE_PERIOD seconds it stops the next real server's HTTP server for LIFE_DOWN seconds,
#     so the load balancer's health checks take that server out of rotation and put it back (DIR/life.log);
#   - a watchdog: when Karaf (the pid in KARAF_PID_FILE, once it appeared) or the process WATCH_PID is gone,
#     it stops everything, so no agent outlives the demo even if ./lcms was killed with SIGKILL.
# It writes DIR/supervisor.pid (its pid = the group's id) and, once every agent listens, DIR/ready; if one
# cannot start, DIR/failed with the reason, and it stops.
set -uo pipefail

DIR="${1:?usage: bed/demo-hosts.sh DIR}"
# shellcheck source=/dev/null
. "$DIR/hosts.env"
# hosts.env sets: AGENT_HOME, HOSTS ("NAME=ADDRESS ..."), SERVICES ("NAME=ADDRESS:PORT ..."), LIFE_PERIOD,
# LIFE_DOWN, KARAF_PID_FILE, WATCH_PID (empty: none), and JAVA_HOME for the agents.

declare -A AGENT_PIDS=() SERVICE_PIDS=() SERVICE_ADDRESS=()
STOPPING=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >> "$DIR/life.log"; }

stop_all() {
    [ -n "$STOPPING" ] && return
    STOPPING=yes
    log "stopping the simulated hosts: $1"
    local pid
    for pid in "${SERVICE_PIDS[@]}" "${AGENT_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    # The agents' shutdown hooks close their sockets; give them a moment, then no mercy.
    local deadline=$((SECONDS + 5))
    for pid in "${SERVICE_PIDS[@]}" "${AGENT_PIDS[@]}"; do
        while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
    done
    rm -f "$DIR/supervisor.pid" "$DIR/ready"
    exit 0
}
trap 'stop_all "signal"' TERM INT HUP

# A quiet HTTP server (the health check asks every second; an access log line each time would only fill the
# disk) on ADDRESS:PORT serving DIRECTORY; its own errors (e.g. the port is taken) go to the log.
start_service() {
    local name="$1" address="${2%:*}" port="${2##*:}"
    mkdir -p "$DIR/$name/www"
    printf '<!doctype html><title>%s</title><p>%s answers on %s</p>\n' "$name" "$name" "$2" > "$DIR/$name/www/index.html"
    python3 -c '
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])),
                                functools.partial(Quiet, directory=sys.argv[3])).serve_forever()
' "$address" "$port" "$DIR/$name/www" >> "$DIR/$name-service.log" 2>&1 &
    SERVICE_PIDS[$name]=$!
}

listening() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }

echo $$ > "$DIR/supervisor.pid"
rm -f "$DIR/ready" "$DIR/failed"
log "simulated hosts starting (agents from $AGENT_HOME)"

for entry in $HOSTS; do
    name="${entry%%=*}"
    : > "$DIR/$name.log"
    "$AGENT_HOME/bin/lcms-agent" --config "$DIR/$name/agent.cfg" >> "$DIR/$name.log" 2>&1 &
    AGENT_PIDS[$name]=$!
done
for entry in $SERVICES; do
    name="${entry%%=*}"
    SERVICE_ADDRESS[$name]="${entry#*=}"
    start_service "$name" "${entry#*=}"
done

# Every agent listening (its log says so) within 60 s: the JVMs start together on a busy machine.
deadline=$((SECONDS + 60))
for entry in $HOSTS; do
    name="${entry%%=*}"
    until grep -q 'lcms-agent: listening on' "$DIR/$name.log"; do
        if ! kill -0 "${AGENT_PIDS[$name]}" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
            reason="agent $name (${entry#*=}) did not start: $(tail -n 3 "$DIR/$name.log" | tr '\n' ' ')"
            printf '%s\n' "$reason" > "$DIR/failed"
            stop_all "$reason"
        fi
        sleep 0.2
    done
done
for name in "${!SERVICE_ADDRESS[@]}"; do
    until listening "${SERVICE_ADDRESS[$name]}"; do
        if ! kill -0 "${SERVICE_PIDS[$name]}" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
            reason="the service of $name on ${SERVICE_ADDRESS[$name]} did not start: $(tail -n 3 "$DIR/$name-service.log" | tr '\n' ' ')"
            printf '%s\n' "$reason" > "$DIR/failed"
            stop_all "$reason"
        fi
        sleep 0.2
    done
done
touch "$DIR/ready"
log "all $(wc -w <<< "$HOSTS") agents listen; services up: $SERVICES"

# The real servers whose service the life stops, in turn (in the order of SERVICES).
rotation=()
for entry in $SERVICES; do
    rotation+=("${entry%%=*}")
done
next=0
down=""
down_until=0
next_outage=$((SECONDS + LIFE_PERIOD))
karaf_seen=""
karaf_deadline=$((SECONDS + 300))

while :; do
    sleep 1
    # The watchdog.
    if [ -n "$WATCH_PID" ] && ! kill -0 "$WATCH_PID" 2>/dev/null; then
        stop_all "process $WATCH_PID (./lcms demo) is gone"
    fi
    karaf_pid="$(cat "$KARAF_PID_FILE" 2>/dev/null || true)"
    if [ -n "$karaf_pid" ] && kill -0 "$karaf_pid" 2>/dev/null; then
        karaf_seen="$karaf_pid"
    elif [ -n "$karaf_seen" ]; then
        stop_all "Karaf (pid $karaf_seen) stopped"
    elif [ $SECONDS -ge $karaf_deadline ]; then
        stop_all "Karaf did not start within 5 minutes"
    fi
    for name in "${!AGENT_PIDS[@]}"; do
        if ! kill -0 "${AGENT_PIDS[$name]}" 2>/dev/null; then
            log "agent $name exited (see $DIR/$name.log); it stays down until the next ./lcms demo"
            unset "AGENT_PIDS[$name]"
        fi
    done

    # The life.
    [ "$LIFE_PERIOD" -gt 0 ] && [ ${#rotation[@]} -gt 0 ] || continue
    if [ -n "$down" ] && [ $SECONDS -ge $down_until ]; then
        start_service "$down" "${SERVICE_ADDRESS[$down]}"
        log "$down: service on ${SERVICE_ADDRESS[$down]} started again (the health checks put it back)"
        down=""
    elif [ -z "$down" ] && [ $SECONDS -ge $next_outage ]; then
        down="${rotation[$next]}"
        next=$(((next + 1) % ${#rotation[@]}))
        kill -TERM "${SERVICE_PIDS[$down]}" 2>/dev/null
        wait "${SERVICE_PIDS[$down]}" 2>/dev/null
        log "$down: service on ${SERVICE_ADDRESS[$down]} stopped for ${LIFE_DOWN} s (the health checks take it out)"
        down_until=$((SECONDS + LIFE_DOWN))
        next_outage=$((SECONDS + LIFE_PERIOD))
    fi
done
