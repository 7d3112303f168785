-- The LKE: one assessment per unit per year, its answers at every level (the unit's
-- self-assessment, the three TPI levels, the TPN), the evidence vault, the snapshots frozen at
-- each submission, the TPI team, the history of states, and each person's inbox.
-- Times are UTC Unix milliseconds. @ID@ is the identity primary key.

-- Frameworks loaded after the shipped ones (zona framework load FILE): a new version of the
-- texts, or a new regulation. The shipped files are embedded and never stored here.
CREATE TABLE frameworks (
    framework_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    doc TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    loaded_at BIGINT NOT NULL,
    PRIMARY KEY (framework_id, version)
);

-- The submission deadline of a year, 'YYYY-MM-DD' (ends at midnight in the unit's zone).
CREATE TABLE lke_years (
    year INTEGER PRIMARY KEY,
    deadline TEXT NOT NULL,
    updated_by BIGINT,
    updated_at BIGINT NOT NULL
);

-- state: draft, submitted, review_anggota, review_ketua, review_dalnis, returned, accepted,
-- proposed, result, closed. summary caches the scores of the latest level (total, areas, verdicts,
-- answered count) for the overviews, rewritten with every save. round counts submissions: the snapshot of round N is what the
-- reviewers of round N see. result: 'wbk', 'wbbm' or 'none' once the TPN decided.
CREATE TABLE assessments (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    year INTEGER NOT NULL,
    framework_id TEXT NOT NULL,
    framework_version BIGINT NOT NULL,
    state TEXT NOT NULL,
    round INTEGER NOT NULL DEFAULT 0,
    target TEXT NOT NULL DEFAULT 'wbk',
    result TEXT,
    result_letter TEXT NOT NULL DEFAULT '',
    result_letter_sha TEXT,
    result_at BIGINT,
    carried_from BIGINT REFERENCES assessments (id),
    summary TEXT NOT NULL DEFAULT '{}',
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (unit_id, year)
);
CREATE INDEX assessments_year ON assessments (year);

-- The TPI team of an assessment: anggota, ketua, dalnis (several anggota may share the work).
CREATE TABLE assessment_team (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    level TEXT NOT NULL CHECK (level IN ('anggota', 'ketua', 'dalnis')),
    assigned_by BIGINT REFERENCES users (id),
    assigned_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, user_id, level)
);
CREATE INDEX assessment_team_user ON assessment_team (user_id);

-- One row per question per level. value is the answer as JSON text (what lke_score reads) or
-- NULL; rev grows with every save so a stale tab cannot overwrite a newer answer. finding and
-- recommendation belong to reviewer levels; response is the unit's answer to a finding.
-- flag 'changed': carried over from last year while the question's text or options changed.
CREATE TABLE answers (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    level TEXT NOT NULL CHECK (level IN ('self', 'anggota', 'ketua', 'dalnis', 'tpn')),
    code TEXT NOT NULL,
    value TEXT,
    note TEXT NOT NULL DEFAULT '',
    finding TEXT NOT NULL DEFAULT '',
    recommendation TEXT NOT NULL DEFAULT '',
    response TEXT NOT NULL DEFAULT '',
    flag TEXT NOT NULL DEFAULT '',
    rev BIGINT NOT NULL DEFAULT 1,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, level, code)
);

-- The evidence vault of a unit: a file (a blob, stored once by SHA-256) or a link with its date
-- and an optional captured copy.
CREATE TABLE evidence (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    kind TEXT NOT NULL CHECK (kind IN ('file', 'link')),
    name TEXT NOT NULL,
    sha256 TEXT,
    mime TEXT NOT NULL DEFAULT '',
    size BIGINT NOT NULL DEFAULT 0,
    url TEXT NOT NULL DEFAULT '',
    link_date TEXT NOT NULL DEFAULT '',
    added_by BIGINT REFERENCES users (id),
    added_at BIGINT NOT NULL
);
CREATE INDEX evidence_unit ON evidence (unit_id);

CREATE TABLE answer_evidence (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    code TEXT NOT NULL,
    evidence_id BIGINT NOT NULL REFERENCES evidence (id),
    added_by BIGINT REFERENCES users (id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, code, evidence_id)
);

-- What was submitted in round N: the self-assessment's answers and evidence as JSON.
CREATE TABLE assessment_snapshots (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    round INTEGER NOT NULL,
    content TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, round)
);

CREATE TABLE assessment_events (
    id @ID@,
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessment_events_assessment ON assessment_events (assessment_id);

-- A person's in-app inbox: kind is a message id, link where it leads. mailed_at is set once the
-- e-mail went out (when SMTP is configured).
CREATE TABLE inbox (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    unit_id BIGINT REFERENCES units (id),
    subject TEXT NOT NULL,
    link TEXT NOT NULL,
    read_at BIGINT,
    mailed_at BIGINT
);
CREATE INDEX inbox_user ON inbox (user_id, read_at);
