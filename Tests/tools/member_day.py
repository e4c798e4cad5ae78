#!/usr/bin/env python3
"""A member's scripted day through the real HTTP forms of a live plannerd, and `planner`.

    member_day.py --base http://127.0.0.1:PORT --planner PATH --store PATH

Jonas opens his personal link (a cookie, a redirect), changes his windows and adds an absence
(`planner member show` shows exactly that), declines his next duty (`plan check` lists the open
slot, `assign --keep-duties` fills it with someone else and changes no other duty, `explain`
names the decline); his cookie on Anton's duty answers 404, a form without its token 403; an
RSVP changes the session page's count and not one byte of the public feed; a revoked link no
longer signs in; a join request waits under `member pending`, `approve` makes a member with his
interests, and a request with a member's e-mail gets the same answer as any other. Only the
standard library: every request is made by hand, redirects are not followed. The last line is
"member day: N passed, M failed".
"""

import argparse
import http.client
import json
import re
import subprocess
import sys
import urllib.parse

RESULTS = {"passed": 0, "failed": 0}


def check(condition, label, detail=""):
    if condition:
        RESULTS["passed"] += 1
        print(f"ok   {label}")
    else:
        RESULTS["failed"] += 1
        print(f"FAIL {label}" + (f": {detail}" if detail else ""))
    return condition


class Client:
    """HTTP/1.1 to the daemon, one connection a request, cookies kept by hand."""

    def __init__(self, base):
        parsed = urllib.parse.urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies = {}

    def request(self, method, path, form=None, cookies=True, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent = dict(headers or {})
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if cookies and self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        connection.close()
        return response.status, dict(response.getheaders()), data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, form=form, **kw)


class Planner:
    def __init__(self, executable, store):
        self.executable, self.store = executable, store

    def run(self, *arguments):
        process = subprocess.run(
            [self.executable, *arguments, "--store", self.store], capture_output=True, text=True, timeout=300)
        return process.returncode, process.stdout + process.stderr

    def json(self, *arguments):
        status, output = self.run(*arguments, "--format", "json")
        if status != 0:
            raise RuntimeError(f"planner {' '.join(arguments)}: {output}")
        return json.loads(output)


def csrf_of(html):
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    return match.group(1) if match else ""


