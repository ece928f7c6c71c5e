#!/usr/bin/env bash
# bed/ipvs-vm.sh - runs one command as root in a throw-away qemu VM whose kernel has IPVS (a stock Debian 6.1
# kernel), for hosts whose own kernel has none. The guest sees the host's / read-only (9p) under a tmpfs overlay,
# so it runs the host's binaries (bash, ip, ipvsadm, java) and the project as built, and its writes vanish with it.
#
#   bed/ipvs-vm.sh [--timeout SEC] [--mem MB] [--smp N] [--out DIR] -- COMMAND [ARG]...
#   bed/ipvs-vm.sh prepare          only fill the cache (downloads the kernel .deb once)
#
# COMMAND runs in the caller's directory with stdin /dev/null; its stdout and stderr are printed when the VM has
# stopped, and its exit code is ours. 124: timeout (the whole VM run, default 300 s); 125: the VM itself failed.
# --out DIR: a host directory the guest can write (same path inside; $LCMS_VM_OUT names it), kept afterwards.
# The VM has no network device: traffic stays in the namespaces the command makes inside it.
#
# Cache: ${LCMS_IPVS_VM_CACHE:-${XDG_CACHE_HOME:-~/.cache}/lcms-ipvs-vm}: vmlinux (~66 MB), initrd.gz (~2 MB).
# Filling it is the only step that needs the network: `apt-get download` of the newest linux-image-6.1.0-N-amd64
# (LCMS_IPVS_VM_KERNEL pins another). Needs qemu-system-x86, busybox-static, xz-utils.
set -euo pipefail

die() { echo "ipvs-vm: $*" >&2; exit 125; }

CACHE=${LCMS_IPVS_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lcms-ipvs-vm}
TIMEOUT=300 MEM=1536 SMP=1 OUT=
PREPARE_ONLY=
while [ $# -gt 0 ]; do
    case $1 in
        --timeout) TIMEOUT=$2; shift 2 ;;
        --mem) MEM=$2; shift 2 ;;
        --smp) SMP=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        prepare) PREPARE_ONLY=1; shift ;;
        --) shift; break ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2 ;;
    esac
