from django.urls import path, re_path

from corridor.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("skills/", views.SkillListView.as_view(), name="skill_list"),
    path("skills/<int:pk>/", views.SkillDetailView.as_view(), name="skill_detail"),
    path("occupations/", views.OccupationListView.as_view(), name="occupation_list"),
    path("occupations/<int:pk>/", views.OccupationDetailView.as_view(), name="occupation_detail"),
    re_path(
        r"^autocomplete/(?P<kind>skills|occupations)/$",
        views.autocomplete_view,
        name="autocomplete",
    ),
]
