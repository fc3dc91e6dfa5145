-- the exchange between installations: this installation's identity and keys, its peers with their pinned keys, one-time enrolment codes, the durable outbox per peer, what was received (applied once), refusals for the administrator, and which local objects were sent or came from a peer
CREATE TABLE exchange_identity (
    id INTEGER PRIMARY KEY,
    node TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE exchange_own_keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_until BIGINT
);
CREATE TABLE exchange_peers (
    id {ID},
    node TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    url TEXT NOT NULL,
    suspended INTEGER NOT NULL DEFAULT 0,
    enrolled_at BIGINT NOT NULL
);
CREATE TABLE exchange_peer_keys (
    peer_id BIGINT NOT NULL REFERENCES exchange_peers(id),
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_until BIGINT,
    PRIMARY KEY (peer_id, key_id)
);
CREATE TABLE exchange_enrolments (
    id {ID},
    digest TEXT NOT NULL UNIQUE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    peer_id BIGINT REFERENCES exchange_peers(id)
);
CREATE TABLE exchange_outbox (
    seq {ID},
    peer_id BIGINT NOT NULL REFERENCES exchange_peers(id),
    envelope_id TEXT NOT NULL,
    type TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    delivered_at BIGINT,
    failed_at BIGINT
);
CREATE INDEX exchange_outbox_due ON exchange_outbox (peer_id, delivered_at, failed_at, seq);
CREATE TABLE exchange_inbox (
    peer_id BIGINT NOT NULL REFERENCES exchange_peers(id),
    envelope_id TEXT NOT NULL,
    type TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (peer_id, envelope_id)
);
CREATE TABLE exchange_refusals (
    id {ID},
    at BIGINT NOT NULL,
    remote TEXT NOT NULL,
    sender TEXT NOT NULL,
    envelope_id TEXT NOT NULL,
    code TEXT NOT NULL,
    why_vi TEXT NOT NULL,
    why_en TEXT NOT NULL
);
CREATE TABLE exchange_links (
    peer_id BIGINT NOT NULL REFERENCES exchange_peers(id),
    kind TEXT NOT NULL,
    local_id BIGINT NOT NULL,
    remote_id TEXT NOT NULL,
    PRIMARY KEY (peer_id, kind, local_id)
);
CREATE INDEX exchange_links_remote ON exchange_links (peer_id, kind, remote_id);
ALTER TABLE warnings ADD COLUMN origin_peer_id BIGINT REFERENCES exchange_peers(id);
ALTER TABLE warnings ADD COLUMN origin_name TEXT NOT NULL DEFAULT '';
