-- The working-day calendar as the admins keep it: the years with a holiday list, each holiday
-- (libur nasional or cuti bersama), and the units that keep a six-day week (Perpres 21/2023
-- Pasal 7). The shipped lists (data/holidays/) are copied in once per year; after that the
-- database is the calendar, and every change is in the audit trail with what it replaced.
-- Times are UTC Unix milliseconds; days are 'YYYY-MM-DD'.

-- source: shipped (copied from data/holidays), admin (added or replaced by an admin). listed:
-- the year has its whole list (the SKB); a year holding only one-off dates added by an admin is
-- not listed, so deadlines reaching into it still warn that its holidays are unknown.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    listed BOOLEAN NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);

CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES calendar_years (year),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('libur', 'cuti_bersama')),
    source TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
CREATE INDEX holidays_year ON holidays (year);

CREATE TABLE unit_workweek (
    unit_id BIGINT PRIMARY KEY REFERENCES units (id),
    days INTEGER NOT NULL CHECK (days IN (5, 6)),
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
