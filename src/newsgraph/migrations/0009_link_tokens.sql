-- newsgraph schema 9: what incremental linking looks up.
-- An ingest now links only what its new articles can change: the per-article actors
-- that share a token with a new one (same name, or a surname a full name ends or
-- starts with), and the merged events of the actor pairs and CAMEO families touched.
-- 'link.fingerprint' in settings is the dictionary the links were made with; a
-- different one makes the next link a full rebuild.

CREATE TABLE actor_tokens (
    article_id VARCHAR NOT NULL,   -- actors.article_id
    key        VARCHAR NOT NULL,   -- actors.key
    token      VARCHAR NOT NULL    -- 'id:person:kim jong un' (its id by name) or 'word:kim' (a surname it offers)
);
