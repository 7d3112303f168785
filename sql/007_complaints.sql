-- Public-service complaints (pengaduan pelayanan publik): what came in, by which channel, how it
-- was classified and answered, against deadlines in working days. Times are UTC Unix
-- milliseconds; due dates are 'YYYY-MM-DD' working days of zona's calendar.
--
-- anonymous: the complainant asked that their identity be hidden; then no name or contact is
-- stored at all (so no view, export or query can show it). confidential: the complaint is never
-- public (the unit's public list and page leave it out). tracking: what the complainant follows
-- it up with (not guessable). state: baru, diproses, selesai, bukan_wewenang, diarsipkan.
CREATE TABLE complaints (
    id @ID@,
    tracking TEXT NOT NULL UNIQUE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    class TEXT NOT NULL,
    severity TEXT NOT NULL,
    channel TEXT NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    anonymous BOOLEAN NOT NULL,
    confidential BOOLEAN NOT NULL,
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_contact TEXT NOT NULL DEFAULT '',
    lapor_ticket TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    received_day TEXT NOT NULL,
    first_response_due TEXT NOT NULL,
    resolve_due TEXT NOT NULL,
    first_response_at BIGINT,
    resolved_at BIGINT,
    rating INTEGER,
    rating_note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
CREATE INDEX complaints_unit ON complaints (unit_id, received_at);
CREATE INDEX complaints_state ON complaints (state, resolve_due);

-- Everything that happened to a complaint. public: shown to the complainant on the tracking page
-- (answers and state changes); internal notes are not.
CREATE TABLE complaint_events (
    id @ID@,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    public BOOLEAN NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, at);
