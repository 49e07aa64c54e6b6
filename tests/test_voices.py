"""What a user relies on when StoryLens says what kind of voice a speaker is and how much they get to say."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.article import Article
from toolkit.load import load_text
from toolkit.quotes import extract
from toolkit.voices import GROUPS, Speaker, classify, load_roles, quote_table, resolve, voice_table

ROOT = Path(__file__).resolve().parents[1]


def analysed(text: str, **kw) -> Article:
    art = load_text(text, id="t")
    extract(art)
    resolve(art, **kw)
    return art


def speaker(art: Article, name: str) -> Speaker:
    return next(s for s in art.speakers if s.name == name)


@pytest.fixture(scope="module")
def seeds(seed_pair) -> dict[str, Article]:
    """The example pair as analysed once for the whole test session (tests/conftest.py)."""
    return dict(zip(("cnn", "kimt"), seed_pair))


# --------------------------------------------------------------------------- the seed articles


class TestSeedVoices:
    @pytest.mark.parametrize("name, person, roles, group", [
        ("cnn", "Bruce Bechtol", {"academic"}, "expert"),
        ("kimt", "Bruce Bechtol", {"academic"}, "expert"),
        ("cnn", "William Courtney", {"former_official", "think_tank"}, "expert"),
        ("kimt", "William Courtney", {"former_official", "think_tank"}, "expert"),
        ("cnn", "Bruce Klingner", {"think_tank"}, "expert"),
        ("kimt", "Bruce Klingner", {"think_tank"}, "expert"),
        ("cnn", "Sergei Lavrov", {"official"}, "official"),
        ("kimt", "Maria Zakharova", {"spokesperson"}, "official"),
    ])
    def test_the_five_people_quoted_get_the_right_group(self, seeds, name, person, roles, group):
        s = speaker(seeds[name], person)
        assert s.role in roles and s.group == group
        assert s.rule and s.description and s.description in s.rule  # the evidence names the description

    def test_each_version_quotes_its_own_officials(self, seeds):
        people = {n: {s.name for s in a.speakers if s.kind == "person"} for n, a in seeds.items()}
        assert people["cnn"] - people["kimt"] == {"Sergei Lavrov"}
        assert people["kimt"] - people["cnn"] == {"Maria Zakharova"}

    def test_experts_dominate_both_versions(self, seeds):
        for art in seeds.values():
            vs = art.voice_share
            assert vs["expert_share"] == vs["by_group"]["expert"] > 0.8
            assert vs["by_group"]["official"] > 0.05

    def test_courtney_counts_every_quote_once(self, seeds):
        s = speaker(seeds["cnn"], "William Courtney")
        assert s.quotes == 7
        assert set(s.mentions) >= {"Courtney", "Ambassador Courtney", "he"}


# --------------------------------------------------------------------------- roles from descriptions


class TestRoles:
    @pytest.mark.parametrize("description, role, group", [
        ("a professor of political science at a state university", "academic", "expert"),
        ("a senior research fellow at a foundation", "think_tank", "expert"),
        ("retired US ambassador", "former_official", "expert"),
        ("a former deputy secretary of state", "former_official", "expert"),
        ("Russia's top diplomat", "official", "official"),
        ("foreign ministry spokeswoman", "spokesperson", "official"),
        ("the top Democrat on the House Intelligence Committee", "politician", "official"),
        ("a retired four-star general", "former_official", "expert"),
        ("the state attorney general", "official", "official"),
        ("a police detective", "police", "official"),
        ("a reporter for the local paper", "journalist", "media"),
        ("chief executive of a bank", "business", "business"),
        ("a human rights activist", "advocate", "advocate"),
        ("a longtime resident", "citizen", "citizen"),
        ("an analyst at a consultancy", "analyst", "expert"),
    ])
    def test_description_cues(self, description, role, group):
        assert classify([description])[:2] == (role, group)

    def test_the_first_rule_in_file_order_wins_and_is_kept_as_evidence(self):
        role, group, why, decided = classify(["Retired US ambassador",
                                              "who is now an adjunct senior fellow at the RAND Corporation"])
        assert (role, group, decided) == ("former_official", "expert", "Retired US ambassador")
        assert why == "rule former_official: 'retired … ambassador' in 'Retired US ambassador'"

    def test_former_needs_an_office_nearby(self):
        assert classify(["a former student who now teaches at a university"])[0] == "academic"

    def test_no_description_means_other(self):
        assert classify([])[:2] == ("other", "other")

    def test_organisations_are_judged_by_their_name_too(self):
        assert classify(["state news agency"], kind="organisation", name="TASS")[:2] == ("news_organisation", "media")
        assert classify([], kind="organisation", name="Brookings Institute")[:2] == ("think_tank", "expert")

    def test_unnamed_sources_form_their_own_group_and_keep_their_description(self):
        role, group, why, _ = classify(["a senior administration official"], kind="unnamed")
        assert (role, group) == ("unnamed", "unnamed")
        assert "described as official" in why

    def test_a_teacher_can_extend_the_roles_file(self, tmp_path):
        text = (ROOT / "toolkit" / "data" / "roles.toml").read_text(encoding="utf-8")
        text = text.replace("[[rules]]", '[[rules]]\nrole = "clergy"\ncues = ["pastor"]\n\n[[rules]]', 1)
        text = text.replace('other = "other"', 'other = "other"\nclergy = "citizen"')
        own = tmp_path / "roles.toml"
        own.write_text(text, encoding="utf-8")
        assert load_roles(own).rules[0].role == "clergy"
        art = analysed("“Pray for peace,” said John Hale, a pastor.", roles=own)
        assert (art.speakers[0].role, art.speakers[0].group) == ("clergy", "citizen")
        assert analysed("“Pray for peace,” said John Hale, a pastor.").speakers[0].role == "other"


# --------------------------------------------------------------------------- titles, roles and organisations


class TestTitlesRolesAndOrganisations:
    def test_a_chief_executive_named_with_a_title_of_two_words_is_business(self):
        art = analysed("“We are growing,” said Chief Executive Lena Varga.")
        s, = art.speakers
        assert (s.name, s.role, s.group, s.description) == ("Lena Varga", "business", "business", "Chief Executive")

    def test_its_ceo_and_the_named_chief_executive_are_one_business_speaker(self):
        art = analysed("Profits doubled last year, its CEO said on Tuesday.\n\n"
                       "Chief Executive Lena Varga founded the airline in 2001.\n\n"
                       "“We are growing,” Varga said.")
        s, = art.speakers
        assert (s.name, s.group, s.quotes) == ("Lena Varga", "business", 2)
        assert set(s.mentions) >= {"its CEO", "Varga"}

    def test_a_lede_description_gives_the_later_name_its_role(self):
        art = analysed("Harbor Bank's CEO says the merger was rushed.\n\n"
                       "The merger closed in May after months of talks.\n\n"
                       "“We moved too fast,” Lena Varga said at a conference in Denver.")
        s, = art.speakers
        assert (s.name, s.role, s.description) == ("Lena Varga", "business", "Harbor Bank's CEO")

    def test_an_organisation_nothing_describes_is_an_organisation_in_group_other(self):
        assert classify([], kind="organisation", name="Veltrix")[:3] == (
            "organisation", "other", "an organisation: nothing in the story says what kind")
        assert load_roles().defaults["organisation"] == "organisation"

    @pytest.mark.parametrize("text, name, role, group", [
        ("Veltrix said in a statement that it would close two plants.\n\n“We regret it,” the company said.",
         "Veltrix", "business", "business"),
        ("The agency said the dam would hold through the winter.", "agency", "official", "official"),
        ("The ministry said the dam would hold through the winter.", "ministry", "official", "official"),
        ("The newspaper reported that the mayor had resigned.", "newspaper", "news_organisation", "media"),
        ("Kestrel reported that the mayor had resigned.", "Kestrel", "news_organisation", "media"),
        ("The mayor had resigned, according to the Associated Press.", "Associated Press", "news_organisation",
         "media"),
    ])
    def test_organisations_are_grouped_by_what_the_story_calls_them(self, text, name, role, group):
        s = speaker(analysed(text), name)
        assert (s.kind, s.role, s.group) == ("organisation", role, group)
        assert s.rule

    def test_what_the_story_calls_an_organisation_comes_before_how_it_was_quoted(self):
        assert classify(["the company"], kind="organisation", name="Veltrix", verbs=["report"])[:2] == (
            "business", "business")
        assert classify([], kind="person", name="Ana Costa", verbs=["report"])[:2] == ("other", "other")

    def test_a_reporting_organisation_keeps_the_verb_as_evidence(self):
        s = speaker(analysed("Kestrel reported that the mayor had resigned."), "Kestrel")
        assert s.rule == "rule news_organisation: an organisation that 'reported'"

    def test_a_punctuation_description_is_no_description(self):
        assert classify(["."])[:3] == ("other", "other", "no description of the speaker in the story")
        art = load_text("“It worked,” said Ana Costa.", id="t")
        extract(art)
        art.meta["speaker_registry"][0]["descriptions"] = ["."]
        s, = resolve(art)
        assert s.description is None and s.role == "other"

    def test_an_age_is_a_description_but_not_a_role(self):
        s, = analysed("The 20-year-old Rico Vane said the charges were false.").speakers
        assert (s.name, s.role, s.description) == ("Rico Vane", "other", "The 20-year-old")

    def test_a_cause_named_justice_is_advocacy_not_an_office(self):
        assert classify(["co-chair of the Racial Justice Network"])[:2] == ("advocate", "advocate")
        assert classify(["a justice of the state supreme court"])[:2] == ("official", "official")

    def test_every_speaker_is_in_a_group_of_the_contract(self):
        art = analysed("Veltrix said it would close two plants.\n\nKestrel reported that talks had failed.\n\n"
                       "“We regret it,” said Chief Executive Lena Varga.\n\nOfficials said the plants were old.")
        assert {s.group for s in art.speakers} <= set(GROUPS)


# --------------------------------------------------------------------------- voice share


class TestVoiceShare:
    TEXT = ("“The sanctions are working and will keep working,” said Ana Ruiz, a professor of economics.\n\n"
            "A government spokesman said the talks would resume soon.\n\n"
            "State news agency TASS said the talks had stalled.\n\n"
            "“Nobody knows.”")

    def test_shares_of_words_and_of_quotes(self):
        art = analysed("“One two three four,” said Ana Ruiz, a professor.\n\n“Five six,” said Bob Ray, a police officer.")
        vs = art.voice_share
        assert vs["basis"] == "quoted words"
        assert vs["by_speaker"] == {"Ana Ruiz": round(4 / 6, 4), "Bob Ray": round(2 / 6, 4)}
        assert vs["by_group"]["expert"] == round(4 / 6, 4) and vs["by_group"]["official"] == round(2 / 6, 4)
        assert vs["by_speaker_quotes"] == {"Ana Ruiz": 0.5, "Bob Ray": 0.5}
        assert vs["expert_share"] == vs["by_group"]["expert"]
        assert set(vs["by_group"]) == set(GROUPS)

    def test_groups_of_organisations_and_unnamed_sources(self):
        art = analysed(self.TEXT)
        groups = {s.name: (s.kind, s.group) for s in art.speakers}
        assert groups["Ana Ruiz"] == ("person", "expert")
        assert groups["government spokesman"] == ("unnamed", "unnamed")
        assert groups["TASS"] == ("organisation", "media")
        assert abs(sum(art.voice_share["by_group"].values()) - 1) < 1e-3

    def test_partial_quotes_inside_indirect_ones_are_not_counted_twice(self):
        art = analysed("Lavrov said Moscow wanted “good relations” with Seoul.")
        s, = art.speakers
        assert (s.quotes, s.words) == (1, 6)  # the indirect quote: Moscow wanted good relations with Seoul

    def test_a_quotation_over_several_paragraphs_is_one_quote(self):
        art = analysed("Ana Ruiz said: “The first part.\n\n“The second part.”")
        assert (art.speakers[0].quotes, art.speakers[0].words) == (1, 6)

    def test_unattributed_words_are_left_out_of_the_shares(self):
        art = analysed(self.TEXT.split("\n\n")[-1])
        assert art.speakers == [] and art.voice_share["unattributed_words"] == 2
        assert art.voice_share["by_group"] == {} and art.voice_share["expert_share"] == 0.0

    def test_no_quotes_no_shares(self):
        art = analysed("The talks ended on Monday.")
        assert art.voice_share["by_speaker"] == {} and art.voice_share["words"] == 0


# --------------------------------------------------------------------------- tables and JSON


class TestTablesAndJson:
    def test_voice_table_is_tidy_and_sorted_by_words(self, seeds):
        df = voice_table(seeds["cnn"])
        assert list(df.columns[:8]) == ["name", "kind", "role", "group", "quotes", "words", "word_share", "quote_share"]
        assert df["name"].is_unique and list(df["words"]) == sorted(df["words"], reverse=True)
        assert abs(df["word_share"].sum() - 1) < 1e-3

    def test_quote_table_has_one_row_per_quote(self, seeds):
        art = seeds["kimt"]
        df = quote_table(art)
        assert list(df["id"]) == [q.id for q in art.quotes]
        zak = df[df["speaker"] == "Maria Zakharova"]
        assert set(zak["group"]) == {"official"} and set(zak["kind"]) >= {"direct", "partial", "indirect"}

    def test_tables_resolve_on_demand(self):
        art = load_text("“It works,” said Ana Ruiz, an economist.", id="t")
        extract(art)
        assert voice_table(art)["role"].tolist() == ["analyst"]

    def test_json_output_follows_the_contract(self, seeds):
        d = json.loads(seeds["cnn"].to_json())
        sp = d["speakers"][0]
        for key in ("name", "role", "group", "description", "quotes", "words"):
            assert key in sp
        assert set(d["voice_share"]) >= {"basis", "by_group", "by_speaker", "by_group_quotes",
                                         "by_speaker_quotes", "expert_share"}
        q = d["quotes"][0]
        for key in ("id", "text", "kind", "speaker", "mention", "cue", "paragraph", "sentiment"):
            assert key in q


class TestClassifySpeedup:
    """``classify`` splits each description once and skips cues whose first word is absent."""

    @staticmethod
    def _slow_match(rule, description: str):
        """The original matcher: split the description and scan every position for every cue."""
        from toolkit.voices import _find, _words

        words = _words(description)
        for cue in rule.cues:
            for at in _find(words, cue):
                if not rule.with_:
                    return " ".join(cue)
                after = words[at + len(cue):at + len(cue) + rule.within]
                for w in rule.with_:
                    if _find(after, w):
                        return f"{' '.join(cue)} … {' '.join(w)}"
        return None

    DESCRIPTIONS = (
        "Retired US ambassador", "who is now an adjunct senior fellow at a think tank",
        "Russia's Foreign Minister spokeswoman", "a professor of economics at Yale",
        "chief executive of Acme", "Rep.", "think-tank analyst", "former secretary of state",
        "a spokesman for the ministry", "the company", "—", "a senior research fellow at the Heritage Foundation",
        "who runs a bakery", "state news agency", "",
    )

    def test_every_rule_finds_the_same_cue_as_the_full_scan(self):
        from toolkit.voices import _match, _words

        roles = load_roles()
        for d in self.DESCRIPTIONS:
            words = _words(d)
            for rule in roles.rules:
                assert _match(rule, words, frozenset(words)) == self._slow_match(rule, d), (rule.role, d)

    def test_classify_decides_on_the_first_matching_description(self):
        role, _, why, decided = classify(["a resident", "a professor of economics"])
        assert (role, decided) == classify(["a professor of economics"])[::3]
        assert why.startswith("rule ") and decided == "a professor of economics"

    @classmethod
    def _every_rule_classify(cls, descriptions, kind, name, verbs):
        """The original classify: every rule in file order, each cue scanned for in every description."""
        roles = load_roles()
        texts = [d for d in descriptions if any(c.isalnum() for c in d)]
        if kind == "organisation" and name:
            texts.append(name)
        used = {v.lower() for v in verbs or ()}
        for rule in roles.rules:
            if rule.kinds and kind not in rule.kinds:
                continue
            verb = next((v for v in rule.verbs if v in used), None)
            if verb is not None:
                return ("verb", rule.role, verb)
            for d in texts:
                cue = cls._slow_match(rule, d)
                if cue is not None:
                    return ("cue", rule.role, cue, d)
        return None

    def test_classify_tries_only_the_rules_a_word_names_and_decides_as_every_rule_would(self):
        # random descriptions of cue words (first words, later words, companions) and other words
        import random

        roles = load_roles()
        vocabulary = sorted({w for r in roles.rules for c in (*r.cues, *r.with_) for w in c})
        vocabulary += ["the", "of", "a", "Mr.", "said", "—", "U.S.", "think-tank", "Rep.", "X"]
        rng = random.Random(8)
        for _ in range(3000):
            kind = rng.choice(["person", "organisation", "unnamed"])
            descriptions = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 6)))
                            for _ in range(rng.randint(0, 3))]
            verbs = rng.sample(["say", "report", "Report", "tell"], rng.randint(0, 2))
            name = rng.choice(["Acme", "Acme News"])
            role, group, why, decided = classify(descriptions, kind=kind, name=name, verbs=verbs)
            expected = self._every_rule_classify(descriptions, kind, name, verbs)
            if kind == "unnamed":
                assert role == "unnamed" and (expected is None or expected[0] == "verb" or decided == expected[3])
            elif expected is None:
                assert decided is None and why.startswith(("no ", "an organisation")), (descriptions, kind, why)
            elif expected[0] == "verb":
                assert (role, decided) == (expected[1], None) and why.startswith(f"rule {role}: an"), descriptions
            else:
                assert (role, decided) == (expected[1], expected[3]), (descriptions, kind)
                assert why == f"rule {role}: '{expected[2]}' in {expected[3]!r}"
