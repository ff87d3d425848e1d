"""Actor resolution (newsgraph.actors): rules on hand-built parses, then a few sentences through the model.

A hand-built parse is a table, one token a line: ``word head dep pos tag [lemma] [entity]`` where
``head`` is the absolute index of the head token (a root heads itself), ``lemma`` ``_`` or absent means
the word (lower-cased unless a proper noun) and ``entity`` is an IOB tag (``B-PERSON``; absent: ``O``).
Hyphenated names are one token here; the model tests use the real tokenizer.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from newsgraph.actors import ActorFinder, ActorResult
from newsgraph.records import PartialDate, Precision

NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "?", "!", "'s", "’s"})
VOCAB = English().vocab  # lexical attributes (lower_, is_title) without a trained model
FINDER = ActorFinder()
JUNE_30_2019 = PartialDate("2019-06-30", Precision.DAY)


def parse(table: str) -> Doc:
    """A Doc with parse and entities from a token table (see the module docstring)."""
    rows = [line.split() for line in table.strip().splitlines()]
    words = [row[0] for row in rows]

    def lemma(row: list[str]) -> str:
        if len(row) > 5 and row[5] != "_":
            return row[5]
        return row[0] if row[3] == "PROPN" else row[0].lower()

    return Doc(
        VOCAB, words=words, spaces=[i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE
                                    for i in range(len(words))],
        heads=[int(row[1]) for row in rows], deps=[row[2] for row in rows], pos=[row[3] for row in rows],
        tags=[row[4] for row in rows], lemmas=[lemma(row) for row in rows],
        ents=[row[6] if len(row) > 6 else "O" for row in rows],
    )


def find(table: str, published: PartialDate | None = None) -> ActorResult:
    return FINDER.find(parse(table), published)


def mentions(result: ActorResult) -> list[tuple[str, str, str]]:
    """(text, kind, actor key) of every mention, in order."""
    return [(m.text, m.kind, m.actor) for m in result.mentions]


def person(result: ActorResult, key: str) -> Any:
    actor = result.actors[key]
    assert actor.type == "person"
    return actor


# -- names and short forms -------------------------------------------------------------------------------


def test_full_name_makes_a_person_actor() -> None:
    result = find("""
    Ana     1 compound PROPN NNP _ B-PERSON
    Silva   2 nsubj    PROPN NNP _ I-PERSON
    arrived 2 ROOT     VERB  VBD arrive
    .       2 punct    PUNCT .
    """)
    assert list(result.actors) == ["person:ana silva"]
    actor = result.actors["person:ana silva"]
    assert (actor.name, actor.type, actor.country, actor.sector, actor.source) == (
        "Ana Silva", "person", None, None, "text")
    [mention] = result.mentions
    assert (mention.text, mention.kind, mention.start, mention.end, mention.start_token, mention.end_token,
            mention.head, mention.sent, mention.confidence) == ("Ana Silva", "name", 0, 9, 0, 2, 1, 0, 0.95)
    assert result.actor_at(0) is actor and result.actor_at(2) is None


TWO_KIMS_STICKY = """
Kim      1 compound PROPN NNP _ B-PERSON
Jong-un  2 nsubj    PROPN NNP _ I-PERSON
arrived  2 ROOT     VERB  VBD arrive
.        2 punct    PUNCT .
Mr.      5 compound PROPN NNP
Kim      6 nsubj    PROPN NNP _ B-PERSON
met      6 ROOT     VERB  VBD meet
Kim      8 compound PROPN NNP _ B-PERSON
Yong-chol 6 dobj    PROPN NNP _ I-PERSON
.        6 punct    PUNCT .
Mr.      11 compound PROPN NNP
Kim      12 nsubj   PROPN NNP _ B-PERSON
smiled   12 ROOT    VERB  VBD smile
.        12 punct   PUNCT .
"""


def test_short_form_after_full_name_resolves_to_it_and_sticks() -> None:
    result = find(TWO_KIMS_STICKY)
    assert mentions(result) == [
        ("Kim Jong-un", "name", "person:kim jong-un"),
        ("Mr. Kim", "short", "person:kim jong-un"),
        ("Kim Yong-chol", "name", "person:kim yong-chol"),
        ("Mr. Kim", "short", "person:kim jong-un"),  # the second Kim came by full name: "Mr. Kim" stays
    ]
    assert sorted(result.actors) == ["person:kim jong-un", "person:kim yong-chol"]
    assert person(result, "person:kim jong-un").gender == "m"
    assert "Mr. Kim" in result.actors["person:kim jong-un"].aliases


def test_unused_short_form_names_the_latest_matching_person() -> None:
    result = find("""
    Kim       1 compound PROPN NNP _ B-PERSON
    Jong-un   2 nsubj    PROPN NNP _ I-PERSON
    arrived   2 ROOT     VERB  VBD arrive
    .         2 punct    PUNCT .
    Kim       5 compound PROPN NNP _ B-PERSON
    Yong-chol 6 nsubj    PROPN NNP _ I-PERSON
    followed  6 ROOT     VERB  VBD follow
    .         6 punct    PUNCT .
    Mr.       9 compound PROPN NNP
    Kim       10 nsubj   PROPN NNP _ B-PERSON
    smiled    10 ROOT    VERB  VBD smile
    .         10 punct   PUNCT .
    """)
    assert mentions(result)[-1] == ("Mr. Kim", "short", "person:kim yong-chol")


def test_honorific_gender_breaks_stickiness() -> None:
    result = find("""
    Kim      1 compound PROPN NNP _ B-PERSON
    Jong-un  2 nsubj    PROPN NNP _ I-PERSON
    arrived  2 ROOT     VERB  VBD arrive
    .        2 punct    PUNCT .
    Mr.      5 compound PROPN NNP
    Kim      6 nsubj    PROPN NNP _ B-PERSON
    met      6 ROOT     VERB  VBD meet
    Kim      8 compound PROPN NNP _ B-PERSON
    Yo-jong  6 dobj     PROPN NNP _ I-PERSON
    .        6 punct    PUNCT .
    Ms.      11 compound PROPN NNP
    Kim      12 nsubj   PROPN NNP _ B-PERSON
    smiled   12 ROOT    VERB  VBD smile
    .        12 punct   PUNCT .
    Mr.      15 compound PROPN NNP
    Kim      16 nsubj   PROPN NNP _ B-PERSON
    waved    16 ROOT    VERB  VBD wave
    .        16 punct   PUNCT .
    """)
    assert [(text, key) for text, _, key in mentions(result)] == [
        ("Kim Jong-un", "person:kim jong-un"), ("Mr. Kim", "person:kim jong-un"),
        ("Kim Yo-jong", "person:kim yo-jong"), ("Ms. Kim", "person:kim yo-jong"), ("Mr. Kim", "person:kim jong-un"),
    ]
    assert person(result, "person:kim yo-jong").gender == "f"


def test_dictionary_spelling_variant_canonicalises() -> None:
    result = find(MEDIA_REPORTED)
    actor = result.actors["person:kim jong-un"]
    assert (actor.name, actor.country, actor.sector, actor.source) == ("Kim Jong-un", "PRK", "GOV", "dictionary")
    assert actor.aliases == ["Kim Jong-un", "Kim Jong Un"]
    assert mentions(result) == [("Kim Jong Un", "name", "person:kim jong-un")]


# -- descriptions: modifiers, appositions, titles ------------------------------------------------------------

PRESIDENT_BEFORE = """
Chinese   1 amod     ADJ   JJ  chinese B-NORP
President 3 compound PROPN NNP
{first}   3 compound PROPN NNP _ B-PERSON
{last}    4 nsubj    PROPN NNP _ I-PERSON
arrived   4 ROOT     VERB  VBD arrive
.         4 punct    PUNCT .
"""

PRESIDENT_APPOSED = """
{first}   1 compound PROPN NNP _ B-PERSON
{last}    7 nsubj    PROPN NNP _ I-PERSON
,         1 punct    PUNCT ,
the       5 det      DET   DT
Chinese   5 amod     ADJ   JJ  chinese B-NORP
president 1 appos    NOUN  NN
,         1 punct    PUNCT ,
arrived   7 ROOT     VERB  VBD arrive
.         7 punct    PUNCT .
"""


@pytest.mark.parametrize("table", [PRESIDENT_BEFORE, PRESIDENT_APPOSED], ids=["modifier", "apposition"])
def test_title_and_nationality_describe_an_unknown_person(table: str) -> None:
    result = find(table.format(first="Wang", last="Lei"))
    actor = person(result, "person:wang lei")
    assert (actor.name, actor.country, actor.sector, actor.roles, actor.source) == (
        "Wang Lei", "CHN", "GOV", [("president", "CHN")], "text")
    assert list(result.actors) == ["person:wang lei"]  # "Chinese" as a modifier is no actor


@pytest.mark.parametrize("table", [PRESIDENT_BEFORE, PRESIDENT_APPOSED], ids=["modifier", "apposition"])
def test_chinese_president_xi_jinping(table: str) -> None:
    result = find(table.format(first="Xi", last="Jinping"))
    actor = person(result, "person:xi jinping")
    assert (actor.country, actor.sector) == ("CHN", "GOV")
    assert ("president", "CHN") in actor.roles


def test_apposed_title_is_a_mention_of_the_person() -> None:
    result = find(PRESIDENT_APPOSED.format(first="Wang", last="Lei"))
    assert mentions(result) == [("Wang Lei", "name", "person:wang lei"),
                                ("the Chinese president", "title", "person:wang lei")]


def test_later_title_resolves_to_the_named_holder() -> None:
    result = find("""
    Chinese   1 amod     ADJ   JJ  chinese B-NORP
    President 3 compound PROPN NNP
    Wang      3 compound PROPN NNP _ B-PERSON
    Lei       4 nsubj    PROPN NNP _ I-PERSON
    arrived   4 ROOT     VERB  VBD arrive
    .         4 punct    PUNCT .
    The       8 det      DET   DT
    Chinese   8 amod     ADJ   JJ  chinese B-NORP
    leader    9 nsubj    NOUN  NN
    smiled    9 ROOT     VERB  VBD smile
    .         9 punct    PUNCT .
    """, JUNE_30_2019)
    assert mentions(result) == [("Wang Lei", "name", "person:wang lei"),
                                ("The Chinese leader", "title", "person:wang lei")]
    assert list(result.actors) == ["person:wang lei"]  # not Xi Jinping from the dictionary


SOUTH_KOREAN_PRESIDENT = """
The       3 det   DET   DT
South     2 amod  ADJ   JJ  south B-NORP
Korean    3 amod  ADJ   JJ  korean I-NORP
president 4 nsubj NOUN  NN
arrived   4 ROOT  VERB  VBD arrive
.         4 punct PUNCT .
"""


@pytest.mark.parametrize(("published", "holder"), [
    (JUNE_30_2019, "Moon Jae-in"),
    (PartialDate("2015", Precision.YEAR), "Park Geun-hye"),
])
def test_unnamed_title_holder_comes_from_the_dictionary_by_date(published: PartialDate, holder: str) -> None:
    result = find(SOUTH_KOREAN_PRESIDENT, published)
    key = f"person:{holder.lower()}"
    assert mentions(result) == [("The South Korean president", "title", key)]
    actor = result.actors[key]
    assert (actor.name, actor.country, actor.source) == (holder, "KOR", "dictionary")


def test_unnamed_title_without_a_date_is_no_actor_when_several_held_it() -> None:
    result = find(SOUTH_KOREAN_PRESIDENT, None)
    assert result.actors == {}
    assert result.mentions == []


# -- countries: capitals, demonyms, halves ------------------------------------------------------------------


def test_capital_stands_for_its_government_and_it_follows() -> None:
    result = find("""
    Beijing  1 nsubj PROPN NNP _ B-GPE
    said     1 ROOT  VERB  VBD say
    it       3 nsubj PRON  PRP
    welcomed 1 ccomp VERB  VBD welcome
    the      5 det   DET   DT
    talks    3 dobj  NOUN  NNS talk
    .        1 punct PUNCT .
    """)
    assert mentions(result) == [("Beijing", "capital", "country:CHN"), ("it", "pronoun", "country:CHN")]
    actor = result.actors["country:CHN"]
    assert (actor.name, actor.type, actor.country) == ("China", "country", "CHN")


def test_demonym_as_subject_is_the_country() -> None:
    result = find("""
    The     1 det   DET   DT
    Chinese 3 nsubj PROPN NNPS _ B-NORP
    will    3 aux   AUX   MD
    respond 3 ROOT  VERB  VB
    .       3 punct PUNCT .
    """)
    assert mentions(result) == [("Chinese", "demonym", "country:CHN")]


def test_demonym_as_modifier_is_no_actor() -> None:
    result = find("""
    Chinese   1 amod  ADJ   JJ  chinese B-NORP
    officials 2 nsubj NOUN  NNS official
    declined  2 ROOT  VERB  VBD decline
    to        4 aux   PART  TO
    comment   2 xcomp VERB  VB
    .         2 punct PUNCT .
    """)
    assert result.actors == {}
    assert result.mentions == []


NORTH_AFTER_NORTH_KOREA = """
North     1 compound PROPN NNP _ B-GPE
Korea     2 nsubj    PROPN NNP _ I-GPE
fired     2 ROOT     VERB  VBD fire
a         4 det      DET   DT
missile   2 dobj     NOUN  NN
.         2 punct    PUNCT .
The       7 det      DET   DT
North     8 nsubj    PROPN NNP _ {entity}
said      8 ROOT     VERB  VBD say
the       10 det     DET   DT
test      11 nsubj   NOUN  NN
succeeded 8 ccomp    VERB  VBD succeed
.         8 punct    PUNCT .
"""


@pytest.mark.parametrize("entity", ["O", "B-ORG", "B-GPE"])
def test_the_north_after_north_korea_is_north_korea(entity: str) -> None:
    """Whatever the recognizer made of "North" (the model tags it ORG), it is the North Korea named before."""
    result = find(NORTH_AFTER_NORTH_KOREA.format(entity=entity))
    assert mentions(result) == [("North Korea", "country", "country:PRK"), ("North", "country", "country:PRK")]
    assert list(result.actors) == ["country:PRK"]


def test_the_north_alone_is_no_actor() -> None:
    result = find("""
    The   1 det   DET   DT
    North 2 nsubj PROPN NNP
    said  2 ROOT  VERB  VBD say
    .     2 punct PUNCT .
    """)
    assert result.mentions == []


# -- pronouns -------------------------------------------------------------------------------------------------

LEE_AND_PARK = """
Lee     1 compound PROPN NNP _ B-PERSON
Min-ho  2 nsubj    PROPN NNP _ I-PERSON
met     2 ROOT     VERB  VBD meet
Park    4 compound PROPN NNP _ B-PERSON
Ji-won  2 dobj     PROPN NNP _ I-PERSON
.       2 punct    PUNCT .
Mr.     7 compound PROPN NNP
Lee     8 nsubj    PROPN NNP _ B-PERSON
thanked 8 ROOT     VERB  VBD thank
Ms.     10 compound PROPN NNP
Park    8 dobj     PROPN NNP _ B-PERSON
.       8 punct    PUNCT .
{pronoun} 13 nsubj PRON  PRP
said    13 ROOT    VERB  VBD say
the     15 det     DET   DT
talks   16 nsubj   NOUN  NNS talk
went    13 ccomp   VERB  VBD go
well    16 advmod  ADV   RB
.       13 punct   PUNCT .
"""


@pytest.mark.parametrize(("pronoun", "key"), [("She", "person:park ji-won"), ("He", "person:lee min-ho")])
def test_subject_pronoun_names_the_last_compatible_person(pronoun: str, key: str) -> None:
    result = find(LEE_AND_PARK.format(pronoun=pronoun))
    assert mentions(result)[-1] == (pronoun, "pronoun", key)
    assert [m[2] for m in mentions(result)[:4]] == [
        "person:lee min-ho", "person:park ji-won", "person:lee min-ho", "person:park ji-won"]


def test_possessive_names_the_subject_of_its_clause() -> None:
    result = find("""
    Xi      1 compound PROPN NNP _ B-PERSON
    Jinping 2 nsubj    PROPN NNP _ I-PERSON
    said    2 ROOT     VERB  VBD say
    that    7 mark     SCONJ IN
    Kim     5 compound PROPN NNP _ B-PERSON
    Jong-un 7 nsubj    PROPN NNP _ I-PERSON
    had     7 aux      AUX   VBD have
    kept    2 ccomp    VERB  VBN keep
    his     9 poss     PRON  PRP$
    promise 7 dobj     NOUN  NN
    .       2 punct    PUNCT .
    """)
    assert mentions(result)[-1] == ("his", "pronoun", "person:kim jong-un")


OBJECT_PRONOUN = """
Lee      1 compound PROPN NNP _ B-PERSON
Min-ho   2 nsubj    PROPN NNP _ I-PERSON
said     2 ROOT     VERB  VBD say
Mr.      4 compound PROPN NNP
Tanaka   6 nsubj    PROPN NNP _ B-PERSON
had      6 aux      AUX   VBD have
{verb}   2 ccomp    VERB  VBN
him      6 dobj     PRON  PRP
.        2 punct    PUNCT .
"""


@pytest.mark.parametrize("verb", ["invited", "thanked"])
def test_object_pronoun_is_not_its_own_clauses_subject(verb: str) -> None:
    """ "Lee said Mr. Tanaka had invited him": him is Lee; Tanaka inviting himself would say "himself"."""
    result = find(OBJECT_PRONOUN.format(verb=verb))
    assert mentions(result)[-1] == ("him", "pronoun", "person:lee min-ho")


def test_object_pronoun_skips_the_subject_of_a_coordinated_verb() -> None:
    result = find("""
    Lee     1 compound PROPN NNP _ B-PERSON
    Min-ho  2 nsubj    PROPN NNP _ I-PERSON
    met     2 ROOT     VERB  VBD meet
    Park    4 compound PROPN NNP _ B-PERSON
    Jae-ho  2 dobj     PROPN NNP _ I-PERSON
    and     2 cc       CCONJ CC
    thanked 2 conj     VERB  VBD thank
    him     6 dobj     PRON  PRP
    .       2 punct    PUNCT .
    """)
    assert mentions(result)[-1] == ("him", "pronoun", "person:park jae-ho")


def test_object_pronoun_without_a_candidate_is_no_mention() -> None:
    result = find("""
    Officials 1 nsubj  NOUN  NNS official
    thanked   1 ROOT   VERB  VBD thank
    him       1 dobj   PRON  PRP
    .         1 punct  PUNCT .
    """)
    assert result.mentions == []


def test_it_is_the_organisation_that_said() -> None:
    result = find("""
    The      2 det      DET   DT  _ B-ORG
    White    2 compound PROPN NNP _ I-ORG
    House    3 nsubj    PROPN NNP _ I-ORG
    said     3 ROOT     VERB  VBD say
    it       5 nsubj    PRON  PRP
    welcomed 3 ccomp    VERB  VBD welcome
    the      7 det      DET   DT
    talks    5 dobj     NOUN  NNS talk
    .        3 punct    PUNCT .
    """)
    key = "organization:white house"
    assert mentions(result) == [("The White House", "organization", key), ("it", "pronoun", key)]
    actor = result.actors[key]
    assert (actor.name, actor.type, actor.country, actor.sector) == ("White House", "organization", "USA", "GOV")


# -- organisations that are no actors -----------------------------------------------------------------------

MEDIA_REPORTED = """
Media    1 nsubj    NOUN  NNS medium B-ORG
reported 1 ROOT     VERB  VBD report
that     6 mark     SCONJ IN
Kim      5 compound PROPN NNP _ B-PERSON
Jong     5 compound PROPN NNP _ I-PERSON
Un       6 nsubj    PROPN NNP _ I-PERSON
arrived  1 ccomp    VERB  VBD arrive
.        1 punct    PUNCT .
"""


def test_generic_one_word_organisation_is_no_actor() -> None:
    result = find(MEDIA_REPORTED)
    assert list(result.actors) == ["person:kim jong-un"]
    assert result.actor_at(0) is None


def test_state_in_secretary_of_state_is_no_actor() -> None:
    result = find("""
    Secretary 4 nmod     PROPN NNP
    of        0 prep     ADP   IN
    State     1 pobj     PROPN NNP _ B-ORG
    Mike      4 compound PROPN NNP _ B-PERSON
    Pompeo    5 nsubj    PROPN NNP _ I-PERSON
    arrived   5 ROOT     VERB  VBD arrive
    .         5 punct    PUNCT .
    """)
    assert list(result.actors) == ["person:mike pompeo"]
    assert mentions(result) == [("Mike Pompeo", "name", "person:mike pompeo")]


# -- the model on real text -----------------------------------------------------------------------------------


def model_find(nlp: Any, text: str, published: PartialDate | None = JUNE_30_2019) -> ActorResult:
    return FINDER.find(nlp(text), published)


def test_model_leader_visit(nlp: Any) -> None:
    result = model_find(nlp, "North Korean leader Kim Jong-un arrived in Beijing on Tuesday for talks with "
                             "Chinese President Xi Jinping. Mr. Kim was greeted by Mr. Xi at the airport.")
    names = [(m.text, m.actor) for m in result.mentions]
    assert names == [
        ("Kim Jong-un", "person:kim jong-un"), ("Beijing", "country:CHN"), ("Xi Jinping", "person:xi jinping"),
        ("Mr. Kim", "person:kim jong-un"), ("Mr. Xi", "person:xi jinping"),
    ]
    kim = result.actors["person:kim jong-un"]
    assert (kim.country, kim.sector) == ("PRK", "GOV")
    assert ("leader", "PRK") in kim.roles


def test_model_title_and_pronoun(nlp: Any) -> None:
    result = model_find(nlp, "South Korean President Moon Jae-in flew to Washington on Monday. "
                             "The South Korean leader said he would meet President Donald Trump on Thursday.")
    assert [(m.text, m.kind, m.actor) for m in result.mentions if m.actor.startswith("person:")] == [
        ("Moon Jae-in", "name", "person:moon jae-in"),
        ("The South Korean leader", "title", "person:moon jae-in"),
        ("he", "pronoun", "person:moon jae-in"),
        ("Donald Trump", "name", "person:donald trump"),
    ]


def test_model_the_north(nlp: Any) -> None:
    result = model_find(nlp, "North Korea fired two short-range missiles on Saturday. "
                             "The North said the launch was a routine drill.")
    assert [(m.text, m.actor) for m in result.mentions] == [("North Korea", "country:PRK"), ("North", "country:PRK")]
    assert list(result.actors) == ["country:PRK"]


def test_model_white_house_it(nlp: Any) -> None:
    result = model_find(nlp, "The White House said it welcomed the talks between the two leaders.")
    assert [(m.text, m.actor) for m in result.mentions] == [
        ("The White House", "organization:white house"), ("it", "organization:white house")]


def test_model_storm_names_are_no_people(nlp: Any) -> None:
    result = model_find(nlp, "It is the third storm to hit Mozambique this year, after Cyclones Chido in December "
                             "and Dikeledi in January. Malawi was struck by Chido in December.")
    assert [a.type for a in result.actors.values()] == ["country", "country"]
    assert {a.name for a in result.actors.values()} == {"Mozambique", "Malawi"}


def test_model_a_shortened_organisation_name_is_the_organisation(nlp: Any) -> None:
    result = model_find(nlp, "The Panama Canal Authority said traffic had resumed. The canal authority "
                             "expects to open an inquiry, and the authority will report in May.")
    assert [(m.text, m.actor) for m in result.mentions] == [
        ("The Panama Canal Authority", "organization:panama canal authority"),
        ("canal authority", "organization:panama canal authority"),
        ("authority", "organization:panama canal authority"),
    ]


def test_model_a_shortening_two_organisations_share_names_neither(nlp: Any) -> None:
    result = model_find(nlp, "The Federal Aviation Authority and the Suez Canal Authority met on Monday. "
                             "The authority said little.")
    assert {m.text for m in result.mentions} == {"The Federal Aviation Authority", "the Suez Canal Authority"}


def test_model_a_name_the_parse_cuts_after_a_coordination_is_whole(nlp: Any) -> None:
    result = model_find(nlp, "The leaders of France, Germany and Britain — Emmanuel Macron, Angela Merkel and "
                             "Theresa May — said they regretted it.")
    assert {a.name for a in result.actors.values() if a.type == "person"} == {
        "Emmanuel Macron", "Angela Merkel", "Theresa May"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Leaders of Canada spoke first, and the Group of 20 will gather in Brazil.", ("Group of 20", "organization:g20")),
    ("Envoys from the Group of Seven rich nations condemned the launch.", ("Group of Seven", "organization:g7")),
])
def test_model_a_number_cut_from_an_organisation_name_is_kept(nlp: Any, text: str, expected: tuple[str, str]) -> None:
    result = model_find(nlp, text)
    assert expected in [(m.text, m.actor) for m in result.mentions]
    assert not any(a.name.endswith(" of") for a in result.actors.values())


def test_entity_of_reads_the_entity_doc_ents_lists(nlp: Any) -> None:
    from newsgraph.actors import entity_of

    doc = nlp("The Port Authority of New Orleans and Lagos State Governor Babajide Sanwo-Olu signed a deal in "
              "Lagos on 3 March 2021. Sanwo-Olu said the agreement, worth $40 million, starts next year.")
    assert doc.ents
    for token in doc:
        listed = next(((e.start, e.end, e.label_) for e in doc.ents if e.start <= token.i < e.end), None)
        found = entity_of(token)
        assert (None if found is None else (found.start, found.end, found.label_)) == listed, token.text



# -- the shortcuts that keep the stage fast -------------------------------------------------------------------


def _a_one_token_check_accepts(token: Any) -> bool:
    """Whether any one-token check of the candidate scan (or office itself) takes the token, entities aside."""
    from newsgraph import actors

    return (actors._is_the_north_or_south(token) or actors._is_addressed_name(token, set())
            or actors._is_person_pronoun(token) or (token.lower_ == "it" and token.dep_ in actors.SUBJECTS)
            or actors._is_title(token, set()) or actors.office(token) is not None)


PREFILTER_TABLES = [
    """
    Mr.       1 compound PROPN NNP
    Kim       2 nsubj    PROPN NNP _ B-PERSON
    met       2 ROOT     VERB  VBD
    the       5 det      DET   DT
    foreign   5 amod     ADJ   JJ
    minister  2 dobj     NOUN  NN
    and       5 cc       CCONJ CC
    the       8 det      DET   DT
    head      5 conj     NOUN  NN
    of        8 prep     ADP   IN
    state     9 pobj     NOUN  NN
    .         2 punct    PUNCT .
    """,
    """
    He              1  nsubj PRON  PRP
    told            1  ROOT  VERB  VBD
    him             1  dobj  PRON  PRP
    that            6  mark  SCONJ IN
    the             5  det   DET   DT
    North           6  nsubj PROPN NNP
    backed          1  ccomp VERB  VBD
    her             8  poss  PRON  PRP$
    vice-president  6  dobj  NOUN  NN
    and             8  cc    CCONJ CC
    it              11 nsubj PRON  PRP
    agreed          8  conj  VERB  VBD
    .               1  punct PUNCT .
    """,
    # A dash the parser took for a noun, with "president" as its compound: office reads "president -" as
    # "president" although the dash itself is no word of any role.
    """
    Ministers  1 nsubj    NOUN  NNS minister
    met        1 ROOT     VERB  VBD
    the        4 det      DET   DT
    president  4 compound NOUN  NN
    -          1 dobj     NOUN  NN
    and        4 cc       CCONJ CC
    the        7 det      DET   DT
    Premier    4 conj     PROPN NNP Premier
    Ms..       9 compound PROPN NNP
    Park       4 appos    PROPN NNP
    .          1 punct    PUNCT .
    """,
]


@pytest.mark.parametrize("table", PREFILTER_TABLES)
def test_token_prefilter_keeps_every_token_a_check_accepts(table: str) -> None:
    from newsgraph.actors import _possible_token_candidates, _Words

    doc = parse(table)
    kept = set(_possible_token_candidates(doc, _Words.of(doc)))
    accepted = {token.i for token in doc if _a_one_token_check_accepts(token)}
    assert accepted and accepted <= kept
    assert {"met", "and"}.isdisjoint(doc[i].text for i in kept)  # it does leave words out


def test_model_token_prefilter_keeps_every_token_a_check_accepts(nlp: Any) -> None:
    from newsgraph.actors import _possible_token_candidates, _Words

    doc = nlp("Ms. Okafor, the deputy finance minister, said she had briefed him. The secretary of state "
              "and the head of government of Peru met the Prime Minister. It was, the North said, a long day; "
              "Dr Lindqvist and his vice-president left with the army chief.")
    kept = set(_possible_token_candidates(doc, _Words.of(doc)))
    accepted = {token.i for token in doc if _a_one_token_check_accepts(token)}
    assert len(accepted) >= 8 and accepted <= kept
    assert len(kept) < len(doc) // 2


def test_word_columns_give_the_texts_spacy_gives() -> None:
    from newsgraph.actors import _Words
    from newsgraph.annotate import doc_text

    words = ["SEOUL", "—", "\n\n", "Mr.", "Kim", "(", "left", ")", "met", "Ms.", "Ahn", "’s", "aides", "."]
    spaces = [True, False, False, True, True, False, False, True, True, True, False, True, False, False]
    doc = Doc(VOCAB, words=words, spaces=spaces, sent_starts=[True] + [False] * (len(words) - 1))
    columns = _Words.of(doc)
    assert columns.doc_text() == doc.text
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert columns.span_text(start, end) == doc[start:end].text, (start, end)
    assert doc_text(doc) == doc.text  # no actor pass yet: read from the Doc
    FINDER.find(doc)
    assert doc_text(doc) == doc.text  # kept by the actor pass
