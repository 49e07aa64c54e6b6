"""What a user relies on when StoryLens finds quotes and says who spoke them."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from toolkit.article import Article, Paragraph
from toolkit.datasets import shared_data
from toolkit.load import load_text
from toolkit.quotes import Quote, extract, find_quotations, load_cues

ROOT = Path(__file__).resolve().parents[1]


def quotes_of(text: str, **kw) -> list[Quote]:
    """Quotes of a text whose paragraphs are separated by blank lines (all body)."""
    return extract(load_text(text, id="t"), **kw)


def said(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, text, speaker) of every quote."""
    return [(q.kind, q.text, q.speaker) for q in quotes_of(text)]


@pytest.fixture(scope="module")
def seeds(seed_pair) -> dict[str, Article]:
    """The example pair as analysed once for the whole test session (tests/conftest.py)."""
    return dict(zip(("cnn", "kimt"), seed_pair))


# --------------------------------------------------------------------------- direct quotes


class TestDirectQuotes:
    def test_speaker_after_the_quote_with_inverted_cue(self):
        q, = quotes_of("“We are very happy about the invitation,” said Bruce Okafor, a professor at a university.")
        assert (q.kind, q.text, q.speaker, q.mention, q.cue) == (
            "direct", "We are very happy about the invitation", "Bruce Okafor", "Bruce Okafor", "said")
        assert q.rule == "the words, then cue and speaker: “said Bruce Okafor”"

    def test_speaker_after_the_quote_in_normal_order(self):
        q, = quotes_of("“This is about getting Russia on board,” Okafor told CNN.")
        assert (q.kind, q.speaker, q.cue) == ("direct", "Okafor", "told")

    def test_speaker_before_the_quote(self):
        assert said('The minister said: "We will not negotiate."') == [("direct", "We will not negotiate.", "minister")]
        assert said("Jane Ortiz said, “We will not negotiate.”")[0][2] == "Jane Ortiz"

    def test_attribution_inside_a_split_quotation(self):
        qs = quotes_of("“We tried,” she said, “and we failed.”")
        assert [q.text for q in qs] == ["We tried", "and we failed."]
        assert qs[0].mention == qs[1].mention == "she"

    def test_quote_continues_after_its_attribution_in_the_same_paragraph(self):
        qs = quotes_of("“Since January, Kim has changed,” said Ann Lee. “He is engaging now.”")
        assert [q.speaker for q in qs] == ["Ann Lee", "Ann Lee"]
        assert qs[1].mention is None and "continues" in qs[1].rule

    def test_question_mark_inside_the_quotation(self):
        q, = quotes_of("“Why now?” asked Tom Brandt.")
        assert (q.text, q.speaker, q.cue) == ("Why now?", "Tom Brandt", "asked")

    def test_signature_after_a_quotation(self):
        q, = quotes_of("“The deal is off.” — Donald J. Trump (@realDonaldTrump) September 26, 2016")
        assert q.speaker == "Donald J. Trump" and q.cue == "—"

    def test_transcript_speaker_label(self):
        qs = quotes_of("WALLACE: Will she be there?\n\nPENCE: She will not be attending the debate.")
        assert [(q.kind, q.speaker) for q in qs] == [("direct", "Wallace"), ("direct", "Pence")]


# --------------------------------------------------------------------------- partial and indirect


