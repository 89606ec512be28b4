from django.contrib import admin

from corridor.events.models import (
    Booth,
    Consultation,
    Event,
    EventOrganiser,
    EventOutcome,
    Meeting,
    MeetingRequest,
    Registration,
    Session,
    Speaker,
)


class OrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0
    raw_id_fields = ["organization"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["order", "title_en", "title_zh", "starts_at", "ends_at", "room"]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    raw_id_fields = ["person", "session"]
    fields = ["order", "person", "role", "session", "topic_en", "topic_zh"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title_en", "kind", "date_display", "city", "country", "status"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["title_en", "title_zh", "slug", "city", "venue"]
    raw_id_fields = ["parent", "created_by"]
    readonly_fields = ["start_date", "end_date"]
    inlines = [OrganiserInline, SessionInline, SpeakerInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "kind", "status", "checked_in_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "email", "ticket_code", "event__title_en"]
    raw_id_fields = [
        "event",
        "user",
        "organization",
        "registered_by",
        "checked_in_by",
        "decided_by",
    ]
    readonly_fields = ["ticket_code"]


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "meeting_start", "meeting_end", "slot_minutes"]
    raw_id_fields = ["event", "enterprise"]
    filter_horizontal = ["positions", "projects"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "direction", "status", "suitability"]
    list_filter = ["status", "direction"]
    raw_id_fields = ["event", "booth", "registration"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "starts_at", "ends_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["event", "booth", "request", "registration"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "skills_fit", "language_fit", "career_plan_fit", "next_step"]
    raw_id_fields = ["meeting"]


@admin.register(EventOutcome)
class EventOutcomeAdmin(admin.ModelAdmin):
    list_display = ["event", "agreements_signed_count"]
    raw_id_fields = ["event", "recorded_by"]
