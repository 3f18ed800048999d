"""``entity_mismatch``: a name in a sentence where its counterparts in the other versions name someone or
somewhere else (Merkel where the siblings say Truss).

Names are capitalised words, not weekdays or months, nor words the family writes in lower case; in
languages that capitalise every noun (German), a name the siblings give only when another version in another
language carries it too (or, where only versions in that language are asked, when no article precedes it in
any), and a word of this version only when no article or determiner precedes it ("die Stadt", "seine
Genehmigung"). Two names are the same when their Latin forms (Cyrillic and Greek transliterated,
data/names.toml; accents dropped) are alike (Zelenski / Zelenskyy / Зеленский, Sergei / Sergey, Cameron /
Camerona, Německo / Německa, Paris / Paříží / Парижем; a kana name also as katakana writes a foreign one: レスタト /
Lestat), or when the embedding model puts them close (Spanien /
Espagne / Spain, ロンドン / London: cosine 0.90-0.97, while different names of one kind score 0.78-0.88).
The gazetteer (data/gazetteer.toml, countries and cities from CLDR: ``places.py``) finds places in Chinese,
Japanese, Korean and Thai text, where nothing else marks a name (中国, 北京, 중국), and says when two names are one
place (中国 / China / Китая / 中國) or two, however alike (Iceland / Ireland).

A sentence is flagged when at least two thirds of the versions with a confident counterpart that show names
(Chinese and Japanese have no capitals: they are asked about the gazetteer's places, unless they abbreviate
the place (中美), and otherwise only where they show the name; with ``--source``: the source; else at least two)
carry a name X that the sentence lacks in every form they write it, and the sentence carries a name Y that none
of them has, not even translated, and that is not X rendered another way (more than half alike in Latin letters,
where a version in another language spells X: Řeky / Greeks; an acronym of X's words: US / United States); a Y in X's place
(the surname after the same first name) needs only a majority of them. A capitalised common noun ("Angst") has a word in the counterparts that stands out as its translation
("fear"), a replaced name has none; a word whose capital its place explains (first word of a sentence,
title-case heading), unless the version capitalises it inside a sentence elsewhere, must pass a stricter test
(``name_initial_margin``), a capital inside a sentence of a language that does not capitalise nouns a looser
one (``name_inner_margin``); a place of the gazetteer in a script without capitals is a name wherever it stands.
Y and X are in one script, or X is a name that versions in two languages or more agree on (then Марселем is
accused against Paris; a word translated across scripts, Kingdom / Королевстве, is not), or both are places of
the gazetteer. A place is accused only against a place of its kind (a country for a country), and a place found
without capitals only against a place. A sentence whose link is weak, between two neighbours linked in order,
is linked loosely: a replaced name loosens the link of its own sentence, which casts no doubt on a place
swapped for a place. The finding is a warning only when the evidence is strong; it is info (ignored by --fail-on) when X is an
acronym (acronyms are often spelled out or translated), when a sibling names Y on a line near its
counterpart (a sentence reworded, not a name replaced), when the sentences are linked less confidently than ``name_confident_score``, or, in a
language that capitalises nouns, when X takes an article where it is written ("les Verts": a word each
language translates, "die Grünen"; not when Y starts a compound that ends in the noun the article is for: der
Hartmann-Blockchain / the Ethereum blockchain). Of several candidate pairs the likeliest is reported (a Y capitalised inside a sentence, then the closest names),
with its doubts. Its score is
the share of counterparts that carry X, scaled down for weak links.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache
from typing import Iterable, Iterator

import numpy as np
from anyascii import anyascii

from ..model import Finding, Sentence
from ..settings import load_data, thresholds
from . import Context
from .compare import counterparts_of, line_of, quote, references
from .places import (abbreviations, demonym_of, forms_of, has_names_in, long_forms, one_name, other_places,
                     place_pair_fits, place_stems, places_in, places_named, swapped_place, two_places, uncased_place,
                     writes_run, written_places)
from .spelling import latin, same_name, script, spelled_like

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# runs of Chinese characters and Japanese kana, set apart from the Latin words they touch; katakana words (two
# letters or more, with the long-vowel mark) are how Japanese writes foreign names
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]+)")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
# an elided article or preposition before a word (l'Allemagne, dell'Italia, d’Athènes) and an English possessive
_ELISION = re.compile(r"(?<![\w'’])[^\W\d_A-Z]{1,4}['’](?=[^\W\d_])|['’]s?(?![\w'’])")
_DOTTED = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# the small words inside a run of capitalised words of one name (Democratic Republic of the Congo)
_RUN_JOINERS = frozenset({"of", "the", "and", "de", "du", "des", "la", "le", "der", "die", "und", "del", "y", "e"})


@cache
def calendar_words() -> frozenset[str]:
    """Weekdays and months in every listed language, lower case: capitalised in some languages, never names."""
    weekdays = load_data("names.toml")["weekdays"]
    months = load_data("numbers.toml")["months"]
    return frozenset(w for table in (*weekdays.values(), *months.values()) for w in table)


def title_case(text: str) -> bool:
    """A heading written in title case ("Leaders Meet In The Capital"): there a capital says nothing."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    share = thresholds("comparison")["title_case_share"]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= share * len(words)


