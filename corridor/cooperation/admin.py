from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline

from corridor.cooperation.models import (
    Agreement,
    AgreementArea,
    AgreementDocument,
    AgreementParty,
    AgreementSignatory,
    Alliance,
    Citation,
    Commitment,
    Source,
    Target,
    TargetProgressEntry,
    TargetSnapshot,
)


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["metric", "label_en", "label_zh", "target_value", "comparator", "measurement"]


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "founded_year", "founded_month", "founded_day"]
    search_fields = ["organization__name_en", "organization__name_zh", "organization__slug"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["founding_event"]
    inlines = [TargetInline, CitationInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["label_en", "alliance", "metric", "target_value", "measurement"]
    list_filter = ["metric", "measurement"]
    search_fields = ["label_en", "label_zh"]
    inlines = [CitationInline]


@admin.register(TargetProgressEntry)
class TargetProgressEntryAdmin(admin.ModelAdmin):
    list_display = ["target", "value", "as_of", "entered_by"]


@admin.register(TargetSnapshot)
class TargetSnapshotAdmin(admin.ModelAdmin):
    list_display = ["target", "date", "value", "source"]
    list_filter = ["source"]


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organization"]


class SignatoryInline(admin.TabularInline):
    model = AgreementSignatory
    extra = 0
    autocomplete_fields = ["person"]


class AreaInline(admin.TabularInline):
    model = AgreementArea
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


class DocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0
    readonly_fields = ["content_type", "size"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title_en", "kind", "status", "signed_year", "signed_month", "signed_day"]
    list_filter = ["kind", "status"]
    search_fields = ["title_en", "title_zh", "slug"]
    autocomplete_fields = ["alliance"]
    raw_id_fields = ["event"]
    inlines = [
        PartyInline,
        SignatoryInline,
        AreaInline,
        CommitmentInline,
        DocumentInline,
        CitationInline,
    ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_en", "publisher", "date_year", "date_month", "date_day"]
    search_fields = ["slug", "title_en", "title_zh", "publisher"]
