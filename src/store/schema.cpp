#include "store/schema.hpp"

#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "clientele/error.hpp"
#include "model/customer_fields.hpp"

namespace clientele::store {

namespace {

// Version 1. Empty text is stored as '' (not NULL) except where a UNIQUE index needs NULL
// for "none" (external ids). Instants are Unix seconds, birthdays days since the epoch.
constexpr const char* kSchemaV1 = R"SQL(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  id           INTEGER PRIMARY KEY,
  username     TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL CHECK (role IN ('admin','manager','sales','viewer')),
  team         TEXT NOT NULL DEFAULT '',
  active       INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL
);
CREATE INDEX users_team ON users(team);

CREATE TABLE customers (
  id               INTEGER PRIMARY KEY,
  uuid             BLOB NOT NULL UNIQUE,
  external_id      TEXT UNIQUE,
  kind             TEXT NOT NULL CHECK (kind IN ('person','company')),
  display_name     TEXT NOT NULL,
  given_name       TEXT NOT NULL DEFAULT '',
  family_name      TEXT NOT NULL DEFAULT '',
  company_name     TEXT NOT NULL DEFAULT '',
  job_title        TEXT NOT NULL DEFAULT '',
  birthday         INTEGER,
  gender           TEXT NOT NULL DEFAULT 'unspecified',
  source           TEXT NOT NULL DEFAULT '',
  owner_id         INTEGER REFERENCES users(id),
  membership_level TEXT NOT NULL DEFAULT '',
  custom           TEXT NOT NULL DEFAULT '{}',
  notes            TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  last_verified_at INTEGER,
  status           TEXT NOT NULL DEFAULT 'active'
                   CHECK (status IN ('active','archived','merged','anonymized')),
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_owner ON customers(owner_id, id);
CREATE INDEX customers_created ON customers(created_at);
CREATE INDEX customers_updated ON customers(updated_at);
CREATE INDEX customers_status ON customers(status, id);
CREATE INDEX customers_birthday ON customers(birthday) WHERE birthday IS NOT NULL;

CREATE TABLE customer_emails (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  address     TEXT NOT NULL,
  normalized  TEXT NOT NULL,
  label       TEXT NOT NULL DEFAULT '',
  is_primary  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_emails_customer ON customer_emails(customer_id);
CREATE INDEX customer_emails_normalized ON customer_emails(normalized);

CREATE TABLE customer_phones (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  number      TEXT NOT NULL,
  e164        TEXT NOT NULL,
  label       TEXT NOT NULL DEFAULT '',
  is_primary  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_phones_customer ON customer_phones(customer_id);
CREATE INDEX customer_phones_e164 ON customer_phones(e164);

CREATE TABLE customer_addresses (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  label       TEXT NOT NULL DEFAULT '',
  street      TEXT NOT NULL DEFAULT '',
  city        TEXT NOT NULL DEFAULT '',
  region      TEXT NOT NULL DEFAULT '',
  postcode    TEXT NOT NULL DEFAULT '',
  country     TEXT NOT NULL DEFAULT '',
  is_primary  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_addresses_customer ON customer_addresses(customer_id);
CREATE INDEX customer_addresses_postcode ON customer_addresses(postcode) WHERE postcode <> '';

CREATE TABLE customer_tags (
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  tag         TEXT NOT NULL,
  PRIMARY KEY (customer_id, tag)
) WITHOUT ROWID;
CREATE INDEX customer_tags_tag ON customer_tags(tag, customer_id);

CREATE TABLE customer_consents (
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  channel     TEXT NOT NULL CHECK (channel IN ('email','sms','phone','wechat')),
  status      TEXT NOT NULL CHECK (status IN ('unknown','granted','denied')),
  at          INTEGER,
  method      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (customer_id, channel)
) WITHOUT ROWID;

-- Names, contacts, city, tags and external id, with CJK text also written as overlapping
-- character bigrams so a two-character name like 张伟 is a token (the trigram tokenizer
-- cannot find anything shorter than three characters). rowid = customers.id.
CREATE VIRTUAL TABLE customer_search USING fts5(doc, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE interactions (
  id               INTEGER PRIMARY KEY,
  uuid             BLOB NOT NULL UNIQUE,
  external_id      TEXT UNIQUE,
  customer_id      INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('purchase','refund','call','email','sms','chat',
                     'visit','meeting','complaint','suggestion','survey','note')),
  occurred_at      INTEGER NOT NULL,
  channel          TEXT NOT NULL DEFAULT '',
  direction        TEXT NOT NULL DEFAULT 'none' CHECK (direction IN ('none','inbound','outbound')),
  owner_id         INTEGER REFERENCES users(id),
  amount_minor     INTEGER,
  currency         TEXT NOT NULL DEFAULT '',
  subject          TEXT NOT NULL DEFAULT '',
  body             TEXT NOT NULL DEFAULT '',
  csat             INTEGER CHECK (csat BETWEEN 1 AND 5),
  nps              INTEGER CHECK (nps BETWEEN 0 AND 10),
  custom           TEXT NOT NULL DEFAULT '{}',
  complaint_status TEXT NOT NULL DEFAULT 'none'
                   CHECK (complaint_status IN ('none','open','in_progress','resolved','closed')),
  due_at           INTEGER,
  created_at       INTEGER NOT NULL
);
CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at);
CREATE INDEX interactions_time ON interactions(occurred_at, id);
CREATE INDEX interactions_kind ON interactions(kind, occurred_at);
CREATE INDEX interactions_open_complaints ON interactions(due_at)
  WHERE kind = 'complaint' AND complaint_status IN ('open','in_progress');
)SQL";

// Version 2, merge lineage (issue 6): a merged customer keeps its row (so its UUID and
// external_id stay reserved and resolve to the survivor) with status 'merged' and
// `merged_into` naming the survivor; deleting the survivor deletes what was merged into it.
// One `merges` row per merge holds the exact before-images of every row the merge changed
// (JSON, docs/merge.md), which unmerge writes back; `merge_members` finds the merges of a
// customer.
constexpr const char* kSchemaV2Merge = R"SQL(
ALTER TABLE customers ADD COLUMN merged_into INTEGER REFERENCES customers(id) ON DELETE CASCADE;
CREATE INDEX customers_merged_into ON customers(merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE merges (
  id               INTEGER PRIMARY KEY,
  uuid             BLOB NOT NULL UNIQUE,
  survivor_id      INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  survivor_version INTEGER NOT NULL,
  merged_by        INTEGER NOT NULL REFERENCES users(id),
  merged_at        INTEGER NOT NULL,
  before_images    TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied','undone')),
  undone_by        INTEGER REFERENCES users(id),
  undone_at        INTEGER
);
CREATE INDEX merges_survivor ON merges(survivor_id, id);
CREATE INDEX merges_time ON merges(merged_at, id);

CREATE TABLE merge_members (
  merge_id    INTEGER NOT NULL REFERENCES merges(id) ON DELETE CASCADE,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  PRIMARY KEY (merge_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX merge_members_customer ON merge_members(customer_id, merge_id);
)SQL";

// Version 3, lookup speed (issue 3): `customers.card` holds a read copy of the customer's
// emails, phones, addresses, tags and consent as one JSON value (docs/architecture.md), so
// reading a customer is one row instead of a descent into five more tables — at a million
// customers those descents were most of a lookup's time. The child tables stay the truth
// and serve the searches. kCardSql computes the card from them: here for the existing rows,
// and wherever rows change without a Customer at hand (merge, unmerge); writes of a whole
// Customer store card_json(customer), the same text (store/card.hpp; tested byte for byte).
constexpr const char* kSchemaV3Card = "ALTER TABLE customers ADD COLUMN card TEXT NOT NULL DEFAULT '{}';";

// Version 4, the per-insert duplicate check (issue 6): every customer's blocking keys — the
// matcher's own keys of name, birthday, postcode, city and street (dedupe/blocking.hpp) —
// so find_duplicates probes an index per key instead of the full-text index, whose posting
// lists for common names (王芳, John Smith) run to tens of thousands of customers. The keys
// are computed in C++ (ICU, OpenCC), so this step makes the table and the store fills it on
// the first read-write open (store/match_keys.hpp), as it does when kMatchKeysVersion changes.
//
// Two tables, so that a bulk load writes each in order: the keys by customer (appended in
// customer order) and the index from key to customers (written in key order at commit).
// The index has no foreign key and no index on customer_id: either would be a second
// B-tree of ten million entries written in random order; a customer's rows in it are found
// through its key set instead.
constexpr const char* kSchemaV4MatchKeys = R"SQL(
CREATE TABLE customer_match_key_sets (
  customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
  keys        BLOB NOT NULL
);
CREATE TABLE customer_match_keys (
  key         INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  PRIMARY KEY (key, customer_id)
) WITHOUT ROWID;
)SQL";

// Version 5, loyalty points (issue 6): a ledger, one row per entry, never updated; the
// balance is the sum of a customer's rows. Earned points are positive, redeemed and expired
// ones negative, adjustments either (the CHECK holds the sign rule even for raw SQL). `at` is
// when it happened (Unix seconds, as interactions.occurred_at); merges move rows to the
// survivor and unmerge moves them back by id (docs/points.md).
constexpr const char* kSchemaV5Points = R"SQL(
CREATE TABLE customer_points (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('earn','redeem','expire','adjust')),
  points      INTEGER NOT NULL CHECK (points <> 0 AND (kind = 'adjust' OR (kind = 'earn') = (points > 0))),
  reason      TEXT NOT NULL DEFAULT '',
  reference   TEXT NOT NULL DEFAULT '',
  at          INTEGER NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX customer_points_customer ON customer_points(customer_id, at);
)SQL";

// Version 6, credentials (issue 13, docs/security.md): a user's password as an Argon2id
// hash string (libsodium's crypto_pwhash_str, parameters inside it; NULL = none), whether
// an admin reset it and the user must change it at the next login, and the log of
// authentication attempts. auth_log names the user as typed (no foreign key): refusals of
// unknown names are logged and counted for lockout like those of real ones, so neither the
// answer nor the lockout tells whether a user exists. The auth.* settings default to a
// database that works as before: no credentials required.
constexpr const char* kSchemaV6Auth = R"SQL(
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
CREATE TABLE auth_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  username TEXT NOT NULL,
  layer    TEXT NOT NULL,
  method   TEXT NOT NULL CHECK (method IN ('none','password','trusted_host','os_user','admin')),
  outcome  TEXT NOT NULL CHECK (outcome IN ('ok','failed','locked','refused','change_required',
                                            'password_changed','password_reset'))
);
CREATE INDEX auth_log_user ON auth_log(username, at);
INSERT INTO settings(key, value) VALUES ('auth.required','off'), ('auth.trusted_host_allowed','off'),
  ('auth.os_user_allowed','off'), ('auth.lockout_attempts','5'), ('auth.lockout_window_seconds','900'),
  ('auth.lockout_seconds','900');
)SQL";

// Version 7: the audit trail. Each entry hashes the one before it (prev_hash, hash:
// BLAKE2b-256 over the entry's fields, store/audit_trail.cpp), so an edited, removed or
// reordered entry breaks the chain from there on. The chain covers detail_hash, not detail:
// erasing a person blanks the detail of entries about them (audit keeps the fact, not the
// data) and the chain still verifies. audit_state keeps the head (the last entry as of the
// last commit, so removing entries from the end shows) and the anchor of entries removed
// by retention. Nothing in the library updates or deletes entries but erasure (detail)
// and retention; SQL triggers refusing the rest were left out: whoever can run SQL on the
// file can drop them, and the chain is what shows such edits (docs/audit.md).
constexpr const char* kSchemaV7Audit = R"SQL(
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  username    TEXT NOT NULL,
  layer       TEXT NOT NULL,
  action      TEXT NOT NULL,
  customer    BLOB,
  target      TEXT NOT NULL DEFAULT '',
  detail      TEXT,
  detail_hash BLOB NOT NULL,
  prev_hash   BLOB NOT NULL,
  hash        BLOB NOT NULL
);
CREATE INDEX audit_log_customer ON audit_log(customer) WHERE customer IS NOT NULL;
CREATE TABLE audit_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  head_id        INTEGER NOT NULL,
  head_hash      BLOB NOT NULL,
  pruned_through INTEGER NOT NULL,
  pruned_hash    BLOB NOT NULL
);
INSERT INTO audit_state VALUES (1, 0, zeroblob(32), 0, zeroblob(32));
INSERT INTO settings(key, value) VALUES ('audit','on'), ('audit.retention_days','0');
)SQL";

