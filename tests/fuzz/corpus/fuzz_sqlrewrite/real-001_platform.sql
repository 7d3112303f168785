-- The platform's own tables: settings kept in the database, and the blob store.
-- Times are UTC Unix milliseconds (BIGINT). @ID@ is the identity primary key.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Files (evidence, attachments) stored once by SHA-256, in chunks of at most 1 MiB, so evidence
-- commits atomically with what it belongs to and one backup holds everything.
CREATE TABLE blobs (
    id @ID@,
    sha256 TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL CHECK (size >= 0),
    mime TEXT NOT NULL,
    chunks BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE blob_chunks (
    blob_id BIGINT NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (blob_id, seq)
);
