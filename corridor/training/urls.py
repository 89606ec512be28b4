from django.urls import path

from corridor.training import views

app_name = "training"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/add/", views.ProgrammeFormView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeFormView.as_view(), name="programme_update"),
    path(
        "programmes/<int:pk>/delete/", views.ProgrammeDeleteView.as_view(), name="programme_delete"
    ),
    path(
        "programmes/<int:programme>/cohorts/add/",
        views.CohortFormView.as_view(),
        name="cohort_create",
    ),
    path("cohorts/<int:pk>/", views.CohortDetailView.as_view(), name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views.CohortFormView.as_view(), name="cohort_update"),
    path("cohorts/<int:pk>/enrol/", views.EnrolView.as_view(), name="enrol"),
    path("enrolments/<int:pk>/complete/", views.CompleteView.as_view(), name="enrolment_complete"),
    path("enrolments/<int:pk>/outcome/", views.OutcomeView.as_view(), name="enrolment_outcome"),
    path(
        "certificates/<str:code>/pdf/", views.CertificatePdfView.as_view(), name="certificate_pdf"
    ),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("mine/", views.MyTrainingView.as_view(), name="mine"),
    path("orders/", views.OrderListView.as_view(), name="order_list"),
    path("orders/add/", views.OrderFormView.as_view(), name="order_create"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/edit/", views.OrderFormView.as_view(), name="order_update"),
    path("orders/<int:pk>/status/", views.OrderStatusView.as_view(), name="order_status"),
    path("standards/", views.StandardListView.as_view(), name="standard_list"),
    path("standards/add/", views.StandardFormView.as_view(), name="standard_create"),
    path("standards/<int:pk>/", views.StandardDetailView.as_view(), name="standard_detail"),
    path("standards/<int:pk>/edit/", views.StandardFormView.as_view(), name="standard_update"),
    path("standards/<int:pk>/adopt/", views.AdoptView.as_view(), name="standard_adopt"),
    path("competitions/", views.CompetitionListView.as_view(), name="competition_list"),
    path("competitions/add/", views.CompetitionFormView.as_view(), name="competition_create"),
    path(
        "competitions/<int:pk>/", views.CompetitionDetailView.as_view(), name="competition_detail"
    ),
    path(
        "competitions/<int:pk>/edit/",
        views.CompetitionFormView.as_view(),
        name="competition_update",
    ),
    path("competitions/<int:pk>/results/", views.ResultView.as_view(), name="competition_result"),
    path("career-plan/", views.CareerPlanView.as_view(), name="career_plan"),
    path(
        "career-plan/<int:pk>/remove/",
        views.CareerTargetDeleteView.as_view(),
        name="career_target_delete",
    ),
]
