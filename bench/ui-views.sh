#!/usr/bin/env bash
# The web UI benchmark (./lcms bench ui): cold start of the karaf-assembly distribution to the login page (against
# the stock Karaf 4.4.10 distribution's start as the floor), first render of each view in a real headless Chromium
# with BENCH_HOSTS hosts and BENCH_CLUSTERS clusters in the directory, and event-to-screen latency on the dashboard.
# Goals (issue 7): each view <= 1 s, live update <= 2 s, cold start <= 15 s. See bench/UiBench.java.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOSTS="${BENCH_HOSTS:-1000}"
CLUSTERS="${BENCH_CLUSTERS:-100}"
TRIALS="${BENCH_TRIALS:-3}"
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || die "chromium and chromium-driver are needed (apt-get install -y chromium chromium-driver)"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
KARAF_VERSION="$(sed -n 's:.*<karaf.version>\(.*\)</karaf.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
ASSEMBLY="$ROOT/karaf-assembly/target/karaf-assembly-$VERSION.tar.gz"
AGENT="$(ls "$ROOT"/node-agent/target/lcms-agent-"$VERSION"-dist.tar.gz 2>/dev/null || true)"
if [ ! -f "$ASSEMBLY" ] || [ -z "$AGENT" ]; then
    say "building the distribution and the node agent (mvn -B -q install -DskipTests -pl karaf-assembly,node-agent -am)"
    (cd "$ROOT" && mvn -B -o -q install -DskipTests -pl karaf-assembly,node-agent -am) || die "the build failed"
    AGENT="$ROOT/node-agent/target/lcms-agent-$VERSION-dist.tar.gz"
fi
STOCK="$M2/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz"
[ -f "$STOCK" ] || die "the stock Karaf $KARAF_VERSION distribution is not in $M2 (./lcms test fetches it)"
CP_FILE="$(mktemp /tmp/lcms-ui-bench-cp.XXXXXX)"
WORK="$(mktemp -d /tmp/lcms-ui-bench.XXXXXX)"
trap 'rm -rf "$CP_FILE" "$WORK"' EXIT
(cd "$ROOT" && mvn -B -o -q -pl itests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE") >/dev/null || die "could not resolve Selenium's classpath (run ./lcms test once)"
say "$HOSTS hosts, $CLUSTERS clusters, $TRIALS cold-start trials (stock Karaf and LCMS take turns); work in $WORK"
# Views beyond the dashboard: name|route|script true once the view shows its data, separated by ;;
DEFAULT_VIEWS="clusters|clusters|return !!document.getElementById('cluster-link-bench-a-live')"
DEFAULT_VIEWS+=";;cluster view|clusters/bench-c001|return !!document.querySelector('[id^=\"rs-status-\"]')"
DEFAULT_VIEWS+=";;hosts|hosts|return !!document.querySelector('[id^=\"host-\"][data-index]')"
DEFAULT_VIEWS+=";;events|events|return !!document.querySelector('[id^=\"ev-\"]')"
DEFAULT_VIEWS+=";;administrators|administrators|return !!document.getElementById('admin-login-bench-admin')"
DEFAULT_VIEWS+=";;builder|build|return !!document.getElementById('builder-next')"
VIEWS="${BENCH_VIEWS:-$DEFAULT_VIEWS}"
java -Xmx1g -Dbench.views="$VIEWS" -cp "$(cat "$CP_FILE")" "$ROOT/bench/UiBench.java" "$ASSEMBLY" "$AGENT" "$STOCK" \
    "$WORK" "$HOSTS" "$CLUSTERS" "$TRIALS" /usr/bin/chromium /usr/bin/chromedriver
