from django.contrib import admin

from corridor.pipeline.models import Application, ApplicationNote, ApplicationTransition


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    readonly_fields = ["from_state", "to_state", "actor", "at", "comment"]
    can_delete = False


class NoteInline(admin.TabularInline):
    model = ApplicationNote
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read the pipeline here; change states on the site, where the rules apply."""

    list_display = ["pk", "position", "profile", "state", "origin", "updated_at"]
    list_filter = ["state", "origin", "placement_kind"]
    raw_id_fields = ["profile", "position", "drive", "event", "created_by"]
    readonly_fields = ["state"]
    inlines = [TransitionInline, NoteInline]
