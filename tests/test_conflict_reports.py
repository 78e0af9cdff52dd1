"""How conflict and protest reports say things that the wire styles of
``test_real_styles.py`` do not: doers named by their deed, event nouns with
their parties, and what a crowd does to property."""

from __future__ import annotations

import pytest

from graphbuild.knowledge import gazetteer

from readings import graph_of as _graph, labelled as _events




@pytest.mark.parametrize("doers", ["Attackers", "Unknown attackers", "Two shooters"])
def test_doers_named_by_their_deed_are_an_unidentified_armed_group(nlp, doers):
    kg = _graph(nlp, f"{doers} set fire to a mosque near the market on Friday.")
    [ev] = kg.events
    assert ev.type == "ASSAULT" and kg.entities[ev.actor].sector == "UAF"


@pytest.mark.parametrize(
    "text",
    ["Students boycotted lectures at the main campus in Rangoon.", "Opposition parties in Harare boycotted the by-election."],
)
def test_a_civil_groups_boycott_is_its_protest(nlp, text):
    assert {t for t, _, _ in _events(_graph(nlp, text))} == {"PROTEST"}


def test_a_state_that_boycotts_still_sanctions(nlp):
    assert ("SANCTION", "Qatar", "Bahrain") in _events(_graph(nlp, "Qatar boycotted Bahrain's goods for a year."))


def test_an_agent_noun_opening_a_sentence_is_no_name(nlp):
    kg = _graph(nlp, "Farmers staged a sit-in outside the parliament in Tunis.")
    assert ("PROTEST", "Tunisia: farmers", None) in _events(kg)
    assert not any(e.key.startswith("org/") for e in kg.entities.values())


def test_a_leaders_name_before_an_agent_gives_the_leaders_country(nlp):
    kg = _graph(nlp, "The Biden administration blacklisted eight Chinese firms.")
    assert {(kg.entities[ev.actor].country, kg.entities[ev.actor].sector) for ev in kg.events} == {("USA", "GOV")}


def test_an_agent_named_by_its_group_acts_for_the_group(nlp):
    assert ("ASSAULT", "Hamas", "Israel") in _events(_graph(nlp, "Hamas gunmen fired on an Israeli patrol near Nablus."))


def test_the_object_of_a_particle_the_parser_took_for_a_preposition(nlp):
    assert ("COERCE", "Israel", "Palestine") in _events(_graph(nlp, "The Israeli army sealed off the West Bank on Friday."))


def test_a_place_by_its_kind_whatever_the_models_tag(nlp):
    kg = _graph(nlp, "Government troops regained control of the town of Palmyra on Sunday.")
    [ev] = [ev for ev in kg.events if ev.type == "COERCE"]
    assert kg.entities[ev.recipient].type == "Place" and ev.predicate == "regains control of"


def test_an_attack_a_clause_follows_is_not_its_subjects(nlp):
    kg = _graph(nlp, "Egyptian police detained 12 men after a bombing in Gaza.")
    label = {k: e.label for k, e in kg.entities.items()}
    assert not any(ev.type == "ASSAULT" and label[ev.actor] == "Egypt" for ev in kg.events)
    assert any(ev.type == "COERCE" for ev in kg.events)


def test_a_named_appositive_says_who_before_its_kind(nlp):
    assert ("COERCE", "Egypt", "Hamas") in _events(_graph(nlp, "Egypt detained 30 members of the Palestinian group Hamas."))


def test_the_doer_of_a_means_clause_is_the_main_clauses(nlp):
    kg = _graph(nlp, "The Israeli army answered by shelling villages in southern Lebanon.")
    assert {(ev.type, ev.actor, kg.entities[ev.recipient].country) for ev in kg.events} == {("ASSAULT", "country/ISR", "LBN")}


def test_a_pattern_word_after_the_object_completes_it(nlp):
    kg = _graph(nlp, "Rioters set cars ablaze in Dhaka.")
    assert {t for t, _, _ in _events(kg)} == {"PROTEST"}


