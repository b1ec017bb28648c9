-- Search folds accents (issue 17): "cirugia" finds "cirugía", "naive" finds "naïve", and a query
-- with accents finds text written without them.
--
-- unaccent is a contrib extension that PostgreSQL marks trusted (since 13): the owner of the
-- database may create it without being a superuser, so this migration creates it as the
-- service's own role (compose's `content`, ./run's `clinic`, the tests' `postgres`). Where an
-- administrator created it beforehand this is a no-op.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- The item's language configuration with accents removed before stemming. Words without accents
-- are "asciiword" tokens and need nothing; only words with other letters go through unaccent.
CREATE TEXT SEARCH CONFIGURATION education_english_folded (COPY = english);
ALTER TEXT SEARCH CONFIGURATION education_english_folded
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION education_spanish_folded (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION education_spanish_folded
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, spanish_stem;
CREATE TEXT SEARCH CONFIGURATION education_simple_folded (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION education_simple_folded
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;

-- SQL-standard bodies: the configurations are bound when the function is created, so the
-- search_path of a later session (or of a restore, which computes the generated column again)
-- does not matter.
CREATE FUNCTION education_search_folded_config(locale TEXT) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE locale
               WHEN 'en' THEN 'education_english_folded'::regconfig
               WHEN 'es' THEN 'education_spanish_folded'::regconfig
               ELSE 'education_simple_folded'::regconfig
           END;

-- Folding alone would cost Spanish its stemming: the Snowball stemmer strips "-ación", "-ía",
-- "-ió" only with their accents, so with accents removed first "recuperación" no longer meets
-- "recuperar", nor "operación" "operar", nor "articulación" "articulaciones" (25 such pairs among
-- the words of the Spanish library). So a text keeps the lexemes of its own language, unchanged,
-- and gains those of the folded configuration that differ: "cirugía" is both 'cirug' (as before)
-- and 'cirugi' (what "cirugia" and "cirugías" stem to with accents removed). Text without accents
-- gains nothing, so its ranking is what it was.
CREATE FUNCTION education_search_document(locale TEXT, content TEXT) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsvector(education_search_config(locale), content)
        || ts_delete(to_tsvector(education_search_folded_config(locale), content),
                     tsvector_to_array(to_tsvector(education_search_config(locale), content)));

-- The query in both forms when they differ, in its own form alone when they do not (a query
-- without accents), so that a query that worked before is ranked as before.
CREATE FUNCTION education_search_query(locale TEXT, words TEXT) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
               WHEN websearch_to_tsquery(education_search_config(locale), words)
                    = websearch_to_tsquery(education_search_folded_config(locale), words)
               THEN websearch_to_tsquery(education_search_config(locale), words)
               ELSE websearch_to_tsquery(education_search_config(locale), words)
                    || websearch_to_tsquery(education_search_folded_config(locale), words)
           END;

-- The stored column and its index, built again with the folded lexemes (a generated column's
-- expression cannot be changed in place before PostgreSQL 17).
DROP INDEX education_item_search;
ALTER TABLE education_item DROP COLUMN search;
ALTER TABLE education_item ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(education_search_document(locale, title), 'A') ||
    setweight(education_search_document(locale, summary), 'B') ||
    setweight(education_search_document(locale, body_markdown), 'C')
) STORED;
CREATE INDEX education_item_search ON education_item USING GIN (search);