def follows_article(word: str, text: str, articles: frozenset[str]) -> bool:
    """Whether the word comes right after an article, or after an article and up to two lower-case words
    (adjectives): "die Stadt", "der neuen Brücke". In German that marks a noun; names rarely take one."""
    words = _WORD.findall(text)
    for i in (i for i, w in enumerate(words) if w == word):
        before = words[max(0, i - 3):i]
        for j in range(len(before) - 1, -1, -1):
            if before[j].lower() in articles:
                return True
            if not before[j][0].islower():
                break
    return False


@cache
def _particles() -> str:
    """A regex of the name particles (names.toml) a full name may have between its names, each with its space."""
    return "(?:(?:" + "|".join(map(re.escape, load_data("names.toml")["name_particles"])) + ") )*"


def names_before(word: str, text: str) -> frozenset[str]:
    """The capitalised words right before the word, a space apart, particles aside, wherever it occurs (a first
    name: Hamdan of Hamdan bin Mohammed; Crypto, Trust and Safemoon of three wallets)."""
    pattern = rf"([^\W\d_][\w'’-]*) {_particles()}{re.escape(word)}(?![\w])"
    return frozenset(m.group(1) for m in re.finditer(pattern, text) if m.group(1)[0].isupper())


def names_after(word: str, text: str) -> frozenset[str]:
    """The capitalised words right after the word, a space or a hyphen apart (Pfizer-BioNTech), particles aside,
    wherever it occurs."""
    pattern = rf"(?<![\w'’-]){re.escape(word)}[ -]{_particles()}([^\W\d_][\w'’]*)"
    return frozenset(m.group(1) for m in re.finditer(pattern, text) if m.group(1)[0].isupper())


# a short quoted span: the title of a work ("Twilight", «Сутінки», „Tagesspiegel“, 「トワイライト」)
# (a straight quote opens after a space or a bracket, and a title neither starts nor ends with a space or a comma:
# not the text between a quotation's end and the next one's start)
_TITLE = re.compile(r'(?:^|(?<=[\s(]))"([^"\s,][^"]{0,58}[^"\s,])"|«([^»]{1,60})»|„([^“”]{1,60})[“”]|“([^”]{1,60})”'
                    r'|「([^」]{1,60})」')


def in_title(word: str, text: str) -> bool:
    """Whether the word stands in a short quoted span, a title: versions translate titles (Twilight / Сутінки)."""
    return any(word in "".join(match.groups("")) for match in _TITLE.finditer(text))


def inner_names(texts: list[str], nouns_capitalised: bool) -> set[str]:
    """Words written with a capital inside a sentence that is not a title-case heading (in languages that
    capitalise every noun, body text can look like one)."""
    return {w for text in texts if nouns_capitalised or not title_case(text)
            for w in entity_names(_WORD.sub("", text, count=1))}


def names(text: str, common: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised words (parts of hyphenated words apart) whose lower-case form is not in ``common`` (the words
    their version writes in lower case: "The" and "Many" are not names), in order of appearance. Scripts
    without capitals, such as Chinese and Japanese, give none: there names cannot be told from other words
    without a lexicon."""
    words = [part for word in _WORD.findall(text) for part in word.split("-") if part]
    return [w for w in words if w[0].isupper() and len(w) > 1 and w.lower() not in common]


def entity_names(text: str, common: frozenset[str] = frozenset()) -> list[str]:
    """``names`` without an elided article or an English possessive (l'Allemagne, d'Italia, China's: Allemagne,
    Italia, China), an acronym's dots apart (U.S.: US), and in Chinese and Japanese text the Latin words it carries, the gazetteer's places (中国, 北京,
    ロシア) and its other katakana words (foreign names in Japanese, loanwords too), in order of appearance; in
    Korean and Thai text its places too. Other names written in Chinese characters are not told apart."""
    found = []
    for i, part in enumerate(_CJK.split(text)):
        found += uncased_names(part) if i % 2 else names(_ELISION.sub("", undotted(part)), common) + [
            form for _, form in places_in(part)]
    return found


def undotted(text: str) -> str:
    """Acronyms written with dots as one word: U.S. / US, U.K. / UK."""
    return _DOTTED.sub(lambda match: match.group().replace(".", ""), text)


def uncased_names(run: str) -> list[str]:
    """The gazetteer's places of a run of Chinese characters and kana, and its katakana words that are not part
    of one (アメリカ of アメリカ合衆国), in order."""
    places = places_in(run)
    taken = {i for at, form in places for i in range(at, at + len(form))}
    katakana = [(m.start(), m.group()) for m in _KATAKANA.finditer(run) if m.start() not in taken]
    return [form for _, form in sorted([*places, *katakana])]


def abbreviates(short: str, name: str, text: str) -> bool:
    """Whether ``short`` is an acronym of words of ``text`` around ``name``, capitalised or joining them, the joining
    words' letters taken or not: US / United States, EU / European Union, DRC / Democratic Republic of the Congo."""
    if not (short.isupper() and 2 <= len(short) <= 6):
        return False
    words = _WORD.findall(text)
    in_run = [w[0].isupper() or w in _RUN_JOINERS for w in words]
    for i in (i for i, w in enumerate(words) if w == name):
        for first in range(max(0, i - len(short) * 2), i + 1):
            for last in range(i + 1, min(len(words), first + len(short) * 2) + 1):
                window = words[first:last]
                if all(in_run[first:last]) and short in ("".join(w[0] for w in window).upper(),
                                                          "".join(w[0] for w in window if w[0].isupper())):
                    return True
    return False


def in_han(name: str, text: str) -> bool:
    """Whether the name's Latin form (five letters or more) is the reading of Chinese characters of the text,
    syllable for syllable: Keqiang / 李克强 (LiKeQiang). Names of Chinese origin only: a foreign name's
    characters read otherwise (Rice / 赖斯, LaiSi)."""
    form = latin(name)
    if len(form) < 5:
        return False
    for run in _HAN.findall(text):
        reading = anyascii(run)
        starts = {i for i, ch in enumerate(reading) if ch.isupper()} | {len(reading)}
        at = reading.lower().find(form)
        while at >= 0:
            if at in starts and at + len(form) in starts:
                return True
            at = reading.lower().find(form, at + 1)
    return False


def lower_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text) if w[0].islower())


