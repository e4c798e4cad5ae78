"""Strict checks of raw iCalendar bytes, shared by feed_check.py and ical_check.py.

Parsers forgive what clients trip over, so these look at the bytes themselves: CRLF line ends,
lines of at most 75 octets, valid UTF-8 on every physical line (no fold splits a character), a
VTIMEZONE for every TZID used, RFC 5545 3.3.11 escaping in TEXT values (no raw `;` or `,`, no
unknown escape, no control character), and no control character or line break in URI values.
"""

from __future__ import annotations

import re

# Properties whose value type is TEXT (RFC 5545 3.8.1, RFC 7986 5.1, and the X-WR-* names that
# Apple, Google and Outlook read as text).
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CATEGORIES", "NAME", "X-WR-CALNAME",
                   "X-WR-CALDESC"}
# Properties whose value type is URI (or CAL-ADDRESS, a URI too).
URI_PROPERTIES = {"URL", "CONFERENCE", "ATTENDEE", "ORGANIZER", "TZURL", "ATTACH", "IMAGE", "SOURCE"}
CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^\";:]*)(,(\"[^\"]*\"|[^\";:]*))*)*:")


def content_lines(raw: bytes) -> list[tuple[int, str]]:
    """The unfolded content lines with the number of their first physical line (1-based)."""
    result: list[tuple[int, str]] = []
    for number, line in enumerate(raw.decode("utf-8", errors="replace").split("\r\n"), start=1):
        if line[:1] in (" ", "\t") and result:
            result[-1] = (result[-1][0], result[-1][1] + line[1:])
        elif line:
            result.append((number, line))
    return result


def split_line(line: str) -> tuple[str, dict[str, str], str] | None:
    """NAME, parameters and value of a content line, or None if it is not one."""
    match = CONTENT_LINE.match(line)
    if match is None:
        return None
    head, value = line[: match.end() - 1], line[match.end():]
    parts = re.findall(r"(?:\"[^\"]*\"|[^;])+", head)
    params = {}
    for part in parts[1:]:
        key, _, param_value = part.partition("=")
        params[key.upper()] = param_value.strip('"')
    return parts[0].upper(), params, value


def text_problems(name: str, value: str, category_lists: bool) -> list[str]:
    """What in a TEXT value breaks RFC 5545 3.3.11."""
    problems = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            escaped = value[index + 1: index + 2]
            if escaped not in ("\\", ";", ",", "n", "N"):
                problems.append(f"{name}: unknown escape \\{escaped} in TEXT")
            index += 2
            continue
        if char == ";":
            problems.append(f"{name}: unescaped ';' in TEXT")
        elif char == "," and not (name == "CATEGORIES" and category_lists):
            problems.append(f"{name}: unescaped ',' in TEXT" + (" (one category per CATEGORIES property)"
                                                               if name == "CATEGORIES" else ""))
        elif ord(char) < 0x20 and char != "\t" or ord(char) == 0x7F:
            problems.append(f"{name}: control character U+{ord(char):04X} in TEXT")
        index += 1
    return problems


def lint(raw: bytes, category_lists: bool = False) -> list[str]:
    """Every problem of the raw bytes, one line each, with its line number.

    With category_lists, an unescaped comma in CATEGORIES is taken as a list separator; without
    it (the planner writes one category per property) it is a problem.
    """
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
    previous_name = None
    for number, line in content_lines(raw):
        parts = split_line(line)
        if parts is None:
            after = f" (a line break inside the {previous_name} value before it?)" if previous_name in URI_PROPERTIES else ""
            problems.append(f"line {number}: not a content line{after}: {line[:60]!r}")
            previous_name = None
            continue
        name, params, value = parts
        previous_name = name
        if name in TEXT_PROPERTIES and params.get("VALUE", "TEXT").upper() == "TEXT":
            problems += [f"line {number}: {problem}" for problem in text_problems(name, value, category_lists)]
        if name in URI_PROPERTIES and params.get("VALUE", "URI").upper() in ("URI", "CAL-ADDRESS"):
            for char in sorted({c for c in value if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F}):
                problems.append(f"line {number}: {name}: control character U+{ord(char):04X} in a URI")
    text = raw.decode("utf-8", errors="replace")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    used = set(re.findall(r";TZID=\"?([^\":;]+)\"?[:;]", unfolded))
    defined = set(re.findall(r"^TZID:(.+?)\r?$", unfolded, flags=re.MULTILINE))
    for zone in sorted(used - defined):
        problems.append(f"TZID {zone} has no VTIMEZONE")
    return list(dict.fromkeys(problems))


def unescape_text(raw: str) -> str:
    """RFC 5545 TEXT unescaping (3.3.11), for the TEXT properties icalendar leaves raw
    (NAME, X-WR-CALNAME, X-WR-CALDESC)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


if __name__ == "__main__":
    # ics_lint.py FILE [--category-lists]: the problems as a JSON list of strings.
    import json
    import sys

    with open(sys.argv[1], "rb") as handle:
        json.dump(lint(handle.read(), category_lists="--category-lists" in sys.argv[2:]), sys.stdout, ensure_ascii=False)
