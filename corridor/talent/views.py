"""Talent pages: thin views over ``TalentProfile.objects.for_user``, the forms and the services."""

from functools import partial
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from corridor.core import audit
from corridor.core.choices import PositionKind
from corridor.core.permissions import Action, Scope, can, can_create, grants
from corridor.core.views import (
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    refuse,
)
from corridor.directory.models import Organization
from corridor.talent import services
from corridor.talent.filtersets import ProfileFilterSet
from corridor.talent.forms import (
    LEVEL_HELP,
    AddSuggestedSkillsForm,
    ConsentForm,
    ProfileEditor,
    SuggestSourceForm,
    student_accounts,
)
from corridor.talent.models import ProfileSkill, TalentProfile

PROFILE = TalentProfile._meta.label_lower


def _cards(queryset, user):
    """What a profile card needs, in one query per relation; ``identity_shown`` says
    whether ``user`` sees the name or the anonymous label."""
    return (
        queryset.select_related("institution")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=ProfileSkill.objects.select_related("skill").order_by(
                    "-level", "skill__label_en"
                ),
            ),
            "languages",
        )
        .with_identity_shown(user)
    )


class ProfileListView(ScopedListView):
    model = TalentProfile
    lookup = "pk"
    template_name = "talent/profile_list.html"
    partial_template_name = "talent/partials/_profile_results.html"
    paginate_by = 24

    @property
    def filterset_class(self):
        return partial(ProfileFilterSet, request=self.request)

    def get_queryset(self):
        # Newest first, never by name: the order must not hint at hidden names.
        return _cards(super().get_queryset(), self.request.user).order_by("-updated_at", "-pk")

    def extra_context(self):
        user = self.request.user
        return {
            "can_create": can_create(user, TalentProfile),
            "own_profile": services.own_profile(user, Action.VIEW),
            "may_start_profile": services.may_create_own_profile(user),
        }


class ProfileDetailView(ScopedDetailView):
    model = TalentProfile
    lookup = "pk"
    template_name = "talent/profile_detail.html"

    def extra_context(self, obj, consent_form=None):
        user = self.request.user
        is_owner = obj.user_id is not None and obj.user_id == user.pk
        context = {
            "identity": obj.identity_visible_to(user),
            "is_owner": is_owner,
            "profile_languages": obj.languages.order_by("pk"),
            "skills": obj.skills.select_related("skill").order_by("-level", "skill__label_en"),
            "experience": obj.experience.all(),
            "sectors": obj.preferred_sectors.order_by("label_en"),
            "kinds": [PositionKind(k).label for k in obj.preferred_kinds if k in PositionKind],
        }
        if is_owner:
            context["consents"] = services.active_consents(obj)
            context["consent_form"] = consent_form or ConsentForm(
                profile=obj, organizations=Organization.objects.for_user(user, Action.VIEW)
            )
        return context


def _owned_profile(view):
    """The profile named in the URL if it is the signed-in user's own, else 404 (only the
    student decides whom their contact details are shared with)."""
    obj = view.get_object(Action.VIEW)
    if obj is None:
        return None
    if obj.user_id is None or obj.user_id != view.request.user.pk:
        raise Http404
    return obj


