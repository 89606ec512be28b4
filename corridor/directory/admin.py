from django.contrib import admin

from corridor.directory.models import Affiliation, Organization, Person


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "abbreviation", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name_en", "name_zh", "name_local", "abbreviation", "slug"]
    autocomplete_fields = ["parent"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name_latin", "name_native", "title_en", "organization"]
    search_fields = ["name_latin", "name_native", "title_en", "title_zh", "slug"]
    autocomplete_fields = ["organization"]
    inlines = [AffiliationInline]