// Version 8: the audit trail's customer index is kept apart and brought up to date in
// batches. An index on audit_log(customer) took one random b-tree insert per entry, which
// was half of what auditing cost a bulk import; audit_customers is filled, sorted, once
// `indexed_through` lags the head by store::kAuditIndexLag entries, and a lookup by customer
// reads it plus the entries after `indexed_through` (store/audit_trail.cpp).
//
// Entries also lose two stored hashes that verification can compute: prev_hash (the hash
// of the entry before, which the chain's own hash covers) and, but for blanked details,
// detail_hash (computed from the detail when it is there; stored only when erasure blanks
// it). 64 of about 290 bytes an entry, written once per change.
constexpr const char* kSchemaV8AuditIndex = R"SQL(
CREATE TABLE audit_log_v8 (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  username    TEXT NOT NULL,
  layer       TEXT NOT NULL,
  action      TEXT NOT NULL,
  customer    BLOB,
  target      TEXT NOT NULL DEFAULT '',
  detail      TEXT,
  detail_hash BLOB CHECK ((detail IS NULL) = (detail_hash IS NOT NULL)),
  hash        BLOB NOT NULL
);
INSERT INTO audit_log_v8
  SELECT id, at, username, layer, action, customer, target, detail,
         CASE WHEN detail IS NULL THEN detail_hash END, hash FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_v8 RENAME TO audit_log;
