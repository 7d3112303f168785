-- The whistleblowing channel (WBS). Everything a reporter wrote is ciphertext here (BYTEA):
-- sealed to the report's public key, whose private key is kept only sealed to the receipt key
-- pair and to each officer (src/wbs/wbs_crypto.h). Plain columns are what the clocks,
-- statistics and retention need: unit, category, state, dates. No address, user agent or
-- referrer of a reporter is kept anywhere. Times are UTC Unix milliseconds; days 'YYYY-MM-DD'.
--
-- lookup: keyed BLAKE2b of the receipt (the key lives outside the database).
-- state: diterima, ditelaah, diinvestigasi, dilimpahkan, terbukti, tidak_terbukti, selesai.
-- stage_day: when the current state began; stage_due: its working-day clock; remind_day: the
-- reminder before it; expires_day: when retention deletes the report.
CREATE TABLE wbs_reports (
    id @ID@,
    lookup TEXT NOT NULL UNIQUE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    category TEXT NOT NULL,
    channel TEXT NOT NULL,
    state TEXT NOT NULL,
    referral TEXT NOT NULL DEFAULT '',
    pk BYTEA NOT NULL,
    receipt_salt BYTEA NOT NULL,
    receipt_kdf TEXT NOT NULL,
    receipt_key BYTEA NOT NULL,
    content BYTEA NOT NULL,
    has_identity BOOLEAN NOT NULL,
    received_at BIGINT NOT NULL,
    received_day TEXT NOT NULL,
    stage_day TEXT NOT NULL,
    stage_due TEXT NOT NULL DEFAULT '',
    remind_day TEXT NOT NULL DEFAULT '',
    expires_day TEXT NOT NULL,
    closed_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX wbs_reports_unit ON wbs_reports (unit_id, received_at);
CREATE INDEX wbs_reports_expiry ON wbs_reports (expires_day);

-- The report's private key sealed to each officer who may read it.
CREATE TABLE wbs_report_keys (
    report_id BIGINT NOT NULL REFERENCES wbs_reports (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    sealed BYTEA NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
-- the reports an officer holds a copy of (key sharing at sign-in)
CREATE INDEX wbs_report_keys_user ON wbs_report_keys (user_id);

-- Two-way messages; author 'pelapor' (user_id NULL) or 'petugas'.
CREATE TABLE wbs_messages (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES wbs_reports (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    sealed BYTEA NOT NULL
);
CREATE INDEX wbs_messages_report ON wbs_messages (report_id, at);

-- Files: meta is sealed {name, type, size}; the content is a blob of ciphertext.
CREATE TABLE wbs_files (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES wbs_reports (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    blob_id BIGINT NOT NULL REFERENCES blobs (id),
    meta BYTEA NOT NULL
);
CREATE INDEX wbs_files_report ON wbs_files (report_id);

-- State changes and identity steps; note is sealed to the report key. public: the reporter sees
-- the event on the follow-up page.
CREATE TABLE wbs_events (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES wbs_reports (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    note BYTEA,
    public BOOLEAN NOT NULL
);
CREATE INDEX wbs_events_report ON wbs_events (report_id, at);

-- The reporter's identity, sealed to each identity custodian alone.
CREATE TABLE wbs_identities (
    report_id BIGINT NOT NULL REFERENCES wbs_reports (id) ON DELETE CASCADE,
    custodian_id BIGINT NOT NULL REFERENCES users (id),
    sealed BYTEA NOT NULL,
    PRIMARY KEY (report_id, custodian_id)
);

-- An officer's request to see the identity: reason sealed to the report key (and, below, to
-- each custodian); on approval the identity re-sealed to the officer.
-- state: menunggu, disetujui, ditolak.
CREATE TABLE wbs_identity_requests (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES wbs_reports (id) ON DELETE CASCADE,
    officer_id BIGINT NOT NULL REFERENCES users (id),
    reason BYTEA NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    custodian_id BIGINT REFERENCES users (id),
    decided_at BIGINT,
    resealed BYTEA
);
CREATE INDEX wbs_identity_requests_report ON wbs_identity_requests (report_id);

CREATE TABLE wbs_identity_reasons (
    request_id BIGINT NOT NULL REFERENCES wbs_identity_requests (id) ON DELETE CASCADE,
    custodian_id BIGINT NOT NULL REFERENCES users (id),
    sealed BYTEA NOT NULL,
    PRIMARY KEY (request_id, custodian_id)
);

-- Officers' and custodians' key pairs: the private key wrapped by the password-derived key
-- (salt and cost here) and by the recovery key.
CREATE TABLE wbs_officer_keys (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    pk BYTEA NOT NULL,
    salt BYTEA NOT NULL,
    kdf TEXT NOT NULL,
    wrapped_pw BYTEA NOT NULL,
    wrapped_rec BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Escrow: an officer's private key sealed to a key custodian.
CREATE TABLE wbs_escrow (
    user_id BIGINT NOT NULL REFERENCES users (id),
    custodian_id BIGINT NOT NULL REFERENCES users (id),
    sealed BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, custodian_id)
);

-- The private key during a session, wrapped by a key only the browser's cookie holds; pending is
-- a recovery key to show once, wrapped the same way.
CREATE TABLE wbs_session_keys (
    session_id BIGINT PRIMARY KEY REFERENCES sessions (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    wrapped BYTEA NOT NULL,
    pending BYTEA,
    created_at BIGINT NOT NULL
);

-- Proof-of-work challenges, each accepted once.
CREATE TABLE wbs_pow (
    challenge TEXT PRIMARY KEY,
    issued_at BIGINT NOT NULL
);
-- each accepted challenge also sweeps the stale ones
CREATE INDEX wbs_pow_issued ON wbs_pow (issued_at);
