#!/usr/bin/env python3
"""The status endpoint's memory and /health latency with and without 50 slow clients.

Runs `rivulet run` from the shaded jar with the systemd unit's JVM flags on a simulated fleet, then reads
VmHWM/VmRSS from /proc after each phase of 60 rounds (/health and /metrics each): quiet, quiet again (the
growth that any activity brings), with 50 connections each holding half a request line, and after they close.
Usage, from the repository's top folder after `mvn package`: python3 docs/bench/status_slow_clients.py
"""
import os, socket, subprocess, sys, tempfile, time, urllib.request

PORT = 19781
JAR = "app/target/rivulet.jar"


def memory(pid):
    with open(f"/proc/{pid}/status") as status:
        return " ".join(line.split(":")[0] + " " + line.split()[1] + " kB"
                        for line in status if line.startswith(("VmHWM", "VmRSS")))


def rounds(n):
    times = []
    for _ in range(n):
        for path in ("/health", "/metrics"):
            start = time.monotonic()
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=5).read()
            times.append((time.monotonic() - start) * 1000)
    times.sort()
    return f"median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms"


def main():
    work = tempfile.mkdtemp(prefix="rivulet-status-bench-")
    config = os.path.join(work, "rivulet.yaml")
    with open(config, "w") as out:
        out.write(f"""gateway: {{id: depot}}
batch: {{interval: 500ms}}
storage: {{directory: '{work}/state'}}
status: {{port: {PORT}}}
sources:
  fleet: {{type: simulator, buses: 8, speed: 60}}
pipelines:
  occupancy: {{type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}}
""")
    unit = open("systemd/rivulet.service").read()
    flags = unit.split("RIVULET_JAVA_OPTS=")[1].split('"')[0].replace("/var/lib/rivulet", work).split()
    log = open(os.path.join(work, "gateway.log"), "w")
    gateway = subprocess.Popen(["java", *flags, "-jar", JAR, "run", "--config", config], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=1).status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or gateway.poll() is not None:
                    sys.exit(f"the gateway did not get ready; see {log.name}")
                time.sleep(0.1)
        print("60 quiet rounds:                    ", rounds(60), "|", memory(gateway.pid))
        print("60 quiet rounds more:               ", rounds(60), "|", memory(gateway.pid))
        slow = []
        for _ in range(50):
            client = socket.create_connection(("127.0.0.1", PORT))
            client.sendall(b"GET /health HTTP/1.1\r\n")
            slow.append(client)
        print("60 rounds, 50 slow clients held:    ", rounds(60), "|", memory(gateway.pid))
        for client in slow:
            client.close()
        print("60 rounds, the slow clients gone:   ", rounds(60), "|", memory(gateway.pid))
    finally:
        gateway.terminate()
        gateway.wait()


if __name__ == "__main__":
    main()