def organisers(client, coordinator):
    status, _, body = client.get(
        "/api/v1/groups/vienna/sessions", cookies=False,
        headers={"Authorization": f"Bearer {coordinator}"})
    if status != 200:
        raise RuntimeError(f"sessions: {status} {body[:200]}")
    sessions = json.loads(body)
    sessions = sessions.get("sessions", sessions) if isinstance(sessions, dict) else sessions
    return {s["id"]: sorted(o["memberID"] for o in (s.get("organisers") or [])) for s in sessions}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--planner", required=True)
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    planner = Planner(args.planner, args.store)
    jonas = Client(args.base)

    link = planner.json("token", "create", "--group", "vienna", "--kind", "member", "--member", "jonas-lindqvist",
                        "--label", "Jonas's link", "--base-url", args.base)
    coordinator = planner.json("token", "create", "--group", "vienna", "--kind", "api", "--role", "coordinator",
                               "--label", "the day's coordinator")["secret"]
    check(link["url"].startswith(args.base + "/me/sign-in?token="), "the link points at the sign-in", link["url"])

    # The link signs in: a cookie, a redirect, the secret gone from the address.
    status, headers, _ = jonas.get(urllib.parse.urlparse(link["url"]).path + "?token=" + link["secret"])
    set_cookie = headers.get("Set-Cookie", "")
    check(status == 303 and headers.get("Location") == "/me", "the link redirects to /me", f"{status} {headers}")
    check("HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie, "the cookie is HttpOnly, SameSite=Strict",
          set_cookie)
    check(link["secret"] not in set_cookie, "the cookie is not the link's secret")
    status, _, body = jonas.get("/me")
    page = body.decode()
    csrf = csrf_of(page)
    duties = re.findall(r'action="(/me/duties/[^"]+)"', page)
    check(status == 200 and "Jonas" in page and duties, "/me lists his duties", f"{status} {len(duties)}")

    # Windows and an absence, through the forms; `planner member show` shows exactly that.
    before = planner.json("member", "show", "--group", "vienna", "--id", "jonas-lindqvist")
    status, _, _ = jonas.post("/me/availability", {"csrf": csrf, "remove": "0"})
    check(status == 303, "a window removed", str(status))
    status, _, _ = jonas.post("/me/availability",
                              {"csrf": csrf, "days": ["tue", "thu"], "from": "12:00", "to": "14:00"})
    check(status == 303, "a window added", str(status))
    status, _, body = jonas.post("/me/availability", {"csrf": csrf, "days": ["fri"], "from": "15:00", "to": "09:00"})
    check(status == 400 and b"window-error" in body, "a reversed window is refused beside its field", str(status))
    status, _, _ = jonas.post("/me/absences",
                              {"csrf": csrf, "from": "2027-07-05", "to": "2027-07-16", "reason": "mission travel"})
    check(status == 303, "an absence added", str(status))
    after = planner.json("member", "show", "jonas-lindqvist", "--group", "vienna")
    expected_windows = before["availability"][1:] + [{"days": ["tue", "thu"], "from": "12:00", "to": "14:00"}]
    check(after["availability"] == expected_windows, "member show: exactly the new windows",
          f"{after['availability']} != {expected_windows}")
    added = [a for a in after["absences"] if a not in before["absences"]]
    check(added == [{"from": "2027-07-05", "to": "2027-07-16", "reason": "mission travel"}],
          "member show: exactly the new absence", str(added))
    check({k: v for k, v in after.items() if k not in ("availability", "absences")}
          == {k: v for k, v in before.items() if k not in ("availability", "absences")},
          "member show: nothing else changed")

    # He declines his next duty.
    status, _, body = jonas.get("/me")
    duties = re.findall(r'action="/me/duties/([a-z0-9-]+)/([0-9T]+)"', body.decode())
    activity, when = duties[0]
    session_id = f"{activity}@{when[0:4]}-{when[4:6]}-{when[6:8]}T{when[9:11]}:{when[11:13]}"
    plan_before = organisers(jonas, coordinator)
    status, _, _ = jonas.post(f"/me/duties/{activity}/{when}",
                              {"csrf": csrf, "answer": "declined", "reason": "a mission to Skopje"})
    check(status == 303, "he declines his next duty", str(status))
    status, output = planner.run("plan", "check", "--group", "vienna")
    check(session_id in output and "declined by the member" in output, "plan check lists the open slot", output)
    status, output = planner.run("explain", "session", session_id, "--group", "vienna")
    check("jonas-lindqvist: declined by the member" in output, "explain names the decline", output)
    year = when[0:4]
    status, output = planner.run("assign", "--group", "vienna", "--from", f"{year}-01-01", "--to", f"{year}-12-31",
                                 "--keep-duties", "--allow-unfilled")
    check(status == 0, "assign --keep-duties", output[-500:])
    plan_after = organisers(jonas, coordinator)
    changed = sorted(i for i in plan_before if plan_before[i] != plan_after.get(i))
    check(changed == [session_id], "only the declined session changed", str(changed))
    status, output = planner.run("explain", "session", session_id, "--group", "vienna")
    check("jonas-lindqvist: declined by the member" in output, "explain still names the decline once refilled",
          output)
    refilled = plan_after.get(session_id, [])
    check(len(refilled) == len(plan_before[session_id]) and "jonas-lindqvist" not in refilled,
          "another member took the slot", str(refilled))

    # His cookie opens his own data only; a form needs its token.
    anton = next(i for i, who in sorted(plan_after.items()) if "anton-berger" in who and "jonas-lindqvist" not in who)
    a_activity, a_rule = anton.split("@")
    a_when = a_rule.replace("-", "").replace(":", "")
    status, _, _ = jonas.post(f"/me/duties/{a_activity}/{a_when}", {"csrf": csrf, "answer": "declined"})
    check(status == 404, "Anton's duty answers 404", str(status))
    status, _, _ = jonas.post("/me/capacity", {"capacity": "3"})
    check(status == 403, "a form without its token is refused", str(status))

    # An RSVP: the session page counts it; the public feed keeps every byte.
    _, _, feed_before = jonas.get("/calendars/vienna.ics", cookies=False)
    rsvp = re.findall(r'action="(/me/rsvp/[^"]+)"', jonas.get("/me")[2].decode())
    status, _, _ = jonas.post(rsvp[0], {"csrf": csrf, "rsvp": "going"})
    check(status == 303, "he says he is going", str(status))
    page_path = rsvp[0].replace("/me/rsvp/", "/groups/vienna/sessions/")
    status, _, body = jonas.get(page_path, cookies=False)
    check(status == 200 and b"1 going" in body and b"Jonas" not in body, "the session page says 1 going, not who",
          str(status))
    _, _, feed_after = jonas.get("/calendars/vienna.ics", cookies=False)
    check(feed_before == feed_after, "the public feed did not change by one byte")

    # A revoked link signs nobody in, and its sign-ins end.
    status, _ = planner.run("token", "revoke", str(link["token"]["id"]), "--group", "vienna")
    check(status == 0, "the link is revoked")
    status, _, _ = jonas.get("/me")
    check(status == 401, "his cookie no longer opens /me", str(status))
    stranger = Client(args.base)
    status, _, _ = stranger.get("/me/sign-in?token=" + link["secret"])
    check(status == 404 and not stranger.cookies, "the revoked link signs nobody in", str(status))

    # A request to join.
    visitor = Client(args.base)
    status, _, body = visitor.get("/groups/vienna/join")
    form = {"csrf": csrf_of(body.decode()), "name": "Lukas Hofer", "email": "lukas.hofer@example.org",
            "position": "Associate programme officer", "why": "I want to help colleagues share the care.",
            "interests": ["share-the-care"], "suggested-by": "Jonas", "website": ""}
    status, _, thanks = visitor.post("/groups/vienna/join", form)
    check(status == 200 and b"Thank you" in thanks, "the join request is received", str(status))
    pending = planner.json("member", "pending", "--group", "vienna")
    mine = [p for p in pending if p["request"]["email"] == "lukas.hofer@example.org"]
    check(len(mine) == 1, "it waits under member pending", str(pending))
    member_email = before["email"]
    second = Client(args.base)
    _, _, body = second.get("/groups/vienna/join")
    status2, _, thanks2 = second.post("/groups/vienna/join", dict(
        form, csrf=csrf_of(body.decode()), name="Someone Else", email=member_email))
    check((status2, thanks2) == (status, thanks), "a member's e-mail gets the same answer as any other")
    status, output = planner.run("member", "approve", str(mine[0]["id"]), "--group", "vienna")
    check(status == 0 and "lukas-hofer" in output, "approve adds the member", output)
    lukas = planner.json("member", "show", "--group", "vienna", "--id", "lukas-hofer")
    check(lukas["interests"] == ["share-the-care"], "with his interests", str(lukas))
    pending = planner.json("member", "pending", "--group", "vienna")
    check(all(p["request"]["email"] != "lukas.hofer@example.org" for p in pending), "and the request is gone")

    print(f"member day: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 0 if RESULTS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
