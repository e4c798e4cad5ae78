#include "LibicalBaseline.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static icaltimezone *plain_zone(const char *id) {
    static icaltimezone *zones[2];
    static const char *ids[2] = {"Asia/Bishkek", "Europe/Vienna"};
    for (int i = 0; i < 2; i++) {
        if (strcmp(id, ids[i]) != 0) continue;
        if (!zones[i]) {
            icalcomponent *clone = icalcomponent_new_clone(icaltimezone_get_component(icaltimezone_get_builtin_timezone(id)));
            icalproperty_set_tzid(icalcomponent_get_first_property(clone, ICAL_TZID_PROPERTY), id);
            zones[i] = icaltimezone_new();
            icaltimezone_set_component(zones[i], clone);
        }
        return zones[i];
    }
    return NULL;
}

static icaltimetype day_time(int offset_days, int hour, int minute) {
    icaltimetype t = icaltime_null_time();
    t.year = 2026; t.month = 1; t.day = 1; t.hour = hour; t.minute = minute; t.is_date = 0;
    icaltime_adjust(&t, offset_days, 0, 0, 0);
    return t;
}

static icalproperty *zoned(icalproperty *p, const char *zone) {
    icalproperty_add_parameter(p, icalparameter_new_tzid(zone));
    return p;
}

static const char *description =
    "Lunch-and-learn on caring masculinities; bring a colleague, a question, and your lunch.\n"
    "Zweite Zeile: Väter, Elternzeit; Вторая строка: отцовство, забота.";

static void add_event(icalcomponent *cal, int i, int moved) {
    const char *zone = (i % 2) ? "Asia/Bishkek" : "Europe/Vienna";
    int offset = i % 360, hour = 8 + i % 9, minute = (i % 4) * 15;
    int series = (i % 10 == 0);
    char text[200];
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    snprintf(text, sizeof text, "event-%d@bench.example", i);
    icalcomponent_add_property(ev, icalproperty_new_uid(text));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_string("20260101T000000Z")));
    int start_day = moved ? offset + 22 : offset;
    icaltimetype start = day_time(start_day, hour, minute);
    icaltimetype end = start;
    icaltime_adjust(&end, 0, 1, 30, 0);
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(start), zone));
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(end), zone));
    if (moved) {
        icalcomponent_add_property(ev, zoned(icalproperty_new_recurrenceid(day_time(offset + 21, hour, minute)), zone));
    } else if (series) {
        icalcomponent_add_property(ev, icalproperty_new_rrule(icalrecurrencetype_from_string("FREQ=WEEKLY;COUNT=26")));
        icalcomponent_add_property(ev, zoned(icalproperty_new_exdate(day_time(offset + 7, hour, minute)), zone));
        icalcomponent_add_property(ev, zoned(icalproperty_new_exdate(day_time(offset + 14, hour, minute)), zone));
    }
    icalcomponent_add_property(ev, icalproperty_new_sequence(moved ? 5 : i % 5));
    icalcomponent_add_property(ev, icalproperty_new_lastmodified(icaltime_from_string("20260101T000000Z")));
    icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
    snprintf(text, sizeof text, moved ? "Session %d (moved): Share the Care, Väter; Мужчины" : "Session %d: Share the Care, Väter; Мужчины", i);
    icalcomponent_add_property(ev, icalproperty_new_summary(text));
    icalcomponent_add_property(ev, icalproperty_new_description(description));
    snprintf(text, sizeof text, "Room %d, Hofburg", i % 40);
    icalcomponent_add_property(ev, icalproperty_new_location(text));
    icalcomponent_add_property(ev, icalproperty_new_categories("lunch-and-learn"));
    snprintf(text, sizeof text, "theme-%d", i % 12);
    icalcomponent_add_property(ev, icalproperty_new_categories(text));
    icalcomponent_add_component(cal, ev);
}

char *baseline_build_and_serialise(int count) {
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Allyship Planner//Benchmark//EN"));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalproperty *name = icalproperty_new_x("Benchmark calendar");
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(cal, name);
    const char *ids[2] = {"Asia/Bishkek", "Europe/Vienna"};
    for (int z = 0; z < 2; z++) {
        icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(plain_zone(ids[z])));
        icaltimetype from = icaltime_null_time();
        from.year = 2025; from.month = 1; from.day = 1; from.zone = icaltimezone_get_utc_timezone();
        icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 1);
        icalcomponent_add_component(cal, vtz);
    }
    for (int i = 0; i < count; i++) {
        add_event(cal, i, 0);
        if (i % 10 == 0) add_event(cal, i, 1);
    }
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    return text;
}

void baseline_free_string(char *text) { icalmemory_free_buffer(text); }

struct feed { const char *text; size_t position; size_t length; };

static char *next_line(char *buffer, size_t size, void *data) {
    struct feed *feed = data;
    if (feed->position >= feed->length || size < 2) return NULL;
    size_t count = 0;
    while (count < size - 1 && feed->position < feed->length) {
        char c = feed->text[feed->position++];
        buffer[count++] = c;
        if (c == '\n') break;
    }
    buffer[count] = 0;
    return buffer;
}

