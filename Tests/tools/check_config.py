#!/usr/bin/env python3
"""Check the planner's Config/ YAML against the agreed schema (/work/briefs/config-schema.md).

Usage:
    python3 Tests/tools/check_config.py [--root DIR] [GROUP.yaml ...]

Reads the four catalogues under DIR/Config/catalogue/ and every group under DIR/Config/groups/
(or only the group files given). Checks each file's shape (keys, types, formats) and the cross
references: GAP ids, observances and areas that themes name, members' interests, activity kinds
and themes, overlapping availability windows, absences and blackouts that end before they start,
series rules and their first dates, observance months with too few fitting themes.

Prints one line per problem as `path:line: message` and exits 1 if there is any; prints a
one-line summary and exits 0 otherwise. Needs Python 3.9+ and PyYAML.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

# --------------------------------------------------------------------------------------------
# Vocabulary of the schema
# --------------------------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
GAP_ID = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LOCAL_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T([0-9]{2}:[0-9]{2})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
URL = re.compile(r"^https?://\S+$")

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RRULE_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
SCOPES = ["internal", "participating-states", "mission"]
CATEGORIES = ["at-work", "work-life-balance", "engagement-area"]
SOURCES = ["conversation-starter", "engagement-area"]
FORMATS = ["in-person", "online", "hybrid"]
AUDIENCES = ["members", "staff", "public"]
PRIVACIES = ["public", "confidential"]
MEMBER_ROLES = ["co-chair", "focal-point", "member"]
ORGANISER_ROLE_NAMES = ["organiser", "co-organiser", "chair"]
STAFF_CATEGORIES = ["national", "international"]
CONFIDENTIAL_MODES = ["busy", "hide"]

# The 147 colour keywords of CSS Color Module Level 3 (RFC 7986 COLOR takes these).
CSS3_COLOURS = set("""
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet
brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan
darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen
darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey
darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite
forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew
hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue
lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon
lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime
limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple
mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue
mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
powderblue purple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna
silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato
turquoise violet wheat white whitesmoke yellow yellowgreen
""".split())

# --------------------------------------------------------------------------------------------
# Loading with line numbers
# --------------------------------------------------------------------------------------------


class MDict(dict):
    """A YAML mapping that remembers where it and each of its keys and values start (1-based)."""

    line: int
    key_lines: dict
    value_lines: dict


class MList(list):
    """A YAML sequence that remembers where it and each item start (1-based)."""

    line: int
    item_lines: list


class Problems:
    """Collects `path:line: message` lines."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: list[str] = []

    def add(self, path: Path, line: Optional[int], message: str) -> None:
        try:
            shown = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            shown = path
        where = f"{shown}:{line}" if line else f"{shown}"
        self.lines.append(f"{where}: {message}")


_scalar_constructor = yaml.constructor.SafeConstructor()


def _to_python(node: yaml.Node, path: Path, problems: Problems) -> Any:
    """Turns a composed node into MDict / MList / plain scalars, keeping marks."""
    if isinstance(node, yaml.MappingNode):
        result = MDict()
        result.line = node.start_mark.line + 1
        result.key_lines, result.value_lines = {}, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(path, key_node.start_mark.line + 1, "a mapping key must be a plain value")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.add(path, key_node.start_mark.line + 1, "merge keys (<<) are not supported")
                continue
            key = _scalar_constructor.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if key in result:
                problems.add(path, line, f"duplicate key '{key}' (first on line {result.key_lines[key]})")
                continue
            result[key] = _to_python(value_node, path, problems)
            result.key_lines[key] = line
            result.value_lines[key] = value_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        result = MList()
        result.line = node.start_mark.line + 1
        result.item_lines = []
        for item in node.value:
            result.append(_to_python(item, path, problems))
            result.item_lines.append(item.start_mark.line + 1)
        return result
    return _scalar_constructor.construct_object(node)