@pytest.mark.parametrize("text, sector", [
    ("Supporters of the former president stoned police in Kinshasa.", "CVL"),
    ("Youths hurled petrol bombs at soldiers in Belfast.", "CVL"),
    ("The opposition boycotted the census in Lusaka.", "OPP"),
])
def test_crowds_named_by_who_they_are(nlp, text, sector):
    kg = _graph(nlp, text)
    assert {kg.entities[ev.actor].sector for ev in kg.events} == {sector}


def test_a_city_the_country_dictionary_lists_is_a_place_when_tagged_as_an_organization(nlp):
    kg = _graph(nlp, "Youths torched cars in the suburbs of Lyon.")
    [ev] = kg.events
    assert ev.location == "place/lyon" and kg.entities[ev.actor].country == "FRA"


def test_a_measure_of_talks_is_carried_as_the_talks(nlp):
    assert ("CONSULT", "Ghana", "Togo") in _events(_graph(nlp, "Ghana held two days of talks with Togo in Accra."))


@pytest.mark.parametrize("text, kind, sector", [
    ("Police made hundreds of arrests in Lahore on Friday.", "COERCE", "COP"),
    ("Nurses in Lagos began an indefinite strike on Monday.", "PROTEST", "HLH"),
])
def test_a_doing_verb_carries_an_event_with_no_recipient(nlp, text, kind, sector):
    kg = _graph(nlp, text)
    events = kg.events
    assert [ev.type for ev in events] == [kind] and events[0].recipient is None
    assert kg.entities[events[0].actor].sector == sector
    assert events[0].mode != "riot"  # a strike "on Monday" strikes no one


def test_lobbed_grenades_and_traded_fire(nlp):
    assert {t for t, _, _ in _events(_graph(nlp, "Militants lobbed a grenade at a bus in Srinagar."))} == {"ASSAULT"}
    assert {("ASSAULT", "India", "Pakistan"), ("ASSAULT", "Pakistan", "India")} <= _events(
        _graph(nlp, "Indian and Pakistani troops traded fire across the frontier."))


def test_things_handed_back_are_returned(nlp):
    kg = _graph(nlp, "Russia handed back three Ukrainian naval vessels on Monday.")
    assert [(ev.type, ev.mode) for ev in kg.events] == [("RETREAT", "return")]


@pytest.mark.parametrize("text, kind", [
    ("Gunmen seized 12 passengers from a bus in Zamfara state.", "ASSAULT"),
    ("Police seized 12 suspects in Zamfara state.", "COERCE"),
])
def test_people_seized_by_armed_groups_are_abducted(nlp, text, kind):
    assert {ev.type for ev in _graph(nlp, text).events} == {kind}


def test_a_vehicle_that_hit_a_mine_was_attacked_by_whoever_laid_it(nlp):
    kg = _graph(nlp, "A police truck hit a landmine near Gao on Sunday.")
    [ev] = kg.events
    assert ev.type == "ASSAULT" and kg.entities[ev.actor].type == "Unidentified"
    assert kg.entities[ev.recipient].sector == "COP" and kg.entities[ev.recipient].country == "MLI"


def test_a_region_named_after_its_city_is_of_the_citys_country():
    from graphbuild.entities.classify import _region

    assert _region("kharkiv region", gazetteer.load()) == "UKR"
    assert _region("kharkiv", gazetteer.load()) is None  # the city alone is a city, not a region


def test_an_organization_owned_by_a_country_is_of_that_country(nlp):
    kg = _graph(nlp, "Egypt's Supreme Council of Antiquities rejected a German request.")
    assert {kg.entities[ev.actor].country for ev in kg.events} == {"EGY"}


def test_envoys_from_two_sides_are_the_two_sides(nlp):
    assert ("CONSULT", "Sudan", "South Sudan") in _events(_graph(nlp, "Envoys from Sudan and South Sudan held talks in Addis Ababa."))