class TestPartialAndIndirect:
    def test_partial_quote_inside_reported_speech(self):
        qs = quotes_of("Lavrov said Moscow wanted to develop “good neighborly relations” with North Korea.")
        assert [(q.kind, q.text) for q in qs] == [
            ("indirect", "Moscow wanted to develop “good neighborly relations” with North Korea"),
            ("partial", "good neighborly relations")]
        assert qs[1].within == qs[0].id and {q.speaker for q in qs} == {"Lavrov"}

    def test_partial_quote_before_an_inverted_attribution(self):
        qs = quotes_of("Kim is alternating “provocations with charm offensives,” said Bruce Klein, a senior fellow.")
        assert [(q.kind, q.speaker) for q in qs] == [("indirect", "Bruce Klein"), ("partial", "Bruce Klein")]

    @pytest.mark.parametrize("text, content", [
        ("Courtney said the pressure had worked.", "the pressure had worked"),
        ("Courtney said that the pressure had worked.", "the pressure had worked"),
        ("Courtney told reporters on Tuesday that the pressure had worked.", "the pressure had worked"),
        ("According to Courtney, the pressure had worked.", "the pressure had worked"),
        ("The pressure had worked, according to Courtney.", "The pressure had worked"),
        ("The pressure had worked, Courtney said.", "The pressure had worked"),
        ("That all ended in 1991, said Courtney, when the wall came down.", "That all ended in 1991"),
        ("Courtney added so far, the policy has succeeded.", "so far, the policy has succeeded"),
    ])
    def test_indirect_quote_patterns(self, text, content):
        q, = quotes_of(text)
        assert (q.kind, q.text, q.speaker) == ("indirect", content, "Courtney")

    @pytest.mark.parametrize("cue", ["told", "added", "argued", "warned", "wrote", "tweeted", "insisted",
                                     "claimed", "noted", "explained", "announced"])
    def test_cue_verbs_beyond_said(self, cue):
        q, = quotes_of(f"Maria Diaz {cue} that the talks would fail.")
        assert (q.kind, q.speaker, q.cue) == ("indirect", "Maria Diaz", cue)

    def test_participle_keeps_the_speaker_of_the_sentence(self):
        qs = quotes_of("“We will win,” Lavrov said, adding that Russia would continue “humanitarian assistance.”")
        assert [(q.kind, q.cue, q.speaker) for q in qs] == [
            ("direct", "said", "Lavrov"), ("indirect", "adding", "Lavrov"), ("partial", "adding", "Lavrov")]

    def test_reporting_verbs_need_a_clause(self):
        assert quotes_of("He announced Bolton's installation as his adviser on Twitter.") == []
        assert quotes_of("She added sugar to the tea.") == []

    def test_negated_and_passive_cues_quote_nothing(self):
        assert quotes_of("The minister did not say whether the talks would resume.") == []
        assert quotes_of("He declined to say what the talks would bring.") == []
        assert quotes_of("The talks are said to have failed badly.") == []

    def test_cue_words_inside_a_quotation_do_not_count(self):
        q, = quotes_of("“That is to say, he said nothing,” Bechtol added.")
        assert (q.kind, q.speaker, q.cue) == ("direct", "Bechtol", "added")


# --------------------------------------------------------------------------- across paragraphs


class TestAcrossParagraphs:
    def test_quote_running_over_paragraphs(self):
        qs = quotes_of("Jane Ortiz said: “The first part ends here.\n\n“The second part goes on.\n\n"
                       "“And this is the end.”")
        assert [q.speaker for q in qs] == ["Jane Ortiz"] * 3
        assert [q.continues for q in qs] == [None, qs[0].id, qs[0].id]
        assert [q.paragraph for q in qs] == [0, 1, 2]

    def test_unattributed_quote_paragraph_continues_the_previous_speaker(self):
        qs = quotes_of("“Those are hardliners,” Courtney said.\n\n“The North Koreans are concerned.”")
        assert [q.speaker for q in qs] == ["Courtney", "Courtney"]
        assert qs[1].mention is None and "previous paragraph" in qs[1].rule

    def test_a_heading_stops_the_previous_speaker(self):
        art = Article(id="t", paragraphs=[
            Paragraph(0, "“Those are hardliners,” Courtney said."),
            Paragraph(1, "A new section", kind="heading"),
            Paragraph(2, "“The North Koreans are concerned.”"),
        ])
        assert [q.speaker for q in extract(art)] == ["Courtney", None]

    def test_colon_at_the_end_of_a_paragraph_introduces_the_next(self):
        qs = quotes_of("Caddell continued:\n\n“The health issue is a partisan issue.”")
        assert [(q.speaker, q.paragraph) for q in qs] == [("Caddell", 1)]

    def test_captions_between_paragraphs_do_not_interrupt(self):
        art = Article(id="t", paragraphs=[
            Paragraph(0, "“Those are hardliners,” Courtney said."),
            Paragraph(1, "02:17 - Source: CNN", kind="caption"),
            Paragraph(2, "“The North Koreans are concerned.”"),
        ])
        assert [q.speaker for q in extract(art)] == ["Courtney", "Courtney"]


# --------------------------------------------------------------------------- speakers