def load(path: Path, problems: Problems) -> Optional[Any]:
    """Composes a YAML file (one document) and returns it with marks, or None after a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(path, None, "file not found")
        return None
    except UnicodeDecodeError as error:
        problems.add(path, None, f"not UTF-8: {error}")
        return None
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        problems.add(path, line, "tab character (indent with spaces)")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(path, mark.line + 1 if mark else None, f"YAML syntax: {getattr(error, 'problem', error)}")
        return None
    if node is None:
        problems.add(path, None, "empty file")
        return None
    try:
        return _to_python(node, path, problems)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(path, mark.line + 1 if mark else None, f"YAML value: {getattr(error, 'problem', error)}")
        return None


# --------------------------------------------------------------------------------------------
# Field validators: each returns the parsed value, or None after adding a problem
# --------------------------------------------------------------------------------------------


class Context:
    """Where a value sits, to say so in a problem."""

    def __init__(self, problems: Problems, path: Path) -> None:
        self.problems = problems
        self.path = path

    def bad(self, line: Optional[int], message: str) -> None:
        self.problems.add(self.path, line, message)


Validator = Callable[[Context, Any, int, str], Any]


def v_str(ctx: Context, value: Any, line: int, label: str) -> Optional[str]:
    if not isinstance(value, str) or not value.strip():
        ctx.bad(line, f"{label}: expected a non-empty text, got {value!r}")
        return None
    return value


def v_pattern(pattern: re.Pattern, what: str) -> Validator:
    def check(ctx: Context, value: Any, line: int, label: str) -> Optional[str]:
        if not isinstance(value, str) or not pattern.match(value):
            ctx.bad(line, f"{label}: expected {what}, got {value!r}")
            return None
        return value

    return check


v_slug = v_pattern(SLUG, "a lowercase kebab-case slug [a-z0-9-]")
v_gap_id = v_pattern(GAP_ID, "an uppercase GAP id [A-Z0-9-]")
v_country = v_pattern(COUNTRY, "an ISO 3166-1 alpha-2 country code such as AT")
v_email = v_pattern(EMAIL, "an e-mail address")
v_url = v_pattern(URL, "an http(s) URL")


def v_enum(choices: list) -> Validator:
    def check(ctx: Context, value: Any, line: int, label: str) -> Any:
        if value not in choices:
            ctx.bad(line, f"{label}: expected one of {' | '.join(map(str, choices))}, got {value!r}")
            return None
        return value

    return check


def v_int(low: Optional[int] = None, high: Optional[int] = None) -> Validator:
    def check(ctx: Context, value: Any, line: int, label: str) -> Optional[int]:
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.bad(line, f"{label}: expected a whole number, got {value!r}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            ctx.bad(line, f"{label}: {value} is outside {low if low is not None else '…'}…{high if high is not None else '…'}")
            return None
        return value

    return check


def v_number(low: float, high: float) -> Validator:
    def check(ctx: Context, value: Any, line: int, label: str) -> Optional[float]:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            ctx.bad(line, f"{label}: expected a number in {low}…{high}, got {value!r}")
            return None
        return float(value)

    return check


def v_bool(ctx: Context, value: Any, line: int, label: str) -> Optional[bool]:
    if not isinstance(value, bool):
        ctx.bad(line, f"{label}: expected true or false, got {value!r}")
        return None
    return value


def v_time(ctx: Context, value: Any, line: int, label: str) -> Optional[dt.time]:
    if isinstance(value, int) and not isinstance(value, bool):
        ctx.bad(line, f"{label}: unquoted time was read as the number {value}; write it quoted, \"HH:MM\"")
        return None
    if not isinstance(value, str) or not TIME.match(value):
        ctx.bad(line, f"{label}: expected a quoted \"HH:MM\" time, got {value!r}")
        return None
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def v_date(ctx: Context, value: Any, line: int, label: str) -> Optional[dt.date]:
    if isinstance(value, dt.datetime):
        ctx.bad(line, f"{label}: expected a date YYYY-MM-DD, got a date-time {value!r}")
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    ctx.bad(line, f"{label}: expected a date YYYY-MM-DD, got {value!r}")
    return None


def v_local_date_time(ctx: Context, value: Any, line: int, label: str) -> Optional[dt.datetime]:
    match = LOCAL_DATE_TIME.match(value) if isinstance(value, str) else None
    if match:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    ctx.bad(line, f"{label}: expected a quoted local date-time \"YYYY-MM-DDTHH:MM\", got {value!r}")
    return None


def v_colour(ctx: Context, value: Any, line: int, label: str) -> Optional[str]:
    if not isinstance(value, str) or value.lower() not in CSS3_COLOURS:
        ctx.bad(line, f"{label}: expected a CSS3 colour name (such as seagreen), got {value!r}")
        return None
    if value != value.lower():
        ctx.bad(line, f"{label}: write colour names in lowercase ({value.lower()})")
        return None
    return value


def v_time_zone(ctx: Context, value: Any, line: int, label: str) -> Optional[str]:
    if not isinstance(value, str) or "/" not in value:
        ctx.bad(line, f"{label}: expected an IANA time zone such as Europe/Vienna, got {value!r}")
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        ctx.bad(line, f"{label}: unknown IANA time zone {value!r}")
        return None
    return value


def v_list(item: Validator, non_empty: bool = False, unique: bool = True) -> Validator:
    def check(ctx: Context, value: Any, line: int, label: str) -> Optional[list]:
        if not isinstance(value, list):
            ctx.bad(line, f"{label}: expected a list, got {value!r}")
            return None
        if non_empty and not value:
            ctx.bad(line, f"{label}: must not be empty")
            return None
        result, seen = [], set()
        for index, element in enumerate(value):
            element_line = value.item_lines[index] if isinstance(value, MList) else line
            parsed = item(ctx, element, element_line, f"{label}[{index}]")
            if parsed is None:
                continue
            if unique and isinstance(parsed, (str, int)) and parsed in seen:
                ctx.bad(element_line, f"{label}: {parsed!r} is listed twice")
                continue
            if isinstance(parsed, (str, int)):
                seen.add(parsed)
            result.append(parsed)
        return result

    return check


# A field spec: key -> (required, validator). Validators for nested records are closures.
Spec = dict


def record(ctx: Context, value: Any, line: int, label: str, spec: Spec,
           hints: Optional[dict] = None) -> Optional[dict]:
    """Checks a mapping against a spec; returns {key: parsed} for the keys that passed."""
    if not isinstance(value, MDict):
        ctx.bad(line, f"{label}: expected a mapping, got {value!r}")
        return None
    parsed: dict = {"__line__": value.line, "__lines__": value.key_lines}
    for key in value:
        if key not in spec:
            hint = (hints or {}).get(key, f"allowed: {', '.join(spec)}")
            ctx.bad(value.key_lines[key], f"{label}: unknown key '{key}' ({hint})")
    for key, (required, validator) in spec.items():
        if key not in value:
            if required:
                ctx.bad(value.line, f"{label}: missing required key '{key}'")
            continue
        result = validator(ctx, value[key], value.value_lines[key], f"{label}.{key}")
        if result is not None:
            parsed[key] = result
    return parsed


def v_record(spec: Spec, hints: Optional[dict] = None) -> Validator:
    def check(ctx: Context, value: Any, line: int, label: str) -> Optional[dict]:
        return record(ctx, value, line, label, spec, hints)

    return check


def line_of(parsed: dict, key: str) -> int:
    return parsed["__lines__"].get(key, parsed["__line__"])


def top_list(ctx: Context, document: Any, key: str, item: Validator, label: str) -> list:
    """The list under the file's single top-level key, each item checked."""
    if not isinstance(document, MDict):
        ctx.bad(None, f"expected a mapping with the key '{key}'")
        return []
    for other in document:
        if other != key:
            ctx.bad(document.key_lines[other], f"unknown top-level key '{other}' (expected only '{key}')")
    if key not in document:
        ctx.bad(document.line, f"missing top-level key '{key}'")
        return []
    items = document[key]
    if not isinstance(items, MList):
        ctx.bad(document.value_lines[key], f"'{key}' must be a list")
        return []
    results = []
    for index, element in enumerate(items):
        parsed = item(ctx, element, items.item_lines[index], f"{label}[{index}]")
        if parsed is not None:
            results.append(parsed)
    return results


