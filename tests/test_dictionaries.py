"""The field's dictionaries: the PETRARCH readers, CAMEO -> PLOVER, and user
dictionaries that code new sentences with no change to the code."""

from __future__ import annotations

import pytest

from graphbuild.knowledge import dictionaries
from graphbuild.knowledge.cameo import plover, read_table
from graphbuild.knowledge.petrarch import DictionaryError, read_verbs
from graphbuild.knowledge.petrarch_lists import read_actors, read_agents, read_discards
from graphbuild.events.lexicon import load as load_lexicon
from graphbuild.records import Article
from graphbuild.pipeline import build

from readings import read

VERBS = """\
&WEAPONRY
+ROCKET
+MORTAR_SHELL

---  SHELL   [190]  ---
SHELL
+OPEN_UP [190]
BOMBARD {BOMBARDS BOMBARDED BOMBARDING}
- * &WEAPONRY                                   [194]   # the weapon as object
- * (WITH &WEAPONRY)                            [194]
- * (ON +)                                      [195]
- EARTHQUAKE *                                  [---]
~ a (a b ATTACK) SAY = a b 015
"""


def test_verb_dictionary_reads_blocks_synsets_and_patterns():
    table = read_verbs(VERBS.splitlines(), "v.txt")
    [(particle, default, patterns)] = table.entries("shell")
    assert particle is None and default == "190"
    assert [p.code for p in patterns] == ["194", "194", "195", None]
    weapon, with_weapon, on_target, quake = patterns
    assert set(weapon.object[0].heads) == {"rocket", "shell"}  # a synset phrase's head word
    assert with_weapon.preps[0][0] == "with" and "rocket" in with_weapon.preps[0][1].heads
    assert on_target.target == "on" and on_target.preps == (("on", None),)
    assert quake.subject[0].heads == ("earthquake",) and quake.line == "v.txt:12"
    assert table.entries("open") == [("up", "190", patterns)]  # a phrasal verb with its own code
    assert [e[1] for e in table.entries("bombard")] == ["190"]


def test_a_dictionary_plural_matches_its_singular_too():
    table = read_verbs("---  TORCH   [---]  ---\nTORCH\n- * BARNS   [1712]\n- * GEESE   [190]\n".splitlines(), "v.txt")
    [(_, _, (barns, geese))] = table.entries("torch")
    assert set(barns.object[0].heads) == {"barns", "barn"}
    assert set(geese.object[0].heads) == {"geese", "goose"}


def test_a_dictionary_plural_codes_a_sentence_with_the_singular(nlp):
    # Phoenix writes "BURN * HOUSES" (destroy property); one house is as much an event.
    assert {t for t, _, _ in _events(nlp, "Soldiers burned a house in the village of Kore.")} == {"ASSAULT"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("- * TALKS [040]\n", "v.txt:1: a pattern before any verb"),
        ("--- MEET [040] ---\nMEET\n- * &NOPE [040]\n", "v.txt:3: synset &NOPE used before it is defined"),
        ("--- MEET [040] ---\nMEET\n- TALKS [040]\n", "v.txt:3: a pattern without '*'"),
        ("--- MEET [040] ---\nMEET\n- * TALKS\n", "v.txt:3: a pattern without a [code]"),
    ],
)
def test_bad_verb_lines_name_file_and_line(text, message):
    with pytest.raises(DictionaryError, match=message.replace("*", r"\*").replace("[", r"\[")):
        read_verbs(text.splitlines(), "v.txt")


def test_agents_and_plurals():
    table = read_agents(
        ["!PERSON! = MAN, MEN", "RIOT_POLICE {} [~COP]", "REBEL [~REB]", "FISHER!PERSON! [~AGR]", "NGO [NGO~]"], "a.txt"
    )
    assert table["riot police"] == "COP" and "riot polices" not in table  # {} : no plural
    assert table["rebel"] == table["rebels"] == "REB"
    assert table["fisherman"] == table["fishermen"] == "AGR"
    assert table["ngo"] == "NGO"
    with pytest.raises(DictionaryError, match="a.txt:1: an agent without"):
        read_agents(["POLICE"], "a.txt")


def test_discards_skip_years_and_keep_sport():
    found = read_discards(["1998", "YEARS AGO", "WORLD CUP  # sport", "+CHAMPIONS LEAGUE"], "d.txt")
    assert found == {"world cup", "champions league"}


def test_cameo_codes_map_to_plover_through_their_parents():
    assert plover("1823") == ("ASSAULT", None)  # 1823 is not listed: 182 is
    assert plover("173") == ("COERCE", "arrest")
    assert plover("042") == ("CONSULT", "visit")
    assert plover("010") is None and plover(None) is None  # public statements code no event
    with pytest.raises(ValueError, match="t.tsv:1: expected"):
        read_table(["040\tMEETING\t"], "t.tsv")