def cased(text: str) -> bool:
    """Whether a text's letters have capitals (Latin, Cyrillic, Greek...): only there are names told apart."""
    return any(ch.isupper() for ch in text)


def named_alike(a: str, b: str) -> bool:
    """One name, as far as the rest of a text can tell: within a script nearly the same spelling (Haddad is not
    Hamdan), across scripts spelled alike once transliterated, which is looser (Греції / Greece), or one place."""
    return one_name(a, b, same_name if script(a) != script(b) else spelled_like)


def margin_words(text: str) -> list[str]:
    """The lower-case words of three letters or more: where a common noun's translation would be."""
    return sorted({w for w in _WORD.findall(text) if len(w) > 2 and w[0].islower()})


class NameSpace:
    """What the checks of one family know of its words: which are names, and their embeddings, computed once."""

    def __init__(self, context: Context) -> None:
        self.vectors: dict[str, np.ndarray] = {}
        self.embedder = context.embedder
        self.similar = thresholds("comparison")["name_similarity"]
        self.similar_in_language = thresholds("comparison")["name_similarity_same_language"]
        self.common = {v.id: lower_words(v.text) for v in context.family.versions}
        self.family_common = frozenset().union(*self.common.values())
        self.every_name = {v.id: set(entity_names(v.text)) for v in context.family.versions}
        data = load_data("names.toml")
        versions = context.alignment.sentences
        self.articles = {v: frozenset(data["articles"].get(context.languages.get(v), [])) for v in versions}
        # words written capitalised inside a sentence: in the family (names the siblings give) and per version
        capitalising = data["capitalised_nouns"]
        self.capitalises_nouns = {v: context.languages.get(v) in capitalising for v in versions}
        # a page's headings and the texts of its links to other pages are titles (Getting Started, See
        # Deployment): their capitals say nothing
        pages = {v.id: v for v in context.family.versions}
        self.inner_of = {v: inner_names([s.text for s in ss if s.line not in pages[v].heading_lines],
                                        self.capitalises_nouns[v])
                         - set(names(" ".join(pages[v].page_titles)))
                         for v, ss in context.alignment.sentences.items()}
        # a place written without capitals is a name wherever it stands in the sentence
        for v, ss in context.alignment.sentences.items():
            self.inner_of[v] |= {form for s in ss for _, form in places_in(s.text)}
        self.inner = set().union(*self.inner_of.values())

    def embed(self, texts: Iterable[str]) -> None:
        """Embed the names and words not embedded yet, in one call (many small calls cost more)."""
        missing = sorted(set(texts) - self.vectors.keys())
        if missing:
            self.vectors.update(zip(missing, self.embedder.encode(missing)))

    def closeness(self, a: str, b: str) -> float:
        self.embed((a, b))
        return float(self.vectors[a] @ self.vectors[b])

    def candidates(self, version_id: str, text: str) -> list[str]:
        """The names of a sentence, weekdays and months apart."""
        return [n for n in self.names_of(version_id, text) if n.lower() not in calendar_words()]

    def untranslated(self, version_id: str, name: str, texts: list[str]) -> bool:
        """Whether fewer than half of the texts have a word that stands out as the name's translation: a common
        noun has one in most (one alone can be an association: Prague / a Czech word). A capital that the word's
        place explains (first word, title-case heading), or a katakana word, must pass a stricter test, against the
        texts' first words too."""
        limits = thresholds("comparison")
        # katakana marks a loanword as often as a name: it must pass the stricter test too
        explained = name not in self.inner_of[version_id] or bool(_KATAKANA.fullmatch(name))
        if explained:
            limit = limits["name_initial_margin"]
        elif self.capitalises_nouns[version_id]:
            limit = limits["name_translation_margin"]
        else:  # a capital inside a sentence, where nouns take none, is a name unless a translation stands out
            limit = limits["name_inner_margin"]
        self.embed([name, *(w for text in texts for w in self.margin_words(text, explained))])
        shown = sum(self.translation_margin(name, text, explained) >= limit for text in texts)
        return 2 * shown < len(texts)

    def margin_words(self, text: str, first_too: bool = False) -> list[str]:
        """The words where a common noun's translation would be: the lower-case ones, and with ``first_too`` (for a
        first word, whose translation is often the other first word: Ajoutez / Add) the first word when no version
        capitalises it inside a sentence (a name: Germany / Prague stand out against each other)."""
        first = _WORD.search(text)
        if first_too and first and len(first.group()) > 2 and first.group() not in self.inner:
            return sorted({*margin_words(text), first.group()})
        return margin_words(text)

    def names_of(self, version_id: str, text: str) -> list[str]:
        return entity_names(text, self.common[version_id])

    def found_in(self, name: str, names_there: list[str], text_there: str, language_there: str | None,
                 same_language: bool = False) -> bool:
        """Whether a text carries the name: as one of its names spelled alike or put close by the embedding model,
        or as any other word of five letters or more spelled nearly the same (a short word matches by chance:
        Musk / muss). Within one language a name is seldom written two ways, and names of
        one kind come close (Russia / Ukraine 0.90), so the model must put them closer, and the spellings must be
        nearly the same (Ireland / Increased pass the looser rule for inflections and transliterations). Two
        places of the gazetteer are never close (Francie / Ісландії), and one place is found in all its forms."""
        alike_there = spelled_like if same_language else same_name
        if any(one_name(name, other, alike_there) for other in names_there):
            return True
        if self.place_in_words(name, text_there, language_there):
            return True
        self.embed([name, *names_there])
        similar = self.similar_in_language if same_language else self.similar
        if any(self.closeness(name, other) >= similar and not other_places(name, other) for other in names_there):
            return True
        return any(one_name(name, word, spelled_like) for word in _WORD.findall(text_there)
                   if min(len(name), len(word)) >= thresholds("comparison")["name_word_letters"]) or in_han(name, text_there)

    @staticmethod
    def place_in_words(name: str, text: str, language: str | None) -> bool:
        """Whether a word of the text (five letters or more) starts with the first four Latin letters of a form of
        the place in the text's language: a demonym or an adjective (中国 / Chinese, chinois, китайских; Greece /
        грецьких); or the text writes a name of several words that the language gives the place (中非共和国 /
        Central African Republic)."""
        stems, words = place_stems(name, language), _WORD.findall(text)
        return (bool(stems) and any((script(w), latin(w)[:4]) in stems for w in words if len(w) >= 5)
                or any(writes_run(form.split(), words) for form in long_forms(name, language)))

    @staticmethod
    def spelled_in(name: str, names_there: list[str]) -> bool:
        """Whether the name is among these names as a spelling variant or an inflection (Paris / Paříží), or as
        the same place of the gazetteer (China / 中国)."""
        return any(one_name(name, other, same_name) for other in names_there)

    @staticmethod
    def asks_place(name: str, language: str | None, text: str) -> bool:
        """Whether a version in a script without capitals is asked about the name: it is a place of the
        gazetteer, which that version would write in one of its forms, unless it writes the character that
        abbreviates it (中美: China-US)."""
        return any(not abbreviations(place, text, language) for place in places_named(name))

    def shown_in(self, name: str, names_there: list[str], text_there: str) -> bool:
        """``spelled_in``, or in Chinese characters read syllable for syllable (Keqiang / 李克强)."""
        return self.spelled_in(name, names_there) or in_han(name, text_there)

    def written_in(self, name: str, names_there: list[str]) -> bool:
        """Whether the name is among these names spelled nearly the same: evidence that it is a name the
        versions agree on, not a word each translates its own way."""
        strict = thresholds("comparison")["name_spelling_ratio"]
        return any(SequenceMatcher(None, latin(name), latin(other)).ratio() >= strict for other in names_there)

    def modifies_alike(self, here: str, text: str, there: str, text_there: str) -> bool:
        """Whether ``here``, which is not ``there`` translated, starts a compound whose last part translates a word
        next to ``there`` (the word of that text that stands out as its translation): a name modifying one noun on
        both sides (der Hartmann-Blockchain / the Ethereum blockchain, la blockchain Ethereum; die Trump-Regierung /
        the Trump administration), so an article there belongs to the noun, not to the name. A party's name in a
        compound is its translation (Linke-Fraktion / the Left group: 0.86)."""
        head = re.search(rf"(?<![\w'’-]){re.escape(here)}(?:-[^\W\d_]+)*-([^\W\d_]+)", text)
        if not head or self.closeness(here, there) >= thresholds("comparison")["name_translated_similarity"]:
            return False
        name = re.escape(there)
        beside = {m.group(1) for m in re.finditer(rf"(?<![\w'’-]){name}[\s-]+([^\W\d_]+)", text_there)} | {
            m.group(1) for m in re.finditer(rf"([^\W\d_]+)\s+{name}(?![\w])", text_there)}
        closest, margin = self.closest_word(head.group(1), text_there)
        return closest in beside and margin >= thresholds("comparison")["name_translation_margin"]

    def translation_margin(self, name: str, text: str, first_too: bool = False) -> float:
        """How far the word of ``text`` closest to ``name`` (of ``margin_words``) stands above that text's median
        word: a common noun has its translation there ("Angst" / "fear"), a name has none."""
        return self.closest_word(name, text, first_too)[1]

    def closest_word(self, name: str, text: str, first_too: bool = False) -> tuple[str | None, float]:
        """The word of ``text`` (of ``margin_words``) closest to ``name``, and how far it stands above the median."""
        words = self.margin_words(text, first_too)
        if not words:
            return None, 0.0
        self.embed([name, *words])
        cosines = np.array([self.vectors[w] for w in words]) @ self.vectors[name]
        return words[int(cosines.argmax())], float(cosines.max() - np.median(cosines))