CREATE TABLE audit_customers (
  customer BLOB NOT NULL,
  id       INTEGER NOT NULL,
  PRIMARY KEY (customer, id)
) WITHOUT ROWID;
INSERT INTO audit_customers(customer, id)
  SELECT customer, id FROM audit_log WHERE customer IS NOT NULL ORDER BY customer, id;
ALTER TABLE audit_state ADD COLUMN indexed_through INTEGER NOT NULL DEFAULT 0;
UPDATE audit_state SET indexed_through = (SELECT coalesce(max(id), 0) FROM audit_log);
)SQL";

// Version 9: the register of erased and anonymized customers. A backup taken before an
// erasure still holds the person; restore() re-applies this register of the database it
// replaces (RestoreOptions::erasures_from), so a restore never brings a person back. The
// audit trail records the same facts but may be pruned (audit.retention_days); the register
// keeps only UUIDs (the pseudonym analytics keep anyway) and is never pruned. It is filled
// from the trail's entries for files made before it.
constexpr const char* kSchemaV9Erasures = R"SQL(
CREATE TABLE erasures (
  customer BLOB PRIMARY KEY,
  action   TEXT NOT NULL CHECK (action IN ('delete', 'anonymize')),
  at       INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR REPLACE INTO erasures(customer, action, at) )SQL" CLT_ERASURES_FROM_AUDIT_SQL ";";

