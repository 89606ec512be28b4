"""Privacy pages (consent history, download my data, erase my account) and the audit log."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from corridor.accounts import privacy
from corridor.accounts.adapter import needs_mfa_setup
from corridor.accounts.filtersets import AuditEntryFilterSet
from corridor.accounts.forms import EraseAccountForm
from corridor.accounts.models import AuditEntry, ConsentChannel, ConsentRecord
from corridor.core.permissions import Action
from corridor.core.views import ScopedListView, refuse
from corridor.talent import services as talent_services
from corridor.talent.models import TalentProfile


class SignedInView(View):
    """Pages about the signed-in user's own account: anonymous visitors sign in first."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)


def _own_profile(user):
    return TalentProfile.objects.for_user(user, Action.VIEW).filter(user_id=user.pk).first()


class PrivacyView(SignedInView):
    """``/accounts/privacy/``: who sees my profile, who sees my contact details (with a
    button to withdraw each), my consent history, and my data (download or erase)."""

    def get(self, request):
        user = request.user
        profile = _own_profile(user)
        history = ConsentRecord.objects.for_user(user, Action.VIEW).select_related("organization")
        page = Paginator(history, 25).get_page(request.GET.get("page"))
        context = {
            "profile": profile,
            "consents": talent_services.active_consents(profile) if profile else [],
            "page": page,
            "has_mfa": privacy._has_mfa(user),
            "mfa_required": needs_mfa_setup(user),
        }
        return render(request, "accounts/privacy.html", context)


class ConsentWithdrawView(SignedInView):
    """POST: withdraw one of my contact consents (someone else's is a 404)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        profile = _own_profile(request.user)
        if profile is None:
            raise Http404
        consent = get_object_or_404(talent_services.active_consents(profile), pk=pk)
        talent_services.revoke_consent(consent, request=request)
        messages.success(
            request,
            _("%(organization)s no longer sees your name and contact details.")
            % {"organization": consent.organization},
        )
        return HttpResponseRedirect(reverse("accounts:privacy"))


class DataDownloadView(SignedInView):
    """All my data as one JSON file (the download is recorded in the audit log)."""

    def get(self, request):
        body = privacy.export_user_data(
            request.user, actor=request.user, channel=ConsentChannel.PAGE
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="corridor-my-data-{stamp}.json"'
        response["Cache-Control"] = "private, no-store"
        return response


class EraseAccountView(SignedInView):
    """Confirm with the password, then erase; the person is signed out and sees a
    confirmation of what was removed and what was kept."""

    template_name = "accounts/erase.html"

    def get(self, request):
        return render(request, self.template_name, {"form": EraseAccountForm()})

    def post(self, request):
        form = EraseAccountForm(request.POST)
        if form.is_valid():
            try:
                privacy.erase_account(request.user, password=form.cleaned_data["password"])
            except privacy.ErasureRefused as error:
                form.add_error("password", error)
            else:
                logout(request)
                return HttpResponseRedirect(reverse("accounts:erased"))
        return render(request, self.template_name, {"form": form}, status=400)


def erased(request):
    """The confirmation page after an erasure (the person is signed out by then)."""
    return render(request, "accounts/erased.html")


class AuditLogView(ScopedListView):
    """``/accounts/audit/``: the audit log, for platform admins only."""

    model = AuditEntry
    lookup = "pk"
    filterset_class = AuditEntryFilterSet
    template_name = "accounts/audit_list.html"
    partial_template_name = "accounts/partials/_audit_results.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().select_related("actor", "content_type")
