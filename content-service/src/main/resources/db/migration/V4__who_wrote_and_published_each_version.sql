-- Sign-in (issue 10): every version an editor writes through the API records who drafted it and
-- who published it, from their token (subject and display name), never from the request body.
-- Versions loaded from the library files leave these empty: the files are reviewed like code.

ALTER TABLE education_item
    ADD COLUMN author_subject       TEXT,
    ADD COLUMN author_name          TEXT,
    ADD COLUMN published_by_subject TEXT,
    ADD COLUMN published_by_name    TEXT;

-- Who wrote and who published a version is history too once it has left draft.
CREATE OR REPLACE FUNCTION education_item_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'DRAFT'
       AND (NEW.slug, NEW.locale, NEW.version, NEW.title, NEW.kind, NEW.body_markdown,
            NEW.cause_tags, NEW.route_tags, NEW.summary, NEW.reviewer, NEW.reviewed_on,
            NEW.source_sha256, NEW.author_subject, NEW.author_name, NEW.published_by_subject,
            NEW.published_by_name)
           IS DISTINCT FROM
           (OLD.slug, OLD.locale, OLD.version, OLD.title, OLD.kind, OLD.body_markdown,
            OLD.cause_tags, OLD.route_tags, OLD.summary, OLD.reviewer, OLD.reviewed_on,
            OLD.source_sha256, OLD.author_subject, OLD.author_name, OLD.published_by_subject,
            OLD.published_by_name) THEN
        RAISE EXCEPTION 'education item % % version % is %: publish a new version instead',
            OLD.slug, OLD.locale, OLD.version, OLD.status;
    END IF;
    IF NEW.status = 'DRAFT' AND OLD.status <> 'DRAFT' THEN
        RAISE EXCEPTION 'education item % % version % cannot go back to draft',
            OLD.slug, OLD.locale, OLD.version;
    END IF;
    RETURN NEW;
END $$;
