from django.contrib import admin

from corridor.matching.models import Allocation, PlacementDrive


@admin.register(PlacementDrive)
class PlacementDriveAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "rule", "status", "progress", "created_at"]
    list_filter = ["status", "rule"]
    search_fields = ["name"]
    raw_id_fields = [
        "organiser",
        "organization",
        "candidate_institution",
        "positions",
        "candidates",
    ]
    readonly_fields = ["report", "progress", "task_id", "started_at", "finished_at"]


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["drive", "profile", "position", "score", "rank", "status"]
    list_filter = ["status"]
    raw_id_fields = ["drive", "profile", "position"]
