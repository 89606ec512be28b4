"""Generic, permission-scoped views shared by every domain app, and the site-wide pages."""

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from corridor.core.permissions import Action, can, grants

logger = logging.getLogger(__name__)


def refuse(request):
    """Anonymous visitors are sent to sign in; signed-in users without the right get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


class ScopedMixin:
    """Fetches objects only through ``Model.objects.for_user(user, action)``."""

    model = None
    action: Action = Action.VIEW
    #: The URL keyword (and model field) naming the object.
    lookup = "slug"

    def scoped(self, action: Action | None = None):
        return self.model.objects.for_user(self.request.user, action or self.action)

    def has_any_grant(self, action: Action | None = None) -> bool:
        return bool(grants(self.request.user, self.model._meta.label_lower, action or self.action))

    def get_object(self, action: Action | None = None):
        """The object named in the URL if ``user`` may act on it; 404 otherwise.

        Returns None only for anonymous visitors without any grant (they are sent to sign
        in); a signed-in user never learns whether an object they may not see exists.
        """
        if not self.has_any_grant(action):
            if self.request.user.is_authenticated:
                raise Http404
            return None
        return get_object_or_404(self.scoped(action), **{self.lookup: self.kwargs[self.lookup]})


class ScopedListView(ScopedMixin, View):
    """A filtered, paginated list; an htmx request gets just the results partial."""

    filterset_class = None
    template_name = ""
    partial_template_name = ""
    paginate_by = 25

    def get_queryset(self):
        return self.scoped()

    def get(self, request, *args, **kwargs):
        if not self.has_any_grant():
            return refuse(request)
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset())
        filter_errors = []
        if not filterset.is_bound:
            queryset = filterset.queryset
        elif filterset.is_valid():
            queryset = filterset.qs
        else:  # say what is wrong rather than silently ignoring the filter
            queryset = filterset.queryset.none()
            filter_errors = [
                _("%(field)s: %(message)s")
                % {
                    "field": filterset.form.fields[name].label
                    if name in filterset.form.fields
                    else _("Filter"),
                    "message": message,
                }
                for name, errors in filterset.form.errors.items()
                for message in errors
            ]
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": filterset,
            "filter_errors": filter_errors,
            "page": page,
            "query": query.urlencode(),
        }
        context.update(self.extra_context())
        template = self.partial_template_name if request.htmx else self.template_name
        return render(request, template, context)

    def extra_context(self) -> dict:
        return {}


class ScopedDetailView(ScopedMixin, View):
    template_name = ""

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        if obj is None:
            return refuse(request)
        context = {"object": obj, "can_change": can(request.user, Action.CHANGE, obj)}
        context["can_delete"] = can(request.user, Action.DELETE, obj)
        context.update(self.extra_context(obj))
        return render(request, self.template_name, context)

    def extra_context(self, obj) -> dict:
        return {}


class ScopedFormView(ScopedMixin, View):
    """Create (no slug in the URL) or change (slug) one object through its form + service."""

    form_class = None
    template_name = ""

    def form_kwargs(self) -> dict:
        return {}

    def may_create(self) -> bool:
        raise NotImplementedError

    def save(self, form):
        raise NotImplementedError

    def _instance(self):
        if self.lookup not in self.kwargs:
            return None, self.may_create()
        obj = self.get_object(Action.CHANGE)
        return obj, obj is not None

    def get(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        initial = {k: v for k, v in request.GET.items() if k in self.form_class.base_fields}
        form = self.form_class(instance=obj, initial=initial, **self.form_kwargs())
        return render(request, self.template_name, {"form": form, "object": obj})

    def post(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        form = self.form_class(request.POST, request.FILES, instance=obj, **self.form_kwargs())
        if form.is_valid():
            saved = self.save(form)
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(saved.get_absolute_url())
        return render(request, self.template_name, {"form": form, "object": obj}, status=400)


class ScopedDeleteView(ScopedMixin, View):
    template_name = "core/confirm_delete.html"
    success_url = "/"

    def get(self, request, *args, **kwargs):
        obj = self.get_object(Action.DELETE)
        if obj is None:
            return refuse(request)
        return render(request, self.template_name, {"object": obj})

    def post(self, request, *args, **kwargs):
        obj = self.get_object(Action.DELETE)
        if obj is None:
            return refuse(request)
        label = str(obj)
        obj.delete()
        messages.success(request, _("Deleted %(name)s.") % {"name": label})
        return HttpResponseRedirect(self.success_url)


def home(request):
    """The landing page: what Corridor is and where to go next."""
    from corridor.directory.models import Organization, Person

    context = {
        "organization_count": Organization.objects.count(),
        "person_count": Person.objects.count(),
        "recent_organizations": Organization.objects.order_by("-created_at")[:6],
    }
    return render(request, "core/home.html", context)


def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The reason goes to the log, not to whoever polls the endpoint.
        logger.warning("health check: database unavailable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that do not link the icon (the admin)."""
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("corridor/favicon.svg"))
