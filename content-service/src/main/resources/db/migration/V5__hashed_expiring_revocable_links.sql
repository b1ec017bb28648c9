-- The patient's link is a bearer key, so the database keeps only its SHA-256 (hex of the UTF-8
-- token): a copy of the table opens no page. Existing tokens are hashed in place with PostgreSQL's
-- built-in sha256() (11 and later; pgcrypto is not needed), then the tokens themselves are dropped.
ALTER TABLE packet ADD COLUMN token_hash TEXT;
UPDATE packet SET token_hash = encode(sha256(convert_to(access_token, 'UTF8')), 'hex');
ALTER TABLE packet
    ALTER COLUMN token_hash SET NOT NULL,
    ADD CONSTRAINT packet_token_hash_key UNIQUE (token_hash),
    ADD CONSTRAINT packet_token_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    DROP COLUMN access_token;

-- A withdrawn intake revokes its links. How long a link lives is configuration
-- (content.links.lifetime), counted from created_at, so it is not stored.
ALTER TABLE packet ADD COLUMN revoked_at TIMESTAMPTZ;

-- Intakes withdrawn at the front desk (IntakeWithdrawn), so that a packet assembled for one after
-- the withdrawal (the topics are not ordered with each other) is born revoked.
CREATE TABLE intake_withdrawal (
    intake_id    UUID PRIMARY KEY,
    reason       TEXT        NOT NULL,
    withdrawn_at TIMESTAMPTZ NOT NULL
);
