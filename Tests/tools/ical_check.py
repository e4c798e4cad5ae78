#!/usr/bin/env python3
"""Reads an .ics file with an independent parser and prints what it saw as JSON.

Usage: ical_check.py FILE WINDOW_START WINDOW_END   (ISO dates in UTC, e.g. 2026-01-01)

Uses Python `icalendar` and `recurring-ical-events` (installed by `make test`), and reports what
ics_lint.py finds in the raw bytes as "problems". The Swift test
Tests/ICalendarTests/IndependentParserTests.swift compares this output with the calendar it built.
Date-times are written as: DATE `2026-03-08`, UTC `2026-05-20T10:00:00Z`, zoned
`2026-01-06T15:00:00[Europe/Vienna]`, floating `2026-01-06T15:00:00`.
"""
import json
import sys
from datetime import date, datetime, timedelta, timezone

import icalendar
import recurring_ical_events

import ics_lint


def instant(value):
    """Seconds since 1970 for a date-time (a DATE counts as UTC midnight)."""
    if hasattr(value, "dt"):
        value = value.dt
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return int(value.timestamp())
    return int(datetime(value.year, value.month, value.day, tzinfo=timezone.utc).timestamp())


def fmt(value):
    if hasattr(value, "dt"):
        value = value.dt
    if isinstance(value, datetime):
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
        if value.tzinfo is None:
            return text
        if value.utcoffset() == timedelta(0) and str(value.tzinfo) in ("UTC", "Etc/UTC", "tzutc()", "UTC+00:00"):
            return text + "Z"
        key = getattr(value.tzinfo, "key", None) or str(value.tzinfo)
        return f"{text}[{key}]"
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def many(component, name):
    values = component.get(name)
    if values is None:
        return []
    return values if isinstance(values, list) else [values]


def dates(component, name):
    result = []
    for prop in many(component, name):
        for item in prop.dts:
            result.append(fmt(item.dt))
    return result


def person(prop):
    return {
        "address": str(prop),
        "cn": prop.params.get("CN"),
        "role": prop.params.get("ROLE"),
        "partstat": prop.params.get("PARTSTAT"),
    }


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def event_json(event):
    geo = event.get("GEO")
    return {
        "uid": text(event, "UID"),
        "dtstamp": fmt(event.get("DTSTAMP")),
        "dtstart": fmt(event.get("DTSTART")),
        "dtend": fmt(event.get("DTEND")) if event.get("DTEND") is not None else None,
        "rrule": event.get("RRULE").to_ical().decode() if event.get("RRULE") is not None else None,
        "exdate": dates(event, "EXDATE"),
        "rdate": dates(event, "RDATE"),
        "recurrenceId": fmt(event.get("RECURRENCE-ID")) if event.get("RECURRENCE-ID") is not None else None,
        "sequence": int(event.get("SEQUENCE")) if event.get("SEQUENCE") is not None else None,
        "lastModified": fmt(event.get("LAST-MODIFIED")) if event.get("LAST-MODIFIED") is not None else None,
        "status": text(event, "STATUS"),
        "class": text(event, "CLASS"),
        "transp": text(event, "TRANSP"),
        "summary": text(event, "SUMMARY"),
        "description": text(event, "DESCRIPTION"),
        "location": text(event, "LOCATION"),
        "geo": [geo.latitude, geo.longitude] if geo is not None else None,
        "url": text(event, "URL"),
        "categories": [str(c) for prop in many(event, "CATEGORIES") for c in prop.cats],
        "organizer": person(event.get("ORGANIZER")) if event.get("ORGANIZER") is not None else None,
        "attendees": [person(a) for a in many(event, "ATTENDEE")],
        "color": text(event, "COLOR"),
        "conferences": [
            {"uri": str(c), "features": str(c.params.get("FEATURE", "")), "label": c.params.get("LABEL")}
            for c in many(event, "CONFERENCE")
        ],
        "alarms": [
            {
                "action": text(alarm, "ACTION"),
                "triggerSeconds": int(alarm.get("TRIGGER").dt.total_seconds()),
                "description": text(alarm, "DESCRIPTION"),
            }
            for alarm in event.walk("VALARM")
        ],
    }


def main():
    path, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, "rb") as handle:
        raw = handle.read()
    calendar = icalendar.Calendar.from_ical(raw)
    window = (date.fromisoformat(start), date.fromisoformat(end))
    occurrences = []
    for occurrence in recurring_ical_events.of(calendar).between(*window):
        occurrences.append({
            "uid": text(occurrence, "UID"),
            "start": fmt(occurrence.get("DTSTART")),
            "end": fmt(occurrence.get("DTEND")),
            "summary": text(occurrence, "SUMMARY"),
            "startInstant": instant(occurrence.get("DTSTART")),
            "endInstant": instant(occurrence.get("DTEND")),
        })
    occurrences.sort(key=lambda o: (o["start"], o["uid"]))
    # icalendar keeps RFC 7986 NAME and the X-WR-* names as raw text; they are TEXT, so unescape them.
    raw_text = ("X-WR-CALNAME", "X-WR-CALDESC")
    result = {
        "problems": ics_lint.lint(raw),
        "calendar": {
            name: ics_lint.unescape_text(text(calendar, name)) if name in raw_text and name in calendar
            else text(calendar, name)
            for name in ("PRODID", "VERSION", "METHOD", "X-WR-CALNAME", "X-WR-CALDESC", "X-WR-TIMEZONE",
                         "X-PUBLISHED-TTL", "COLOR")
        },
        "name": ics_lint.unescape_text(str(calendar.get("NAME"))) if calendar.get("NAME") is not None else None,
        "refreshIntervalSeconds": int(calendar.get("REFRESH-INTERVAL").dt.total_seconds())
        if calendar.get("REFRESH-INTERVAL") is not None else None,
        "timezones": sorted(str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")),
        "events": [event_json(e) for e in calendar.walk("VEVENT")],
        "occurrences": occurrences,
    }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
