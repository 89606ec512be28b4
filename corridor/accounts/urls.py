from django.urls import path

from corridor.accounts import views

app_name = "accounts"

urlpatterns = [
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path(
        "privacy/consents/<int:pk>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path("privacy/download/", views.DataDownloadView.as_view(), name="data_download"),
    path("privacy/erase/", views.EraseAccountView.as_view(), name="erase"),
    path("privacy/erased/", views.erased, name="erased"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
]
