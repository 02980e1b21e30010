/// The store's schema as an ordered list of named migrations (after GRDB's migrator). `PRAGMA user_version`
/// records how many have run; a store written by a newer Watchfloor is refused rather than misread.
enum Migrations {
    struct Migration {
        let name: String
        let sql: String
        /// PostgreSQL's text where translating `sql` (`PostgresDialect`) does not do (triggers); nil: translate.
        var postgres: String? = nil

        func sql(for engine: StoreEngine) -> String {
            switch engine {
            case .sqlite: return sql
            case .postgresql: return postgres ?? PostgresDialect.translate(sql).sql + (name.hasPrefix("v1-") ? PostgresDialect.busSetup : "")
            }
        }
    }

    static let all: [Migration] = [
        Migration(name: "v1-entities-bus-audit", sql: """
        CREATE TABLE grids(
            id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT, worker TEXT,
            worker_phone TEXT, households INTEGER, geometry TEXT, updated_at INTEGER NOT NULL);
        CREATE INDEX grids_parent ON grids(parent);

        CREATE TABLE incidents(
            id TEXT PRIMARY KEY, source TEXT NOT NULL, source_ref TEXT, category TEXT NOT NULL,
            level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 4), title TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
            grid_id TEXT, location TEXT, reporter TEXT, status TEXT NOT NULL, reported_at INTEGER NOT NULL,
            acked_at INTEGER, acked_by TEXT, assignee TEXT, dispatched_at INTEGER, resolved_at INTEGER,
            closed_at INTEGER, escalations INTEGER NOT NULL DEFAULT 0, last_escalated_at INTEGER,
            version INTEGER NOT NULL DEFAULT 1, updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX incidents_source_ref ON incidents(source, source_ref) WHERE source_ref IS NOT NULL;
        CREATE INDEX incidents_status ON incidents(status, level, reported_at);
        CREATE INDEX incidents_grid ON incidents(grid_id, status);
        CREATE INDEX incidents_reported ON incidents(reported_at);

        CREATE TABLE hotline_cases(
            ticket TEXT PRIMARY KEY, received_at INTEGER NOT NULL, channel TEXT NOT NULL, caller TEXT, phone TEXT,
            type TEXT NOT NULL, category TEXT, summary TEXT NOT NULL, grid_id TEXT, department TEXT,
            status TEXT NOT NULL, stage_started_at INTEGER NOT NULL, stage_due_at INTEGER, accepted_at INTEGER,
            transferred_at INTEGER, replied_at INTEGER, callback_at INTEGER, closed_at INTEGER,
            callback_result TEXT, satisfaction TEXT, version INTEGER NOT NULL DEFAULT 1, updated_at INTEGER NOT NULL);
        CREATE INDEX hotline_due ON hotline_cases(status, stage_due_at);
        CREATE INDEX hotline_grid ON hotline_cases(grid_id, status);
        CREATE INDEX hotline_received ON hotline_cases(received_at);

        CREATE TABLE alerts(
            id INTEGER PRIMARY KEY, dedup_key TEXT NOT NULL UNIQUE, first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL, count INTEGER NOT NULL, sensor TEXT NOT NULL, signature_id INTEGER NOT NULL,
            signature TEXT NOT NULL, category TEXT, level INTEGER NOT NULL, src TEXT NOT NULL, dest TEXT NOT NULL,
            proto TEXT, action TEXT, asset TEXT, grid_id TEXT, status TEXT NOT NULL DEFAULT 'new',
            suppressed_until INTEGER, acked_by TEXT, incident_id TEXT, sample TEXT, version INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX alerts_status ON alerts(status, last_seen);
        CREATE INDEX alerts_asset ON alerts(asset, last_seen);
        CREATE INDEX alerts_grid ON alerts(grid_id, status);
        CREATE INDEX alerts_last_seen ON alerts(last_seen);

        CREATE TABLE notes(
            id INTEGER PRIMARY KEY, at INTEGER NOT NULL, entity_kind TEXT NOT NULL, entity_id TEXT NOT NULL,
            actor TEXT NOT NULL, text TEXT NOT NULL);
        CREATE INDEX notes_entity ON notes(entity_kind, entity_id, at);
        CREATE INDEX notes_at ON notes(at);

        CREATE TABLE events(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, topic TEXT NOT NULL,
            entity_kind TEXT NOT NULL, entity_id TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT, hash TEXT);
        CREATE INDEX events_entity ON events(entity_kind, entity_id, seq);
        CREATE INDEX events_at ON events(at);
        CREATE INDEX events_audited ON events(seq) WHERE hash IS NOT NULL;

        CREATE TABLE checkpoints(
            source TEXT NOT NULL, path TEXT NOT NULL, inode INTEGER, offset INTEGER NOT NULL,
            updated_at INTEGER NOT NULL, PRIMARY KEY(source, path));

        CREATE TABLE dead_letters(
            id INTEGER PRIMARY KEY, at INTEGER NOT NULL, source TEXT NOT NULL, position TEXT,
            reason TEXT NOT NULL, raw BLOB);
        CREATE INDEX dead_letters_at ON dead_letters(at);

        CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """),
        // Alert observations per alert per UTC hour (kept by a trigger on the bus until v3): the handover's
        // "busiest signatures and assets" over a 24-hour window then reads ~24 rows per active alert instead of
        // every bus event (1M events: ~0.4 s of JSON parsing and grouping), and the figures survive compaction of
        // old alert events. Existing stores are back-filled once.
        Migration(name: "v2-alert-hourly-rollup", sql: """
        CREATE TABLE alert_hourly(
            hour INTEGER NOT NULL, alert_id INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(hour, alert_id)) WITHOUT ROWID;
        INSERT INTO alert_hourly(hour, alert_id, n)
            SELECT at / 3600000, CAST(entity_id AS INTEGER), SUM(COALESCE(data->>'$.delta', 1)) FROM events
            WHERE entity_kind = 'alert' AND topic IN ('alert.raised', 'alert.updated', 'alert.reopened')
            GROUP BY 1, 2;
        CREATE TRIGGER events_alert_hourly AFTER INSERT ON events
        WHEN NEW.entity_kind = 'alert' AND NEW.topic IN ('alert.raised', 'alert.updated', 'alert.reopened')
        BEGIN
            INSERT INTO alert_hourly(hour, alert_id, n)
                VALUES (NEW.at / 3600000, CAST(NEW.entity_id AS INTEGER), COALESCE(NEW.data->>'$.delta', 1))
                ON CONFLICT(hour, alert_id) DO UPDATE SET n = n + excluded.n;
        END;
        """, postgres: """
        CREATE TABLE alert_hourly(
            hour BIGINT NOT NULL, alert_id BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY(hour, alert_id));
        """),
        // CAP Cancels/Updates that arrive before the Alert they reference are kept until it arrives (or they
        // expire); tail checkpoints carry the file's device and a fingerprint of its first bytes, so a file
        // truncated and regrown past the old offset between two looks is still noticed.
        Migration(name: "v3-cap-pending-references-tail-identity", sql: """
        CREATE TABLE pending_references(
            source TEXT NOT NULL, ref TEXT NOT NULL, kind TEXT NOT NULL CHECK(kind IN ('cancel', 'update')),
            at INTEGER NOT NULL, expires_at INTEGER NOT NULL, reason TEXT, incident_id TEXT,
            PRIMARY KEY(source, ref, kind));
        CREATE INDEX pending_references_expiry ON pending_references(expires_at);
        ALTER TABLE checkpoints ADD COLUMN device INTEGER;
        ALTER TABLE checkpoints ADD COLUMN fingerprint TEXT;
        """),
        // Every CAP identifier a thread of Alert/Update messages has carried, kept after an Update moves the
        // incident's source_ref on: a later Update or Cancel that references the original Alert finds it.
        Migration(name: "v4-cap-reference-aliases", sql: """
        CREATE TABLE incident_aliases(
            source TEXT NOT NULL, ref TEXT NOT NULL, incident_id TEXT NOT NULL,
            PRIMARY KEY(source, ref));
        """),
        // Public opinion (网络舆情): topics, the posts filed under them and the responses made. A topic's integer
        // `key` is what the writer's near-duplicate index holds; `id` (OP-YYYYMMDD-NNNN) is what people use.
        // Posts are unique per (platform, post_id), so a re-sent post updates its counts instead of counting twice.
        Migration(name: "v5-opinion-topics-posts-responses", sql: """
        CREATE TABLE opinion_topics(
            key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, category TEXT, grid_id TEXT,
            status TEXT NOT NULL DEFAULT 'new', first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
            posts INTEGER NOT NULL DEFAULT 0, engagement INTEGER NOT NULL DEFAULT 0, platforms TEXT NOT NULL DEFAULT '',
            heat REAL NOT NULL DEFAULT 0, peak_heat REAL NOT NULL DEFAULT 0, peak_at INTEGER, hourly TEXT NOT NULL DEFAULT '',
            incident_id TEXT, raised_level INTEGER, version INTEGER NOT NULL DEFAULT 1, updated_at INTEGER NOT NULL);
        CREATE INDEX opinion_topics_status_heat ON opinion_topics(status, heat);
        CREATE INDEX opinion_topics_last_seen ON opinion_topics(last_seen);
        CREATE INDEX opinion_topics_incident ON opinion_topics(incident_id) WHERE incident_id IS NOT NULL;

        CREATE TABLE opinion_posts(
            id INTEGER PRIMARY KEY, platform TEXT NOT NULL, post_id TEXT NOT NULL, topic_key INTEGER NOT NULL,
            author TEXT, title TEXT, text TEXT NOT NULL, url TEXT, published_at INTEGER NOT NULL,
            reposts INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0, likes INTEGER NOT NULL DEFAULT 0,
            location TEXT, grid_id TEXT, category TEXT, words TEXT, simhash INTEGER NOT NULL, repost_of TEXT,
            received_at INTEGER NOT NULL, UNIQUE(platform, post_id));
        CREATE INDEX opinion_posts_topic ON opinion_posts(topic_key, published_at);
        CREATE INDEX opinion_posts_url ON opinion_posts(url) WHERE url IS NOT NULL;

        CREATE TABLE opinion_responses(
            id INTEGER PRIMARY KEY, topic_id TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL,
            channel TEXT NOT NULL, content TEXT NOT NULL);
        CREATE INDEX opinion_responses_topic ON opinion_responses(topic_id, at);
        CREATE INDEX opinion_responses_at ON opinion_responses(at);
        """),
        // The ingest writer keeps `alert_hourly` itself: it knows each alert's delta when it writes the event, so
        // adding it there (`AlertEventWrites`, many rows per statement) replaces a trigger program and a JSON parse
        // per event. Anything that appends alert events outside `IngestWriter` calls `AlertHourly.rebuild`.
        Migration(name: "v6-alert-hourly-by-writer", sql: """
        DROP TRIGGER IF EXISTS events_alert_hourly;
        """, postgres: "SELECT 1"),
        // Most sensor alerts carry neither an asset (no inventory entry for the address) nor a grid, yet every new
        // alert paid an entry in both indexes. The only queries that use them name a value (`asset = ?` in
        // correlation, `grid_id IS NOT NULL` / a grid prefix on the map and in lists), which the planner matches to
        // a partial index, so the NULL rows leave them: two b-tree inserts fewer per new alert.
        Migration(name: "v7-alert-asset-grid-indexes-partial", sql: """
        DROP INDEX IF EXISTS alerts_asset;
        CREATE INDEX alerts_asset ON alerts(asset, last_seen) WHERE asset IS NOT NULL;
        DROP INDEX IF EXISTS alerts_grid;
        CREATE INDEX alerts_grid ON alerts(grid_id, status) WHERE grid_id IS NOT NULL;
        """),
        // Counties in one city store (#15): every item and event may carry its county's 6-digit code. NULL means
        // the store's own county (`store_settings.home_county`), so a county's own store pays nothing per row and
        // every existing store reads as before; `store copy` stamps the code explicitly. Events copied from a
        // county's store keep their original seq in `origin_seq` (the audit hash covers it) and form that
        // county's own chain. `operator_counties` limits an operator to one county; `county_copies` records each
        // county copied in, so a second copy is refused.
        Migration(name: "county-codes-restriction-copies", sql: """
        ALTER TABLE incidents ADD COLUMN county TEXT;
        ALTER TABLE hotline_cases ADD COLUMN county TEXT;
        ALTER TABLE alerts ADD COLUMN county TEXT;
        ALTER TABLE opinion_topics ADD COLUMN county TEXT;
        ALTER TABLE opinion_posts ADD COLUMN county TEXT;
        ALTER TABLE notes ADD COLUMN county TEXT;
        ALTER TABLE dead_letters ADD COLUMN county TEXT;
        ALTER TABLE events ADD COLUMN county TEXT;
        ALTER TABLE events ADD COLUMN origin_seq INTEGER;
        CREATE INDEX incidents_county ON incidents(county, status);
        CREATE INDEX hotline_county ON hotline_cases(county, status);
        CREATE INDEX alerts_county ON alerts(county, status) WHERE county IS NOT NULL;
        CREATE INDEX opinion_topics_county ON opinion_topics(county, status);
        CREATE INDEX events_copied ON events(county, seq) WHERE origin_seq IS NOT NULL;
        CREATE TABLE store_settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE operator_counties(operator TEXT PRIMARY KEY, county TEXT NOT NULL);
        CREATE TABLE county_copies(
            county TEXT PRIMARY KEY, source TEXT NOT NULL, copied_at INTEGER NOT NULL, actor TEXT NOT NULL,
            items INTEGER NOT NULL, events INTEGER NOT NULL, last_origin_seq INTEGER NOT NULL);
        """),
        // An alert's raw sample (the first observation as received, ~900 B of EVE JSON) moves out of its `alerts`
        // row into a table of its own, written once when the alert is raised and read only by `alerts show` and
        // the full list. In the row it made alerts ~1.3 KB: three to a page, so every count bump in a batch
        // dirtied (and wrote to the log) a page per alert, and every upsert copied the whole record. `alert_id`
        // is the alert's id (SQLite's rowid, a plain key on PostgreSQL); existing samples move across.
        Migration(name: "alert-samples-own-table", sql: """
        CREATE TABLE alert_samples(alert_id INTEGER NOT NULL PRIMARY KEY, sample TEXT NOT NULL);
        INSERT INTO alert_samples(alert_id, sample) SELECT id, sample FROM alerts WHERE sample IS NOT NULL;
        ALTER TABLE alerts DROP COLUMN sample;
        """),
    ]

    static var latestVersion: Int { all.count }
}