class TestSpeakers:
    def test_full_name_surname_title_and_pronoun_are_one_speaker(self):
        qs = quotes_of("Retired US ambassador William Courtney said the pressure worked.\n\n"
                       "“It is a problem,” said Courtney.\n\n"
                       "For Russia, it is complicated, said Ambassador Courtney.\n\n"
                       "“It is overtaxed,” he told CNN.")
        assert {q.speaker for q in qs} == {"William Courtney"}
        assert [q.mention for q in qs] == ["Retired US ambassador William Courtney", "Courtney",
                                           "Ambassador Courtney", "he"]

    def test_lone_surname_is_completed_from_the_story(self):
        qs = quotes_of("The minister met Russia’s top diplomat, Sergei Lavrov, on Monday.\n\n"
                       "“We are happy,” Lavrov said.")
        assert qs[0].speaker == "Sergei Lavrov"
        assert "as the story names them" in qs[0].rule

    def test_pronouns_follow_gender(self):
        qs = quotes_of("“We are ready,” said Maria Lopez, a spokeswoman.\n\n"
                       "“It is late,” said Mr. Brown.\n\n"
                       "“Nothing has changed,” she said.")
        assert [q.speaker for q in qs] == ["Maria Lopez", "Brown", "Maria Lopez"]

    def test_relative_pronoun_takes_the_noun_before_it(self):
        q, = quotes_of("The talks were praised by Ana Ruiz, who said the deal would hold.")
        assert (q.speaker, q.mention) == ("Ana Ruiz", "who")

    @pytest.mark.parametrize("text, speaker", [
        ("Officials said the border would stay closed.", "Officials"),
        ("A spokesperson said the border would stay closed.", "spokesperson"),
        ("State news agency TASS said the border would stay closed.", "TASS"),
        ("Some observers argue the border will stay closed.", "Some observers"),
    ])
    def test_organisations_and_unnamed_sources_are_speakers(self, text, speaker):
        q, = quotes_of(text)
        assert q.speaker == speaker

    def test_appositive_name_after_a_description(self):
        q, = quotes_of("The state’s campaign chairman, Phil Lovas, said he has not seen the letter.")
        assert q.speaker == "Phil Lovas"

    @pytest.mark.parametrize("text, speaker", [
        ("“It was the least bad outcome,” Mr. Morgan of the Sierra Club said.", "Morgan"),
        ("“Let everyone know,” French President Francois Hollande said Friday as he entered the talks.",
         "Francois Hollande"),
        ("“God forbid we ask,” Gowdy said sarcastically.", "Gowdy"),
        ("Said Ellis: “I don’t get the sense she is interested.”", "Ellis"),
        ("“We are united,” Rep. Gwen Moore (D-Wis.) said.", "Gwen Moore"),
        ("Dean, a former party chairman, poked at Trump, tweeting, “Notice the sniffing.”", "Dean"),
        ("Rubio thanked Miami and said it was great to be home.", "Rubio"),
        ("Experts on North Korea and nuclear nonproliferation said the test could change that.",
         "Experts on North Korea and nuclear nonproliferation"),
        ("During his years in office, Mr. Obama said, a majority of Americans have come to believe it.", "Obama"),
    ])
    def test_speaker_patterns_from_news_text(self, text, speaker):
        qs = quotes_of(text)
        assert qs and {q.speaker for q in qs} == {speaker}

    def test_registry_keeps_descriptions_for_roles(self):
        art = load_text("“It worked,” said Courtney, who is now an adjunct senior fellow at a think tank.", id="t")
        extract(art)
        person, = art.meta["speaker_registry"]
        assert person["name"] == "Courtney"
        assert any("adjunct senior fellow" in d for d in person["descriptions"])


# --------------------------------------------------------------------------- who a mention is


def registry_of(text: str) -> dict[str, dict]:
    """The speaker registry of a text, by speaker name."""
    art = load_text(text, id="t")
    extract(art)
    return {r["name"]: r for r in art.meta["speaker_registry"]}


class TestParticipleOpeners:
    """A participle opening a sentence ("Speaking at ...,") is not a name: the subject follows its comma."""

    @pytest.mark.parametrize("opener", [
        "Speaking at a trade fair in Lyon on Monday,",
        "Asked about the strike,",
        "Referring to the flood (and the cost, too),",
        "Writing in a farming weekly,",
    ])
    def test_the_pronoun_goes_to_the_subject_after_the_participle(self, opener):
        qs = quotes_of(f"{opener} Marta Keller praised the new ovens. “We will bake more bread,” she said.")
        assert [q.speaker for q in qs] == ["Marta Keller"]
        assert "Marta Keller" in qs[0].rule

    def test_a_participle_continuing_the_speaker_skips_the_opening_phrase(self):
        q, = quotes_of("Speaking to reporters in Oslo, Ana Costa criticised the budget, saying that the river "
                       "defences would fail.")
        assert (q.kind, q.speaker, q.cue) == ("indirect", "Ana Costa", "saying")

    def test_a_surname_ending_in_ing_is_still_a_name(self):
        q, = quotes_of("Fleming said the harvest was late.")
        assert q.speaker == "Fleming"


