-- Organisation and access: units, people, roles on unit subtrees, sessions, throttling, audit.
-- Times are UTC Unix milliseconds. @ID@ is the identity primary key.

-- The unit tree. path holds the ids from the root, "/1/5/77/", so a subtree is one prefix test.
CREATE TABLE units (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    parent_id BIGINT REFERENCES units (id),
    path TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    tz TEXT NOT NULL CHECK (tz IN ('WIB', 'WITA', 'WIT')),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);

-- People. NIP: 18 digits (birth date, appointment month, sex, sequence). email is stored lower-case.
CREATE TABLE users (
    id @ID@,
    nip TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    position TEXT NOT NULL DEFAULT '',
    unit_id BIGINT NOT NULL REFERENCES units (id),
    password_hash TEXT,
    password_changed_at BIGINT,
    totp_secret TEXT,
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

-- Each unit a person worked in, with dates: mutasi ends one row and starts the next.
CREATE TABLE user_units (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    position TEXT NOT NULL DEFAULT '',
    started_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX user_units_user ON user_units (user_id);

-- A role held on a unit and its subtree (anggota-pokja on one change area: area 1..6).
-- Grants are never deleted: revoking or a mutasi sets revoked_at, so history stays.
CREATE TABLE grants (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    area INTEGER,
    granted_by BIGINT REFERENCES users (id),
    granted_at BIGINT NOT NULL,
    revoked_by BIGINT REFERENCES users (id),
    revoked_at BIGINT
);
CREATE INDEX grants_user ON grants (user_id);

-- One-time secrets: a link or code to set a password (setup) or after a reset by an admin.
-- Only a hash of the secret is kept.
CREATE TABLE user_tokens (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('setup', 'reset')),
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE recovery_codes (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Sessions: the cookie holds a random token, the row its hash. stage is 'full' once every
-- factor passed, 'totp' while the second factor is owed, 'enrol' while it must be set up.
CREATE TABLE sessions (
    id @ID@,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    stage TEXT NOT NULL CHECK (stage IN ('full', 'totp', 'enrol')),
    csrf TEXT NOT NULL,
    agent TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Sign-in throttling. key is a keyed hash (of an account, a client, or both) whose key rotates
-- daily: no address or login name is stored.
CREATE TABLE throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL
);

-- The audit trail: append-only, each row chained to the one before by SHA-256.
CREATE TABLE audit_log (
    id @ID@,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    unit_id BIGINT,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_unit ON audit_log (unit_id);
