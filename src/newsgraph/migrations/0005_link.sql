-- newsgraph schema 5: what is linked across articles.
-- Rebuilt as a whole by `newsgraph link` (and at the end of ingest and extract);
-- ids are stable while the inputs that make them do not change.

CREATE TABLE canonical_actors (
    id         VARCHAR NOT NULL,      -- 'person:kim jong un', 'organization:reuters', 'country:PRK'
    name       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,      -- person | organization | country
    country    VARCHAR,               -- ISO 3166-1 alpha-3
    sector     VARCHAR,
    aliases    JSON,                  -- every name form of every linked per-article actor
    n_articles INTEGER NOT NULL,
    n_mentions INTEGER NOT NULL
);

CREATE TABLE actor_links (
    article_id   VARCHAR NOT NULL,
    key          VARCHAR NOT NULL,    -- actors.key of that article
    canonical_id VARCHAR NOT NULL     -- canonical_actors.id
);

CREATE TABLE merged_events (
    id             VARCHAR NOT NULL,
    source         VARCHAR,           -- canonical_actors.id
    target         VARCHAR,
    cameo          VARCHAR NOT NULL,
    plover         VARCHAR,
    goldstein      DOUBLE NOT NULL,
    quad_class     INTEGER NOT NULL,
    status         VARCHAR NOT NULL,  -- from the most direct report: occurred > negated > planned > possible
    date           VARCHAR,           -- the most precise date of its reports
    date_precision VARCHAR NOT NULL,
    location       VARCHAR,
    n_articles     INTEGER NOT NULL,  -- NumSources
    n_mentions     INTEGER NOT NULL,  -- NumMentions: the per-article events merged here
    first_reported DATE,
    last_reported  DATE
);

CREATE TABLE event_links (
    event_id   VARCHAR NOT NULL,      -- events.id
    article_id VARCHAR NOT NULL,
    merged_id  VARCHAR NOT NULL       -- merged_events.id
);
