-- newsgraph schema 4: standing relations between actors that the text states.

CREATE TABLE relations (
    id             VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,   -- ally | trading_partner | rival | member_of | leader_of | claims | host_of
    source         VARCHAR NOT NULL,   -- actors.key of the same article
    target         VARCHAR NOT NULL,
    evidence       VARCHAR NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    rule           VARCHAR NOT NULL,
    confidence     DOUBLE NOT NULL
);