def compared_texts(context: Context, links: dict[str, list[dict]]) -> Iterator[tuple[str, str]]:
    """(version, text) of every sentence with a counterpart, and of its counterparts' lines."""
    for version_id, sentences in context.alignment.sentences.items():
        for sentence, linked in zip(sentences, links[version_id]):
            if linked:
                yield version_id, sentence.text
                yield from ((ref, line_of(context, ref, s)) for ref, (s, _) in linked.items())


def name_counterparts(context: Context, version_id: str, refs: list[str], index: int) -> dict[str, tuple[Sentence, float]]:
    """The sentence of each reference linked to sentence ``index`` at ``name_counterpart_score`` (the floor), with
    the link's score; a linked sentence of a version in the same language nearly word for word the same
    (``name_same_words_ratio``), as a confident link: in a family on one topic every sentence is close to every
    other, and a sentence's calibrated score falls low even against its own copy with one name replaced; and a
    weaker link where the sentences before and after are linked at the floor to the counterpart's neighbours, in
    order, at the floor, a loose link: a replaced name weakens the link of the very sentence it stands in (中国 ->
    爱沙尼亚 drops a short Chinese sentence's links to its English counterparts from about 1.5 to 0.5), and the order
    of its neighbours still says which sentence it renders; so too where the neighbours' counterparts are next to each
    other, and the sentence's best match is one of them: half of a sentence the version splits."""
    limits = thresholds("comparison")
    floor = limits["name_counterpart_score"]
    words = _WORD.findall(context.alignment.sentences[version_id][index].text)
    language = context.languages.get(version_id)
    linked = {}
    wholes: dict[str, np.ndarray] = {}  # a split sentence's two halves, embedded once for every reference
    # the best link of each reference (its calibrated score grows with its cosine): linked at the floor or not at all
    for ref, (there, score) in counterparts_of(context, version_id, refs, index, -np.inf).items():
        if score >= floor:
            linked[ref] = (there, score)
        elif context.languages.get(ref) == language and SequenceMatcher(
                None, words, _WORD.findall(there.text)).ratio() >= limits["name_same_words_ratio"]:
            linked[ref] = (there, limits["name_confident_score"])
    if index == 0 or index + 1 >= len(context.alignment.sentences[version_id]):
        return linked
    for ref in (r for r in refs if r not in linked):
        pair = context.alignment.between(version_id, ref)
        weak, before, after = pair.counterparts(index), pair.counterparts(index - 1, floor), pair.counterparts(index + 1, floor)
        if weak and before and after and before[0] + 1 == weak[0] == after[0] - 1:
            linked[ref] = (context.alignment.sentences[ref][weak[0]], floor)
        elif before and after and before[0] + 1 == after[0] and (best := int(pair.best_b()[index])) in (before[0], after[0]):
            # a sentence the version splits in two where the counterpart does not: linked as well as its two halves
            # together are
            sentences = context.alignment.sentences[version_id]
            halves = (sentences[index - 1], sentences[index]) if best == before[0] else (sentences[index], sentences[index + 1])
            whole = " ".join(half.text for half in halves)
            if whole not in wholes:
                wholes[whole] = context.embedder.encode([whole])[0]
            linked[ref] = (context.alignment.sentences[ref][best],
                           max(floor, link_score(context, version_id, ref, wholes[whole], best)))
    return linked