def test_fighting_between_two_sides_and_what_fighting_did(nlp):
    kg = _graph(nlp, "Fighting between Armenian and Azerbaijani troops flared near the border on Tuesday.")
    assert {("ASSAULT", "Armenia", "Azerbaijan"), ("ASSAULT", "Azerbaijan", "Armenia")} <= _events(kg)
    kg = _graph(nlp, "Fighting killed nine people in Tripoli overnight.")
    assert {(ev.type, kg.entities[ev.actor].type) for ev in kg.events} == {("ASSAULT", "Unidentified")}


def test_what_one_is_accused_of_doing_is_no_event_of_the_accuser(nlp):
    kg = _graph(nlp, "Ghana accused Togo of shelling villages along the border.")
    assert {(ev.type, ev.actor) for ev in kg.events} == {("ACCUSE", "country/GHA")}


def test_a_country_named_as_a_groups_home_is_the_groups(nlp):
    kg = _graph(nlp, "A Kenya-based rights group condemned the mass arrests of lawyers in Kampala.")
    countries = {(ev.type, kg.entities[ev.actor].country) for ev in kg.events}
    assert ("ACCUSE", "KEN") in countries
    # The arrests were Uganda's, where they were made: the group's home places no one else.
    assert ("COERCE", "UGA") in countries and ("COERCE", "KEN") not in countries


def test_a_large_city_taken_for_a_title_is_the_city_where_it_is_the_place(nlp):
    kg = _graph(nlp, "A bomb exploded beside a police van in Quetta on Monday morning.")
    assert {kg.entities[ev.recipient].country for ev in kg.events if ev.recipient} == {"PAK"}


@pytest.mark.parametrize("text", [
    "Protesters smashed shop windows along the main avenue of Quito.",
    "Striking dockworkers dynamited a bridge outside Antofagasta.",
])
def test_a_crowd_damaging_things_riots(nlp, text):
    kg = _graph(nlp, text)
    assert [(ev.type, ev.mode) for ev in kg.events] == [("PROTEST", "riot")]


def test_rebels_damaging_things_attack(nlp):
    kg = _graph(nlp, "Rebels dynamited a railway bridge north of Kisangani.")
    assert [ev.type for ev in kg.events] == ["ASSAULT"]


def test_a_labour_body_on_strike_protests(nlp):
    kg = _graph(nlp, "The Nigeria Labour Congress held a general strike on Tuesday.")
    assert [(ev.type, ev.mode) for ev in kg.events] == [("PROTEST", "strike")]


def test_the_target_of_a_thrown_weapon_is_attacked(nlp):
    kg = _graph(nlp, "A grenade thrown at a wedding party in Jalalabad killed two guests.")
    [ev] = kg.events
    assert ev.type == "ASSAULT" and ev.recipient is not None and kg.entities[ev.recipient].country == "AFG"


def test_a_truce_two_sides_agreed_is_between_them_wherever_it_holds(nlp):
    kg = _graph(nlp, "Russia and Turkey agreed on Thursday to a truce in Idlib.")
    [ev] = [ev for ev in kg.events if ev.type == "RETREAT"]
    assert {ev.actor, ev.recipient} == {"country/RUS", "country/TUR"} and ev.location == "place/idlib"


def test_a_mediator_meets_the_subjects_of_every_conjoined_clause(nlp):
    text = "Armenia freed six soldiers on Friday, and Azerbaijan returned two bodies hours later, under a deal brokered by Georgia."
    found = {(ev.actor, ev.recipient) for ev in _graph(nlp, text).events if ev.type == "CONSULT"}
    assert {("country/GEO", "country/ARM"), ("country/GEO", "country/AZE")} <= found


def test_people_held_hostage_were_held_by_someone(nlp):
    kg = _graph(nlp, "The army freed four aid workers held hostage in Kidal.")
    events = {(ev.type, kg.entities[ev.actor].type) for ev in kg.events}
    assert ("RETREAT", "Country") in events or ("RETREAT", "Organization") in events
    held = [ev for ev in kg.events if ev.type == "ASSAULT"]
    assert held and all(kg.entities[ev.actor].type == "Unidentified" for ev in held)