class TestTitlesOfSeveralWords:
    """"Chief Executive", "executive director", "press secretary": the title describes, the name names."""

    @pytest.mark.parametrize("text, description", [
        ("“We will expand,” said Chief Executive Lena Varga.", "Chief Executive"),
        ("“We will expand,” said chief executive officer Lena Varga.", "chief executive officer"),
        ("Executive Director Lena Varga said the shelter was full.", "Executive Director"),
        ("Press Secretary Lena Varga said the shelter was full.", "Press Secretary"),
        ("Co-Founder Lena Varga said the shelter was full.", "Co-Founder"),
    ])
    def test_the_title_is_the_description_not_the_name(self, text, description):
        q, = quotes_of(text)
        assert q.speaker == "Lena Varga"
        assert description in registry_of(text)["Lena Varga"]["descriptions"]

    def test_a_lone_surname_is_completed_without_the_title(self):
        text = ("Chief Executive Lena Varga, speaking at a summit, promised cheaper flights.\n\n"
                "“We got the timing wrong,” Varga said.")
        q, = quotes_of(text)
        assert q.speaker == "Lena Varga"
        assert registry_of(text)["Lena Varga"]["descriptions"] == ["Chief Executive"]

    def test_two_titles_joined_by_and_belong_to_one_person(self):
        q, = quotes_of("The ovens failed, the bakery’s co-founder and chief executive Lena Varga said on Monday.")
        assert q.speaker == "Lena Varga"
        text = ("Speaking at a summit, the firm’s co-founder and CEO Lena Varga admitted mistakes. "
                "“We moved too fast,” she said.")
        assert [q.speaker for q in quotes_of(text)] == ["Lena Varga"]
        assert "the firm’s co-founder and CEO" in registry_of(text)["Lena Varga"]["descriptions"]

    def test_two_people_joined_by_and_stay_two(self):
        q, = quotes_of("Both Mr. Dale and Mr. Moss say the bridge is unsafe.")
        assert q.speaker == "Dale and Moss"


class TestDefiniteDescriptions:
    """"the CEO", "its CEO", "Acme’s CEO" are the one person the story describes so."""

    def test_a_role_is_the_person_described_later_in_the_story(self):
        text = ("Profits doubled last year, its CEO said on Tuesday.\n\n"
                "Chief Executive Lena Varga founded the airline in 2001.\n\n"
                "“We are growing,” Varga said.")
        qs = quotes_of(text)
        assert [q.speaker for q in qs] == ["Lena Varga", "Lena Varga"]
        assert qs[0].mention == "its CEO"
        assert "the one person the story describes as CEO" in qs[0].rule  # "CEO" = "chief executive"

    @pytest.mark.parametrize("mention", ["Harbor Bank's CEO", "Harbor Bank 's CEO", "CEO"])
    def test_org_role_name_gives_the_name_described_by_org_and_role(self, mention):
        text = f"{mention} Lena Varga says rates will rise."
        q, = quotes_of(text)
        assert q.speaker == "Lena Varga"
        described = registry_of(text)["Lena Varga"]["descriptions"]
        assert described == [mention.replace(" 's", "'s")]

    def test_a_possessive_written_apart_is_one_word(self):
        q, = quotes_of("Harbor Bank 's CEO says rates will rise.")
        assert q.speaker == "Harbor Bank's CEO"  # an unnamed role, never a person called "CEO"

    def test_the_professor_is_the_one_professor_quoted_before(self):
        qs = quotes_of("“The samples are clean,” said Mina Okoro, a professor of chemistry.\n\n"
                       "The professor said the results were clear.")
        assert [q.speaker for q in qs] == ["Mina Okoro", "Mina Okoro"]
        assert "'The professor' = Mina Okoro" in qs[1].rule

    def test_two_people_described_so_means_no_guess(self):
        qs = quotes_of("“The samples are clean,” said Mina Okoro, a professor of chemistry.\n\n"
                       "“They are not,” said Ivo Petrov, a professor of physics.\n\n"
                       "The professor said the results were clear.")
        assert [q.speaker for q in qs] == ["Mina Okoro", "Ivo Petrov", "professor"]

    def test_someone_elses_role_is_not_the_person_described_so(self):
        qs = quotes_of("“We will appeal,” said Ivo Petrov, a lawyer.\n\nHis lawyer said the case was weak.")
        assert qs[1].speaker != "Ivo Petrov"

    def test_a_lede_description_is_the_person_named_at_the_first_quote(self):
        text = ("Harbor Bank's CEO says the merger was rushed.\n\n"
                "The merger closed in May after months of talks.\n\n"
                "“We moved too fast,” Lena Varga said at a conference in Denver.")
        qs = quotes_of(text)
        assert [q.speaker for q in qs] == ["Lena Varga", "Lena Varga"]
        assert "quoted after it" in qs[0].rule and qs[0].mention == "Harbor Bank's CEO"
        assert registry_of(text)["Lena Varga"]["descriptions"] == ["Harbor Bank's CEO"]

    def test_a_lede_description_is_not_guessed_when_two_people_could_be_meant(self):
        qs = quotes_of("Harbor Bank's CEO says the merger was rushed.\n\n"
                       "“We moved too fast,” Lena Varga said.\n\n“It was fine,” Ivo Petrov said.")
        assert qs[0].speaker == "Harbor Bank's CEO"


