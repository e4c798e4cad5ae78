#!/usr/bin/env python3
"""Crash durability of the built daemon: SIGKILL under concurrent API writes loses nothing it
acknowledged.

Usage: crash_plannerd.py BIN_DIR [--rounds N] [--seed S]

Starts BIN_DIR/plannerd on a temporary store (the first run imports the example group), makes
a coordinator token with BIN_DIR/planner, then for each round: starts the daemon, sends
concurrent theme changes to sessions (one request per session in flight, so each session's
writes happen in the order they were sent), kills the daemon with SIGKILL after a random moment,
restarts it and checks that
  - every session holds its last acknowledged theme (or a later one whose answer was cut off),
  - every public feed answers 200 and parses as iCalendar (Python `icalendar` when installed,
    otherwise a structural check of the lines).
Randomness is seeded (the seed is printed) and time is bounded: a round lasts at most a few
seconds. Prints "crash: N rounds passed" and exits 0, or exits 1 with the reason.
"""
import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def fail(message, log=None):
    print(f"crash FAILED: {message}", file=sys.stderr)
    if log and os.path.exists(log):
        with open(log) as handle:
            print("".join(handle.readlines()[-20:]), file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, token=None, timeout=10):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token} if token else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


class Daemon:
    def __init__(self, bin_dir, store, log):
        self.bin_dir, self.store, self.log = bin_dir, store, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [os.path.join(self.bin_dir, "plannerd"), "--config", "Config/plannerd.yaml", "--port", str(self.port),
                 "--store", self.store, "--feed-folder", "", "--example-holidays", "", "--log-level", "warning"],
                cwd=ROOT, stdout=log, stderr=log)
        for _ in range(300):
            try:
                if get(self.base + "/readyz", timeout=2)[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if self.process.poll() is not None:
                fail(f"plannerd exited with {self.process.returncode} while starting", self.log)
            time.sleep(0.1)
        fail("plannerd did not become ready", self.log)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def icalendar_problem(text):
    """None when `text` parses as an iCalendar stream, else what is wrong."""
    try:
        import icalendar  # noqa: PLC0415 (optional: the test environment may lack it)
    except ImportError:
        icalendar = None
    if icalendar is not None:
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except Exception as error:  # noqa: BLE001 (any parse failure is the finding)
            return f"icalendar cannot read it: {error}"
        if calendar.name != "VCALENDAR":
            return f"the top component is {calendar.name}"
        return None
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    if lines[0] != "BEGIN:VCALENDAR" or lines[-2:] != ["END:VCALENDAR", ""]:
        return "not one VCALENDAR ending in CRLF"
    stack = []
    for line in lines[:-1]:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            if not stack or stack.pop() != line[4:]:
                return f"unbalanced {line}"
        elif ":" not in line:
            return f"a line without a value: {line[:60]}"
    return "unclosed " + stack[-1] if stack else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin_dir")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", "20261203")))
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    print(f"crash: seed {arguments.seed}, {arguments.rounds} rounds")
    work = tempfile.mkdtemp(prefix="plannerd-crash.")
    log = os.path.join(work, "plannerd.log")
    store = os.path.join(work, "planner.sqlite")
    daemon = Daemon(arguments.bin_dir, store, log)
    try:
        daemon.start()
        made = subprocess.run(
            [os.path.join(arguments.bin_dir, "planner"), "token", "create", "--store", store, "--group", "vienna",
             "--kind", "api", "--role", "coordinator", "--label", "crash", "--format", "json"],
            cwd=ROOT, capture_output=True, text=True)
        if made.returncode != 0:
            fail(f"planner token create: {made.stderr}")
        token = json.loads(made.stdout)["secret"]
        ids = [s["id"] for s in json.loads(get(daemon.base + "/api/v1/groups/vienna/sessions?from=2027-01-01&to=2027-12-31")[1])
               if s.get("activity") in ("lunch-and-learn", "monthly-meeting")]
        themes = [t["slug"] for t in json.loads(get(daemon.base + "/api/v1/themes")[1])]
        feeds = ["/calendars/vienna.ics", "/calendars/network.ics", "/calendars/vienna/observances.ics",
                 "/calendars/observances.ics", f"/calendars/vienna/themes/{themes[0]}.ics"]
        if not ids or not themes:
            fail("the example group has no sessions or the catalogue no themes")
        attempts = {session: [] for session in ids}  # per session, in sending order: [theme, acknowledged]
        for round_number in range(1, arguments.rounds + 1):
            run_round(daemon, token, ids, themes, attempts, rng)
            daemon.start()
            check(daemon, token, attempts, feeds, round_number, log)
        print(f"crash: {arguments.rounds} rounds passed")
    finally:
        daemon.kill()
        shutil.rmtree(work, ignore_errors=True)


def run_round(daemon, token, ids, themes, attempts, rng):
    """Concurrent theme changes, then SIGKILL at a random moment."""
    jobs = [(rng.choice(ids), rng.choice(themes)) for _ in range(300)]
    locks = {session: threading.Lock() for session in ids}
    lock, index = threading.Lock(), [0]

    def worker():
        while True:
            with lock:
                if index[0] >= len(jobs):
                    return
                session, theme = jobs[index[0]]
                index[0] += 1
            with locks[session]:
                attempt = [theme, False]
                attempts[session].append(attempt)
                request = urllib.request.Request(
                    f"{daemon.base}/api/v1/groups/vienna/sessions/{session}/theme", method="PUT",
                    data=json.dumps({"theme": theme}).encode(),
                    headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        attempt[1] = 200 <= response.status < 300
                except (urllib.error.URLError, ConnectionError, OSError):
                    return  # the daemon is gone: this worker is done for the round

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(rng.uniform(0.2, 1.5))
    daemon.kill()
    for thread in threads:
        thread.join()


def check(daemon, token, attempts, feeds, round_number, log):
    sessions = json.loads(get(daemon.base + "/api/v1/groups/vienna/sessions?from=2027-01-01&to=2027-12-31", token)[1])
    stored = {s["id"]: s.get("theme") for s in sessions}
    lost, acknowledged = [], 0
    for session, tries in attempts.items():
        acked = [i for i, (_, ok) in enumerate(tries) if ok]
        acknowledged += len(acked)
        if not acked:
            continue
        # The last acknowledged theme, or a later attempt that committed before its answer was cut.
        allowed = {tries[acked[-1]][0]} | {theme for theme, ok in tries[acked[-1] + 1:] if not ok}
        if stored.get(session) not in allowed:
            lost.append((session, sorted(allowed), stored.get(session)))
    if lost:
        fail(f"round {round_number}: {len(lost)} sessions lost an acknowledged write, e.g. {lost[:3]}", log)
    for path in feeds:
        status, body = get(daemon.base + path)
        if status != 200:
            fail(f"round {round_number}: {path} answered {status}", log)
        problem = icalendar_problem(body.decode("utf-8"))
        if problem:
            fail(f"round {round_number}: {path} does not parse: {problem}", log)
    print(f"round {round_number}: {acknowledged} acknowledged writes so far all present; {len(feeds)} feeds render")


if __name__ == "__main__":
    main()
