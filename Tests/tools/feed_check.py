#!/usr/bin/env python3
"""An independent reader of the planner's feeds: Python's icalendar + recurring-ical-events.

Usage:
    feed_check.py FEED.ics FROM TO [--public]

Checks the raw bytes (CRLF line ends, lines of at most 75 octets, valid UTF-8 on every physical
line so no fold splits a character, a VTIMEZONE for every TZID used), parses the calendar with
icalendar, and expands it with recurring-ical-events between the dates FROM and TO (ISO,
TO exclusive). With --public it also checks that no e-mail address, ATTENDEE or ORGANIZER appears.

Prints one JSON object: {"problems": [...], "calendar": {...}, "occurrences": [...]}, each
occurrence {uid, start, end, tzid, status, summary, sequence, recurrence_id}, local wall times as
`YYYY-MM-DDTHH:MM` (dates as `YYYY-MM-DD`). Exits 0 when it could read the file (problems are
data for the caller), 2 when it could not.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys


def lint(raw: bytes, public: bool) -> list[str]:
    problems: list[str] = []
    if not raw.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    lines = raw.split(b"\r\n")
    for number, line in enumerate(lines[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare LF or CR")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets (more than 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8 on its own (a fold splits a character)")
    text = raw.decode("utf-8", errors="replace")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    used = set(re.findall(r";TZID=\"?([^\":;]+)\"?[:;]", unfolded))
    defined = set(re.findall(r"^TZID:(.+?)\r?$", unfolded, flags=re.MULTILINE))
    for zone in sorted(used - defined):
        problems.append(f"TZID {zone} has no VTIMEZONE")
    if public:
        lowered = unfolded.lower()
        if "mailto:" in lowered:
            problems.append("a public feed holds an e-mail address (mailto:)")
        for name in ("ATTENDEE", "ORGANIZER"):
            if re.search(rf"^{name}[;:]", unfolded, flags=re.MULTILINE):
                problems.append(f"a public feed holds {name}")
    return problems


def wall(value) -> tuple[str, str | None]:
    if isinstance(value, dt.datetime):
        zone = value.tzinfo
        name = getattr(zone, "key", None) or (str(zone) if zone is not None else None)
        return value.strftime("%Y-%m-%dT%H:%M"), name
    return value.isoformat(), None


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, start, end = args
    public = "--public" in argv
    try:
        import icalendar
        import recurring_ical_events
    except ImportError as error:
        print(f"feed_check.py needs icalendar and recurring-ical-events: {error}", file=sys.stderr)
        return 2
    with open(path, "rb") as handle:
        raw = handle.read()
    problems = lint(raw, public)
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except Exception as error:  # the parser's own error is the message
        print(json.dumps({"problems": problems + [f"icalendar cannot parse it: {error}"], "occurrences": []}))
        return 0
    info = {key: str(calendar.get(key)) for key in ("NAME", "X-WR-CALNAME", "X-WR-TIMEZONE", "X-PUBLISHED-TTL") if key in calendar}
    if "REFRESH-INTERVAL" in calendar:
        info["REFRESH-INTERVAL"] = calendar.get("REFRESH-INTERVAL").to_ical().decode()
    occurrences = []
    window = (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    for event in recurring_ical_events.of(calendar).between(*window):
        begin, zone = wall(event.decoded("DTSTART"))
        finish, _ = wall(event.decoded("DTEND")) if "DTEND" in event else (begin, None)
        recurrence = wall(event.decoded("RECURRENCE-ID"))[0] if "RECURRENCE-ID" in event else None
        occurrences.append({
            "uid": str(event.get("UID")),
            "start": begin,
            "end": finish,
            "tzid": zone,
            "status": str(event.get("STATUS", "")),
            "summary": str(event.get("SUMMARY", "")),
            "sequence": int(event.get("SEQUENCE", 0)),
            "recurrence_id": recurrence,
        })
    occurrences.sort(key=lambda o: (o["start"], o["uid"]))
    print(json.dumps({"problems": problems, "calendar": info, "occurrences": occurrences}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