// Version 10, care reminders (issue 16, docs/reminders.md). A generated reminder is stored once
// per (customer, kind, occasion, due_on): the partial unique index makes generating twice for
// the same day a no-op (INSERT OR IGNORE), and keeps a done or dismissed occasion from coming
// back. Follow-ups added by hand are outside it (two calls on one day are two reminders).
// Dates are days since the epoch, as customers.birthday; show_on is the date it is listed from
// (due_on, or the snooze date) and the partial index on it serves the due list.
// reminder_rules holds the configuration as one JSON object (absent = the defaults).
constexpr const char* kSchemaV10Reminders = R"SQL(
CREATE TABLE reminders (
  id             INTEGER PRIMARY KEY,
  customer_id    INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('birthday','anniversary','holiday','not_contacted',
                   'reverify','win_back','follow_up')),
  occasion       TEXT NOT NULL DEFAULT '',
  due_on         INTEGER NOT NULL,
  show_on        INTEGER NOT NULL,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','snoozed','done','dismissed')),
  reason         TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
  created_at     INTEGER NOT NULL,
  created_by     INTEGER REFERENCES users(id),
  closed_at      INTEGER
);
CREATE UNIQUE INDEX reminders_occasion ON reminders(customer_id, kind, occasion, due_on)
  WHERE kind <> 'follow_up';
