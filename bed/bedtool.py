#!/usr/bin/python3
"""Traffic helpers for netns-bed.sh (standard library only: Debian's python3).

  serve NAME [PORT]             HTTP/1.1 keep-alive server on 0.0.0.0:PORT, GET / -> "NAME\\n"
  burst VIP PORT N SPORT0 TMO   N new connections from source ports SPORT0.., prints per-server counts
  hold VIP PORT SECS IVAL [N]   N (default 1) TCP connections, a GET on each every IVAL s for SECS s, same
                                sockets; says which broke and how (reset = an RST seen, or a timeout)
  loop VIP PORT SECS MAXREQ TMO [IVAL [TRACE]]
                                a new connection per GET, bounded in time and count; longest gap, failures
                                by kind (reset/refused = an RST seen, timeout), answers per server; TRACE: a
                                file that gets one line per request ("WALLTIME SERVER" or "WALLTIME !KIND")

Every client mode is bounded in count and time and only talks to the address it is given
(the bed's VIP inside the bed's namespaces).  Results are printed as key=value lines.
"""
import http.server
import socket
import socketserver
import sys
import time


def serve(name, port=80):
    body = (name + "\n").encode()

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"      # keep-alive: check 3 needs one connection for many GETs

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 128

    S(("0.0.0.0", int(port)), H).serve_forever()


def read_response(sock):
    """Read one HTTP/1.1 response with Content-Length; return its body as str."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before headers")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    while len(rest) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed in body")
        rest += chunk
    return rest[:length].decode().strip()


def kind(e):
    """How a request failed: 'reset' (RST on an open connection: ECONNRESET, EPIPE, closed mid-answer),
    'refused' (RST answering the SYN), 'timeout' (nothing came back in time) or 'other'."""
    if isinstance(e, ConnectionRefusedError):
        return "refused"
    if isinstance(e, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        return "reset"
    if isinstance(e, socket.timeout):
        return "timeout"
    if isinstance(e, ConnectionError):          # read_response: the peer closed before the whole answer
        return "reset"
    return "other"


def get_once(vip, port, timeout, sport=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.settimeout(timeout)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if sport:
            s.bind(("0.0.0.0", sport))
        s.connect((vip, port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\nConnection: close\r\n\r\n")
        return read_response(s)
    finally:
        s.close()


def burst(vip, port, n, sport0, timeout):
    counts, fails = {}, 0
    deadline = time.monotonic() + 60          # hard bound whatever happens
    for i in range(int(n)):
        if time.monotonic() > deadline:
            fails += int(n) - i
            break
        try:
            name = get_once(vip, int(port), float(timeout), int(sport0) + i if int(sport0) else 0)
            counts[name] = counts.get(name, 0) + 1
        except OSError:
            fails += 1
    for k in sorted(counts):
        print(f"{k}={counts[k]}")
    print(f"fail={fails}")


def hold(vip, port, secs, ival, n=1):
    """N connections, a GET on each every ival seconds; which servers answered, the longest gap, what broke.

    A connection that fails is closed and not retried: 'broken' counts connections, by kind ('reset' = an RST
    seen, 'timeout' = no answer within 5 s, which covers TCP retransmission during a takeover).  'moved'
    counts connections answered by more than one server (their packets reached another server: with HTTP
    keep-alive that other server would reset them, so it shows as a reset as well).
    """
    n = int(n)
    socks = []
    for _ in range(n):
        s = socket.create_connection((vip, int(port)), timeout=2)
        s.settimeout(5)
        socks.append(s)
    names = [[] for _ in range(n)]
    errs = [""] * n
    kinds = [""] * n
    reqs = 0
    t_end = time.monotonic() + float(secs)
    last_ok = [time.monotonic()] * n
    max_gap = 0.0
    print(f"local_port={socks[0].getsockname()[1]}", flush=True)
    first_done = False
    while time.monotonic() < t_end and reqs < 100000 and any(not e for e in errs):
        for i, s in enumerate(socks):
            if errs[i]:
                continue
            try:
                s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\n\r\n")
                name = read_response(s)
            except OSError as e:
                errs[i] = f"{type(e).__name__}:{e}".replace(" ", "_")
                kinds[i] = kind(e)
                s.close()
                continue
            now = time.monotonic()
            max_gap = max(max_gap, now - last_ok[i])
            last_ok[i] = now
            reqs += 1
            if not names[i] or names[i][-1] != name:
                names[i].append(name)
        if not first_done and names[0]:
            first_done = True
            print(f"first={names[0][0]} t={time.time():.6f} firsts={','.join(x[0] if x else '-' for x in names)}",
                  flush=True)
        time.sleep(float(ival))
    for s in socks:
        s.close()
    broken = sum(1 for e in errs if e)
    latest = max(last_ok)
    print(f"requests={reqs} servers={','.join(names[0])} max_gap_ms={max_gap*1000:.1f} "
          f"last_ok={time.time() - (time.monotonic() - latest):.6f} error={errs[0] or 'none'} "
          f"connections={n} broken={broken} reset={kinds.count('reset') + kinds.count('refused')} "
          f"timeout={kinds.count('timeout')} moved={sum(1 for x in names if len(x) > 1)} "
          f"errors={','.join(e for e in errs if e) or 'none'}", flush=True)


def loop(vip, port, secs, maxreq, timeout, ival="0.002", trace=""):
    """A new connection per GET every ival s; failures by kind and the longest gap between successes.

    The gap is the client-visible outage; its resolution is one timeout (a request whose SYN
    went to a dead director waits for the whole timeout).  gap_start/gap_end are wall-clock
    times so the caller can relate them to the takeover steps.  fail counts every failed request;
    reset (an RST on the open connection) and refused (an RST answering the SYN) are the ones where
    something actively refused, timeout the ones that got no answer in time.
    """
    t0 = time.monotonic()
    t_end = t0 + float(secs)
    n = ok = fail = 0
    kinds = {"reset": 0, "refused": 0, "timeout": 0, "other": 0}
    per = {}
    last_ok = t0
    max_gap, gap_start, gap_end = 0.0, 0.0, 0.0
    wall = lambda m: time.time() - (time.monotonic() - m)          # monotonic -> wall clock
    lines = []
    while time.monotonic() < t_end and n < int(maxreq):
        n += 1
        started = time.time()
        try:
            name = get_once(vip, int(port), float(timeout))
            now = time.monotonic()
            if now - last_ok > max_gap:
                max_gap, gap_start, gap_end = now - last_ok, wall(last_ok), wall(now)
            last_ok = now
            ok += 1
            per[name] = per.get(name, 0) + 1
            if trace:
                lines.append(f"{started:.6f} {name}")
        except OSError as e:
            fail += 1
            k = kind(e)
            kinds[k] += 1
            if trace:
                lines.append(f"{started:.6f} !{k}")
        time.sleep(float(ival))
    now = time.monotonic()
    if now - last_ok > max_gap:                  # never recovered: the tail is the gap
        max_gap, gap_start, gap_end = now - last_ok, wall(last_ok), 0.0
    if trace:
        with open(trace, "w") as f:
            f.write("\n".join(lines) + "\n")
    servers = " ".join(f"{k}={per[k]}" for k in sorted(per))
    print(f"requests={n} ok={ok} fail={fail} reset={kinds['reset']} refused={kinds['refused']} "
          f"timeout={kinds['timeout']} other={kinds['other']} max_gap_ms={max_gap*1000:.1f} "
          f"gap_start={gap_start:.6f} gap_end={gap_end:.6f} {servers}".strip(), flush=True)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"serve": serve, "burst": burst, "hold": hold, "loop": loop}[cmd](*args)
