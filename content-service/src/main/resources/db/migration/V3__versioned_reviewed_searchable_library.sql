-- The full education library (issue 5): every version carries its summary and who reviewed it
-- when, is searchable in its own language, and cannot be edited once it has left draft.

ALTER TABLE education_item
    ADD COLUMN summary       TEXT NOT NULL DEFAULT '',
    ADD COLUMN reviewer      TEXT,
    ADD COLUMN reviewed_on   DATE,
    -- SHA-256 of the library file a version was loaded from (see EducationLibraryMigration);
    -- null for versions written by an editor through the API.
    ADD COLUMN source_sha256 TEXT;
ALTER TABLE education_item ALTER COLUMN summary DROP DEFAULT;

-- The first seed (V2) came from the same source as the library files: mark it so, so that the
-- library load retires a seeded item that has no file any more.
UPDATE education_item SET source_sha256 = 'seed:V2' WHERE source_sha256 IS NULL;

-- At most one published version per item and language: "the current version" is unambiguous.
DROP INDEX education_item_published;
CREATE UNIQUE INDEX education_item_one_published ON education_item (slug, locale)
    WHERE status = 'PUBLISHED';

-- Full-text search in the item's own language. Unknown languages get the 'simple' configuration
-- (no stemming, no stop words) rather than English rules.
CREATE FUNCTION education_search_config(locale TEXT) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE locale
                   WHEN 'en' THEN 'english'::regconfig
                   WHEN 'es' THEN 'spanish'::regconfig
                   ELSE 'simple'::regconfig
               END
    $$;

ALTER TABLE education_item ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(education_search_config(locale), title), 'A') ||
    setweight(to_tsvector(education_search_config(locale), summary), 'B') ||
    setweight(to_tsvector(education_search_config(locale), body_markdown), 'C')
) STORED;
CREATE INDEX education_item_search ON education_item USING GIN (search);

-- A packet remembers whether triage found a red flag: its page then shows the warning signs first.
ALTER TABLE packet ADD COLUMN red_flag BOOLEAN NOT NULL DEFAULT false;

-- A version that has left draft is history: packets pin it, so its content never changes. Only
-- its status moves on (PUBLISHED -> RETIRED when a newer version is published).
CREATE FUNCTION education_item_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'DRAFT'
       AND (NEW.slug, NEW.locale, NEW.version, NEW.title, NEW.kind, NEW.body_markdown,
            NEW.cause_tags, NEW.route_tags, NEW.summary, NEW.reviewer, NEW.reviewed_on,
            NEW.source_sha256)
           IS DISTINCT FROM
           (OLD.slug, OLD.locale, OLD.version, OLD.title, OLD.kind, OLD.body_markdown,
            OLD.cause_tags, OLD.route_tags, OLD.summary, OLD.reviewer, OLD.reviewed_on,
            OLD.source_sha256) THEN
        RAISE EXCEPTION 'education item % % version % is %: publish a new version instead',
            OLD.slug, OLD.locale, OLD.version, OLD.status;
    END IF;
    IF NEW.status = 'DRAFT' AND OLD.status <> 'DRAFT' THEN
        RAISE EXCEPTION 'education item % % version % cannot go back to draft',
            OLD.slug, OLD.locale, OLD.version;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER education_item_keep_history BEFORE UPDATE ON education_item
    FOR EACH ROW EXECUTE FUNCTION education_item_keep_history();
