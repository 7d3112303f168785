-- Surveys from the public (IKM, SPAK → IPAK, SPKP → IPKP): campaigns of a unit, their responses,
-- one-time codes of the service counter, kiosk devices, the follow-up per unsur, and answers that
-- another part proposes for an LKE assessment. Times are UTC Unix milliseconds. No raw client
-- address is ever stored: client_hash is a keyed hash under a key that changes every UTC day.

-- state: draft (being prepared), open (taking responses), closed. access: open (the link and the
-- QR code, guarded against stuffing) or code (a one-time code from the counter; kiosks need none).
-- public_id names the campaign in /s/{id} and /api/v1/surveys/{id}. services: JSON array of the
-- unit's service names the campaign covers. own_items: JSON array of the unit's own questions,
-- reported apart. target: the Krejcie–Morgan sample of population, fixed when saved.
CREATE TABLE survey_campaigns (
    id @ID@,
    public_id TEXT NOT NULL UNIQUE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    instrument TEXT NOT NULL CHECK (instrument IN ('ikm', 'spak', 'spkp')),
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    services TEXT NOT NULL DEFAULT '[]',
    own_items TEXT NOT NULL DEFAULT '[]',
    population BIGINT NOT NULL,
    target BIGINT NOT NULL,
    access TEXT NOT NULL DEFAULT 'open' CHECK (access IN ('open', 'code')),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
    opened_at BIGINT,
    closed_at BIGINT,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX survey_campaigns_unit ON survey_campaigns (unit_id, year);

-- A response. answers: JSON object {item code: value on the instrument's scale}, skipped items
-- absent; own: the same for the unit's own items. channel: web, api, kiosk, paper, import.
-- comment_state: none (no comment), pending, approved, rejected (moderation before anything is
-- public). fingerprint: a keyed hash of the client and the answers of the day, for duplicates.
CREATE TABLE survey_responses (
    id @ID@,
    campaign_id BIGINT NOT NULL REFERENCES survey_campaigns (id),
    channel TEXT NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    kelompok TEXT NOT NULL DEFAULT '',
    umur TEXT NOT NULL DEFAULT '',
    jenis_kelamin TEXT NOT NULL DEFAULT '',
    pendidikan TEXT NOT NULL DEFAULT '',
    pekerjaan TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL,
    own TEXT NOT NULL DEFAULT '{}',
    comment TEXT NOT NULL DEFAULT '',
    comment_state TEXT NOT NULL DEFAULT 'none',
    moderated_by BIGINT REFERENCES users (id),
    moderated_at BIGINT,
    client_hash TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    kiosk_id BIGINT,
    code_id BIGINT,
    entered_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX survey_responses_campaign ON survey_responses (campaign_id, created_at);
CREATE INDEX survey_responses_client ON survey_responses (campaign_id, client_hash, created_at);
CREATE INDEX survey_responses_fingerprint ON survey_responses (campaign_id, fingerprint);
CREATE INDEX survey_responses_moderation ON survey_responses (campaign_id, comment_state);

-- One-time codes handed out at the counter, one per service transaction. Only a keyed hash of
-- the code is kept; used_at is set once, by the response that spent it.
CREATE TABLE survey_codes (
    id @ID@,
    campaign_id BIGINT NOT NULL REFERENCES survey_campaigns (id),
    code_hash TEXT NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    issued_by BIGINT REFERENCES users (id),
    issued_at BIGINT NOT NULL,
    used_at BIGINT,
    UNIQUE (campaign_id, code_hash)
);

-- Devices at a unit's service desk: many genuine responses from one address. The device keeps
-- the token in a cookie; the database keeps its hash.
CREATE TABLE survey_kiosks (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    registered_by BIGINT REFERENCES users (id),
    registered_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_seen_at BIGINT
);
CREATE INDEX survey_kiosks_unit ON survey_kiosks (unit_id);

-- What the unit changed because of an item's result (LKE pemenuhan.6.iv.c).
CREATE TABLE survey_followups (
    campaign_id BIGINT NOT NULL REFERENCES survey_campaigns (id),
    item TEXT NOT NULL,
    action TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, item)
);

-- An answer another part proposes for an assessment (a survey's index, a count of campaigns):
-- shown beside the question, never written over an answer. link: where it comes from.
CREATE TABLE answer_proposals (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    source TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, code)
);
