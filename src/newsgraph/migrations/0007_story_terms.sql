-- newsgraph schema 7: what incremental story grouping keeps between runs.
-- Stories are now assigned incrementally: an article, once in a story, stays there,
-- and a new ingest places only the new articles. Story ids number stories in the
-- order they were created (a full rebuild, `newsgraph link --rebuild-stories`,
-- renumbers them in publication order).

-- Content-lemma counts per article, written once when the article is first grouped.
-- Document frequencies are counted from here, so the IDF every pass scores with is
-- the IDF of the whole store at that moment.
CREATE TABLE story_terms (
    article_id VARCHAR NOT NULL,   -- articles.id
    term       VARCHAR NOT NULL,   -- lower-cased lemma of a content word
    n          INTEGER NOT NULL    -- its count in the article
);

