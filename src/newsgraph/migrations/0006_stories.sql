-- newsgraph schema 6: articles grouped into stories.
-- Rebuilt as a whole at the end of linking (ingest, extract, `newsgraph link`);
-- story ids number stories in the order their first article was published.

CREATE TABLE stories (
    id              INTEGER NOT NULL,
    label           VARCHAR NOT NULL,  -- its key actors' names (else key terms)
    key_actors      JSON,              -- [{id, name, mentions}] top 3 canonical actors by mentions
    key_terms       JSON,              -- top 5 lemmas by summed TF-IDF weight
    n_articles      INTEGER NOT NULL,
    first_published DATE,
    last_published  DATE
);

CREATE TABLE story_articles (
    story_id     INTEGER NOT NULL,     -- stories.id
    article_id   VARCHAR NOT NULL,     -- articles.id
    similarity   DOUBLE NOT NULL,      -- the score it joined with (1 for a story's first article)
    duplicate_of VARCHAR               -- articles.id of the earlier near-identical article
);
