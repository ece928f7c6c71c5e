#!/usr/bin/python3
"""Traffic helpers for netns-bed.sh (standard library only: Debian's python3).

  serve NAME [PORT]             HTTP/1.1 keep-alive server on 0.0.0.0:PORT, GET / -> "NAME\\n"
  burst VIP PORT N SPORT0 TMO   N new connections from source ports SPORT0.., prints per-server counts
  hold VIP PORT SECS IVAL       one TCP connection, a GET every IVAL s for SECS s, same socket
  loop VIP PORT SECS MAXREQ TMO a new connection per GET, bounded in time and count; longest gap

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


def hold(vip, port, secs, ival):
    """One connection, a GET every ival seconds; report which servers answered and the longest gap."""
    s = socket.create_connection((vip, int(port)), timeout=2)
    s.settimeout(5)                           # covers TCP retransmission during a takeover
    names, n, err = [], 0, ""
    t_end = time.monotonic() + float(secs)
    last_ok = time.monotonic()
    max_gap = 0.0
    print(f"local_port={s.getsockname()[1]}", flush=True)
    try:
        while time.monotonic() < t_end and n < 100000:
            s.sendall(b"GET / HTTP/1.1\r\nHost: vip\r\n\r\n")
            name = read_response(s)
            now = time.monotonic()
            max_gap = max(max_gap, now - last_ok)
            last_ok = now
            n += 1
            if not names or names[-1] != name:
                names.append(name)
            if n == 1:
                print(f"first={name} t={time.time():.6f}", flush=True)
            time.sleep(float(ival))
    except OSError as e:
        err = f"{type(e).__name__}:{e}".replace(" ", "_")
    finally:
        s.close()
    print(f"requests={n} servers={','.join(names)} max_gap_ms={max_gap*1000:.1f} "
          f"last_ok={time.time() - (time.monotonic() - last_ok):.6f} error={err or 'none'}", flush=True)


def loop(vip, port, secs, maxreq, timeout, ival="0.002"):
    """A new connection per GET every ival s; failures and the longest gap between successes.

    The gap is the client-visible outage; its resolution is one timeout (a request whose SYN
    went to a dead director waits for the whole timeout).  gap_start/gap_end are wall-clock
    times so the caller can relate them to the takeover steps.
    """
    t0 = time.monotonic()
    t_end = t0 + float(secs)
    n = ok = fail = 0
    last_ok = t0
    max_gap, gap_start, gap_end = 0.0, 0.0, 0.0
    wall = lambda m: time.time() - (time.monotonic() - m)          # monotonic -> wall clock
    while time.monotonic() < t_end and n < int(maxreq):
        n += 1
        try:
            get_once(vip, int(port), float(timeout))
            now = time.monotonic()
            if now - last_ok > max_gap:
                max_gap, gap_start, gap_end = now - last_ok, wall(last_ok), wall(now)
            last_ok = now
            ok += 1
        except OSError:
            fail += 1
        time.sleep(float(ival))
    now = time.monotonic()
    if now - last_ok > max_gap:                  # never recovered: the tail is the gap
        max_gap, gap_start, gap_end = now - last_ok, wall(last_ok), 0.0
    print(f"requests={n} ok={ok} fail={fail} max_gap_ms={max_gap*1000:.1f} "
          f"gap_start={gap_start:.6f} gap_end={gap_end:.6f}", flush=True)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"serve": serve, "burst": burst, "hold": hold, "loop": loop}[cmd](*args)
