"""The chokepoint cannot be skipped: every API view is a ScopedViewSet (or one of a few
named non-model views), none sets its own queryset, and every writable relation looks
its choices up through for_user."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import serializers as drf
from rest_framework.generics import GenericAPIView

from corridor.api import serializers, views
from corridor.directory.models import Organization
from corridor.taxonomy.models import Label, Sector

#: Views under /api/ that serve no model rows.
NON_MODEL_VIEWS = {
    "ApiRootView",
    "MeView",
    "RecommendedPositionsView",  # the user's own profile, through TalentProfile.objects.for_user
    "AuthTokenView",
    "SpectacularAPIView",
    "SwaggerView",
    "RedocView",
    "NotFoundView",
    # The signed-in user's own data, found by user id (and erased with their password).
    "MyDataView",
    "EraseMeView",
    # Aggregates only, computed from Model.objects.for_user() querysets (corridor.insights).
    "GapsApiView",
    "AllianceDashboardApiView",
    "CountryDashboardApiView",
    # The user's own profile, through TalentProfile.objects.for_user.
    "CareerPlanView",
}


def api_views(resolver=None, inside=False):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from api_views(entry, inside or entry.namespace == "api")
        elif isinstance(entry, URLPattern) and inside:
            callback = entry.callback
            yield getattr(callback, "cls", None) or getattr(callback, "view_class", callback)


def test_every_api_view_goes_through_the_chokepoint():
    seen = set()
    for view in api_views():
        seen.add(view.__name__)
        if view.__name__ in NON_MODEL_VIEWS:
            assert not issubclass(view, GenericAPIView) or view.__name__ == "SpectacularAPIView"
            continue
        assert issubclass(view, views.ScopedViewSet), f"{view.__name__} skips for_user()"
        assert "get_queryset" not in view.__dict__ and view.queryset is None
    assert {"OrganizationViewSet", "PositionViewSet", "ProfileViewSet"} <= seen


def test_a_viewset_cannot_bypass_for_user():
    with pytest.raises(TypeError, match="get_queryset"):

        class Sneaky(views.ScopedModelViewSet):
            model = Organization

            def get_queryset(self):
                return Organization.objects.all()

    with pytest.raises(TypeError, match="queryset"):

        class Sneakier(views.ScopedModelViewSet):
            model = Organization
            queryset = Organization.objects.all()

    with pytest.raises(TypeError, match="for_user"):

        class Unscoped(views.ScopedModelViewSet):
            model = Label  # no for_user() and no borrowed policy


def writable_relations(serializer, path=""):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        where = f"{type(serializer).__name__}.{path}{name}"
        if isinstance(field, drf.ListSerializer):
            yield from writable_relations(field.child, f"{path}{name}.")
        elif isinstance(field, drf.ManyRelatedField):
            yield where, field.child_relation
        elif isinstance(field, drf.RelatedField):
            yield where, field


@pytest.mark.parametrize(
    "serializer_class",
    [
        serializers.OrganizationSerializer,
        serializers.PersonSerializer,
        serializers.ProfileWriteSerializer,
        serializers.ProjectSerializer,
        serializers.PositionSerializer,
    ],
)
def test_writable_relations_are_scoped(serializer_class):
    allowed = (serializers.ScopedRelatedMixin, serializers.OwnerOrganizationField)
    for where, field in writable_relations(serializer_class()):
        if field.queryset is not None and field.queryset.model is Sector:
            continue  # reference data without a scoped queryset (see SectorViewSet)
        assert isinstance(field, allowed), f"{where} is not looked up through for_user()"
