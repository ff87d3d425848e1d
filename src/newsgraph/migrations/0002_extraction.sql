-- newsgraph schema 2: what extraction finds in each article.
-- Rows are replaced per article by `newsgraph extract`; keys are per article.

CREATE TABLE actors (
    article_id VARCHAR NOT NULL,
    key        VARCHAR NOT NULL,       -- unique within the article: 'person:kim jong-un'
    name       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,       -- person | organization | country
    country    VARCHAR,                -- ISO 3166-1 alpha-3
    sector     VARCHAR,
    aliases    JSON,
    roles      JSON,
    gender     VARCHAR,
    origin     VARCHAR NOT NULL        -- text | dictionary
);

CREATE TABLE mentions (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    sent        INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    start_token INTEGER NOT NULL,
    end_token   INTEGER NOT NULL,
    head        INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    actor       VARCHAR NOT NULL,      -- actors.key of the same article
    kind        VARCHAR NOT NULL,      -- name | short | title | pronoun | country | capital | demonym | organization
    confidence  DOUBLE NOT NULL
);

CREATE TABLE events (
    id               VARCHAR NOT NULL,
    article_id       VARCHAR NOT NULL,
    sent             INTEGER NOT NULL,
    trigger          VARCHAR NOT NULL,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL,
    source           VARCHAR,          -- actors.key of the same article
    target           VARCHAR,
    cameo            VARCHAR NOT NULL,
    plover           VARCHAR,
    goldstein        DOUBLE NOT NULL,
    quad_class       INTEGER NOT NULL,
    status           VARCHAR NOT NULL, -- occurred | planned | possible | negated
    status_cue       VARCHAR,
    date             VARCHAR,          -- when it happened, ISO 8601 at date_precision; never the report date
    date_precision   VARCHAR NOT NULL,
    date_text        VARCHAR,
    location         VARCHAR,
    location_country VARCHAR,
    lat              DOUBLE,
    lon              DOUBLE,
    evidence         VARCHAR NOT NULL,
    evidence_start   INTEGER NOT NULL,
    evidence_end     INTEGER NOT NULL,
    rule             VARCHAR NOT NULL,
    confidence       DOUBLE NOT NULL
);

ALTER TABLE articles ADD COLUMN extracted_at TIMESTAMP;
ALTER TABLE articles ADD COLUMN n_events INTEGER DEFAULT 0;