def unique_by(ctx: Context, items: list, key: str, what: str) -> dict:
    """Index items by a key, reporting duplicates."""
    index: dict = {}
    for item in items:
        name = item.get(key)
        if name is None:
            continue
        if name in index:
            ctx.bad(line_of(item, key), f"duplicate {what} '{name}' (first on line {line_of(index[name], key)})")
            continue
        index[name] = item
    return index


# --------------------------------------------------------------------------------------------
# Catalogues
# --------------------------------------------------------------------------------------------

PRIORITY_SPEC: Spec = {
    "id": (True, v_gap_id),
    "title": (True, v_str),
    "scope": (True, v_enum(SCOPES)),
    "source": (False, v_str),
}


def check_priorities(problems: Problems, path: Path) -> dict:
    ctx = Context(problems, path)
    document = load(path, problems)
    if document is None:
        return {}
    items = top_list(ctx, document, "priorities", v_record(PRIORITY_SPEC), "priorities")
    for item in items:
        if item.get("scope") == "mission":
            ctx.bad(line_of(item, "scope"), f"priority '{item.get('id')}': mission priorities belong in a group file")
    return unique_by(ctx, items, "id", "GAP id")


def _rule_validator(ctx: Context, value: Any, line: int, label: str) -> Optional[dict]:
    spec: Spec = {
        "month": (False, v_int(1, 12)),
        "day": (False, v_int(1, 31)),
        "weekday": (False, v_enum(WEEKDAYS)),
        "nth": (False, v_int(-1, 5)),
        "easter": (False, v_int(-100, 400)),
        "offset": (False, v_int(-366, 366)),
    }
    parsed = record(ctx, value, line, label, spec)
    if parsed is None:
        return None
    keys = {k for k in value} if isinstance(value, MDict) else set()
    forms = {
        "fixed": {"month", "day"},
        "nth-weekday": {"month", "weekday", "nth"},
        "easter": {"easter"},
    }
    matching = [name for name, needed in forms.items() if keys - {"offset"} == needed]
    if not matching:
        ctx.bad(line, f"{label}: a rule is {{month, day}}, {{month, weekday, nth}} or {{easter}} "
                      f"(plus optional offset); got keys {sorted(keys)}")
        return None
    if "nth" in parsed and parsed["nth"] == 0:
        ctx.bad(line_of(parsed, "nth"), f"{label}.nth: 1…5 or -1 (last), not 0")
        return None
    if matching[0] == "fixed" and "month" in parsed and "day" in parsed:
        longest = calendar.monthrange(2024, parsed["month"])[1]  # a leap year: 29 February is fine
        if parsed["day"] > longest:
            ctx.bad(line_of(parsed, "day"), f"{label}: month {parsed['month']} has no day {parsed['day']}")
            return None
    if len(parsed) - 2 != len(keys):  # a field failed its own check
        return None
    parsed["form"] = matching[0]
    return parsed


