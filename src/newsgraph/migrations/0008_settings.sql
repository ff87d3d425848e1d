-- newsgraph schema 8: what a store remembers between commands.
-- 'link.actors_path' and 'link.actors_text': the user actor dictionary that
-- `newsgraph link --actors FILE` used, so that the re-link at the end of every
-- ingest and extract uses it too (the text is kept in case the file goes away).

CREATE TABLE settings (
    key        VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