class TestOrganisations:
    def test_the_company_is_the_one_organisation_quoted_by_name(self):
        qs = quotes_of("Veltrix said in a statement that it would close two plants.\n\n"
                       "“We regret the decision,” the company said.")
        assert [q.speaker for q in qs] == ["Veltrix", "Veltrix"]
        assert "the one organisation the story quotes by name" in qs[1].rule
        reg = registry_of("Veltrix said in a statement that it would close two plants.\n\n"
                          "“We regret the decision,” the company said.")
        assert reg["Veltrix"]["kind"] == "organisation" and "the company" in reg["Veltrix"]["descriptions"]

    @pytest.mark.parametrize("text", [
        "Veltrix CEO Lena Varga resigned. Veltrix said its profits had fallen sharply.",
        "The streaming service Veltrix said its profits had fallen sharply.",
        "Veltrix, which employs 900 people, said its profits had fallen sharply.",
        "Veltrix backtracked on its pricing plan. Veltrix said its profits had fallen sharply.",
    ])
    def test_a_one_word_name_the_story_treats_as_a_company_is_an_organisation(self, text):
        assert registry_of(text)["Veltrix"]["kind"] == "organisation"

    def test_a_one_word_name_with_his_or_her_is_a_person(self):
        assert registry_of("Marsh said his team would win.")["Marsh"]["kind"] == "person"

    def test_a_news_organisation_that_reported_is_an_organisation(self):
        reg = registry_of("Kestrel reported that the deal had collapsed.")
        assert reg["Kestrel"]["kind"] == "organisation" and reg["Kestrel"]["cues"] == ["report"]

    def test_who_was_told_is_not_who_spoke(self):
        q, = quotes_of("“The river will rise,” Ana Costa, a hydrologist, told Radio Delta.")
        assert q.speaker == "Ana Costa"

    def test_a_time_between_speaker_and_cue_is_skipped(self):
        q, = quotes_of("Veltrix on Friday said it would close two plants.")
        assert q.speaker == "Veltrix"


class TestDescriptionsAreWords:
    def test_a_full_stop_before_a_name_is_no_description(self):
        reg = registry_of("The vote was close. Ana Costa said the count was fair.")
        assert reg["Ana Costa"]["descriptions"] == []

    def test_a_clause_after_a_name_is_no_description(self):
        reg = registry_of("“We regret it,” Veltrix said.\n\nThe music stays on Veltrix, the service won't promote it.")
        assert not any("promote" in d for d in reg["Veltrix"]["descriptions"])

    def test_a_passive_second_verb_reports_nothing(self):
        assert quotes_of("The label dropped him, while the 20-year-old Rico Vane has been arrested and charged "
                         "with aggravated battery of a neighbour and witness tampering.") == []


# --------------------------------------------------------------------------- not speech


class TestNotSpeech:
    def test_scare_quotes_and_terms_get_no_quote_and_no_speaker(self):
        art = load_text("Since its founding, North Korea has promoted the ideology of “juche,” or “self-reliance.”",
                        id="t")
        assert extract(art) == []
        reasons = art.meta["quote_marks_not_speech"]
        assert [r["text"] for r in reasons] == ["juche,", "self-reliance."]
        assert all("scare quote" in r["reason"] for r in reasons)

    def test_quotes_in_headings_and_captions_are_not_speech(self):
        art = Article(id="t", paragraphs=[
            Paragraph(0, "Kim: “We will talk”", kind="heading"),
            Paragraph(1, "“We will talk,” Kim said in a photo.", kind="caption"),
            Paragraph(2, "The talks begin on Monday."),
        ])
        assert extract(art) == []

    def test_a_book_title_in_a_description_is_not_a_quote(self):
        qs = quotes_of("“It is over,” said Ann Lee, author of “The Long Road.”")
        assert [q.text for q in qs] == ["It is over"]


