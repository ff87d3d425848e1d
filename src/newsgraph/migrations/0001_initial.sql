-- newsgraph schema 1: articles and what the pipeline keeps of their parse.
-- Offsets are character offsets into articles.text; token and entity indices
-- are per article.

CREATE TABLE articles (
    id                  VARCHAR PRIMARY KEY,      -- content hash of the normalised text
    external_id         VARCHAR NOT NULL,         -- the source's id, or the file's stem
    title               VARCHAR NOT NULL,
    text                VARCHAR NOT NULL,
    published           VARCHAR,                  -- ISO 8601 at its precision, or NULL
    published_precision VARCHAR NOT NULL,         -- day | month | year | unknown
    published_date      DATE,                     -- first day the date covers, for filters
    url                 VARCHAR,
    source              VARCHAR,
    author              VARCHAR,
    origin              VARCHAR NOT NULL,         -- path or URL it was read from
    language            VARCHAR NOT NULL,         -- ISO 639-1, or 'und'
    parsed              BOOLEAN NOT NULL,         -- false for non-English articles
    model               VARCHAR,                  -- the spaCy pipeline that parsed it
    n_sentences         INTEGER NOT NULL,
    n_tokens            INTEGER NOT NULL,
    n_entities          INTEGER NOT NULL,
    meta                JSON,                     -- other columns of the input
    notes               JSON,                     -- remarks made while reading
    ingested_at         TIMESTAMP NOT NULL
);

CREATE TABLE sentences (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    paragraph  INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL
);

CREATE TABLE tokens (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    sent       INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    ws         BOOLEAN NOT NULL,
    lemma      VARCHAR NOT NULL,
    pos        VARCHAR NOT NULL,
    tag        VARCHAR NOT NULL,
    dep        VARCHAR NOT NULL,
    head       INTEGER NOT NULL,
    ent_iob    VARCHAR NOT NULL,
    ent_type   VARCHAR NOT NULL,
    morph      VARCHAR NOT NULL
);

CREATE TABLE entities (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    sent        INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    start_token INTEGER NOT NULL,
    end_token   INTEGER NOT NULL,
    label       VARCHAR NOT NULL,
    text        VARCHAR NOT NULL
);

CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    inputs      JSON,
    stored      INTEGER,
    duplicates  INTEGER,
    skipped     INTEGER
);
