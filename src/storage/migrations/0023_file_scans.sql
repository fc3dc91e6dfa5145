-- malware scans of stored files, one row per content (SHA-256): the verdict, what was found (engine, rule, description, archive member; one tab-separated line each) and which engines with how many rules looked
CREATE TABLE file_scans (
    sha256 TEXT PRIMARY KEY,
    verdict TEXT NOT NULL,
    findings TEXT NOT NULL DEFAULT '',
    engines TEXT NOT NULL DEFAULT '',
    scanned_at BIGINT NOT NULL
);