# --------------------------------------------------------------------------- adversarial text


class TestAdversarialText:
    def test_missing_closing_mark_is_repaired_before_the_attribution(self):
        q, = quotes_of("“We will not back down, said Ann Lee. The talks ended.")
        assert (q.text, q.speaker) == ("We will not back down", "Ann Lee")

    def test_stray_closing_mark_alone_is_ignored(self):
        assert quotes_of("The price is 5” wide, officials said.")[0].kind == "indirect"

    def test_nested_quotations_stay_inside(self):
        q, = quotes_of("“He told me ‘never again’ and left,” said Ann Lee.")
        assert q.text == "He told me ‘never again’ and left"
        q, = quotes_of('"I read the question: “Do you agree?” and paused," said Ann Lee.')
        assert q.text == "I read the question: “Do you agree?” and paused"

    @pytest.mark.parametrize("text, quoted", [
        ("« Nous ne céderons pas », a-t-elle dit.", "« Nous ne céderons pas »"),
        ("„Wir schaffen das“, sagte sie.", "„Wir schaffen das“"),
        ("»Vi giver ikke op«, sagde hun.", "»Vi giver ikke op«"),
        ("„Nie poddamy się”, powiedziała.", "„Nie poddamy się”"),
        ("''It's anti-reform,'' he said.", "''It's anti-reform,''"),
        ("``It's anti-reform,'' he said.", "``It's anti-reform,''"),
    ])
    def test_non_english_and_typewriter_marks(self, text, quoted):
        (a, b), = find_quotations(text)
        assert text[a:b + (2 if quoted.endswith("''") else 1)] == quoted

    def test_german_and_french_quotes_are_attributed(self):
        assert said("„Wir schaffen das“, said Angela Klein.") == [("direct", "Wir schaffen das", "Angela Klein")]
        assert said("« Nous ne céderons pas », said Ann Lee.")[0][1:] == ("Nous ne céderons pas", "Ann Lee")

    def test_dialogue_like_runs_keep_each_speaker(self):
        qs = quotes_of("“Where are you going?” asked Tom Brandt.\n\n“Out,” said Ann Lee.\n\n"
                       "“When will you be back?” he asked.\n\n“Later,” she said.")
        assert [q.speaker for q in qs] == ["Tom Brandt", "Ann Lee", "Tom Brandt", "Ann Lee"]

    def test_empty_and_punctuation_only_quotations_are_not_quotes(self):
        assert [q for q in quotes_of("Ann Lee said “” and “…” then left.") if q.kind != "indirect"] == []

    def test_offsets_point_into_the_paragraph_for_messy_text(self):
        text = ('"Unbalanced \u201cmarks\u201d everywhere," said Ann Lee. \u201d Stray. "Open\n\n'
                "«Fine» — Ann Lee\n\n\u201cAnd ‘nested \u201cdeep\u201d’ ones,\u201d he said")
        art = load_text(text, id="t")
        for q in extract(art):
            assert art.paragraphs[q.paragraph].text[q.start:q.end] == q.text

    def test_any_text_gives_consistent_offsets(self):
        hypothesis = pytest.importorskip("hypothesis")
        st = hypothesis.strategies
        alphabet = st.sampled_from(list("ab said told He, .:\n\"“”„«»‘’'—") + ["Ann Lee", " according to "])

        @hypothesis.settings(max_examples=150, deadline=None)
        @hypothesis.given(st.lists(alphabet, max_size=40).map("".join))
        def check(text):
            if not text.strip():
                return
            art = load_text(text, id="t")
            for q in extract(art):
                assert art.paragraphs[q.paragraph].text[q.start:q.end] == q.text
                assert q.kind in ("direct", "partial", "indirect")

        check()


# --------------------------------------------------------------------------- the record


