"""Taxonomy pages: browse skills and occupations, and autocomplete for every form."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from corridor.core.views import ScopedDetailView, ScopedListView
from corridor.taxonomy.filtersets import OccupationFilterSet, SkillFilterSet
from corridor.taxonomy.models import Label, Occupation, Relation, Skill
from corridor.taxonomy.search import autocomplete


class SkillListView(ScopedListView):
    model = Skill
    filterset_class = SkillFilterSet
    template_name = "taxonomy/skill_list.html"
    partial_template_name = "taxonomy/partials/_concept_results.html"

    def get_queryset(self):
        return super().get_queryset().order_by("-curated", "label_en")

    def extra_context(self):
        return {"kind": "skill"}


class OccupationListView(SkillListView):
    model = Occupation
    filterset_class = OccupationFilterSet
    template_name = "taxonomy/occupation_list.html"

    def extra_context(self):
        return {"kind": "occupation"}


def _labels_by_language(concept) -> list[tuple[str, list[Label]]]:
    grouped: dict[str, list[Label]] = {}
    for label in concept.labels.order_by("language", "kind", "text"):
        grouped.setdefault(label.language, []).append(label)
    return sorted(grouped.items())


class SkillDetailView(ScopedDetailView):
    model = Skill
    lookup = "pk"
    template_name = "taxonomy/skill_detail.html"

    def extra_context(self, obj):
        links = obj.occupation_links.select_related("occupation").order_by("occupation__label_en")
        return {
            "labels": _labels_by_language(obj),
            "essential_for": [
                link.occupation for link in links if link.relation == Relation.ESSENTIAL
            ],
            "optional_for": [
                link.occupation for link in links if link.relation == Relation.OPTIONAL
            ],
            "related": obj.related.order_by("-curated", "label_en")[:30],
            "narrower": obj.narrower.order_by("label_en")[:30],
        }


class OccupationDetailView(ScopedDetailView):
    model = Occupation
    lookup = "pk"
    template_name = "taxonomy/occupation_detail.html"

    def extra_context(self, obj):
        links = obj.skill_links.select_related("skill").order_by(
            "-skill__curated", "skill__label_en"
        )
        return {
            "labels": _labels_by_language(obj),
            "essential": [link.skill for link in links if link.relation == Relation.ESSENTIAL],
            "optional": [link.skill for link in links if link.relation == Relation.OPTIONAL],
        }


MODELS = {"skills": Skill, "occupations": Occupation}


@require_GET
def autocomplete_view(request, kind: str):
    """``?q=`` -> matching concepts: JSON for programs, an option list for htmx forms."""
    model = MODELS[kind]
    try:
        limit = max(1, min(int(request.GET.get("limit", 10)), 50))
    except ValueError:
        limit = 10
    hits = autocomplete(model, request.GET.get("q", ""), limit)
    if request.htmx:
        return render(
            request,
            "taxonomy/partials/_autocomplete.html",
            {"hits": hits, "field": request.GET.get("field", "")},
        )
    return JsonResponse(
        {
            "results": [
                {
                    "id": hit.concept.pk,
                    "uri": hit.concept.uri,
                    "label": hit.concept.label,
                    "label_en": hit.concept.label_en,
                    "label_zh": hit.concept.label_zh,
                    "matched": hit.matched,
                    "fuzzy": hit.fuzzy,
                }
                for hit in hits
            ]
        }
    )
