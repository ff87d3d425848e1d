-- newsgraph schema 3: direct quotations and who said them.

CREATE TABLE quotes (
    id            VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,   -- offsets of the quoted words, without quotation marks
    end_char      INTEGER NOT NULL,
    speaker       VARCHAR,            -- actors.key of the same article, or NULL when unknown
    speaker_text  VARCHAR,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    verb          VARCHAR,
    channel       VARCHAR,
    paragraph     INTEGER NOT NULL,
    confidence    DOUBLE NOT NULL
);