class TestQuoteRecord:
    def test_ids_in_reading_order_and_dict_keys_of_the_contract(self):
        qs = quotes_of("“One,” said Ann Lee.\n\nBob Ray said the talks had failed.")
        assert [q.id for q in qs] == ["q1", "q2"]
        d = qs[0].to_dict()
        for key in ("id", "text", "kind", "speaker", "mention", "cue", "paragraph", "sentiment"):
            assert key in d
        assert d["words"] == 1 and d["start"] == 1

    def test_words_uses_the_toolkit_tokenizer(self):
        q, = quotes_of("“North Korea’s nuclear-test site is closed,” said Ann Lee.")
        assert q.words == 6  # North, Korea’s, nuclear-test, site, is, closed

    def test_article_quotes_are_set(self):
        art = load_text("“One,” said Ann Lee.", id="t")
        assert extract(art) is art.quotes

    def test_a_teacher_can_add_a_cue_verb(self, tmp_path):
        text = "Ann Lee mused that the talks had failed."
        assert quotes_of(text) == []
        cues = (ROOT / "toolkit" / "data" / "cues.toml").read_text(encoding="utf-8")
        own = tmp_path / "cues.toml"
        own.write_text(cues.replace("[reporting]\n", '[reporting]\nmuse = "muse muses mused musing"\n'),
                       encoding="utf-8")
        assert load_cues(own).forms["mused"] == ("muse", "reporting")
        q, = quotes_of(text, cues=own)
        assert (q.speaker, q.cue) == ("Ann Lee", "mused")


# --------------------------------------------------------------------------- the seed articles


# Every quotation of the two versions (by its opening words) and who said it.
SEED_QUOTATIONS = {
    "cnn": [
        ("good neighborly relations", "Sergei Lavrov"),
        ("We are very happy", "Sergei Lavrov"),
        ("October will mark 70 years", "Sergei Lavrov"),
        ("humanitarian assistance", "Sergei Lavrov"),
        ("that has a semblance", "Bruce Bechtol"),
        ("This is about getting Russia", "Bruce Bechtol"),
        ("Trump has been quite open", "William Courtney"),
        ("Those are two people", "William Courtney"),
        ("The North Koreans are probably", "William Courtney"),
        ("Russia has far less influence", "Bruce Bechtol"),
        ("During the Cold War", "Bruce Bechtol"),
        ("The North Korean regime likely", "William Courtney"),
        ("For Russia, it’s already", "William Courtney"),
        ("provocations with charm", "Bruce Klingner"),
        ("Since January, Kim", "Bruce Klingner"),
        ("makes it impossible", "Bruce Klingner"),
        ("restore the lengthy", "Bruce Klingner"),
        ("I think the people", "Bruce Bechtol"),
        ("That is to say", "Bruce Bechtol"),
    ],
    "kimt": [
        ("resolving the situation", "Maria Zakharova"),
        ("There are plans to discuss", "Maria Zakharova"),
        ("that has a semblance", "Bruce Bechtol"),
        ("This is about getting Russia", "Bruce Bechtol"),
        ("Trump has been quite open", "William Courtney"),
        ("Those are two people", "William Courtney"),
        ("The North Koreans are probably", "William Courtney"),
        ("Russia has far less influence", "Bruce Bechtol"),
        ("During the Cold War", "Bruce Bechtol"),
        ("The North Korean regime likely", "William Courtney"),
        ("For Russia, it's already", "William Courtney"),
        ("provocations with charm", "Bruce Klingner"),
        ("Since January, Kim", "Bruce Klingner"),
        ("makes it impossible", "Bruce Klingner"),
        ("restore the lengthy", "Bruce Klingner"),
        ("I think the people", "Bruce Bechtol"),
        ("That is to say", "Bruce Bechtol"),
    ],
}


class TestSeedArticles:
    @pytest.mark.parametrize("name", ["cnn", "kimt"])
    def test_every_quotation_is_found_and_attributed(self, seeds, name):
        quoted = [(q.text, q.speaker) for q in seeds[name].quotes if q.kind in ("direct", "partial")]
        assert [(t[:len(start)], s) for (t, s), (start, _) in zip(quoted, SEED_QUOTATIONS[name])] == \
            SEED_QUOTATIONS[name]
        assert len(quoted) == len(SEED_QUOTATIONS[name])

    @pytest.mark.parametrize("name", ["cnn", "kimt"])
    def test_scare_quotes_get_no_speaker(self, seeds, name):
        art = seeds[name]
        assert not any(q.text.startswith(("juche", "self-reliance")) for q in art.quotes)
        assert [r["text"].rstrip(",.") for r in art.meta["quote_marks_not_speech"]] == ["juche", "self-reliance"]

    @pytest.mark.parametrize("name", ["cnn", "kimt"])
    def test_indirect_quotes_of_the_seeds(self, seeds, name):
        indirect = {(q.speaker, q.text.split()[0]) for q in seeds[name].quotes if q.kind == "indirect"}
        assert ("William Courtney", "the") in indirect  # "Courtney said the added unpredictability ..."
        assert ("Bruce Bechtol", "That") in indirect    # "That all ended in 1991, said Bechtol"
        assert ("some observers", "the") in indirect    # "some observers argue the ... visit ..."

    @pytest.mark.parametrize("name", ["cnn", "kimt"])
    def test_offsets_and_order(self, seeds, name):
        art = seeds[name]
        paras = {p.index: p for p in art.paragraphs}
        for q in art.quotes:
            assert paras[q.paragraph].kind == "body"
            assert paras[q.paragraph].text[q.start:q.end] == q.text
        assert [(q.paragraph, q.start) for q in art.quotes] == sorted((q.paragraph, q.start) for q in art.quotes)