void *baseline_parse_tree(const char *text) {
    struct feed feed = {text, 0, strlen(text)};
    icalparser *parser = icalparser_new();
    icalparser_set_gen_data(parser, &feed);
    icalcomponent *root = icalparser_parse(parser, next_line);
    icalparser_free(parser);
    return root;
}

void baseline_free_tree(void *tree) { if (tree) icalcomponent_free(tree); }

long baseline_parse(const char *text) {
    icalcomponent *root = baseline_parse_tree(text);
    if (!root) return -1;
    long events = 0;
    size_t checksum = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        events++;
        for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY); p;
             p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
            switch (icalproperty_isa(p)) {
            case ICAL_UID_PROPERTY: checksum += strlen(icalproperty_get_uid(p)); break;
            case ICAL_SUMMARY_PROPERTY: checksum += strlen(icalproperty_get_summary(p)); break;
            case ICAL_DESCRIPTION_PROPERTY: checksum += strlen(icalproperty_get_description(p)); break;
            case ICAL_LOCATION_PROPERTY: checksum += strlen(icalproperty_get_location(p)); break;
            case ICAL_CATEGORIES_PROPERTY: checksum += strlen(icalproperty_get_categories(p)); break;
            case ICAL_DTSTART_PROPERTY: checksum += icalproperty_get_dtstart(p).day; break;
            case ICAL_DTEND_PROPERTY: checksum += icalproperty_get_dtend(p).day; break;
            case ICAL_EXDATE_PROPERTY: checksum += icalproperty_get_exdate(p).day; break;
            case ICAL_RECURRENCEID_PROPERTY: checksum += icalproperty_get_recurrenceid(p).day; break;
            case ICAL_SEQUENCE_PROPERTY: checksum += icalproperty_get_sequence(p); break;
            case ICAL_RRULE_PROPERTY: { struct icalrecurrencetype r = icalproperty_get_rrule(p); checksum += r.count; break; }
            default: break;
            }
        }
    }
    icalcomponent_free(root);
    return checksum > 0 ? events : -1;
}

struct instances { time_t *starts; const char **uids; long count, capacity; const char *uid; };

static void collect(icalcomponent *comp, struct icaltime_span *span, void *data) {
    (void)comp;
    struct instances *list = data;
    if (list->count == list->capacity) {
        list->capacity = list->capacity ? list->capacity * 2 : 1024;
        list->starts = realloc(list->starts, sizeof(time_t) * list->capacity);
        list->uids = realloc(list->uids, sizeof(char *) * list->capacity);
    }
    list->starts[list->count] = span->start;
    list->uids[list->count++] = list->uid;
}

static int by_start(const void *a, const void *b) {
    time_t x = *(const time_t *)a, y = *(const time_t *)b;
    return (x > y) - (x < y);
}

long baseline_expand(void *tree, long from, long to) {
    icalcomponent *root = tree;
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    icaltimetype start = icaltime_from_timet_with_zone(from, 0, utc), end = icaltime_from_timet_with_zone(to, 0, utc);
    struct instances list = {0};
    struct instances overrides = {0};
    long moved_in = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        icalproperty *rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
        if (rid) {
            // The override's RECURRENCE-ID in UTC (get_recurrenceid does not resolve the TZID).
            icaltimetype id = icalproperty_get_datetime_with_component(rid, ev);
            struct icaltime_span span = {icaltime_as_timet_with_zone(id, id.zone), 0, 1};
            overrides.uid = icalcomponent_get_uid(ev);
            collect(ev, &span, &overrides);
            icaltimetype own = icalcomponent_get_dtstart(ev);
            time_t own_start = icaltime_as_timet_with_zone(own, own.zone);
            moved_in += own_start >= from && own_start < to;
            continue;
        }
        list.uid = icalcomponent_get_uid(ev);
        icalcomponent_foreach_recurrence(ev, start, end, collect, &list);
    }
    // Overrides sorted by their RECURRENCE-ID instant; each instance looks itself up.
    time_t *sorted = malloc(sizeof(time_t) * (overrides.count + 1));
    for (long j = 0; j < overrides.count; j++) sorted[j] = overrides.starts[j];
    qsort(sorted, overrides.count, sizeof(time_t), by_start);
    long kept = 0;
    for (long i = 0; i < list.count; i++) {
        int replaced = 0;
        if (bsearch(&list.starts[i], sorted, overrides.count, sizeof(time_t), by_start)) {
            for (long j = 0; j < overrides.count && !replaced; j++) {
                replaced = overrides.starts[j] == list.starts[i] && strcmp(overrides.uids[j], list.uids[i]) == 0;
            }
        }
        kept += !replaced;
    }
    free(sorted);
    free(list.starts); free(list.uids); free(overrides.starts); free(overrides.uids);
    return kept + moved_in;
}
