-- Gratification control (issue #7): gifts staff report as received or refused, the UPG's work on
-- them up to the KPK's decision, deposited objects, the periodic "laporan nihil" declarations and
-- the anti-gratification campaign. Times are UTC Unix milliseconds; days 'YYYY-MM-DD' (working
-- days of zona's calendar for the due dates, the unit's zone for the report day).

-- One report. kind: penerimaan (received) or penolakan (refused). giver_kind, event_kind,
-- object_type, kept_at, outcome: codes of data/gratification/settings.json. value, year_total and
-- compensation are whole Rupiah. The advice (rule_id, must_report, advice) is what zona said under
-- the rule in force on the day of receipt, kept as it was said. state: diajukan, dikembalikan,
-- diverifikasi, diteruskan, ditetapkan, selesai, gugur. upg_due and kpk_due: the last days to
-- report to the UPG and to the KPK; forward_due: the UPG's last day to forward it (set when
-- verified); lapse_due: the last day to complete a returned report (set when returned); late:
-- reported after the KPK deadline. deposit_number: the receipt (tanda terima) of an object
-- deposited with the UPG, "TT/<unit code>/<year>/<seq>", seq counted per unit and year.
CREATE TABLE grat_reports (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('penerimaan', 'penolakan')),
    giver_name TEXT NOT NULL,
    giver_institution TEXT NOT NULL DEFAULT '',
    giver_address TEXT NOT NULL DEFAULT '',
    giver_relation TEXT NOT NULL DEFAULT '',
    giver_kind TEXT NOT NULL,
    event_kind TEXT NOT NULL,
    event TEXT NOT NULL DEFAULT '',
    object_type TEXT NOT NULL,
    description TEXT NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    cash BOOLEAN NOT NULL,
    received_day TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    kept_at TEXT NOT NULL DEFAULT '',
    chronology TEXT NOT NULL DEFAULT '',
    wants_compensation BOOLEAN NOT NULL DEFAULT FALSE,
    year_total BIGINT NOT NULL DEFAULT 0,
    rule_id TEXT NOT NULL DEFAULT '',
    must_report BOOLEAN NOT NULL,
    advice TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    missing TEXT NOT NULL DEFAULT '',
    upg_due TEXT NOT NULL,
    kpk_due TEXT NOT NULL,
    forward_due TEXT NOT NULL DEFAULT '',
    lapse_due TEXT NOT NULL DEFAULT '',
    late BOOLEAN NOT NULL DEFAULT FALSE,
    reported_at BIGINT NOT NULL,
    reported_day TEXT NOT NULL,
    verified_at BIGINT,
    forwarded_at BIGINT,
    forwarded_day TEXT NOT NULL DEFAULT '',
    kpk_number TEXT NOT NULL DEFAULT '',
    decree_number TEXT NOT NULL DEFAULT '',
    decree_day TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    compensation BIGINT,
    finish_how TEXT NOT NULL DEFAULT '',
    finish_note TEXT NOT NULL DEFAULT '',
    closed_at BIGINT,
    deposit_number TEXT UNIQUE,
    deposit_year INTEGER,
    deposit_seq INTEGER,
    deposited_at BIGINT,
    updated_at BIGINT NOT NULL
);
-- the lists of a unit subtree by year of receipt, and a reporter's own
CREATE INDEX grat_reports_unit ON grat_reports (unit_id, received_day);
CREATE INDEX grat_reports_reporter ON grat_reports (reporter_id, reported_at);
-- the lapse sweep: returned reports by their last day
CREATE INDEX grat_reports_state ON grat_reports (state, lapse_due);
-- the receipt numbers: one sequence per unit and year (NULLs, not deposited, do not collide)
CREATE UNIQUE INDEX grat_reports_deposit ON grat_reports (unit_id, deposit_year, deposit_seq);

-- Supporting files of a report (photos of the object, letters): the bytes are a blob.
CREATE TABLE grat_files (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES grat_reports (id) ON DELETE CASCADE,
    blob_id BIGINT NOT NULL REFERENCES blobs (id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL CHECK (size >= 0),
    at BIGINT NOT NULL,
    by_id BIGINT REFERENCES users (id)
);
CREATE INDEX grat_files_report ON grat_files (report_id);

-- Everything that happened to a report: filed, completed, each step of the UPG (note: what is
-- missing, the UPG's note), deposited, lapsed (actor NULL: the system).
CREATE TABLE grat_events (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES grat_reports (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grat_events_report ON grat_events (report_id, at);

-- "Laporan nihil": a staff member declares they received nothing reportable in a period
-- ('2026-S2' by semester, '2026' by year: settings nihil.period); unit_id is their home unit then.
CREATE TABLE grat_declarations (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users (id),
    unit_id BIGINT NOT NULL REFERENCES units (id),
    period TEXT NOT NULL,
    declared_at BIGINT NOT NULL,
    UNIQUE (user_id, period)
);
CREATE INDEX grat_declarations_period ON grat_declarations (period, unit_id);

-- Campaign activities against gratification (LKE evidence for pemenuhan.5.i.a). kind:
-- sosialisasi, poster, pengumuman, lainnya; year is that of held_day.
CREATE TABLE grat_activities (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    held_day TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    participants BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX grat_activities_unit ON grat_activities (unit_id, year);

-- The evidence of an activity (photos, attendance lists, the poster itself): blobs.
CREATE TABLE grat_activity_files (
    id @ID@,
    activity_id BIGINT NOT NULL REFERENCES grat_activities (id) ON DELETE CASCADE,
    blob_id BIGINT NOT NULL REFERENCES blobs (id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL CHECK (size >= 0),
    at BIGINT NOT NULL
);
CREATE INDEX grat_activity_files_activity ON grat_activity_files (activity_id);