done
[ -n "$PREPARE_ONLY" ] || [ $# -gt 0 ] || die "no command given; usage: bed/ipvs-vm.sh -- COMMAND [ARG]..."

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing: apt-get install -y qemu-system-x86"
BUSYBOX=$(command -v busybox) || die "busybox is missing: apt-get install -y busybox-static"
# The initrd has no libc: a dynamically linked busybox (Debian's busybox package) cannot run there.
! ldd "$BUSYBOX" >/dev/null 2>&1 || die "$BUSYBOX is linked dynamically: apt-get install -y busybox-static"
command -v xz >/dev/null || die "xz is missing: apt-get install -y xz-utils"

# What the guest loads. crc32c_generic: libcrc32c (under nf_conntrack, under ip_vs) only *soft*-depends on a crc32c
# implementation, which modules.dep does not list. dummy is left out on purpose (it makes dummy0 by itself).
MODULES="virtio_pci 9pnet_virtio 9p overlay crc32c_generic veth bridge
ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_sh"

# PID 1 of the guest (busybox sh). The job's stdout, stderr and exit code go to files on the job's 9p share;
# the host prints them once qemu has ended (nothing to interleave, nothing lost in a console).
guest_init() {
    cat <<'EOF'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
modprobe -a $(cat /modules) || echo "ipvs-vm: a module did not load" >&2
P9=trans=virtio,version=9p2000.L,msize=262144
mount -t 9p -o $P9 job /job || { echo "ipvs-vm: no job share"; poweroff -f; }
. /job/vm.env                        # JOB_DIR (the share's host path), LIMIT (seconds for the command)
mount -t 9p -o $P9,ro,cache=loose host /host || { echo "no host share" > /job/vm-error; poweroff -f; }
# The job sees the host's / writable: the writes land in a tmpfs and vanish with the VM.
mount -t tmpfs -o mode=755 upper /upper; mkdir /upper/data /upper/work
S=/sysroot
mount -t overlay -o lowerdir=/host,upperdir=/upper/data,workdir=/upper/work sysroot $S
mount -t proc proc $S/proc; mount -t sysfs sys $S/sys; mount -t devtmpfs dev $S/dev
mkdir -p $S/dev/pts $S/dev/shm; mount -t devpts devpts $S/dev/pts; mount -t tmpfs shm $S/dev/shm
# udev is not there to make these links (bash's redirections to /dev/stderr would create plain files)
ln -sf /proc/self/fd $S/dev/fd
ln -sf /proc/self/fd/0 $S/dev/stdin; ln -sf /proc/self/fd/1 $S/dev/stdout; ln -sf /proc/self/fd/2 $S/dev/stderr
mount -t tmpfs -o mode=755 run $S/run
mkdir -p "$S$JOB_DIR"; mount --bind /job "$S$JOB_DIR"
hostname ipvs-vm
ip link set lo up
chroot $S /usr/bin/timeout -k 5 "$LIMIT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 LCMS_VM=1 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LCMS_VM_OUT="$JOB_DIR" \
    /bin/bash "$JOB_DIR/command.sh" </dev/null >/job/stdout 2>/job/stderr
echo $? > /job/rc
sync; poweroff -f
EOF
}

newest_kernel_package() {
    apt-cache pkgnames linux-image-6.1.0- 2>/dev/null | grep -E '^linux-image-6\.1\.0-[0-9]+-amd64$' | sort -V | tail -n 1
}

# Downloads the kernel package and builds kernel + initrd into $CACHE (atomically: "stamp" is written last).
prepare() {
    local pkg work kver m z offset
    pkg=${LCMS_IPVS_VM_KERNEL:-$(newest_kernel_package)}
    if [ -z "$pkg" ]; then
        apt-get update -q >&2 || true
        pkg=$(newest_kernel_package)
        [ -n "$pkg" ] || die "apt knows no linux-image-6.1.0-N-amd64 package (a Debian 12 apt source is needed)"
    fi
    echo "ipvs-vm: preparing $pkg in $CACHE (once; needs the Debian mirror)" >&2
    work=$(mktemp -d "$CACHE/prepare.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    # APT::Sandbox::User=root: root downloads into a directory the _apt user could not write.
    if ! (cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2); then
        # A stale package list names a version the mirror has dropped: refresh once and try the newest again.
        apt-get update -q >&2 || true
        [ -n "${LCMS_IPVS_VM_KERNEL:-}" ] || pkg=$(newest_kernel_package)
        (cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2) ||
            die "apt-get download $pkg failed; the VM needs this stock Debian kernel once (check the Debian mirror in /etc/apt/sources.list*)"
    fi
    dpkg-deb -x "$work"/*.deb "$work/deb"
    kver=$(ls "$work/deb/lib/modules")
    "$BUSYBOX" depmod -b "$work/deb" "$kver"     # the .deb ships without modules.dep

    local rd=$work/initrd mods=$work/deb/lib/modules/$kver
    mkdir -p "$rd"/{bin,dev,proc,sys,job,host,upper,sysroot,lib/modules/"$kver"}
    cp "$BUSYBOX" "$rd/bin/busybox"
    for applet in $("$BUSYBOX" --list); do
        [ "$applet" = busybox ] || ln -s busybox "$rd/bin/$applet"   # the list names busybox itself: a loop
    done
    ln -s bin "$rd/sbin"        # the kernel asks /sbin/modprobe for modules it wants on demand
    # Each wanted module and everything it needs: its line in modules.dep is "path.ko: dep.ko dep.ko ...".
    for m in $MODULES; do
        awk -v want="$m" '{ name = $1; sub(/:$/, "", name); n = split(name, p, "/"); base = p[n];
                           sub(/\.ko(\.[a-z]+)?$/, "", base); gsub(/-/, "_", base)
                           if (base == want) { sub(/:/, ""); print; found = 1 } }
                         END { exit !found }' "$mods/modules.dep" || die "$pkg has no module $m"
    done | tr ' ' '\n' | sort -u | while read -r f; do
        [ -n "$f" ] || continue
        mkdir -p "$rd/lib/modules/$kver/$(dirname "$f")"
        cp "$mods/$f" "$rd/lib/modules/$kver/$f"
    done
    cp "$mods"/modules.builtin* "$rd/lib/modules/$kver/"
    "$BUSYBOX" depmod -b "$rd" "$kver"
    echo "$MODULES" | tr '\n' ' ' > "$rd/modules"
    guest_init > "$rd/init"
    chmod 755 "$rd/init"
    (cd "$rd" && find . | "$BUSYBOX" cpio -o -H newc 2>/dev/null | gzip -1) > "$work/initrd.gz"

    # Boot the uncompressed ELF kernel (PVH entry) rather than the bzImage: unpacking the bzImage's xz payload
    # costs seconds of emulated CPU on every boot. The payload starts at the xz magic (FD 37 7A 58 5A 00).
    z=$work/deb/boot/vmlinuz-$kver
    offset=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$z" | head -n 1 | cut -d: -f1) || true
    [ -n "$offset" ] || die "no xz payload in $z"
    tail -c +$((offset + 1)) "$z" | xz -dc 2>/dev/null > "$work/vmlinux" || true   # trailing data: xz complains
    [ "$(head -c 4 "$work/vmlinux" | tail -c 3)" = ELF ] || die "could not unpack an ELF kernel from $z"

    mv "$work/vmlinux" "$CACHE/vmlinux"
    mv "$work/initrd.gz" "$CACHE/initrd.gz"
    echo "$pkg $kver $KEY" > "$CACHE/stamp"
    rm -rf "$work"
    trap - EXIT
}

mkdir -p "$CACHE"
# The cache is valid for this module list and this init script; changing either rebuilds it.
KEY=$({ echo "$MODULES"; guest_init; } | md5sum | cut -c1-12)
exec 8>"$CACHE/.lock"
flock 8                          # concurrent callers prepare once
[ "$(cut -d' ' -f3 "$CACHE/stamp" 2>/dev/null)" = "$KEY" ] || prepare
flock -u 8
exec 8>&-
[ -z "$PREPARE_ONLY" ] || { echo "ipvs-vm: cache ready: $(cat "$CACHE/stamp")" >&2; exit 0; }

if [ -n "$OUT" ]; then
    mkdir -p "$OUT"
    JOB=$(cd "$OUT" && pwd -P)
    rm -f "$JOB"/{stdout,stderr,rc,vm.env,command.sh,console.log,vm-error}
else
    JOB=$(mktemp -d "${TMPDIR:-/tmp}/lcms-ipvs-vm.XXXXXX")
    trap 'rm -rf "$JOB"' EXIT
fi
{
    printf 'cd %q 2>/dev/null || cd /\nexec' "$PWD"
    printf ' %q' "$@"
    echo
} > "$JOB/command.sh"
# The command's own limit ends it 15 s before qemu is killed, so its output and exit code still come back.
LIMIT=$((TIMEOUT > 30 ? TIMEOUT - 15 : TIMEOUT / 2))
printf 'JOB_DIR=%s\nLIMIT=%s\n' "$JOB" "$LIMIT" > "$JOB/vm.env"

# No NIC, no display, no disks (-nodefaults). panic=-1 with -no-reboot: a guest panic ends qemu at once.
rc=0
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot \
    -machine pc,accel=tcg -cpu max -smp "$SMP" -m "$MEM" \
    -kernel "$CACHE/vmlinux" -initrd "$CACHE/initrd.gz" \
    -append "console=ttyS0 quiet loglevel=3 panic=-1 mitigations=off i8042.noaux i8042.nokbd" \
    -serial "file:$JOB/console.log" \
    -fsdev local,id=hostfs,path=/,security_model=none,readonly=on,multidevs=remap \
    -device virtio-9p-pci,fsdev=hostfs,mount_tag=host \
    -fsdev local,id=jobfs,path="$JOB",security_model=none,multidevs=remap \
    -device virtio-9p-pci,fsdev=jobfs,mount_tag=job </dev/null || rc=$?

[ ! -f "$JOB/stdout" ] || cat "$JOB/stdout"
[ ! -f "$JOB/stderr" ] || cat "$JOB/stderr" >&2
if [ -s "$JOB/rc" ]; then
    exit "$(cat "$JOB/rc")"
fi
tail -n 40 "$JOB/console.log" 2>/dev/null | sed 's/^/ipvs-vm console: /' >&2
[ "$rc" -ne 124 ] || { echo "ipvs-vm: the VM ran over ${TIMEOUT} s and was stopped" >&2; exit 124; }
die "the guest stopped without an exit code (qemu exit $rc; console above)"