def link_score(context: Context, version_id: str, ref: str, vector: np.ndarray, there: int) -> float:
    """The calibrated score a sentence of the version with this embedding would have against sentence ``there`` of
    ref (align.py)."""
    return float(context.alignment.between(version_id, ref).calibrated(vector @ context.alignment.vectors[ref][there]))


def place_link(pair: tuple[str, str, str], weakest: float, language: str | None) -> float:
    """How well a translation's sentence is linked, as a doubt sees it: a place swapped for another of its kind is
    named by the gazetteer on both sides, and the swap itself loosens the link, so a loose link casts no doubt on
    it."""
    _, expected, here = pair
    if swapped_place(here, expected, language):
        return max(weakest, thresholds("comparison")["name_confident_score"])
    return weakest


class EntityMismatch:
    kind = "entity_mismatch"

    def run(self, context: Context) -> dict[str, list[Finding]]:
        space = NameSpace(context)
        refs = {v: references(context, v) for v in context.alignment.sentences}
        links = {v: [name_counterparts(context, v, refs[v], i) for i in range(len(sentences))]
                 for v, sentences in context.alignment.sentences.items()}
        # the names the checks compare, embedded in one call
        space.embed(name for owner, text in compared_texts(context, links) for name in space.names_of(owner, text))
        found: dict[str, list[Finding]] = {}
        for version_id, sentences in context.alignment.sentences.items():
            findings = [f for index, linked in enumerate(links[version_id]) if linked
                        and (f := self._check(context, space, version_id, refs[version_id], index, links[version_id]))]
            if findings:
                found[version_id] = findings
        return found

    def _check(self, context: Context, space: NameSpace, version_id: str, refs: list[str], index: int,
               version_links: list[dict[str, tuple[Sentence, float]]]) -> Finding | None:
        sentence, linked = context.alignment.sentences[version_id][index], version_links[index]
        own = space.candidates(version_id, sentence.text)
        if not own:
            return None
        limits = thresholds("comparison")
        counterparts = {ref: s for ref, (s, _) in linked.items()}
        link_scores = {ref: score for ref, (_, score) in linked.items()}
        lines = {ref: line_of(context, ref, s) for ref, s in counterparts.items()}
        carried = {ref: (space.names_of(ref, text), text) for ref, text in lines.items()}
        line_here = line_of(context, version_id, sentence)
        # a name the siblings agree on: more than one of them, unless the one asked is the --source
        needed = 1 if refs == [context.settings.source] else limits["name_min_carriers"]

        # a version in a script without capitals (Chinese, Japanese) shows some names only (in katakana, in Latin
        # letters, in characters read as the name), so it is asked only where it shows the name: it votes for a
        # name, never against one; but it is asked about every place of the gazetteer, which it would write
        cased_refs = [ref for ref in counterparts if cased(lines[ref])]
        uncased_refs = [ref for ref in counterparts if ref not in cased_refs]

        @cache
        def carriers(name: str) -> list[str]:
            # (a place also where a word starts like its name: the adjective, chinesischen, китайський)
            return ([r for r in cased_refs if space.spelled_in(name, carried[r][0]) or space.place_in_words(name, lines[r], context.languages.get(r))]
                    + [r for r in uncased_refs if space.shown_in(name, *carried[r])])

        def asked(name: str) -> int:
            """The cased versions, and those without capitals that carry the name or would show it (a place)."""
            return len(cased_refs) + sum(r in carriers(name) or space.asks_place(name, context.languages.get(r), lines[r])
                                         for r in uncased_refs)

        language = context.languages.get(version_id)

        def forms(ref: str, name: str) -> list[tuple[str, str]]:
            """The name as the counterparts write it (Athénami, Афінами, Athen: one of them may be this version's),
            with the version that writes it."""
            return [(ref, name), *((r, n) for r in carriers(name) for n in carried[r][0] if same_name(name, n))]

        def times_in(name: str, names_there: list[str]) -> int:
            return sum(one_name(name, other, same_name) for other in names_there)

        @cache
        def linked_text(ref: str) -> str:
            """All the sentences of ref linked to this one: a version that splits the sentence in two names X in
            both."""
            found = context.alignment.between(version_id, ref).counterparts(index)
            return " ".join(context.alignment.sentences[ref][j].text for j in sorted(found)) or counterparts[ref].text

        @cache
        def fewer_here(name: str) -> bool:
            """The sentence names it, but fewer times than at least half of the counterparts that carry it (Hong Kong
            twice there, Hong Kong and Hong Whitmore here): machine translations often say "it" the second time. A
            place's character in a compound (中美) names it once."""
            here = times_in(name, own) + max((abbreviations(p, line_here, language) for p in places_named(name)), default=0)
            more = [r for r in carriers(name) if times_in(name, space.names_of(r, linked_text(r))) > here]
            return here > 0 and len(more) >= limits["name_repeat_share"] * len(carriers(name)) and len(more) >= needed

        # a name most counterparts carry and this sentence lacks, in any of their forms (or names fewer times); a
        # name that only a majority carries is wanted only where a name of this sentence stands in its place
        def own_for(ref: str, name: str) -> list[str]:
            """This sentence's names that may render ref's name: not the other names ref writes itself (Mohammed,
            which the model puts as close to Hamdan as a rendering of it would be, when ref names both)."""
            return [n for n in own if one_name(n, name, same_name) or not space.spelled_in(n, carried[ref][0])]

        placed = [
            (ref, name) for ref, s in counterparts.items() for name in space.names_of(ref, s.text)
            if name in space.inner and name.lower() not in space.family_common | calendar_words()
            and 2 * (count := len(carriers(name))) > asked(name) and count >= needed
            and (not any(space.found_in(form, own_for(r, form), line_here, language, context.languages.get(r) == language)
                         for r, form in forms(ref, name)) or fewer_here(name))
            and (cased(line_here) or not places_named(name) or space.asks_place(name, language, line_here)
                 or fewer_here(name))
            and self._is_name(context, space, name, ref, carried)
        ]
        wanted = {name for _, name in placed if len(carriers(name)) >= limits["name_carrier_share"] * asked(name)}
        if not placed:
            return None

        @cache
        def in_place_of(name: str, x: str) -> bool:
            """Whether the name stands where x does there, which needs no other evidence: after the same name (a
            surname whose first name is kept: Yorbe Zamora here, Yorbe Vertessen there), before the same name
            (Кудрин-BioNTech / Pfizer-BioNTech), or first, before the same word (Estonia is willing / China is
            willing: a first word's capital says nothing otherwise)."""
            before, after = names_before(name, sentence.text), names_after(name, sentence.text)
            opening = _WORD.findall(sentence.text)[:2]
            for r in carriers(x):
                there = _WORD.findall(counterparts[r].text)[:2]
                if any(spelled_like(mine, theirs) for mine in before for theirs in names_before(x, lines[r])) \
                        or any(spelled_like(mine, theirs) for mine in after for theirs in names_after(x, lines[r])):
                    return True
                if len(opening) == len(there) == 2 and opening[0] == name and there[0] == x \
                        and opening[1].lower() == there[1].lower():
                    return True
            return False

        @cache
        def stands_in(name: str, x: str) -> bool:
            """In x's place, and not x translated, which the model puts closer: a word of a name of several (New /
            Nového / Нової Зеландії 0.89, United / Соединённые 0.83; Pfizer / Кудрин 0.79)."""
            return in_place_of(name, x) and space.closeness(name, x) < limits["name_translated_similarity"]

        # ... and a name of this sentence that no counterpart carries, not even translated, and that no article
        # marks as a noun (one that is unmatched may also be how this version renders one of theirs: ``renders``)
        unmatched = [n for n in own if not any(space.found_in(n, *there, context.languages.get(r), context.languages.get(r) == language)
                                               for r, there in carried.items())
                     and not follows_article(n, sentence.text, space.articles[version_id])]
        # (a place swapped for another is no common noun, wherever it stands)
        extra = [n for n in unmatched if n.lower() not in space.family_common
                 and (any(stands_in(n, x) or swapped_place(n, x, language) for _, x in placed)
                      or uncased_place(n) or space.untranslated(version_id, n, list(lines.values())))]
        # A name is accused against one in its own script, against one that versions in two languages or more agree
        # on, or against one in whose place it stands: across scripts, a translated word (Kingdom / Королевстве) is
        # too often taken for another name.
        agreed = {name for _, name in placed
                  if len({context.languages.get(r) for r in carriers(name)} | {context.languages.get(version_id)}) > 2}
        # a name spelled more than half like the one expected is that name rendered another way (Řeky / Greeks,
        # Ілоном / Elonu; machine translations of one text render a name each their own way), unless versions in this
        # language write it: one language renders a name alike (Chile is not how English writes China), or the
        # gazetteer knows them for two places (Ghana / China); an acronym of the name's words is that name too (US /
        # United States)
        def rendered(y: str, x: str) -> bool:
            if any(abbreviates(x, y, lines[r]) for r in carriers(y)):
                return True
            if other_places(x, y) or all(context.languages.get(r) == language for r in carriers(y)):
                return False
            return SequenceMatcher(None, latin(x), latin(y)).ratio() > limits["name_other_ratio"]

        # ... or that every counterpart writes, against a name the model puts no closer than a word of a longer name
        # and its translation are (Гамалеи / Gamaleya, Оконкви, while Kingdom / Королевстве are close)
        def unanimous_against(y: str, x: str) -> bool:
            return len(carriers(y)) == len(counterparts) and space.closeness(x, y) < limits["name_translated_similarity"]

        pairs = [(ref, y, x) for ref, y in placed for x in extra if (y in wanted or stands_in(x, y))
                 and (script(x) == script(y) or y in agreed or stands_in(x, y) or two_places(x, y, language)
                      or unanimous_against(y, x))
                 and not rendered(y, x)]
        pairs = [(ref, y, x) for ref, y, x in pairs if place_pair_fits(x, y, language)]

        def renders(mine: str, theirs: str) -> bool:
            """Whether, in the version's other sentences, ``mine`` stands where the counterparts write ``theirs`` and
            not ``mine``, nearly always both ways: it is this version's way of writing that name, in this sentence
            too (Rice where the siblings write Райс, ライス)."""
            with_mine, with_theirs = set(), set()
            for j, (other, linked_there) in enumerate(zip(context.alignment.sentences[version_id], version_links)):
                if other is sentence or not linked_there:
                    continue
                if any(spelled_like(mine, w) for w in space.names_of(version_id, other.text)):
                    with_mine.add(j)
                if any(space.shown_in(theirs, names_there := space.names_of(r, there := line_of(context, r, s)), there)
                       and not space.found_in(mine, names_there, there, context.languages.get(r))
                       for r, (s, _) in linked_there.items()):
                    with_theirs.add(j)
            both = len(with_mine & with_theirs)
            share = limits["name_carrier_share"]
            return both > 0 and both >= share * len(with_mine) and both >= share * len(with_theirs)

        # (the gazetteer knows every way of writing its places: a version renders no place its own way)
        pairs = [pair for pair in pairs if written_places(pair[1])
                 or not any(renders(mine, pair[1]) for mine in unmatched)]
        if not pairs:
            return None
        def link_of(holders: list[str], scores: dict[str, float] = link_scores) -> float:
            """How well the sentence is linked to the versions that name X: the weakest of the best ``needed``
            links (with ten versions, one loosely linked holder casts no doubt on the others)."""
            return sorted((scores[r] for r in holders), reverse=True)[min(needed, len(holders)) - 1]

        def restored_link(expected: str, here: str, holders: list[str]) -> float:
            """``link_of`` the sentence with X in place of Y, as the counterparts write X or, for a place, as this
            language does (米国 for American): a replaced name loosens the link of its sentence, most of all a
            short one's, and with X back it is linked as a translation is."""
            # (a place of the gazetteer in a script without capitals has no word boundaries: ポルトガルの; a katakana
            # word that is none may be a loanword, which X put in its place would link as well as a name)
            bounded = re.escape(here) if uncased_place(here) else rf"(?<![\w'’-]){re.escape(here)}(?![\w])"
            places = written_places(expected) | demonym_of(expected) if has_names_in(language) else frozenset()
            written = [expected, *sorted({f for p in places for f in forms_of(p, language)})]
            texts = [re.sub(bounded, lambda _: form, sentence.text, count=1) for form in written]
            space.embed(texts)
            scores = {r: max(link_scores[r], *(link_score(context, version_id, r, space.vectors[text],
                                                          context.alignment.sentences[r].index(counterparts[r]))
                                               for text in texts))
                      for r in holders}
            return link_of(holders, scores)

        def doubts_of(pair: tuple[str, str, str]) -> list[str]:
            holders = carriers(pair[1])
            # (a rewrite's sentences are loosely linked because they say other things)
            weakest = link_of(holders)
            if not context.relations.is_rewrite(version_id):
                weakest = place_link(pair, weakest, language)
                if weakest < limits["name_confident_score"]:
                    weakest = restored_link(pair[1], pair[2], holders)
            # a title whose name versions in this language keep, inside their quotation marks, is not translated
            kept_in_title = sum(context.languages.get(r) == language and in_title(pair[1], lines[r])
                                for r in holders) >= needed
            doubts = self._doubts(context, space, version_id, linked, sentence, pair[1], pair[2], weakest,
                                  kept_in_title)
            markers = load_data("names.toml")["translated_name_articles"]
            # ... unless a version in this language writes it as they do (Real, Ethereum): not a word it translates
            kept = any(spelled_like(pair[1], word) for v, every in space.every_name.items()
                       if context.languages.get(v) == language for word in every)
            if space.capitalises_nouns[version_id] and not kept and any(
                    follows_article(pair[1], lines[r], frozenset(markers.get(context.languages.get(r), [])))
                    and not space.modifies_alike(pair[2], sentence.text, pair[1], lines[r]) for r in holders):
                doubts.append(f'"{pair[1]}" takes an article there, so it may be a word this language translates '
                              f'and capitalises as a noun')
            return doubts

        # the likeliest pair: one without doubts (a Y that no sibling names nearby), then a Y in the place of its X
        # (Abraham Blinken / Antony Blinken), then a Y capitalised inside a sentence (not a first word such as Мэр,
        # "mayor"), then the names the model puts closest (of one kind)
        doubted = {pair: doubts_of(pair) for pair in pairs}
        ref, expected, here = min(pairs, key=lambda p: (bool(doubted[p]), not in_place_of(p[2], p[1]),
                                                        p[2] not in space.inner_of[version_id],
                                                        -space.closeness(p[2], p[1])))
        evidence = counterparts[ref]
        holders = carriers(expected)
        score = len(holders) / len(counterparts) * min(1.0, link_of(holders) / limits["name_confident_score"])
        doubts = doubted[(ref, expected, here)]
        message = (
            f'"{here}" here, where {ref} line {evidence.line} names "{expected}": "{evidence.text}". '
            f"Check which name the original gives and correct the wrong one."
            + (f" Uncertain: {'; '.join(doubts)}." if doubts else "")
        )
        return Finding(
            kind=self.kind, severity="info" if doubts else "warning", message=message, line=sentence.line,
            text=sentence.text, language=context.languages.get(version_id), source=quote(evidence),
            score=round(score, 2),
        )

    @staticmethod
    def _doubts(context: Context, space: NameSpace, version_id: str, linked: dict[str, tuple[Sentence, float]],
                sentence: Sentence, expected: str, here: str, weakest: float, kept_in_title: bool) -> list[str]:
        """Why a substitution may be something else: the reasons that make it info rather than a warning."""
        doubts = []
        # (USA, США: a place, whatever its letters)
        if expected.isupper() and not two_places(here, expected, context.languages.get(version_id)):
            doubts.append(f'"{expected}" is an acronym, which versions often spell out or translate')
        # a replaced name is seldom repeated; a name the version gives in other sentences too is more often its way
        # of writing the siblings' name (Rice / Райс / ライス)
        if any(named_alike(here, word) for other in context.alignment.sentences[version_id] if other is not sentence
               for word in space.names_of(version_id, other.text)):
            doubts.append(f'this version names "{here}" in other sentences too, so it may be how it writes "{expected}"')
        # a reworded sentence moves a name to a line nearby; a name the sibling gives only far away says nothing
        window = thresholds("comparison")["name_reworded_lines"]
        for ref, (there, _) in linked.items():
            lines = context.family.version(ref).lines[max(0, there.line - 1 - window):there.line + window]
            if any(named_alike(here, word) for word in entity_names(" ".join(lines))):
                doubts.append(f'{ref} names "{here}" nearby, so the sentence may be reworded rather than changed')
                break
        if in_title(here, sentence.text) and not kept_in_title:
            doubts.append(f'"{here}" stands in quotation marks, a title, which versions often translate')
        if weakest < thresholds("comparison")["name_confident_score"]:
            doubts.append("the sentences are only loosely matched")
        return doubts

    @staticmethod
    def _is_name(context: Context, space: NameSpace, word: str, version_id: str,
                 carried: dict[str, tuple[list[str], str]]) -> bool:
        """A capitalised word is a name, except in a language that capitalises nouns: there when a version in
        another language writes a name spelled alike, or, where only versions in that language are asked, when no
        article precedes it in any of them ("Juanmi", not "die Wertung")."""
        language = context.languages.get(version_id)
        if language not in load_data("names.toml")["capitalised_nouns"]:
            return True
        others = {ref: there for ref, there in carried.items() if context.languages.get(ref) != language}
        if any(space.written_in(word, names_there) for names_there, _ in others.values()):
            return True
        return not any(cased(text) for _, text in others.values()) and not any(
            follows_article(word, text, space.articles.get(ref, frozenset())) for ref, (_, text) in carried.items())
