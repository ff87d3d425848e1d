"""Status rules (newsgraph.status) on hand-built parses: no model, every head and label written out.

Each parse is a table, one token a line: ``word head dep pos tag [lemma]`` where ``head`` is the
absolute index of the head token (a root heads itself) and the lemma defaults to the word (lower-cased
unless a proper noun).
The trees are the ones en_core_web_sm gives these sentences, fixed where it errs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc, Token

from newsgraph.errors import InputError
from newsgraph.status import NEGATED, OCCURRED, PLANNED, POSSIBLE, load_cues, status_of

NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "?", "!", "'s", "’s"})
# English lexical attributes (lower_, is_title, ...) without any trained model: a bare Vocab() leaves
# lower_ empty, and the rules read lower_.
VOCAB = English().vocab


def parse(table: str) -> Doc:
    """A Doc from a token table (see the module docstring)."""
    rows = [line.split() for line in table.strip().splitlines()]
    words = [row[0] for row in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE for i in range(len(words))]
    return Doc(
        VOCAB, words=words, spaces=spaces, heads=[int(row[1]) for row in rows], deps=[row[2] for row in rows],
        pos=[row[3] for row in rows], tags=[row[4] for row in rows],
        lemmas=[row[5] if len(row) > 5 else row[0] if row[3] == "PROPN" else row[0].lower() for row in rows],
    )


def token(doc: Doc, word: str) -> Token:
    """The only token of ``doc`` whose text is ``word``."""
    found = [t for t in doc if t.text == word]
    assert len(found) == 1, f"{word!r} occurs {len(found)} times in {doc.text!r}"
    return found[0]


def status(table: str, trigger: str) -> tuple[str, str | None]:
    return status_of(token(parse(table), trigger))


# -- modal auxiliaries ---------------------------------------------------------------------------------


def modal_visit(modal: str) -> str:
    return f"""
    Kim    2 nsubj PROPN NNP
    {modal} 2 aux  AUX   MD
    visit  2 ROOT  VERB  VB
    Seoul  2 dobj  PROPN NNP
    .      2 punct PUNCT .
    """


@pytest.mark.parametrize(("modal", "expected"), [
    ("will", PLANNED), ("shall", PLANNED),
    ("would", POSSIBLE), ("could", POSSIBLE), ("might", POSSIBLE), ("may", POSSIBLE),
])
def test_modal_auxiliary_sets_status_and_is_the_cue(modal: str, expected: str) -> None:
    assert status(modal_visit(modal), "visit") == (expected, modal)


def test_doc_text_is_the_sentence() -> None:
    assert parse(modal_visit("will")).text == "Kim will visit Seoul."


def test_be_to_infinitive_is_planned() -> None:
    table = """
    Kim    1 nsubj PROPN NNP
    is     1 ROOT  AUX   VBZ be
    to     3 aux   PART  TO
    travel 1 xcomp VERB  VB
    to     3 prep  ADP   IN
    Seoul  4 pobj  PROPN NNP
    .      1 punct PUNCT .
    """
    assert status(table, "travel") == (PLANNED, "to")


def test_plain_past_occurred_without_cue() -> None:
    table = """
    Kim     1 nsubj PROPN NNP
    visited 1 ROOT  VERB  VBD visit
    Seoul   1 dobj  PROPN NNP
    .       1 punct PUNCT .
    """
    assert status(table, "visited") == (OCCURRED, None)


# -- governing verbs (xcomp) -------------------------------------------------------------------------


def passive_governor(verb: str, lemma: str) -> str:
    """ "Kim is <verb> to visit Seoul" with a passive governor."""
    return f"""
    Kim    2 nsubjpass PROPN NNP
    is     2 auxpass   AUX   VBZ be
    {verb} 2 ROOT      VERB  VBN {lemma}
    to     4 aux       PART  TO
    visit  2 xcomp     VERB  VB
    Seoul  4 dobj      PROPN NNP
    .      2 punct     PUNCT .
    """


def active_governor(verb: str, tag: str, lemma: str) -> str:
    """ "Kim <verb> to visit Seoul" with an active governor."""
    return f"""
    Kim    1 nsubj PROPN NNP
    {verb} 1 ROOT  VERB  {tag} {lemma}
    to     3 aux   PART  TO
    visit  1 xcomp VERB  VB
    Seoul  3 dobj  PROPN NNP
    .      1 punct PUNCT .
    """


@pytest.mark.parametrize(("table", "cue"), [
    (passive_governor("scheduled", "schedule"), "scheduled"),
    (active_governor("plans", "VBZ", "plan"), "plans"),
    (active_governor("agreed", "VBD", "agree"), "agreed"),
])
def test_planning_governor_makes_planned(table: str, cue: str) -> None:
    assert status(table, "visit") == (PLANNED, cue)


@pytest.mark.parametrize(("verb", "lemma"), [("expected", "expect"), ("believed", "believe")])
def test_expectation_governor_makes_possible(verb: str, lemma: str) -> None:
    assert status(passive_governor(verb, lemma), "visit") == (POSSIBLE, verb)


def test_said_to_have_met_is_possible() -> None:
    table = """
    Kim     2 nsubjpass PROPN NNP
    is      2 auxpass   AUX   VBZ be
    said    2 ROOT      VERB  VBN say
    to      5 aux       PART  TO
    have    5 aux       AUX   VB
    visited 2 xcomp     VERB  VBN visit
    Seoul   5 dobj      PROPN NNP
    .       2 punct     PUNCT .
    """
    assert status(table, "visited") == (POSSIBLE, "said")


def test_likely_to_visit_is_possible() -> None:
    table = """
    Kim    1 nsubj PROPN NNP
    is     1 ROOT  AUX   VBZ be
    likely 1 acomp ADJ   JJ
    to     4 aux   PART  TO
    visit  2 xcomp VERB  VB
    Seoul  4 dobj  PROPN NNP
    .      1 punct PUNCT .
    """
    assert status(table, "visit") == (POSSIBLE, "likely")


REFUSED_TO_MEET = """
Kim     1 nsubj PROPN NNP
refused 1 ROOT  VERB  VBD refuse
to      3 aux   PART  TO
meet    1 xcomp VERB  VB
Moon    3 dobj  PROPN NNP
.       1 punct PUNCT .
"""


def test_refusal_itself_occurred() -> None:
    assert status(REFUSED_TO_MEET, "refused") == (OCCURRED, None)


def test_refused_act_is_negated() -> None:
    """ "refused to meet": the refusal happened, the meeting did not."""
    assert status(REFUSED_TO_MEET, "meet") == (NEGATED, "refused")


# -- modifiers of nominal events ----------------------------------------------------------------------


def modified_summit(modifier: str, tag: str = "JJ") -> str:
    return f"""
    They       1 nsubj PRON  PRP they
    discussed  1 ROOT  VERB  VBD discuss
    a          4 det   DET   DT
    {modifier} 4 amod  ADJ   {tag}
    summit     1 dobj  NOUN  NN
    .          1 punct PUNCT .
    """


@pytest.mark.parametrize(("modifier", "tag", "expected"), [
    ("possible", "JJ", POSSIBLE), ("potential", "JJ", POSSIBLE),
    ("upcoming", "JJ", PLANNED), ("planned", "VBN", PLANNED),
])
def test_adjective_on_a_nominal_event(modifier: str, tag: str, expected: str) -> None:
    assert status(modified_summit(modifier, tag), "summit") == (expected, modifier)


def test_unmodified_summit_in_past_clause_occurred() -> None:
    table = """
    They      1 nsubj PRON  PRP they
    discussed 1 ROOT  VERB  VBD discuss
    the       3 det   DET   DT
    summit    1 dobj  NOUN  NN
    .         1 punct PUNCT .
    """
    assert status(table, "summit") == (OCCURRED, None)


# -- conditions ---------------------------------------------------------------------------------------

IF_CLAUSE = """
If     2 mark  SCONJ IN
Kim    2 nsubj PROPN NNP
visits 7 advcl VERB  VBZ visit
Seoul  2 dobj  PROPN NNP
,      7 punct PUNCT ,
trade  7 nsubj NOUN  NN
will   7 aux   AUX   MD
grow   7 ROOT  VERB  VB
.      7 punct PUNCT .
"""

UNLESS_CLAUSE = """
Trade  2 nsubj NOUN  NN  trade
will   2 aux   AUX   MD
stall  2 ROOT  VERB  VB
unless 5 mark  SCONJ IN
Kim    5 nsubj PROPN NNP
visits 2 advcl VERB  VBZ visit
Seoul  5 dobj  PROPN NNP
.      2 punct PUNCT .
"""


def test_if_clause_is_possible_and_main_clause_keeps_its_modal() -> None:
    doc = parse(IF_CLAUSE)
    assert status_of(token(doc, "visits")) == (POSSIBLE, "If")
    assert status_of(token(doc, "grow")) == (PLANNED, "will")


def test_unless_clause_is_possible() -> None:
    assert status(UNLESS_CLAUSE, "visits") == (POSSIBLE, "unless")


# -- negation -------------------------------------------------------------------------------------------


def test_neg_child_negates() -> None:
    table = """
    Kim   3 nsubj PROPN NNP
    did   3 aux   AUX   VBD do
    not   3 neg   PART  RB
    visit 3 ROOT  VERB  VB
    Seoul 3 dobj  PROPN NNP
    .     3 punct PUNCT .
    """
    assert status(table, "visit") == (NEGATED, "not")


def test_negated_governor_negates_its_infinitive() -> None:
    table = """
    Kim   3 nsubj PROPN NNP
    did   3 aux   AUX   VBD do
    not   3 neg   PART  RB
    agree 3 ROOT  VERB  VB
    to    5 aux   PART  TO
    meet  3 xcomp VERB  VB
    Moon  5 dobj  PROPN NNP
    .     3 punct PUNCT .
    """
    assert status(table, "meet") == (NEGATED, "not")


def test_no_determiner_negates_a_noun() -> None:
    table = """
    They  1 nsubj PRON  PRP they
    held  1 ROOT  VERB  VBD hold
    no    3 det   DET   DT
    talks 1 dobj  NOUN  NNS talk
    .     1 punct PUNCT .
    """
    assert status(table, "talks") == (NEGATED, "no")


def test_without_negates_its_object() -> None:
    table = """
    Kim     1 nsubj PROPN NNP
    left    1 ROOT  VERB  VBD leave
    without 1 prep  ADP   IN
    talks   2 pobj  NOUN  NNS talk
    .       1 punct PUNCT .
    """
    assert status(table, "talks") == (NEGATED, "without")


# -- nouns under verbs -------------------------------------------------------------------------------------


def test_noun_object_inherits_the_verbs_modal() -> None:
    table = """
    Kim   2 nsubj PROPN NNP
    will  2 aux   AUX   MD
    hold  2 ROOT  VERB  VB
    talks 2 dobj  NOUN  NNS talk
    in    2 prep  ADP   IN
    Seoul 4 pobj  PROPN NNP
    .     2 punct PUNCT .
    """
    assert status(table, "talks") == (PLANNED, "will")


def test_purpose_phrase_inherits_the_verbs_modal() -> None:
    table = """
    Kim    2 nsubj PROPN NNP
    will   2 aux   AUX   MD
    travel 2 ROOT  VERB  VB
    to     2 prep  ADP   IN
    Seoul  3 pobj  PROPN NNP
    for    2 prep  ADP   IN
    talks  5 pobj  NOUN  NNS talk
    .      2 punct PUNCT .
    """
    assert status(table, "talks") == (PLANNED, "will")


def test_invitation_does_not_inherit_the_governing_modal() -> None:
    table = """
    Kim        2 nsubj PROPN NNP
    will       2 aux   AUX   MD
    travel     2 ROOT  VERB  VB
    to         2 prep  ADP   IN
    Beijing    3 pobj  PROPN NNP
    at         2 prep  ADP   IN
    the        7 det   DET   DT
    invitation 5 pobj  NOUN  NN
    of         7 prep  ADP   IN
    Xi         8 pobj  PROPN NNP
    .          2 punct PUNCT .
    """
    doc = parse(table)
    assert status_of(token(doc, "invitation")) == (OCCURRED, None)
    assert status_of(token(doc, "travel")) == (PLANNED, "will")


# -- ahead of -------------------------------------------------------------------------------------------


def talks_ahead_of_summit(verb: str, tag: str) -> str:
    return f"""
    Officials 1 nsubj  NOUN  NNS official
    {verb}    1 ROOT   VERB  {tag} hold
    talks     1 dobj   NOUN  NNS talk
    ahead     1 advmod ADV   RB
    of        3 prep   ADP   IN
    the       6 det    DET   DT
    summit    4 pobj   NOUN  NN
    .         1 punct  PUNCT .
    """


def test_ahead_of_in_present_clause_is_planned() -> None:
    assert status(talks_ahead_of_summit("hold", "VBP"), "summit") == (PLANNED, "ahead")


def test_ahead_of_in_past_clause_occurred() -> None:
    assert status(talks_ahead_of_summit("held", "VBD"), "summit") == (OCCURRED, None)


# -- the cue file ---------------------------------------------------------------------------------------

CUES = """
version: 1
modals: {planned: [may], possible: [would]}
governors: {planned: [plan], possible: [expect]}
modifiers: {planned: [upcoming], possible: [possible]}
ahead: [ahead]
conditions: [if]
negators: ["no"]
"""


def test_custom_cues_change_the_status(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text(CUES, encoding="utf-8")
    cues = load_cues(path)
    assert cues.modals == {PLANNED: frozenset({"may"}), POSSIBLE: frozenset({"would"})}
    doc = parse(modal_visit("may"))
    assert status_of(token(doc, "visit"), cues) == (PLANNED, "may")
    assert status_of(token(doc, "visit")) == (POSSIBLE, "may")


@pytest.mark.parametrize("text", [
    "modals: [will\n",  # not YAML
    CUES.replace("ahead: [ahead]\n", ""),  # a section missing
    CUES.replace("planned: [may]", "certain: [may]"),  # an unknown status
    "- just\n- a list\n",  # not a mapping
])
def test_bad_cue_file_raises_input_error_naming_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad-cues.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_cues(path)
    assert re.fullmatch(re.escape(str(path)) + r"(:\d+)?", caught.value.where)  # the file, maybe its line
    assert str(caught.value).startswith(f"{caught.value.where}: ")


def test_missing_cue_file_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(InputError) as caught:
        load_cues(path)
    assert caught.value.where == str(path)


# -- "would" in reports, predicate adjectives, subject nouns ------------------------------------------------


WILLING_TO_MEET = """
Abe     1 nsubj  PROPN NNP
said    1 ROOT   VERB  VBD say
he      4 nsubj  PRON  PRP
would   4 aux    AUX   MD
be      1 ccomp  AUX   VB
willing 4 acomp  ADJ   JJ
to      7 aux    PART  TO
meet    5 xcomp  VERB  VB
Putin   7 dobj   PROPN NNP
.       1 punct  PUNCT .
"""


def test_would_be_willing_is_possible_not_a_reported_plan() -> None:
    assert status(WILLING_TO_MEET, "meet") == (POSSIBLE, "would")


def test_ready_to_resume_is_possible() -> None:
    table = """
    Seoul  1 nsubj PROPN NNP
    is     1 ROOT  AUX   VBZ be
    ready  1 acomp ADJ   JJ
    to     4 aux   PART  TO
    resume 2 xcomp VERB  VB
    talks  4 dobj  NOUN  NNS talk
    .      1 punct PUNCT .
    """
    assert status(table, "resume") == (POSSIBLE, "ready")


def reported(verb: str, lemma: str) -> str:
    return f"""
    The      1 det    DET   DT
    ministry 2 nsubj  NOUN  NN
    {verb}   2 ROOT   VERB  VBD {lemma}
    the      4 det    DET   DT
    envoy    6 nsubj  NOUN  NN
    would    6 aux    AUX   MD
    visit    2 ccomp  VERB  VB
    Hanoi    6 dobj   PROPN NNP
    .        2 punct  PUNCT .
    """


@pytest.mark.parametrize(("verb", "lemma"), [("said", "say"), ("confirmed", "confirm"), ("announced", "announce")])
def test_would_in_a_report_is_the_planned_future(verb: str, lemma: str) -> None:
    assert status(reported(verb, lemma), "visit") == (PLANNED, "would")


@pytest.mark.parametrize(("verb", "lemma"), [("feared", "fear"), ("believed", "believe")])
def test_would_under_a_belief_stays_possible(verb: str, lemma: str) -> None:
    assert status(reported(verb, lemma), "visit") == (POSSIBLE, "would")


def test_a_subject_summit_expected_to_take_place_is_possible() -> None:
    table = """
    The      1 det       DET   DT
    summit   3 nsubjpass NOUN  NN
    is       3 auxpass   AUX   VBZ be
    expected 3 ROOT      VERB  VBN expect
    to       5 aux       PART  TO
    take     3 xcomp     VERB  VB
    place    5 dobj      NOUN  NN
    in       5 prep      ADP   IN
    May      7 pobj      PROPN NNP
    .        3 punct     PUNCT .
    """
    assert status(table, "summit") == (POSSIBLE, "expected")


def subject_noun(noun: str, verb: str, lemma: str) -> str:
    return f"""
    The    1 det   DET   DT
    {noun} 3 nsubj NOUN  NNS {noun.rstrip("s")}
    will   3 aux   AUX   MD
    {verb} 3 ROOT  VERB  VB {lemma}
    in     3 prep  ADP   IN
    Hanoi  4 pobj  PROPN NNP
    .      3 punct PUNCT .
    """


def test_a_subject_event_that_will_take_place_is_planned() -> None:
    assert status(subject_noun("talks", "begin", "begin"), "talks") == (PLANNED, "will")


def test_a_subject_event_takes_no_modal_of_a_verb_that_is_not_its_occurring() -> None:
    # "the sanctions will stay in Hanoi" says nothing of when they were imposed
    assert status(subject_noun("sanctions", "stay", "stay"), "sanctions") == (OCCURRED, None)


def test_would_under_a_condition_in_a_report_stays_possible() -> None:
    table = """
    Trump  1  nsubj PROPN NNP
    said   1  ROOT  VERB  VBD say
    that   9  mark  SCONJ IN
    if     5  mark  SCONJ IN
    Kim    5  nsubj PROPN NNP
    agreed 9  advcl VERB  VBD agree
    ,      9  punct PUNCT ,
    he     9  nsubj PRON  PRP
    would  9  aux   AUX   MD
    meet   1  ccomp VERB  VB
    him    9  dobj  PRON  PRP
    .      1  punct PUNCT .
    """
    assert status(table, "meet") == (POSSIBLE, "would")
