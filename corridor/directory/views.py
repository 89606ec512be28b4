"""Directory pages: thin views over the scoped querysets, forms and services."""

from django.urls import reverse_lazy

from corridor.core.permissions import can_create, creatable_organization_ids
from corridor.core.views import ScopedDeleteView, ScopedDetailView, ScopedFormView, ScopedListView
from corridor.directory import services
from corridor.directory.filtersets import OrganizationFilterSet, PersonFilterSet
from corridor.directory.forms import OrganizationForm, PersonForm
from corridor.directory.models import Organization, Person


class OrganizationListView(ScopedListView):
    model = Organization
    filterset_class = OrganizationFilterSet
    template_name = "directory/organization_list.html"
    partial_template_name = "directory/partials/_organization_results.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    def extra_context(self):
        return {"can_create": can_create(self.request.user, Organization)}


class OrganizationDetailView(ScopedDetailView):
    model = Organization
    template_name = "directory/organization_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        people = Person.objects.for_user(user, "view").filter(organization=obj)
        return {
            "children": obj.children.order_by("name_en"),
            "people": people,
            "can_add_person": can_create(user, Person, obj.pk),
        }


class OrganizationFormView(ScopedFormView):
    model = Organization
    form_class = OrganizationForm
    template_name = "directory/organization_form.html"

    def may_create(self):
        return can_create(self.request.user, Organization)

    def save(self, form):
        return services.save_organization(form.save(commit=False))


class OrganizationDeleteView(ScopedDeleteView):
    model = Organization
    success_url = reverse_lazy("directory:organization_list")


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    template_name = "directory/person_list.html"
    partial_template_name = "directory/partials/_person_results.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization")

    def extra_context(self):
        return {"can_create": can_create(self.request.user, Person)}


class PersonDetailView(ScopedDetailView):
    model = Person
    template_name = "directory/person_detail.html"

    def extra_context(self, obj):
        return {"affiliations": obj.affiliations.select_related("organization")}


class PersonFormView(ScopedFormView):
    model = Person
    form_class = PersonForm
    template_name = "directory/person_form.html"

    def may_create(self):
        return can_create(self.request.user, Person)

    def form_kwargs(self):
        allowed = creatable_organization_ids(self.request.user, Person)
        if allowed is None:
            return {}
        return {"organizations": Organization.objects.filter(pk__in=allowed)}

    def save(self, form):
        return services.save_person(form.save(commit=False))


class PersonDeleteView(ScopedDeleteView):
    model = Person
    success_url = reverse_lazy("directory:person_list")
