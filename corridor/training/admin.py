"""Back office for training (the pages are the everyday tools)."""

from django.contrib import admin

from corridor.training import models


class ProgrammeSkillInline(admin.TabularInline):
    model = models.ProgrammeSkill
    raw_id_fields = ["skill"]
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title_en", "kind", "sector"]
    list_filter = ["kind"]
    search_fields = ["title_en", "title_zh", "key"]
    filter_horizontal = ["providers"]
    inlines = [ProgrammeSkillInline]


@admin.register(models.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "start", "end", "capacity", "synthetic"]
    list_select_related = ["programme"]


@admin.register(models.Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["profile", "cohort", "status", "completed_on"]
    list_filter = ["status"]
    raw_id_fields = ["profile", "cohort"]


@admin.register(models.Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "enrolment", "issued_on", "revoked"]
    search_fields = ["code"]
    raw_id_fields = ["enrolment"]


@admin.register(models.TalentOrder)
class TalentOrderAdmin(admin.ModelAdmin):
    list_display = ["title_en", "orderer", "supplier", "status", "quantity"]
    list_filter = ["status"]


@admin.register(models.CurriculumStandard)
class CurriculumStandardAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "origin", "origin_country"]


@admin.register(models.StandardAdoption)
class StandardAdoptionAdmin(admin.ModelAdmin):
    list_display = ["standard", "institution", "country", "adopted_on"]


@admin.register(models.Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title_en", "organiser", "start"]


@admin.register(models.CompetitionEntry)
class CompetitionEntryAdmin(admin.ModelAdmin):
    list_display = ["competition", "profile", "skill", "result", "score"]
    raw_id_fields = ["profile"]