def test_shipped_dictionaries_load():
    verbs, agents = dictionaries.verbs(), dictionaries.agents()
    assert len(verbs.verbs) > 1500 and sum(len(b[1]) for b in verbs.blocks) > 4000
    assert agents["police"] == "COP" and agents["protesters"] == "OPP" and agents["gunmen"] == "UAF"
    assert "world cup" in dictionaries.discards()


def _events(nlp, text: str) -> set[tuple]:
    return read(nlp, text)


@pytest.fixture()
def user_dictionaries():
    yield dictionaries.use
    dictionaries.use(())


def test_a_verb_added_to_a_dictionary_file_codes_a_new_sentence(nlp, tmp_path, user_dictionaries):
    sentence = "Chile hoodwinked Peru on Monday."
    assert _events(nlp, sentence) == set()
    extra = tmp_path / "mine.txt"
    extra.write_text("---  DECEIVE   [---]  ---\nHOODWINK\n- * +   [111]\n", "utf-8")
    user_dictionaries([str(extra)])
    assert _events(nlp, sentence) == {("ACCUSE", "Chile", "Peru")}


def test_a_reverse_code_makes_the_subject_the_recipient(nlp, tmp_path, user_dictionaries):
    # PETRARCH's "[a:b]": a the subject's act, b the target's act on it; "[:b]" the latter alone.
    lines = "---  WIN   [---]  ---\nWIN\n- * VISIT   [042:043]\n- * PLEDGE (FROM)   [:033]\n\n---  PERISH   [:190]  ---\nPERISH\n"
    table = read_verbs(lines.splitlines(), "v.txt")
    [(_, _, (dual, reverse))] = table.entries("win")
    assert (dual.code, dual.reversed) == ("042", False) and (reverse.code, reverse.reversed) == ("033", True)
    assert table.entries("perish") == [(None, "190", ())] and table.reversed_blocks == {1}
    sentence = "Chile secured a loan from Peru on Monday."
    assert ("AID", "Peru", "Chile") not in _events(nlp, sentence)
    extra = tmp_path / "mine.txt"
    extra.write_text("---  SECURE   [---]  ---\nSECURE\n- * LOAN   [:071]\n", "utf-8")
    user_dictionaries([str(extra)])
    assert _events(nlp, sentence) == {("AID", "Peru", "Chile")}


def test_an_agent_added_to_a_dictionary_file_becomes_an_actor(nlp, tmp_path, user_dictionaries):
    sentence = "Chilean hacktivists attacked a government website."
    assert not any(actor.startswith("Chile") for _, actor, _ in _events(nlp, sentence))
    extra = tmp_path / "agents.txt"
    extra.write_text("HACKTIVIST [~OPP]\n", "utf-8")
    user_dictionaries([str(extra)])
    assert any(actor == "Chile: opposition" for _, actor, _ in _events(nlp, sentence))


def test_a_toml_lexicon_codes_first_and_is_checked(nlp, tmp_path, user_dictionaries):
    extra = tmp_path / "mine.toml"
    extra.write_text('[verbs]\nSUPPORT = ["serenade : dobj"]\n', "utf-8")
    user_dictionaries([str(extra)])
    assert _events(nlp, "Chile serenaded Peru.") == {("SUPPORT", "Chile", "Peru")}
    extra.write_text('[verbs]\nSUPPORT = [\n  "serenade : dobj",\n  "serenade : beside+",\n]\n', "utf-8")
    user_dictionaries([str(extra)])
    with pytest.raises(ValueError, match=r"mine.toml:4: unknown slot 'beside\+'"):
        load_lexicon()
    extra.write_text('[verbs]\nSUPPORT = [\n  "serenade : dobj %bards",\n]\n', "utf-8")
    user_dictionaries([str(extra)])
    with pytest.raises(ValueError, match="mine.toml:3: unknown doer 'bards'"):
        load_lexicon()
    extra.write_text('[doers]\nbards = ["soldier"]\n[verbs]\nSUPPORT = ["serenade : dobj %bards"]\n', "utf-8")
    user_dictionaries([str(extra)])
    assert _events(nlp, "Chilean soldiers serenaded Peru.") == {("SUPPORT", "Chile", "Peru")}
    assert _events(nlp, "Chile serenaded Peru.") == set()
    extra.write_text('[verbs]\nCHEER = ["serenade : dobj"]\n', "utf-8")
    user_dictionaries([str(extra)])
    with pytest.raises(ValueError, match="mine.toml:2: unknown event type 'CHEER'"):
        load_lexicon()