CREATE INDEX reminders_customer ON reminders(customer_id, show_on);
CREATE INDEX reminders_pending ON reminders(show_on) WHERE status IN ('open','snoozed');
CREATE TABLE reminder_rules (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  rules TEXT NOT NULL
);
)SQL";

// Version 11, service cases (issue 16, docs/service.md): a case is the workflow of one
// complaint or suggestion interaction (UNIQUE interaction_id), so its customer, channel and
// time are the interaction's, and a merge, which moves interactions, carries the case with
// it. case_events records every change with who and when; case_policy holds the SLA policy
// as JSON text (one row; absent = the defaults). IF NOT EXISTS: a test that winds a newer
// file's user_version back to an older one (to migrate it again) still holds these tables.
constexpr const char* kSchemaV11Cases = R"SQL(
CREATE TABLE IF NOT EXISTS cases (
  id                 INTEGER PRIMARY KEY,
  interaction_id     INTEGER NOT NULL UNIQUE REFERENCES interactions(id) ON DELETE CASCADE,
  type               TEXT NOT NULL CHECK (type IN ('complaint','suggestion')),
  status             TEXT NOT NULL,
  priority           TEXT NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
  assignee_id        INTEGER REFERENCES users(id),
  opened_at          INTEGER NOT NULL,
  first_response_due INTEGER NOT NULL,
  resolution_due     INTEGER NOT NULL,
  first_responded_at INTEGER,
  resolved_at        INTEGER,
  closed_at          INTEGER,
  escalated_to       INTEGER REFERENCES users(id),
  escalated_at       INTEGER
);
CREATE INDEX IF NOT EXISTS cases_unresolved ON cases(resolution_due) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS cases_opened ON cases(opened_at);
CREATE TABLE IF NOT EXISTS case_events (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at        INTEGER NOT NULL,
  user_id   INTEGER NOT NULL REFERENCES users(id),
  action    TEXT NOT NULL,
  from_value TEXT NOT NULL DEFAULT '',
  to_value  TEXT NOT NULL DEFAULT '',
  note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS case_events_case ON case_events(case_id, id);
CREATE TABLE IF NOT EXISTS case_policy (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  sla TEXT NOT NULL
);
)SQL";