def test_force_used_for_a_purpose_hung_on_its_object(nlp):
    kg = _graph(nlp, "Soldiers fired live ammunition to disperse mourners in Bamako.")
    assert {(ev.type, kg.entities[ev.recipient].sector) for ev in kg.events if ev.recipient} == {("ASSAULT", "CVL")}


def test_a_clash_between_crowds_is_a_fight_not_a_riot(nlp):
    kg = _graph(nlp, "Clashes broke out between rival youths in Kisumu on Sunday.")
    assert {ev.type for ev in kg.events} == {"ASSAULT"}


def test_an_event_noun_a_participle_plans_or_cancels(nlp):
    kg = _graph(nlp, "Police detained 20 activists in Lusaka ahead of a planned rally.")
    assert {(ev.type, ev.status) for ev in kg.events} >= {("COERCE", "asserted"), ("PROTEST", "planned")}


def test_two_verbs_sharing_the_second_ones_object(nlp):
    kg = _graph(nlp, "Riot police in Baku clubbed and detained dozens of opposition supporters.")
    assert {(ev.type, kg.entities[ev.recipient].sector) for ev in kg.events} == {("ASSAULT", "OPP"), ("COERCE", "OPP")}


def test_a_size_named_after_a_country_is_no_countrys(nlp):
    kg = _graph(nlp, "Troops retook a Belgium-sized area held by the rebels in Kivu.")
    assert "BEL" not in {kg.entities[k].country for ev in kg.events for k in (ev.actor, ev.recipient) if k}


def test_a_building_seized_from_people_is_no_abduction(nlp):
    kg = _graph(nlp, "Rebel fighters seized the headquarters of the presidential guard in Bangui.")
    assert {ev.type for ev in kg.events} == {"COERCE"}


def test_a_halt_ordered_to_operations_is_a_ceasefire(nlp):
    kg = _graph(nlp, "Armenia's president ordered a halt to military operations in Nagorno-Karabakh.")
    assert [(ev.type, ev.mode) for ev in kg.events] == [("RETREAT", "ceasefire")]


def test_forces_deployed_with_no_one_named_are_their_states_doing(nlp):
    kg = _graph(nlp, "Nigerian troops were deployed in the Niger Delta on Sunday.")
    assert [(ev.type, kg.entities[ev.actor].country) for ev in kg.events] == [("MOBILIZE", "NGA")]


def test_a_report_naming_no_place_is_of_its_head_of_states_country(nlp):
    kg = _graph(nlp, "Peruvian President Alberto Fujimori said police had arrested 40 rebels.")
    assert {kg.entities[ev.actor].country for ev in kg.events if ev.type == "COERCE"} == {"PER"}


@pytest.mark.parametrize(
    "text, dead",
    [
        ("Two Kenyan policemen died in an attack on their barracks.", "Kenya"),
        ("Four Malian soldiers died in an air strike near Gao on Sunday.", "Mali"),
        ("Three Iraqi protesters died of wounds on Tuesday.", "Iraq"),
        ("Six Burkinabe soldiers died on Sunday.", "Burkina Faso"),
    ],
)
def test_the_dead_of_an_attack_are_its_target(nlp, text, dead):
    found = _events(_graph(nlp, text))
    assert any(k == "ASSAULT" and a.startswith("unidentified") and (r or "").startswith(dead) for k, a, r in found)
    assert not any(a.startswith(dead) for _, a, _ in found)


def test_a_death_alone_is_no_attack(nlp):
    assert _events(_graph(nlp, "Former Zambian president Kenneth Kaunda died on Thursday aged 97.")) == set()


def test_forces_under_fire_are_attacked_a_minister_under_fire_is_criticised(nlp):
    found = _events(_graph(nlp, "Nigerian troops came under fire from Boko Haram near Maiduguri."))
    assert any(k == "ASSAULT" and a == "Boko Haram" and (r or "").startswith("Nigeria") for k, a, r in found)
    found = _events(_graph(nlp, "The Nigerian finance minister came under fire from Boko Haram."))
    assert found and not any(k == "ASSAULT" for k, _, _ in found)