# --------------------------------------------------------------------------- measured


def test_polnear_dev_scores_stay_above_the_reported_figures():
    data = shared_data("polnear")
    if data is None:
        pytest.skip("PolNeAR (../shared/data/polnear) is not present on this machine")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import eval_polnear
    finally:
        sys.path.pop(0)
    r = eval_polnear.evaluate("dev", data)
    assert r["f1"] >= 0.86, r
    assert r["precision"] >= 0.94, r
    assert r["speaker_accuracy"] >= 0.93, r


def test_a_1500_word_article_takes_milliseconds():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_quotes
    finally:
        sys.path.pop(0)
    art = bench_quotes.article_of(1500)
    extract(art)
    times = []
    for _ in range(15):
        t0 = time.process_time()
        extract(art)
        times.append(time.process_time() - t0)
    assert sorted(times)[len(times) // 2] < 0.05  # the benchmark measures ~5 ms; generous for slow CI


class TestFastPaths:
    """The shortcuts taken for speed give the results of the plain way."""

    def test_quote_words_is_counted_again_when_the_text_changes(self):
        from toolkit.text import tokenize

        q = Quote("q1", "We are ready", "direct", 0, 0, 12, None, None, None, None)
        assert q.words == 3 == q.words
        q.text = "We are ready, and we will win"
        assert q.words == len(tokenize(q.text)) == 7
        assert q.to_dict()["words"] == 7

    def test_masking_hides_the_same_characters_as_a_loop_over_them(self):
        from toolkit.quotes import _TERMINAL, _Para

        def slow(para):
            chars = list(para.text)
            for mk in para.marks:
                keep = mk.inner_end - 1 if mk.inner_end > mk.inner_start and chars[mk.inner_end - 1] in _TERMINAL else -1
                for i in range(mk.inner_start, mk.inner_end):
                    if i != keep and not chars[i].isspace():
                        chars[i] = "X"
            return "".join(chars)

        texts = ['“It is over.” He left. “Not\u00a0yet,” she said, “we\tgo on', '"Fine," said Roe.',
                 '„Wir schaffen das“, sagte sie. «Non»', "No quotation here.", '“…”', '"Open to the end']
        for runs_on in (False, True):
            for text in texts:
                para = _Para(Paragraph(0, text), load_cues())
                para.read(runs_on=runs_on)
                assert para._masked() == slow(para), text

    def test_a_paragraph_with_only_the_first_word_of_a_cue_is_not_read(self):
        from toolkit.quotes import _Para

        def para(text):
            p = _Para(Paragraph(0, text), load_cues())
            p.read(runs_on=False)
            return p

        assert not para("In the morning, as usual, the market opened.").may_quote()
        assert para("The plan worked, according to the mayor.").may_quote()
        assert para("As quoted by the paper, the plan worked.").may_quote()
        assert para("The mayor said the plan worked.").may_quote()
        assert para('The plan was "working" in the end.').may_quote()

    def test_reading_only_paragraphs_with_a_whole_cue_changes_no_result(self, seeds, monkeypatch):
        from toolkit import quotes

        def lenient(self):  # the earlier test: any word a cue can start with
            if self.marks or quotes._LABEL.match(self.text):
                return True
            return not self.lex.first_words.isdisjoint(quotes._LOWER_WORD.findall(self.text.lower()))

        texts = ["\n\n".join(p.text for p in art.paragraphs if p.kind == "body") for art in seeds.values()]
        texts.append("In the end, as expected, it rained.\n\nThe mayor, Jane Roe, said it would stop.\n\n"
                     "As quoted by the paper, she added that it was fine.\n\nIn the words of Roe: all is well.")
        fast = [[q.to_dict() for q in quotes_of(t)] for t in texts]
        monkeypatch.setattr(quotes._Para, "may_quote", lenient)
        assert fast == [[q.to_dict() for q in quotes_of(t)] for t in texts]