// Version 12, the loyalty program (issue 16, docs/loyalty.md). Earned points are lots:
// expires_at on the entry says when what is left of it lapses (expire entries name their
// lot in `reference`, "lot:<id>"); interaction_id ties the points of a purchase or a refund
// to it, once (the unique index is what makes earning idempotent); voids names the entry
// a void cancels, once. The rule set is one JSON text; shortfalls are the points a refund
// could not take back; customer_levels is the level history membership_level follows.
constexpr const char* kSchemaV12Loyalty = R"SQL(
ALTER TABLE customer_points ADD COLUMN expires_at INTEGER;
ALTER TABLE customer_points ADD COLUMN interaction_id INTEGER;
ALTER TABLE customer_points ADD COLUMN voids INTEGER;
CREATE UNIQUE INDEX customer_points_interaction ON customer_points(interaction_id) WHERE interaction_id IS NOT NULL;
CREATE UNIQUE INDEX customer_points_voids ON customer_points(voids) WHERE voids IS NOT NULL;
CREATE INDEX customer_points_expiry ON customer_points(expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE loyalty_rules (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  rules      TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE TABLE loyalty_shortfalls (
  id             INTEGER PRIMARY KEY,
  customer_id    INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  interaction_id INTEGER NOT NULL UNIQUE,
  points         INTEGER NOT NULL CHECK (points > 0),
  at             INTEGER NOT NULL
);
CREATE TABLE customer_levels (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  level       TEXT NOT NULL,
  previous    TEXT NOT NULL,
  at          INTEGER NOT NULL,
  basis_value INTEGER NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX customer_levels_customer ON customer_levels(customer_id, at);
)SQL";

// The step from version `to - 1` to `to`. create_schema runs version 1 and then every step,
// so a new file and a migrated one have the same schema by construction.
std::string step_to(int to) {
    switch (to) {
        case 2: return kSchemaV2Merge;
        case 3: return std::string(kSchemaV3Card) + "UPDATE customers SET card = " + kCardSql + ";";
        case 4: return kSchemaV4MatchKeys;
        case 5: return kSchemaV5Points;
        case 6: return kSchemaV6Auth;
        case 7: return kSchemaV7Audit;
        case 8: return kSchemaV8AuditIndex;
        case 9: return kSchemaV9Erasures;
        case 10: return kSchemaV10Reminders;
        case 11: return kSchemaV11Cases;
        case 12: return kSchemaV12Loyalty;
    }
    throw Error(ErrorCode::internal, "no schema step to version " + std::to_string(to));
}

std::vector<std::string_view> missing_field_columns(Connection& conn) {
    std::set<std::string, std::less<>> present;
    auto q = conn.query("PRAGMA table_info(customers)");
    while (q->step()) present.insert(q->text(1));
    std::vector<std::string_view> missing;
    for (const auto& f : fields::customer_text_fields())
        if (!present.contains(f.name)) missing.push_back(f.name);
    return missing;
}

void run_steps(Connection& conn, int from_version) {
    for (int v = from_version; v < kSchemaVersion; ++v) conn.exec(step_to(v + 1));
    for (auto name : missing_field_columns(conn))
        conn.exec("ALTER TABLE customers ADD COLUMN " + std::string(name) + " TEXT NOT NULL DEFAULT ''");
}

}  // namespace

void create_schema(Connection& conn) {
    conn.exec("BEGIN IMMEDIATE");
    try {
        conn.exec(kSchemaV1);
        run_steps(conn, 1);
        conn.exec("INSERT INTO settings(key, value) VALUES ('default_region','CN'), ('default_currency','CNY')");
        conn.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        conn.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
        conn.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void migrate(Connection& conn, int from_version) {
    if (from_version < 1 || from_version > kSchemaVersion)
        throw Unsupported("cannot migrate schema version " + std::to_string(from_version));
    conn.exec("BEGIN IMMEDIATE");
    try {
        // Another connection may have migrated the file since it was opened.
        const auto now = conn.scalar("PRAGMA user_version");
        if (now < kSchemaVersion || lacks_field_columns(conn)) {
            run_steps(conn, static_cast<int>(now));
            conn.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
        }
        conn.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

bool lacks_field_columns(Connection& conn) { return !missing_field_columns(conn).empty(); }

}  // namespace clientele::store
