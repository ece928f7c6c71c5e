/*
 * ipvs-shim.c — LD_PRELOAD stand-in for the kernel's IPVS control interface, for the benchmark only.
 *
 * This machine's kernel has no IPVS, and keepalived's health checker exits at start when it cannot initialise
 * IPVS ("IPVS: Can't initialize ipvs"). So that its real checkers (HTTP_GET, TCP_CHECK) can run on the same bed
 * as LCMS, this library answers keepalived's IPVS socket options the way an empty IPVS does (version, no
 * services) and accepts every change, writing one line per change to $IPVS_SHIM_LOG:
 *     <wall-clock seconds with microseconds> <operation> <real-server address:port or ->
 * e.g. "1795660899.094532 DELDEST 10.77.0.22:80". That line is the moment keepalived asks IPVS to take a real
 * server out: with a real IPVS the table changes within that system call. Nothing is dispatched by IPVS here
 * (the bed's nftables table dispatches); the benchmark compares *when* each checker changes its table.
 *
 * keepalived tries generic netlink first; the kernel has no "IPVS" family, so libipvs falls back to these
 * socket options (IPPROTO_IP, IP_VS_BASE_CTL and up, on a raw socket), which is what is intercepted here.
 * Build: gcc -shared -fPIC -O2 -o ipvs-shim.so ipvs-shim.c -ldl
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#define IP_VS_BASE_CTL (64 + 1024 + 64)
#define SET_ADD (IP_VS_BASE_CTL + 2)
#define SET_EDIT (IP_VS_BASE_CTL + 3)
#define SET_DEL (IP_VS_BASE_CTL + 4)
#define SET_FLUSH (IP_VS_BASE_CTL + 5)
#define SET_ADDDEST (IP_VS_BASE_CTL + 7)
#define SET_DELDEST (IP_VS_BASE_CTL + 8)
#define SET_EDITDEST (IP_VS_BASE_CTL + 9)
#define SET_MAX (IP_VS_BASE_CTL + 15)
#define GET_VERSION IP_VS_BASE_CTL
#define GET_INFO (IP_VS_BASE_CTL + 1)
#define GET_MAX (IP_VS_BASE_CTL + 9)

/* struct ip_vs_service_user followed by struct ip_vs_dest_user (linux/ip_vs.h): the dest's address and port. */
struct svc_user {
    unsigned short protocol;
    unsigned int addr;
    unsigned short port;
    unsigned int fwmark;
    char sched_name[16];
    unsigned int flags;
    unsigned int timeout;
    unsigned int netmask;
};
struct dest_user {
    unsigned int addr;
    unsigned short port;
    unsigned int conn_flags;
    int weight;
    unsigned int u_threshold;
    unsigned int l_threshold;
};

static void record(const char *op, const void *val, socklen_t len) {
    const char *path = getenv("IPVS_SHIM_LOG");
    if (!path) return;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    char dest[64] = "-";
    if (len >= sizeof(struct svc_user) + sizeof(struct dest_user)) {
        const struct dest_user *d = (const struct dest_user *)((const char *)val + sizeof(struct svc_user));
        char a[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &d->addr, a, sizeof a);
        snprintf(dest, sizeof dest, "%s:%u weight %d", a, ntohs(d->port), d->weight);
    }
    FILE *f = fopen(path, "a");
    if (!f) return;
    fprintf(f, "%ld.%06ld %s %s\n", (long)tv.tv_sec, (long)tv.tv_usec, op, dest);
    fclose(f);
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len) {
    static int (*real)(int, int, int, void *, socklen_t *);
    if (!real) real = dlsym(RTLD_NEXT, "getsockopt");
    if (level == IPPROTO_IP && name >= GET_VERSION && name <= GET_MAX) {
        /* GET_INFO: version 1.2.1, 4096 connection-table entries, no services; every other GET: empty. */
        memset(val, 0, *len);
        if (name == GET_INFO && *len >= 12) {
            unsigned int *info = val;
            info[0] = (1 << 16) | (2 << 8) | 1;
            info[1] = 4096;
            info[2] = 0;
        } else if (name == GET_VERSION) {
            snprintf(val, *len, "IP Virtual Server version 1.2.1 (ipvs-shim)");
        }
        return 0;
    }
    return real(fd, level, name, val, len);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len) {
    static int (*real)(int, int, int, const void *, socklen_t);
    if (!real) real = dlsym(RTLD_NEXT, "setsockopt");
    if (level == IPPROTO_IP && name >= IP_VS_BASE_CTL && name <= SET_MAX) {
        const char *op = name == SET_ADD ? "ADD" : name == SET_EDIT ? "EDIT" : name == SET_DEL ? "DEL"
            : name == SET_FLUSH ? "FLUSH" : name == SET_ADDDEST ? "ADDDEST" : name == SET_DELDEST ? "DELDEST"
            : name == SET_EDITDEST ? "EDITDEST" : "OTHER";
        record(op, val, len);
        return 0;
    }
    return real(fd, level, name, val, len);
}
