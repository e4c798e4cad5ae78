#!/usr/bin/env python3
"""An independent reader of the planner's feeds: Python's icalendar + recurring-ical-events.

Usage:
    feed_check.py FEED.ics FROM TO [--public]

Checks the raw bytes with ics_lint.py (CRLF line ends, lines of at most 75 octets, valid UTF-8 on
every physical line so no fold splits a character, a VTIMEZONE for every TZID used, escaped TEXT
values with one category per CATEGORIES property, no control character in URIs), parses the calendar with
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

import ics_lint


def lint(raw: bytes, public: bool) -> list[str]:
    problems = ics_lint.lint(raw)
    if public:
        unfolded = re.sub(r"\r\n[ \t]", "", raw.decode("utf-8", errors="replace"))
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
    # icalendar leaves NAME and X-WR-CALNAME raw: they are TEXT, so they are unescaped here.
    info = {key: ics_lint.unescape_text(str(calendar.get(key))) for key in ("NAME", "X-WR-CALNAME") if key in calendar}
    info.update({key: str(calendar.get(key)) for key in ("X-WR-TIMEZONE", "X-PUBLISHED-TTL") if key in calendar})
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
