"""Skills suggested from a CV: the taxonomy's extractor proposes, the student decides.

Most tests stand in a small fake for ``corridor.taxonomy.extract`` with its interface
(``get_extractor().extract(text).skills``, ``read_document(file)``), so that they test this
page and not the extractor's tuning; the last ones run the real extractor.
"""

import sys
import types
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from corridor.talent.models import Evidence, ProfileSkill
from corridor.talent.tests.helpers import PNG, docx_bytes, make_profile, upload

pytestmark = pytest.mark.django_db

URL = reverse("talent:suggest_skills")


@dataclass
class FakeMention:
    phrase: str


@dataclass
class FakeSuggestion:
    concept_id: int
    phrase: str
    mentions: tuple = ()
    kind: str = "skill"


@dataclass
class FakeExtraction:
    skills: list
    occupations: list = field(default_factory=list)


@pytest.fixture
def extractor(monkeypatch, skills):
    """A stand-in extractor finding the English labels and synonyms of the test skills."""
    phrases = {"welding": "welding", "arc welding": "welding", "logistics": "logistics"}
    module = types.ModuleType("corridor.taxonomy.extract")
    seen = {"documents": []}

    class Extractor:
        def extract(self, text):
            found = {}
            for phrase, key in phrases.items():
                if phrase in text.lower():
                    found.setdefault(key, []).append(FakeMention(phrase))
            return FakeExtraction(
                [
                    FakeSuggestion(skills[key].pk, mentions[0].phrase, tuple(mentions))
                    for key, mentions in found.items()
                ]
            )

    def read_document(file):
        seen["documents"].append(getattr(file, "name", ""))
        return file.read().decode("utf-8")

    module.get_extractor = Extractor
    module.read_document = read_document
    monkeypatch.setitem(sys.modules, "corridor.taxonomy.extract", module)
    return seen


@pytest.fixture
def profile(personas):
    return make_profile(user=personas.student, institution=personas.university)


def test_pasted_text_gives_suggestions_the_student_ticks_to_add(
    client_for, personas, profile, skills, extractor
):
    ProfileSkill.objects.create(profile=profile, skill=skills["logistics"], level=3)
    client = client_for(personas.student)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"text": "Two years of arc welding; also did logistics.", "suggest": "1"}
    )
    assert response.status_code == 200
    suggestions = response.context["suggestions"]
    assert [s.skill for s in suggestions] == [skills["welding"], skills["logistics"]]
    assert suggestions[0].phrases == ["welding", "arc welding"]
    assert suggestions[1].on_profile  # already there: shown, not offered again
    body = response.content.decode()
    assert f'name="skills" value="{skills["welding"].pk}"' in body
    assert "already on your profile" in body
    assert not ProfileSkill.objects.filter(skill=skills["welding"]).exists()  # nothing yet

    response = client.post(URL, {"add": "1", "skills": [skills["welding"].pk]})
    assert response.status_code == 302
    added = ProfileSkill.objects.get(profile=profile, skill=skills["welding"])
    assert added.evidence == Evidence.SELF_DECLARED
    assert ProfileSkill.objects.get(skill=skills["logistics"]).level == 3  # left alone


def test_an_uploaded_document_or_the_saved_cv_is_read(client_for, personas, profile, extractor):
    client = client_for(personas.student)
    response = client.post(URL, {"document": upload("cv.txt", b"welding"), "suggest": "1"})
    assert response.status_code == 200
    assert [s.phrases for s in response.context["suggestions"]] == [["welding"]]

    profile.cv.save("cv.txt", ContentFile(b"logistics"))
    response = client.post(URL, {"use_saved_cv": "on", "suggest": "1"})
    assert response.status_code == 200
    assert [s.phrases for s in response.context["suggestions"]] == [["logistics"]]
    assert len(extractor["documents"]) == 2


def test_a_document_that_is_no_cv_is_refused(client_for, personas, profile, extractor):
    response = client_for(personas.student).post(
        URL, {"document": upload("cv.pdf", PNG), "suggest": "1"}
    )
    assert response.status_code == 400
    assert "PNG" in response.content.decode()
    assert extractor["documents"] == []


def test_nothing_to_read_is_explained(client_for, personas, profile, extractor):
    response = client_for(personas.student).post(URL, {"text": "  ", "suggest": "1"})
    assert response.status_code == 400
    assert "Paste some text, upload a document" in response.content.decode()


def test_ticking_nothing_adds_nothing(client_for, personas, profile, extractor):
    response = client_for(personas.student).post(URL, {"add": "1"}, follow=True)
    assert "Tick at least one skill to add." in response.content.decode()
    assert not ProfileSkill.objects.exists()


def test_without_the_extractor_the_page_says_so(client_for, personas, profile, monkeypatch):
    monkeypatch.setitem(sys.modules, "corridor.taxonomy.extract", None)  # import fails
    response = client_for(personas.student).post(URL, {"text": "welding", "suggest": "1"})
    assert response.status_code == 503
    assert "not available yet" in response.content.decode()


def test_a_student_without_a_profile_is_sent_to_create_it_first(client_for, personas):
    response = client_for(personas.student_b).get(URL)
    assert response.status_code == 302 and response.url == reverse("talent:my_profile")


@pytest.mark.parametrize("who", ["recruiter_a", "institution_admin", "outsider"])
def test_suggestions_are_for_students(client_for, personas, who):
    assert client_for(getattr(personas, who)).get(URL).status_code == 403


@pytest.fixture
def real_extractor():
    extract = pytest.importorskip("corridor.taxonomy.extract")
    from corridor.taxonomy.loaders import load_curated

    load_curated()
    extract.clear_cache()  # cached per taxonomy version; test databases reuse ids
    yield extract
    extract.clear_cache()


def test_the_real_extractor_reads_pasted_text_and_word_documents(
    client_for, personas, profile, real_extractor
):
    client = client_for(personas.student)
    text = "Internship: arc welding of steel frames.\n实习：熟练使用AutoCAD。"
    response = client.post(URL, {"text": text, "suggest": "1"})
    assert response.status_code == 200
    found = {s.skill.label_en: s.phrases for s in response.context["suggestions"]}
    assert found["apply arc welding techniques"] == ["arc welding"]
    assert found["create AutoCAD drawings"] == ["AutoCAD"]

    document = upload("cv.docx", docx_bytes("Two summers of arc welding in Lahore."))
    response = client.post(URL, {"document": document, "suggest": "1"})
    assert response.status_code == 200
    [suggestion] = response.context["suggestions"]
    assert suggestion.skill.label_en == "apply arc welding techniques"

    assert client.post(URL, {"add": "1", "skills": [suggestion.skill.pk]}).status_code == 302
    assert list(profile.skills.values_list("skill__label_en", "evidence")) == [
        ("apply arc welding techniques", "self")
    ]