def western_easter(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, anonymous Gregorian algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def rule_date(rule: dict, year: int) -> Optional[dt.date]:
    """The first day a checked rule gives in a year (None when an nth weekday does not exist)."""
    if rule["form"] == "easter":
        date = western_easter(year) + dt.timedelta(days=rule["easter"])
    elif rule["form"] == "fixed":
        try:
            date = dt.date(year, rule["month"], rule["day"])
        except ValueError:  # 29 February outside a leap year
            return None
    else:
        weekday = WEEKDAYS.index(rule["weekday"])
        days = [d for d in range(1, calendar.monthrange(year, rule["month"])[1] + 1)
                if dt.date(year, rule["month"], d).weekday() == weekday]
        nth = rule["nth"]
        if nth > len(days):
            return None
        date = dt.date(year, rule["month"], days[nth - 1 if nth > 0 else -1])
    return date + dt.timedelta(days=rule.get("offset", 0))


VARIANT_SPEC: Spec = {
    "countries": (True, v_list(v_country, non_empty=True)),
    "rule": (True, _rule_validator),
}

OBSERVANCE_SPEC: Spec = {
    "slug": (True, v_slug),
    "title": (True, v_str),
    "rule": (True, _rule_validator),
    "days": (False, v_int(1, 366)),
    "variants": (False, v_list(v_record(VARIANT_SPEC), unique=False)),
    "countries": (False, v_list(v_country, non_empty=True)),
    "url": (False, v_url),
    "summary": (False, v_str),
}


def check_observances(problems: Problems, path: Path) -> dict:
    ctx = Context(problems, path)
    document = load(path, problems)
    if document is None:
        return {}
    hints = {"themes-hint": "themes name their observances in themes.yaml, not the other way round"}
    items = top_list(ctx, document, "observances", v_record(OBSERVANCE_SPEC, hints), "observances")
    for item in items:
        seen: dict = {}
        for variant in item.get("variants", []):
            for country in variant.get("countries", []):
                if country in seen:
                    ctx.bad(line_of(variant, "countries"),
                            f"observance '{item.get('slug')}': country {country} is in two variants "
                            f"(first on line {seen[country]})")
                else:
                    seen[country] = line_of(variant, "countries")
    return unique_by(ctx, items, "slug", "observance slug")


THEME_SPEC_BASE: Spec = {
    "slug": (True, v_slug),
    "title": (True, v_str),
    "category": (True, v_enum(CATEGORIES)),
    "source": (True, v_enum(SOURCES)),
    "area": (False, v_slug),
    "summary": (True, v_str),
    "gap": (True, v_list(v_gap_id, non_empty=True)),
    "observances": (False, v_list(v_slug)),
    "color": (True, v_colour),
}


def check_themes(problems: Problems, path: Path, priorities: dict, observances: dict) -> dict:
    ctx = Context(problems, path)
    document = load(path, problems)
    if document is None:
        return {}
    items = top_list(ctx, document, "themes", v_record(THEME_SPEC_BASE), "themes")
    themes = unique_by(ctx, items, "slug", "theme slug")
    colours: dict = {}
    for slug, theme in themes.items():
        category, source = theme.get("category"), theme.get("source")
        if category and source and (category == "engagement-area") != (source == "engagement-area"):
            ctx.bad(line_of(theme, "source"),
                    f"theme '{slug}': category {category} does not go with source {source}")
        if "area" in theme:
            area = themes.get(theme["area"])
            if area is None:
                ctx.bad(line_of(theme, "area"), f"theme '{slug}': area '{theme['area']}' is not a theme")
            elif area.get("category") != "engagement-area":
                ctx.bad(line_of(theme, "area"), f"theme '{slug}': area '{theme['area']}' is not an engagement area")
            elif category == "engagement-area":
                ctx.bad(line_of(theme, "area"), f"theme '{slug}': an engagement area has no area of its own")
        for gap in theme.get("gap", []):
            if priorities and gap not in priorities:
                ctx.bad(line_of(theme, "gap"), f"theme '{slug}': GAP id '{gap}' is not in gap-priorities.yaml")
        for observance in theme.get("observances", []):
            if observances and observance not in observances:
                ctx.bad(line_of(theme, "observances"),
                        f"theme '{slug}': observance '{observance}' is not in observances.yaml")
        colour = theme.get("color")
        if colour:
            if colour in colours:
                ctx.bad(line_of(theme, "color"), f"theme '{slug}': colour {colour} is already used by '{colours[colour]}'")
            else:
                colours[colour] = slug
    return themes


def check_observance_months(problems: Problems, path: Path, themes: dict, observances: dict) -> None:
    """Every month in which a themed observance starts needs at least two fitting themes.

    The programme engine gives such a month a theme that names one of its observances and never
    repeats a theme inside a year: with one candidate, two demands on it make a plan impossible.
    Months are taken from the default rule in a sample year (variants are per duty station).
    """
    ctx = Context(problems, path)
    fitting: dict = {}
    for slug, theme in themes.items():
        for observance in theme.get("observances", []):
            rule = observances.get(observance, {}).get("rule")
            date = rule_date(rule, 2027) if rule else None
            if date:
                fitting.setdefault(date.month, {}).setdefault(slug, theme)
    for month, candidates in sorted(fitting.items()):
        if len(candidates) < 2:
            (slug, theme), = candidates.items()
            ctx.bad(line_of(theme, "observances"),
                    f"{calendar.month_name[month]}: only theme '{slug}' fits its observances; "
                    "the programme needs at least two")


def _organisers_validator(ctx: Context, value: Any, line: int, label: str) -> Optional[dict]:
    return record(ctx, value, line, label, {
        "count": (True, v_int(1, 2)),
        "roles": (True, v_list(v_enum(MEMBER_ROLES))),
        "role-name": (True, v_enum(ORGANISER_ROLE_NAMES)),
    })


KIND_SPEC: Spec = {
    "slug": (True, v_slug),
    "title": (True, v_str),
    "duration-minutes": (True, v_int(5, 24 * 60)),
    "time-of-day": (True, v_time),
    "format": (True, v_enum(FORMATS)),
    "audience": (True, v_enum(AUDIENCES)),
    "privacy": (True, v_enum(PRIVACIES)),
    "organisers": (True, _organisers_validator),
    "summary": (True, v_str),
}


def check_kinds(problems: Problems, path: Path) -> dict:
    ctx = Context(problems, path)
    document = load(path, problems)
    if document is None:
        return {}
    items = top_list(ctx, document, "kinds", v_record(KIND_SPEC), "kinds")
    kinds = unique_by(ctx, items, "slug", "kind slug")
    for slug, kind in kinds.items():
        start, duration = kind.get("time-of-day"), kind.get("duration-minutes")
        if start and duration and start.hour * 60 + start.minute + duration > 24 * 60:
            ctx.bad(line_of(kind, "duration-minutes"), f"kind '{slug}': runs past midnight")
    return kinds


# --------------------------------------------------------------------------------------------
# Groups
# --------------------------------------------------------------------------------------------

WINDOW_SPEC: Spec = {
    "days": (True, v_list(v_enum(WEEKDAYS), non_empty=True)),
    "from": (True, v_time),
    "to": (True, v_time),
}

ABSENCE_SPEC: Spec = {
    "from": (True, v_date),
    "to": (True, v_date),
    "reason": (False, v_str),
}

MEMBER_SPEC: Spec = {
    "id": (True, v_slug),
    "name": (True, v_str),
    "email": (True, v_email),
    "role": (True, v_enum(MEMBER_ROLES)),
    "staff-category": (True, v_enum(STAFF_CATEGORIES)),
    "joined": (False, v_date),
    "interests": (False, v_list(v_slug)),
    "capacity-per-month": (True, v_int(0, 31)),
    "availability": (False, v_list(v_record(WINDOW_SPEC), unique=False)),
    "absences": (False, v_list(v_record(ABSENCE_SPEC), unique=False)),
}

SERIES_SPEC: Spec = {
    "rule": (True, v_str),
    "start": (True, v_local_date_time),
    "until": (False, v_date),
    "count": (False, v_int(1, 10000)),
}

ACTIVITY_SPEC: Spec = {
    "slug": (True, v_slug),
    "kind": (True, v_slug),
    "title": (True, v_str),
    "series": (False, v_record(SERIES_SPEC)),
    "start": (False, v_local_date_time),
    "duration-minutes": (False, v_int(5, 24 * 60)),
    "location": (False, v_str),
    "online-url": (False, v_url),
    "theme": (False, v_slug),
}

BLACKOUT_SPEC: Spec = {
    "date": (False, v_date),
    "from": (False, v_date),
    "to": (False, v_date),
    "reason": (True, v_str),
}

MISSION_PRIORITY_SPEC: Spec = dict(PRIORITY_SPEC)

GROUP_SPEC: Spec = {
    "slug": (True, v_slug),
    "name": (True, v_str),
    "duty-station": (True, v_str),
    "country": (True, v_country),
    "time-zone": (True, v_time_zone),
    "venue": (False, v_record({
        "name": (True, v_str),
        "address": (False, v_str),
        "latitude": (False, v_number(-90, 90)),
        "longitude": (False, v_number(-180, 180)),
    })),
    "mission-statement": (False, v_str),
    "working-days": (False, v_list(v_enum(WEEKDAYS), non_empty=True)),
    "minimum-gap-days": (False, v_int(0, 366)),
    "max-size": (False, v_int(1, 10000)),
    "observance-opt-out": (False, v_bool),
    "feeds": (False, v_record({
        "confidential": (False, v_enum(CONFIDENTIAL_MODES)),
        "cancelled-retention-days": (False, v_int(0, 3660)),
        "public-join-links": (False, v_bool),
    })),
    "gap": (False, v_record({
        "priorities": (False, v_list(v_record(MISSION_PRIORITY_SPEC), unique=False)),
        "targets": (False, lambda ctx, value, line, label: _targets(ctx, value, line, label)),
    })),
}


def _targets(ctx: Context, value: Any, line: int, label: str) -> Optional[dict]:
    if not isinstance(value, MDict):
        ctx.bad(line, f"{label}: expected a mapping GAP id: count")
        return None
    result = {}
    for key, count in value.items():
        key_line = value.key_lines[key]
        if v_gap_id(ctx, key, key_line, f"{label} key") is None:
            continue
        if v_int(1, 366)(ctx, count, key_line, f"{label}.{key}") is None:
            continue
        result[key] = (count, key_line)
    return result


def parse_rrule(ctx: Context, text: str, line: int, label: str) -> Optional[dict]:
    """Checks the RRULE subset a series may use and returns its parts."""
    allowed = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
    parts: dict = {}
    for part in text.split(";"):
        name, _, value = part.partition("=")
        name = name.strip().upper()
        if name in ("COUNT", "UNTIL"):
            ctx.bad(line, f"{label}: put {name} in the series as `{name.lower()}:`, not in the rule")
            return None
        if name not in allowed or not value:
            ctx.bad(line, f"{label}: '{part}' is not in the supported RRULE subset ({', '.join(sorted(allowed))})")
            return None
        if name in parts:
            ctx.bad(line, f"{label}: {name} appears twice")
            return None
        parts[name] = value
    if parts.get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        ctx.bad(line, f"{label}: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
        return None
    if "INTERVAL" in parts and not (parts["INTERVAL"].isdigit() and int(parts["INTERVAL"]) >= 1):
        ctx.bad(line, f"{label}: INTERVAL must be a positive whole number")
        return None
    days = []
    for day in parts.get("BYDAY", "").split(",") if "BYDAY" in parts else []:
        match = re.fullmatch(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)", day)
        if not match:
            ctx.bad(line, f"{label}: BYDAY value '{day}' is not like TU or 1TU or -1FR")
            return None
        days.append((int(match.group(1)) if match.group(1) else None, RRULE_DAYS[match.group(2)]))
    parts["days"] = days
    for name, low, high in (("BYMONTHDAY", -31, 31), ("BYMONTH", 1, 12), ("BYSETPOS", -366, 366)):
        for number in parts.get(name, "").split(",") if name in parts else []:
            if not re.fullmatch(r"[+-]?\d+", number) or not low <= int(number) <= high or int(number) == 0:
                ctx.bad(line, f"{label}: {name} value '{number}' is out of range")
                return None
    return parts


def nth_weekday_of(date: dt.date) -> tuple:
    """(n from the start, n from the end) of a date's weekday in its month."""
    last = calendar.monthrange(date.year, date.month)[1]
    return (date.day - 1) // 7 + 1, -((last - date.day) // 7 + 1)


def start_matches_rule(parts: dict, start: dt.datetime) -> bool:
    """Whether the first occurrence is itself a date of the rule (a plain, common check)."""
    date = start.date()
    if parts["days"] and parts["FREQ"] in ("WEEKLY", "MONTHLY", "YEARLY"):
        if "BYSETPOS" in parts:
            return True  # too rich to judge here
        for nth, weekday in parts["days"]:
            if weekday != date.weekday():
                continue
            if nth is None or parts["FREQ"] == "WEEKLY" or nth in nth_weekday_of(date):
                return True
        return False
    if "BYMONTHDAY" in parts:
        last = calendar.monthrange(date.year, date.month)[1]
        return any(int(d) == date.day or (int(d) < 0 and last + int(d) + 1 == date.day)
                   for d in parts["BYMONTHDAY"].split(","))
    return True


def check_group(problems: Problems, path: Path, priorities: dict, themes: dict, kinds: dict) -> Optional[dict]:
    ctx = Context(problems, path)
    document = load(path, problems)
    if document is None:
        return None
    if not isinstance(document, MDict):
        ctx.bad(None, "expected a mapping with group, members, activities, blackouts")
        return None
    allowed = {"group", "members", "activities", "blackouts"}
    for key in document:
        if key not in allowed:
            ctx.bad(document.key_lines[key], f"unknown top-level key '{key}' (allowed: {', '.join(sorted(allowed))})")
    if "group" not in document:
        ctx.bad(document.line, "missing top-level key 'group'")
        return None
    group = record(ctx, document["group"], document.value_lines["group"], "group", GROUP_SPEC)
    if group is None:
        return None

    def items_of(key: str, spec: Spec, label: str) -> list:
        if key not in document:
            return []
        value = document[key]
        if not isinstance(value, MList):
            ctx.bad(document.value_lines[key], f"'{key}' must be a list")
            return []
        parsed = (record(ctx, element, value.item_lines[i], f"{label}[{i}]", spec) for i, element in enumerate(value))
        return [p for p in parsed if p is not None]

    # --- GAP: mission priorities and targets ---
    known_gap = dict(priorities)
    gap = group.get("gap", {})
    for priority in gap.get("priorities", []):
        gid = priority.get("id")
        if priority.get("scope") not in (None, "mission"):
            ctx.bad(line_of(priority, "scope"), f"mission priority '{gid}': scope must be mission")
        if gid in known_gap:
            ctx.bad(line_of(priority, "id"), f"mission priority '{gid}' repeats an existing GAP id")
        elif gid:
            known_gap[gid] = priority
    carried = {g for theme in themes.values() for g in theme.get("gap", [])}
    for gid, (count, line) in gap.get("targets", {}).items():
        if gid not in known_gap:
            ctx.bad(line, f"GAP target '{gid}' is neither in gap-priorities.yaml nor a mission priority of this group")
        elif themes and gid not in carried:
            ctx.bad(line, f"GAP target '{gid}': no theme carries it, so no activity can count towards it")

    # --- members ---
    members = items_of("members", MEMBER_SPEC, "members")
    by_id = unique_by(ctx, members, "id", "member id")
    unique_by(ctx, members, "email", "member e-mail")
    for member in members:
        who = f"member '{member.get('id')}'"
        for interest in member.get("interests", []):
            if themes and interest not in themes:
                ctx.bad(line_of(member, "interests"), f"{who}: interest '{interest}' is not a theme slug")
        windows: dict = {}
        for window in member.get("availability", []):
            start, end = window.get("from"), window.get("to")
            if start is None or end is None:
                continue
            if end <= start:
                ctx.bad(window["__line__"], f"{who}: availability window ends ({end:%H:%M}) before it starts ({start:%H:%M})")
                continue
            for day in window.get("days", []):
                for other_start, other_end, other_line in windows.get(day, []):
                    if start < other_end and other_start < end:
                        ctx.bad(window["__line__"],
                                f"{who}: {day} {start:%H:%M}-{end:%H:%M} overlaps {other_start:%H:%M}-{other_end:%H:%M} "
                                f"(line {other_line})")
                windows.setdefault(day, []).append((start, end, window["__line__"]))
        member["windows"] = windows
        for absence in member.get("absences", []):
            if absence.get("from") and absence.get("to") and absence["to"] < absence["from"]:
                ctx.bad(absence["__line__"], f"{who}: absence ends ({absence['to']}) before it starts ({absence['from']})")
    if "max-size" in group and len(members) > group["max-size"]:
        ctx.bad(line_of(group, "max-size"), f"group has {len(members)} members, more than max-size {group['max-size']}")

    # --- blackouts ---
    blackout_days: set = set()
    for blackout in items_of("blackouts", BLACKOUT_SPEC, "blackouts"):
        keys = set(blackout["__lines__"])
        if "date" in keys and keys & {"from", "to"}:
            ctx.bad(blackout["__line__"], "blackout: give either date or from/to, not both")
        elif "date" in keys:
            if "date" in blackout:
                blackout_days.add(blackout["date"])
        elif {"from", "to"} <= keys:
            if "from" in blackout and "to" in blackout:
                if blackout["to"] < blackout["from"]:
                    ctx.bad(blackout["__line__"], f"blackout ends ({blackout['to']}) before it starts ({blackout['from']})")
                else:
                    day = blackout["from"]
                    while day <= blackout["to"]:
                        blackout_days.add(day)
                        day += dt.timedelta(days=1)
        else:
            ctx.bad(blackout["__line__"], "blackout: needs date, or from and to")

    # --- activities ---
    working_days = set(group.get("working-days", WEEKDAYS[:5]))
    activities = items_of("activities", ACTIVITY_SPEC, "activities")
    unique_by(ctx, activities, "slug", "activity slug")
    for activity in activities:
        what = f"activity '{activity.get('slug')}'"
        keys = set(activity["__lines__"])
        kind = kinds.get(activity.get("kind")) if "kind" in activity else None
        if "kind" in activity and kinds and kind is None:
            ctx.bad(line_of(activity, "kind"), f"{what}: kind '{activity['kind']}' is not in activity-kinds.yaml")
        if "theme" in activity and themes and activity["theme"] not in themes:
            ctx.bad(line_of(activity, "theme"), f"{what}: theme '{activity['theme']}' is not in themes.yaml")
        if ("series" in keys) == ("start" in keys):
            ctx.bad(activity["__line__"], f"{what}: give either series (a recurring activity) or start (a one-off)")
            continue
        if "series" in activity:
            series = activity["series"]
            if "until" in series and "count" in series:
                ctx.bad(line_of(series, "count"), f"{what}: series has both until and count")
            start = series.get("start")
            parts = parse_rrule(ctx, series["rule"], line_of(series, "rule"), f"{what}: series.rule") if "rule" in series else None
            if parts and start and not start_matches_rule(parts, start):
                ctx.bad(line_of(series, "start"), f"{what}: start {start:%Y-%m-%d (%a)} is not a date of the rule {series['rule']}")
            if start and series.get("until") and series["until"] < start.date():
                ctx.bad(line_of(series, "until"), f"{what}: until {series['until']} is before the start")
        elif "start" in activity:
            start = activity["start"]
            if WEEKDAYS[start.weekday()] not in working_days:
                ctx.bad(line_of(activity, "start"), f"{what}: {start:%Y-%m-%d} is a {WEEKDAYS[start.weekday()]}, not a working day")
            if start.date() in blackout_days:
                ctx.bad(line_of(activity, "start"), f"{what}: {start:%Y-%m-%d} is a blackout day")
        # Enough members whose role may fill the kind's organiser slots.
        if kind and "organisers" in kind:
            organisers = kind["organisers"]
            roles = organisers.get("roles") or MEMBER_ROLES
            eligible = [m for m in members if m.get("role") in roles]
            if members and len(eligible) < organisers.get("count", 1):
                ctx.bad(line_of(activity, "kind"),
                        f"{what}: kind '{kind.get('slug')}' needs {organisers.get('count')} organisers with roles "
                        f"{', '.join(roles)}; the group has {len(eligible)}")
    return {"group": group, "members": by_id, "activities": activities}


# --------------------------------------------------------------------------------------------


def main(argv: list) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the repository root holding Config/ (default: this script's repository)")
    parser.add_argument("groups", nargs="*", type=Path, help="group files to check (default: Config/groups/*.yaml)")
    arguments = parser.parse_args(argv)
    root: Path = arguments.root
    catalogue = root / "Config" / "catalogue"
    problems = Problems(root)

    priorities = check_priorities(problems, catalogue / "gap-priorities.yaml")
    observances = check_observances(problems, catalogue / "observances.yaml")
    themes_path = catalogue / "themes.yaml"
    themes = check_themes(problems, themes_path, priorities, observances)
    check_observance_months(problems, themes_path, themes, observances)
    kinds = check_kinds(problems, catalogue / "activity-kinds.yaml")

    group_files = arguments.groups or sorted((root / "Config" / "groups").glob("*.yaml"))
    if not group_files:
        problems.add(root / "Config" / "groups", None, "no group files")
    members = 0
    for path in group_files:
        result = check_group(problems, path, priorities, themes, kinds)
        if result:
            members += len(result["members"])

    for line in problems.lines:
        print(line)
    if problems.lines:
        print(f"{len(problems.lines)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(priorities)} GAP priorities, {len(themes)} themes, {len(kinds)} kinds, "
          f"{len(observances)} observances, {len(group_files)} group(s) with {members} members")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
