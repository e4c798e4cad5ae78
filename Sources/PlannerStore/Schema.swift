import GRDB

/// The store's schema as frozen, named migrations.
///
/// A migration is never edited once it has shipped: a change to the schema is a new migration
/// appended below. Migrations use SQL and string names only, never the app's types, so they stay
/// valid however the Swift code evolves. Constraints live in SQLite (`NOT NULL`, `CHECK`,
/// foreign keys, unique indexes): the store trusts SQLite more than itself.
enum Schema {
    /// Every migration of the store, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: catalogue, groups, members, activities, sessions") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2: access tokens") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3: catalogue revision") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4: store identity") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5: public notes on sessions") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6: session outcomes") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7: anonymous feedback") { db in
            try db.execute(sql: v7)
        }
        migrator.registerMigration("v9: member links, sign-ins, duty answers, RSVPs and join requests") { db in
            try db.execute(sql: v9)
        }
        return migrator
    }

    // Each domain value is kept whole as canonical JSON in `body` (sorted keys, so an unchanged
    // value gives the same text and an import can tell "no change" by comparing text); decoding
    // it runs the domain's own validation again. What SQLite must guard is mirrored in columns
    // beside it: slugs (unique), kinds, themes and GAP ids (foreign keys into the catalogue),
    // member interests (`member_interest`), GAP targets (`gap_target`), session times and status.
    // Times of change are GRDB's UTC text with milliseconds ("2027-01-05 10:00:00.000"): feeds take DTSTAMP, LAST-MODIFIED and SEQUENCE from them. Local dates and times of the
    // group's zone are text ("2027-01-05", "2027-01-05T15:00") so they sort and read well.
    private static let v1 = """
        CREATE TABLE gap_priority (
            id TEXT PRIMARY KEY NOT NULL CHECK (id GLOB '[A-Z0-9]*' AND id NOT GLOB '*[^A-Z0-9-]*'),
            title TEXT NOT NULL CHECK (length(title) > 0),
            scope TEXT NOT NULL CHECK (scope IN ('internal', 'participating-states', 'mission')),
            source TEXT
        );

        CREATE TABLE theme (
            slug TEXT PRIMARY KEY NOT NULL CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
            body TEXT NOT NULL CHECK (json_valid(body))
        );

        CREATE TABLE activity_kind (
            slug TEXT PRIMARY KEY NOT NULL CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
            body TEXT NOT NULL CHECK (json_valid(body))
        );

        CREATE TABLE observance (
            slug TEXT PRIMARY KEY NOT NULL CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
            body TEXT NOT NULL CHECK (json_valid(body))
        );

        CREATE TABLE planner_group (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
            body TEXT NOT NULL CHECK (json_valid(body)),
            revision INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE gap_target (
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            priority_id TEXT NOT NULL REFERENCES gap_priority(id),
            yearly_count INTEGER NOT NULL CHECK (yearly_count >= 0),
            PRIMARY KEY (group_id, priority_id)
        );

        CREATE TABLE member (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            slug TEXT NOT NULL CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
            body TEXT NOT NULL CHECK (json_valid(body)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (group_id, slug)
        );

        CREATE TABLE member_interest (
            member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            theme_slug TEXT NOT NULL REFERENCES theme(slug),
            PRIMARY KEY (member_id, theme_slug)
        );

        CREATE TABLE activity (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            slug TEXT NOT NULL CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
            kind_slug TEXT NOT NULL REFERENCES activity_kind(slug),
            theme_slug TEXT REFERENCES theme(slug),
            body TEXT NOT NULL CHECK (json_valid(body)),
            cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
            sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (group_id, slug)
        );

        CREATE TABLE session (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            rule_start TEXT NOT NULL,
            start_local TEXT NOT NULL,
            end_local TEXT NOT NULL CHECK (end_local > start_local),
            theme_slug TEXT REFERENCES theme(slug),
            status TEXT NOT NULL CHECK (status IN ('tentative', 'confirmed', 'cancelled')),
            dropped INTEGER NOT NULL DEFAULT 0 CHECK (dropped IN (0, 1)),
            moved_from TEXT,
            reason TEXT,
            moved_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (moved_by_hand IN (0, 1)),
            sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (activity_id, rule_start)
        );
        CREATE INDEX session_by_start ON session(start_local);

        CREATE TABLE assignment (
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('organiser', 'co-organiser', 'chair')),
            pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
            reasons TEXT NOT NULL CHECK (json_valid(reasons)),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (session_id, member_id)
        );
        CREATE INDEX assignment_by_member ON assignment(member_id);

        CREATE TABLE blackout (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            first_day TEXT NOT NULL,
            last_day TEXT NOT NULL CHECK (last_day >= first_day),
            reason TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('holiday', 'closure')),
            external_uid TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX blackout_identity ON blackout(group_id, first_day, last_day, reason);

        CREATE TABLE programme_month (
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
            theme_slug TEXT NOT NULL REFERENCES theme(slug),
            reasons TEXT NOT NULL CHECK (json_valid(reasons)),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (group_id, month)
        );
        """

    // Feed and API tokens. Only the SHA-256 of a secret is kept (hex, unique): the secret itself
    // is shown once, when it is made or rotated. A feed token for one organiser names the member
    // (deleted with them); an API token has a role. Revoking keeps the row, for the list.
    private static let v2 = """
        CREATE TABLE access_token (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('api', 'members-feed', 'organiser-feed')),
            role TEXT CHECK (role IN ('coordinator', 'reader')),
            member_id INTEGER REFERENCES member(id) ON DELETE CASCADE,
            label TEXT NOT NULL CHECK (length(label) > 0),
            secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
            created_at TEXT NOT NULL,
            rotated_at TEXT,
            last_used_at TEXT,
            revoked_at TEXT,
            CHECK ((kind = 'api') = (role IS NOT NULL)),
            CHECK ((kind = 'organiser-feed') = (member_id IS NOT NULL))
        );
        CREATE INDEX access_token_by_group ON access_token(group_id);
        """

    // The catalogue's revision and change time, raised by every install that changed it: feeds
    // that show only the catalogue (a country's observances) are cached and tagged by them. One
    // row, always.
    private static let v3 = """
        CREATE TABLE catalogue_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            revision INTEGER NOT NULL CHECK (revision > 0),
            updated_at TEXT NOT NULL
        );
        INSERT INTO catalogue_state (id, revision, updated_at) VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'));
        """

    // A random identity made once, when the store is created (or first migrated to v4), and
    // never changed: entity tags carry it, so two stores whose revisions happen to be equal
    // never answer each other's tags. One row, always.
    private static let v4 = """
        CREATE TABLE store_identity (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value TEXT NOT NULL CHECK (length(value) = 16)
        );
        INSERT INTO store_identity (id, value) VALUES (1, lower(hex(randomblob(8))));
        """

    /// A session's reason is private (a coordinator's words); what the public may read about a
    /// move or cancellation is a separate, explicitly public note. Moves and drops the planner
    /// made off blackouts (not by hand, not cancelled) say only what the group's calendar says:
    /// their reason becomes their public note.
    private static let v5 = """
        ALTER TABLE session ADD COLUMN public_note TEXT;
        UPDATE session SET public_note = reason
        WHERE moved_by_hand = 0 AND status != 'cancelled'
          AND (reason LIKE 'moved from %' OR reason LIKE 'dropped %');
        """

    /// What became of a session: held or not, headcounts, a private note, a public materials
    /// link, kept whole as the domain's canonical JSON (decoding checks its rules again). One
    /// row per session at most; it goes with its session.
    private static let v6 = """
        CREATE TABLE session_outcome (
            session_id INTEGER PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
            body TEXT NOT NULL CHECK (json_valid(body)),
            updated_at TEXT NOT NULL
        );
        """

    /// Anonymous feedback: a secret made once per store, from which each session's feedback
    /// code is derived (nothing to store per session, nothing to guess), and the answers, kept
    /// whole as canonical JSON with the day they came, never who or from where.
    private static let v7 = """
        CREATE TABLE store_secret (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value BLOB NOT NULL CHECK (length(value) = 32)
        );
        INSERT INTO store_secret (id, value) VALUES (1, randomblob(32));
        CREATE TABLE feedback_answer (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            body TEXT NOT NULL CHECK (json_valid(body)),
            received_on TEXT NOT NULL
        );
        CREATE INDEX feedback_by_session ON feedback_answer(session_id);
        """

    /// A member's personal link is a token of kind `member` naming the member (the table is
    /// rebuilt: SQLite cannot change a CHECK in place; rows and ids are kept). Opening the link
    /// starts a sign-in: only the SHA-256 of the cookie's secret is kept, with its end; it goes
    /// with its token (revoking or rotating the token deletes its sign-ins). A member's answer
    /// to a duty (accepted or declined, with an optional private reason) is kept per session
    /// and member, and goes with either; so is his RSVP (going, maybe, not going), which is not
    /// part of the plan: it never raises the group's revision. A request to join (the group's
    /// join form) waits for a coordinator, kept whole as canonical JSON until approved, rejected
    /// or expired, then deleted with its data.
    private static let v9 = """
        CREATE TABLE access_token_v9 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('api', 'members-feed', 'organiser-feed', 'member')),
            role TEXT CHECK (role IN ('coordinator', 'reader')),
            member_id INTEGER REFERENCES member(id) ON DELETE CASCADE,
            label TEXT NOT NULL CHECK (length(label) > 0),
            secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
            created_at TEXT NOT NULL,
            rotated_at TEXT,
            last_used_at TEXT,
            revoked_at TEXT,
            CHECK ((kind = 'api') = (role IS NOT NULL)),
            CHECK ((kind IN ('organiser-feed', 'member')) = (member_id IS NOT NULL))
        );
        INSERT INTO access_token_v9 SELECT * FROM access_token;
        DROP TABLE access_token;
        ALTER TABLE access_token_v9 RENAME TO access_token;
        CREATE INDEX access_token_by_group ON access_token(group_id);

        CREATE TABLE member_sign_in (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            token_id INTEGER NOT NULL REFERENCES access_token(id) ON DELETE CASCADE,
            secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
            expires_at TEXT NOT NULL
        );
        CREATE INDEX member_sign_in_by_token ON member_sign_in(token_id);

        CREATE TABLE duty_answer (
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            answer TEXT NOT NULL CHECK (answer IN ('accepted', 'declined')),
            reason TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (session_id, member_id)
        );
        CREATE INDEX duty_answer_by_member ON duty_answer(member_id);

        CREATE TABLE rsvp (
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            answer TEXT NOT NULL CHECK (answer IN ('going', 'maybe', 'not-going')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (session_id, member_id)
        );
        CREATE INDEX rsvp_by_member ON rsvp(member_id);

        CREATE TABLE join_request (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL REFERENCES planner_group(id) ON DELETE CASCADE,
            body TEXT NOT NULL CHECK (json_valid(body)),
            received_at TEXT NOT NULL,
            expires_at TEXT NOT NULL CHECK (expires_at > received_at)
        );
        CREATE INDEX join_request_by_group ON join_request(group_id);
        """
}