def test_the_same_unchanged_files_keep_the_tables_and_a_changed_file_is_read_again(tmp_path, user_dictionaries):
    user_dictionaries(())
    shipped = dictionaries.verbs(), dictionaries.actors()
    user_dictionaries(())  # every build calls this: nothing read again
    assert (dictionaries.verbs(), dictionaries.actors()) == shipped and dictionaries.verbs() is shipped[0]
    extra = tmp_path / "agents.txt"
    extra.write_text("HACKTIVIST [~OPP]\n", "utf-8")
    user_dictionaries([str(extra)])
    assert dictionaries.agents()["hacktivist"] == "OPP" and dictionaries.verbs() is not shipped[0]
    extra.write_text("HACKTIVIST [~REB]\nCYBERPUNK [~OPP]\n", "utf-8")  # another size: read again whatever the clock
    user_dictionaries([str(extra)])
    assert dictionaries.agents()["hacktivist"] == "REB" and dictionaries.agents()["cyberpunk"] == "OPP"


def test_a_discard_phrase_is_found_wherever_it_starts():
    assert dictionaries.discarded(["the", "world", "cup"]) and dictionaries.discarded(["world", "cup", "final"])
    assert dictionaries.discarded(["in", "\n\n", "world", "cup"])  # a whitespace token before it
    assert not dictionaries.discarded(["world", "trade"]) and not dictionaries.discarded(["cup", "world"])
    assert not dictionaries.discarded([])


def test_a_missing_dictionary_is_named():
    with pytest.raises(DictionaryError, match="nowhere.txt: no such dictionary file"):
        dictionaries.use(["nowhere.txt"])


def test_actors_take_the_latest_code_and_drop_ambiguous_surnames():
    lines = [
        "JAMES_BYRNES_  ; note",
        "\t[USAELI 18970101-450703]",
        "\t[USAGOV 450703-470121]",
        "HAMID_KARZAI_  [AFGMIL]",
        "+KARZAI",
        "\t[AFGGOV 20011222-20140929]",
        "IMRAN_KHAN_ [PAKGOV]",
        "+KHAN",
        "ISMAIL_KHAN_ [AFGGOV]",
        "+KHAN",
        "HAMAS_ [PSEREB]",
    ]
    table = read_actors(lines, "a.txt")
    assert table["james byrnes"] == "USAGOV" and table["hamid karzai"] == table["karzai"] == "AFGGOV"
    assert table["hamas"] == "PSEREB" and "khan" not in table  # two countries: no one in particular


def test_a_listed_person_without_a_title_keeps_the_country_the_dictionary_gives(nlp):
    kg = build([Article("d", "Yasser Arafat met Hamid Karzai in Cairo.", "2004-05-01")], nlp=nlp)
    people = {e.label: (e.country, e.sector) for e in kg.entities.values() if e.type == "Person"}
    assert people["Yasser Arafat"] == ("PSE", "GOV") and people["Hamid Karzai"][0] == "AFG"


def test_the_rules_type_lists_are_checked():
    from graphbuild.events.lexicon import check_patterns

    text = '[types]\nattacks = ["ASSAULT"]\nprotests = ["PROTESTS"]\n'
    with pytest.raises(ValueError, match=r"x.toml:3: unknown event type 'PROTESTS' in 'protests'"):
        check_patterns({"types": {"attacks": ["ASSAULT"], "protests": ["PROTESTS"]}}, text, "x.toml")
    lexicon = load_lexicon()
    assert lexicon.types["attacks"] == {"ASSAULT"} and lexicon.conventions_to["riot"] == "PROTEST"


def test_primary_phrases_in_a_row_share_the_dates_after_them():
    """The Phoenix files list a leader's spellings one per line, then the dates."""
    lines = [
        "NURSULTAN_NAZARBAYEV_",
        "NAZARBAYEV",
        "PRESIDENT_NAZARBAYEV",
        "\t[KAZGOV 910424-190320]",
        "\t[KAZELI 190320-221231]",
        "",
        "LONE_PHRASE_",
        "",
        "KASSYM-JOMART_TOKAYEV_",
        "\t[KAZGOV 190320-]",
    ]
    table = read_actors(lines, "a.txt")
    assert table["nursultan nazarbayev"] == table["nazarbayev"] == table["president nazarbayev"] == "KAZELI"
    assert "lone phrase" not in table  # a blank line ends a run: no dates, no code
    assert table["kassym-jomart tokayev"] == "KAZGOV"


def test_a_first_name_the_model_left_out_of_a_listed_name(nlp):
    kg = build([Article("d", "The West African bloc threatened on Friday to remove Laurent Gbagbo by force.", "2010-12-20")], nlp=nlp)
    people = {e.label: e.country for e in kg.entities.values() if e.type == "Person"}
    assert people == {"Laurent Gbagbo": "CIV"}