class ConsentGrantView(ProfileDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = _owned_profile(self)
        if obj is None:
            return refuse(request)
        form = ConsentForm(
            request.POST,
            profile=obj,
            organizations=Organization.objects.for_user(request.user, Action.VIEW),
        )
        if form.is_valid():
            organization = form.cleaned_data["organization"]
            services.grant_consent(obj, organization, request=request)
            messages.success(
                request,
                _("%(organization)s can now see your name and contact details.")
                % {"organization": organization},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        context = {
            "object": obj,
            "can_change": can(request.user, Action.CHANGE, obj),
            "can_delete": can(request.user, Action.DELETE, obj),
        }
        context.update(self.extra_context(obj, consent_form=form))
        return render(request, self.template_name, context, status=400)


class ConsentRevokeView(ScopedMixin, View):
    model = TalentProfile
    lookup = "pk"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        obj = _owned_profile(self)
        if obj is None:
            return refuse(request)
        consent = get_object_or_404(services.active_consents(obj), pk=self.kwargs["consent_pk"])
        services.revoke_consent(consent, request=request)
        messages.success(
            request,
            _("%(organization)s no longer sees your name and contact details.")
            % {"organization": consent.organization},
        )
        return HttpResponseRedirect(obj.get_absolute_url())


class CvDownloadView(ScopedMixin, View):
    """The CV file, only for those who may see the profile's identity; 404 otherwise."""

    model = TalentProfile
    lookup = "pk"

    def get(self, request, *args, **kwargs):
        obj = self.get_object(Action.VIEW)
        if obj is None:
            return refuse(request)
        if not obj.cv or not obj.identity_visible_to(request.user):
            raise Http404
        try:
            handle = obj.cv.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        audit.log_access(obj, actor=request.user, event="cv_download")
        suffix = PurePath(obj.cv.name).suffix.lower()
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"CV-{slugify(obj.name_latin or obj.full_name, allow_unicode=True) or obj.pk}{suffix}",
            content_type=services.cv_content_type(obj.cv.name),
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ProfileEditBase(ScopedMixin, View):
    """The profile form with its languages, skills and experience rows; saved together
    in one transaction or not at all (400 with every error in place)."""

    model = TalentProfile
    lookup = "pk"
    template_name = "talent/profile_form.html"

    def resolve(self):
        """(profile to edit or unsaved new one, form options); refuse or 404 otherwise."""
        raise NotImplementedError

    def cancel_url(self, profile) -> str:
        return profile.get_absolute_url() if profile.pk else reverse("talent:profile_list")

    def staff_options(self, profile) -> dict:
        """Form options for institution and platform admins; the student's own form
        for a student editing their own profile."""
        held = grants(self.request.user, PROFILE, Action.CHANGE if profile.pk else Action.CREATE)
        if Scope.ALL in held:
            return {"staff": True, "accounts": student_accounts(profile=profile)}
        orgs = held.get(Scope.OWN_ORG, set())
        if orgs and (not profile.pk or profile.institution_id in orgs):
            return {
                "staff": True,
                "institutions": services.institutions().filter(pk__in=orgs),
                "accounts": student_accounts(orgs, profile=profile),
            }
        return {"staff": False}

    def render_editor(self, editor, profile, *, status=200, **extra):
        context = {
            "editor": editor,
            "form": editor.form,
            "object": profile if profile.pk else None,
            "cancel_url": self.cancel_url(profile),
            "level_help": LEVEL_HELP,
            "show_errors": status == 400,
        }
        context.update(extra)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        resolved = self.resolve()
        if resolved is None:
            return refuse(request)
        profile, options = resolved
        return self.render_editor(ProfileEditor(instance=profile, **options), profile)

    def post(self, request, *args, **kwargs):
        resolved = self.resolve()
        if resolved is None:
            return refuse(request)
        profile, options = resolved
        add_row = request.POST.get("add_row")
        if add_row in ProfileEditor.ROW_PREFIXES:
            data = ProfileEditor.with_another_row(request.POST, add_row)
            editor = ProfileEditor(data, instance=profile, **options)
            return self.render_editor(
                editor, profile, added_row=add_row, file_dropped=bool(request.FILES)
            )
        editor = ProfileEditor(request.POST, request.FILES, instance=profile, **options)
        if editor.is_valid():
            saved = services.save_profile(editor.form, editor.formsets.values(), request=request)
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_editor(editor, profile, status=400)


class MyProfileView(ProfileEditBase):
    """``/talent/me/``: a student's own profile, started on the first visit from what
    the account knows (stored when first saved)."""

    def resolve(self):
        user = self.request.user
        if not user.is_authenticated:
            return None
        profile = services.own_profile(user, Action.CHANGE)
        if profile is None:
            if not services.may_create_own_profile(user):
                raise PermissionDenied
            profile = services.new_profile_for(user)
        return profile, {"staff": False}

    def cancel_url(self, profile):
        return profile.get_absolute_url() if profile.pk else reverse("core:home")


class ProfileFormView(ProfileEditBase):
    """``/talent/profiles/new/`` (institution and platform admins) and
    ``/talent/profiles/<pk>/edit/`` (whoever may change that profile)."""

    def resolve(self):
        if self.lookup in self.kwargs:
            profile = self.get_object(Action.CHANGE)
            if profile is None:
                return None
        else:
            if not can_create(self.request.user, TalentProfile):
                if not self.request.user.is_authenticated:
                    return None
                raise PermissionDenied
            profile = TalentProfile()
        return profile, self.staff_options(profile)


class ProfileDeleteView(ScopedDeleteView):
    model = TalentProfile
    lookup = "pk"
    success_url = reverse_lazy("talent:profile_list")

    def post(self, request, *args, **kwargs):
        obj = self.get_object(Action.DELETE)
        if obj is None:
            return refuse(request)
        label = str(obj)
        services.delete_profile(obj)
        messages.success(request, _("Deleted %(name)s.") % {"name": label})
        return HttpResponseRedirect(self.success_url)


class SuggestSkillsView(View):
    """``/talent/me/suggest-skills/``: skills found in pasted text, an uploaded document
    or the saved CV, ticked to add them to the student's own profile."""

    template_name = "talent/suggest_skills.html"

    def profile(self):
        user = self.request.user
        if not user.is_authenticated:
            return None
        profile = services.own_profile(user, Action.CHANGE)
        if profile is None:
            if services.may_create_own_profile(user):
                return "start"
            raise PermissionDenied
        return profile

    def dispatch(self, request, *args, **kwargs):
        profile = self.profile()
        if profile is None:
            return refuse(request)
        if profile == "start":
            messages.info(request, _("Save your profile once, then come back for suggestions."))
            return HttpResponseRedirect(reverse("talent:my_profile"))
        self.own = profile
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, source_form, *, suggestions=None, add_form=None, status=200):
        context = {
            "object": self.own,
            "source_form": source_form,
            "suggestions": suggestions,
            "add_form": add_form,
        }
        return render(self.request, self.template_name, context, status=status)

    def source_form(self, *args):
        return SuggestSourceForm(*args, has_saved_cv=bool(self.own.cv))

    def get(self, request, *args, **kwargs):
        return self.render_page(self.source_form())

    def post(self, request, *args, **kwargs):
        if "add" in request.POST:
            return self.add(request)
        form = self.source_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            text = self.text_of(form)
            suggestions = services.suggest_skills(text, self.own)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_page(form, status=400)
        except services.SuggestionsUnavailable:
            form.add_error(None, _("Skill suggestions are not available yet. Please try later."))
            return self.render_page(form, status=503)
        return self.render_page(form, suggestions=suggestions, add_form=AddSuggestedSkillsForm())

    def text_of(self, form) -> str:
        parts = [form.cleaned_data.get("text") or ""]
        if form.cleaned_data.get("document"):
            parts.append(services.read_document_text(form.cleaned_data["document"]))
        if form.cleaned_data.get("use_saved_cv"):
            try:
                with self.own.cv.open("rb") as handle:
                    parts.append(services.read_document_text(handle))
            except FileNotFoundError:
                raise ValidationError(
                    _("Your saved CV could not be found; upload it again.")
                ) from None
        return "\n\n".join(part for part in parts if part.strip())

    def add(self, request):
        form = AddSuggestedSkillsForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("skills", [])))
            return HttpResponseRedirect(reverse("talent:suggest_skills"))
        added = services.add_skills(self.own, form.cleaned_data["skills"])
        messages.success(
            request,
            ngettext(
                "Added %(count)d skill as self-declared; set its level below.",
                "Added %(count)d skills as self-declared; set their levels below.",
                len(added),
            )
            % {"count": len(added)},
        )
        return HttpResponseRedirect(reverse("talent:my_profile") + "#skills")
