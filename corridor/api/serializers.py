"""Serializers of the REST API.

Two rules run through all of them:

* every relation a client may write is looked up through ``for_user`` (the
  ``Scoped*RelatedField`` classes below), and the organisation an object belongs to only
  among those where the user holds the right (:class:`OwnerOrganizationField`);
* the model's own ``clean()`` runs on the would-be object (:class:`ModelRulesMixin`), and
  writes go through the apps' services, so the API refuses exactly what the pages refuse,
  with the same field-keyed messages.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from corridor.accounts.models import Role
from corridor.core.choices import PositionKind
from corridor.core.permissions import Action, Scope, grants
from corridor.directory import services as directory_services
from corridor.directory.models import Organization, Person
from corridor.jobs import services as jobs_services
from corridor.jobs.models import Importance, Position, PositionLanguage, PositionSkill, Project
from corridor.matching.models import PlacementDrive, Rule
from corridor.talent import services as talent_services
from corridor.talent.models import Experience, ProfileLanguage, ProfileSkill, TalentProfile
from corridor.taxonomy.models import Label, Occupation, OccupationSkill, Sector, Skill

# --- errors ----------------------------------------------------------------------------------


def drf_validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A Django ``ValidationError`` (from ``clean()`` or a service) as a DRF one, with
    ``__all__`` renamed to DRF's ``non_field_errors``."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


def _user(field_or_serializer):
    request = field_or_serializer.context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


# --- relations through the permission chokepoint -------------------------------------------


class ScopedRelatedMixin:
    """A writable relation whose choices are the objects the requesting user may view
    (``Model.objects.for_user(user, "view")``); anything else reads as "does not exist".
    ``queryset`` names the model (and gives the schema its type)."""

    def get_queryset(self):
        model = self.queryset.model
        return model._default_manager.for_user(_user(self), Action.VIEW)


class ScopedPrimaryKeyRelatedField(ScopedRelatedMixin, serializers.PrimaryKeyRelatedField):
    pass


class ScopedSlugRelatedField(ScopedRelatedMixin, serializers.SlugRelatedField):
    pass


class OwnerOrganizationField(serializers.SlugRelatedField):
    """The organisation (by key) an object belongs to: its enterprise, institution or
    employer. Only organisations in which POLICY lets the user create (new objects) or
    change (existing ones) ``owned_model`` objects are accepted; ``own_choices`` adds the
    organisations open to users acting on their own objects (a student's institution)."""

    default_error_messages = {
        "does_not_exist": _("No organisation “{value}” in which you may do this."),
    }

    def __init__(self, *, owned_model, own_choices=None, **kwargs):
        self.owned_model = owned_model
        self.own_choices = own_choices
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("queryset", Organization.objects.all())
        super().__init__(**kwargs)

    def held(self) -> dict:
        action = Action.CREATE if self.root.instance is None else Action.CHANGE
        return grants(_user(self), self.owned_model._meta.label_lower, action)

    def get_queryset(self):
        user = _user(self)
        visible = Organization.objects.for_user(user, Action.VIEW)
        held = self.held()
        if Scope.ALL in held:
            return visible
        condition = Q(pk__in=held.get(Scope.OWN_ORG, set()))
        if Scope.OWN in held and self.own_choices is not None:
            condition |= Q(pk__in=self.own_choices().values("pk"))
        return visible.filter(condition)

    def may_be_empty(self) -> bool:
        """Only users who may act on any object, or on their own, may leave it empty."""
        held = self.held()
        return Scope.ALL in held or (Scope.OWN in held and self.own_choices is not None)


# --- model rules -------------------------------------------------------------------------


class ModelRulesMixin:
    """Runs the model's ``clean()`` on the object as it would be after this write, so that
    the API gives the model's own field-keyed errors (and nothing is saved)."""

    def would_be(self, attrs):
        model = self.Meta.model
        current = self.instance if isinstance(self.instance, model) else None
        values = {}
        if current is not None:
            values = {f.attname: getattr(current, f.attname) for f in model._meta.concrete_fields}
        candidate = model(**values)
        concrete = {f.name for f in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(candidate, name, value)
        return candidate

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            self.would_be(attrs).clean()
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        return attrs


class OwnedMixin:
    """Checks that the owner organisation may be left empty (see OwnerOrganizationField)."""

    owner_field = ""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        field = self.fields[self.owner_field]
        given = self.instance is None or self.owner_field in attrs
        if given and attrs.get(self.owner_field) is None and not field.may_be_empty():
            raise serializers.ValidationError(
                {self.owner_field: [_("Choose one of your organisations.")]}
            )
        return attrs


class LanguageLevelMixin:
    """Accepts a level as people write it (``hsk 4``, ``b2``) and stores it as the
    scale's own (``4``, ``B2``) before the model checks it."""

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("scale"), str):
            level = data.get("level")
            if isinstance(level, str | type(None)):
                data = {**data, "level": jobs_services.normalise_level(data["scale"], level or "")}
        return super().to_internal_value(data)


def _unique_rows(rows, key, message):
    """Refuses a list naming the same skill or language twice (an error of the list as a
    whole: ``skills.non_field_errors``)."""
    seen = set()
    for row in rows:
        value = key(row)
        if value in seen:
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})
        seen.add(value)
    return rows


# --- directory ---------------------------------------------------------------------------


class OrganizationSerializer(CountryFieldMixin, ModelRulesMixin, serializers.ModelSerializer):
    parent = ScopedSlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), required=False, allow_null=True
    )
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "slug",
            "kind",
            "display_name",
            "name_en",
            "name_zh",
            "name_local",
            "local_language",
            "abbreviation",
            "country",
            "city",
            "website",
            "description",
            "parent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["slug", "created_at", "updated_at"]

    def create(self, validated_data):
        return directory_services.save_organization(Organization(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return directory_services.save_organization(instance)


class PersonSerializer(OwnedMixin, ModelRulesMixin, serializers.ModelSerializer):
    owner_field = "organization"

    organization = OwnerOrganizationField(owned_model=Person, required=False, allow_null=True)
    display_name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "slug",
            "display_name",
            "name_latin",
            "name_native",
            "title",
            "title_en",
            "title_zh",
            "organization",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["slug", "created_at", "updated_at"]

    def create(self, validated_data):
        return directory_services.save_person(Person(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return directory_services.save_person(instance)


# --- taxonomy (read-only) ------------------------------------------------------------------


class SectorSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Sector
        fields = ["code", "label", "label_en", "label_zh"]
        read_only_fields = fields


class LabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Label
        fields = ["language", "text", "kind"]
        read_only_fields = fields


class ConceptSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    concept_fields = [
        "id",
        "uri",
        "label",
        "label_en",
        "label_zh",
        "description_en",
        "description_zh",
        "curated",
        "in_esco",
        "broader",
        "sectors",
    ]


class SkillSerializer(ConceptSerializer):
    class Meta:
        model = Skill
        fields = [*ConceptSerializer.concept_fields, "skill_type", "reuse_level"]
        read_only_fields = fields


class SkillDetailSerializer(SkillSerializer):
    labels = LabelSerializer(many=True, read_only=True)

    class Meta(SkillSerializer.Meta):
        fields = [*SkillSerializer.Meta.fields, "labels"]
        read_only_fields = fields


class OccupationSerializer(ConceptSerializer):
    class Meta:
        model = Occupation
        fields = [*ConceptSerializer.concept_fields, "isco_group"]
        read_only_fields = fields


class OccupationSkillSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="skill.label", read_only=True)

    class Meta:
        model = OccupationSkill
        fields = ["skill", "label", "relation"]
        read_only_fields = fields


class OccupationDetailSerializer(OccupationSerializer):
    labels = LabelSerializer(many=True, read_only=True)
    skills = OccupationSkillSerializer(source="skill_links", many=True, read_only=True)

    class Meta(OccupationSerializer.Meta):
        fields = [*OccupationSerializer.Meta.fields, "labels", "skills"]
        read_only_fields = fields


class AutocompleteQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("What the user typed.")
    )
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)


class AutocompleteHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uri = serializers.CharField()
    label = serializers.CharField()
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    matched = serializers.CharField(help_text=_("The label (or synonym) that matched."))
    fuzzy = serializers.BooleanField(help_text=_("Found by the typo-tolerant fallback."))


# --- talent profiles -----------------------------------------------------------------------


class ProfileLanguageSerializer(LanguageLevelMixin, ModelRulesMixin, serializers.ModelSerializer):
    class Meta:
        model = ProfileLanguage
        fields = ["language", "scale", "level", "certificate"]


class ProfileSkillSerializer(serializers.ModelSerializer):
    skill = ScopedPrimaryKeyRelatedField(queryset=Skill.objects.all())
    label = serializers.CharField(source="skill.label", read_only=True)
    uri = serializers.CharField(source="skill.uri", read_only=True)

    class Meta:
        model = ProfileSkill
        fields = ["skill", "label", "uri", "level", "evidence", "evidence_note"]


class ExperienceSerializer(CountryFieldMixin, ModelRulesMixin, serializers.ModelSerializer):
    class Meta:
        model = Experience
        fields = ["title", "organization_name", "country", "start", "end", "description"]


#: What an anonymised profile leaves out (see TalentProfile.identity_visible_to).
IDENTITY_FIELDS = ("full_name", "name_latin", "email", "phone", "student_number", "cv")

PROFILE_FIELDS = [
    "id",
    "display_name",
    "identity_visible",
    "is_own",
    *IDENTITY_FIELDS,
    "nationality",
    "institution",
    "programme",
    "degree_level",
    "field_of_study",
    "expected_graduation",
    "available_from",
    "headline",
    "summary",
    "preferred_countries",
    "preferred_sectors",
    "preferred_kinds",
    "visibility",
    "languages",
    "skills",
    "experience",
    "synthetic",
    "created_at",
    "updated_at",
]


class ProfileSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """A profile as the requesting user may see it: without name, contact details, student
    number and CV (``identity_visible`` false, ``display_name`` "Candidate #n") unless they
    are the student, an admin of the student's institution, a platform admin, or work for
    an organisation the student consented to."""

    display_name = serializers.SerializerMethodField()
    identity_visible = serializers.SerializerMethodField()
    is_own = serializers.SerializerMethodField()
    # Identity fields are optional in the schema: anonymised profiles leave them out.
    full_name = serializers.CharField(required=False)
    name_latin = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    student_number = serializers.CharField(required=False, allow_blank=True)
    cv = serializers.FileField(required=False, allow_null=True)
    institution = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    preferred_sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    preferred_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=PositionKind.choices), read_only=True
    )
    languages = ProfileLanguageSerializer(many=True, read_only=True)
    skills = ProfileSkillSerializer(many=True, read_only=True)
    experience = ExperienceSerializer(many=True, read_only=True)

    class Meta:
        model = TalentProfile
        fields = PROFILE_FIELDS
        # Only ever used to answer (ProfileWriteSerializer reads input). Model fields are
        # left writable here so that the schema keeps their blank and null values, which
        # DRF drops from read-only fields.
        read_only_fields = ["id", "synthetic", "created_at", "updated_at"]

    def _identity_visible(self, profile) -> bool:
        shown = getattr(profile, "identity_shown", None)
        if shown is None:
            shown = profile.identity_visible_to(_user(self))
        return bool(shown)

    def get_identity_visible(self, profile) -> bool:
        return self._identity_visible(profile)

    def get_is_own(self, profile) -> bool:
        user = _user(self)
        return bool(user.is_authenticated and profile.user_id == user.pk)

    def get_display_name(self, profile) -> str:
        if self._identity_visible(profile):
            return profile.display_name
        return str(profile.anonymous_label())

    def to_representation(self, profile):
        data = super().to_representation(profile)
        if not self._identity_visible(profile):
            for name in IDENTITY_FIELDS:
                data.pop(name, None)
        return data


class ProfileWriteSerializer(
    OwnedMixin, CountryFieldMixin, ModelRulesMixin, serializers.ModelSerializer
):
    """What a student writes about themselves, or an institution admin about a student.
    ``languages``, ``skills`` and ``experience``, when given, replace the profile's rows."""

    owner_field = "institution"

    institution = OwnerOrganizationField(
        owned_model=TalentProfile,
        own_choices=talent_services.institutions,
        required=False,
        allow_null=True,
    )
    preferred_sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Sector.objects.all()
    )
    preferred_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=PositionKind.choices), required=False
    )
    languages = ProfileLanguageSerializer(many=True, required=False)
    skills = ProfileSkillSerializer(many=True, required=False)
    experience = ExperienceSerializer(many=True, required=False)

    NESTED = {"languages": ProfileLanguage, "skills": ProfileSkill, "experience": Experience}

    class Meta:
        model = TalentProfile
        fields = [
            "full_name",
            "name_latin",
            "email",
            "phone",
            "nationality",
            "institution",
            "student_number",
            "programme",
            "degree_level",
            "field_of_study",
            "expected_graduation",
            "available_from",
            "headline",
            "summary",
            "preferred_countries",
            "preferred_sectors",
            "preferred_kinds",
            "visibility",
            "languages",
            "skills",
            "experience",
        ]
        extra_kwargs = {"preferred_countries": {"required": False}}

    def validate_languages(self, rows):
        return _unique_rows(rows, lambda r: r["language"], _("A language is listed twice."))

    def validate_skills(self, rows):
        return _unique_rows(rows, lambda r: r["skill"].pk, _("A skill is listed twice."))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = _user(self)
        creating_own = self.instance is None and self.creates_own_profile()
        if creating_own and not talent_services.may_create_own_profile(user):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("You already have a profile.")]}
            )
        if "visibility" in attrs and self.instance is not None:
            changed = attrs["visibility"] != self.instance.visibility
            if changed and not self.may_set_visibility(self.instance, attrs["visibility"]):
                raise serializers.ValidationError(
                    {"visibility": [_("Only the student decides who sees their profile.")]}
                )
        return attrs

    def creates_own_profile(self) -> bool:
        """Students (and only-students) create their own profile, linked to their account;
        institution and platform admins create profiles for students (no account yet)."""
        held = grants(_user(self), TalentProfile._meta.label_lower, Action.CREATE)
        return set(held) == {Scope.OWN}

    def may_set_visibility(self, profile, value=None) -> bool:
        """Only the student decides; a profile nobody has claimed yet may only be hidden."""
        if profile.user_id is not None:
            return profile.user_id == _user(self).pk
        return value == "nobody"

    @transaction.atomic
    def _save(self, profile, validated_data):
        nested = {name: validated_data.pop(name, None) for name in self.NESTED}
        sectors = validated_data.pop("preferred_sectors", None)
        old_visibility = profile.visibility if profile.pk else None
        for name, value in validated_data.items():
            setattr(profile, name, value)
        try:
            profile.full_clean(exclude=["cv"])
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        profile.save()
        if profile.visibility != old_visibility:  # into the student's consent history
            talent_services.record_visibility(profile, request=self.context.get("request"))
        if sectors is not None:
            profile.preferred_sectors.set(sectors)
        for name, model in self.NESTED.items():
            rows = nested[name]
            if rows is None:
                continue
            model.objects.filter(profile=profile).delete()
            model.objects.bulk_create(model(profile=profile, **row) for row in rows)
        return profile

    def create(self, validated_data):
        profile = TalentProfile()
        if self.creates_own_profile():
            profile.user = _user(self)
        return self._save(profile, validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


# --- jobs ------------------------------------------------------------------------------------


class ProjectSerializer(CountryFieldMixin, ModelRulesMixin, serializers.ModelSerializer):
    enterprise = OwnerOrganizationField(owned_model=Project)
    enterprise_name = serializers.CharField(source="enterprise.display_name", read_only=True)
    sector = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "reference",
            "title",
            "title_en",
            "title_zh",
            "country",
            "city",
            "sector",
            "description",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "reference": {
                "required": False,
                "allow_blank": True,
                "help_text": _("Your own code; made from the English title when left empty."),
            }
        }
        validators: list = []  # (enterprise, reference) is checked by the service

    def create(self, validated_data):
        return self._save(Project(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, project, validated_data):
        for name, value in validated_data.items():
            setattr(project, name, value)
        try:
            return jobs_services.save_project(project)
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None


class PositionSkillSerializer(serializers.ModelSerializer):
    skill = ScopedPrimaryKeyRelatedField(queryset=Skill.objects.all())
    label = serializers.CharField(source="skill.label", read_only=True)
    uri = serializers.CharField(source="skill.uri", read_only=True)

    class Meta:
        model = PositionSkill
        fields = ["skill", "label", "uri", "importance"]


class PositionLanguageSerializer(LanguageLevelMixin, ModelRulesMixin, serializers.ModelSerializer):
    requirement = serializers.CharField(read_only=True)

    class Meta:
        model = PositionLanguage
        fields = ["language", "scale", "level", "requirement"]


class PositionSerializer(CountryFieldMixin, ModelRulesMixin, serializers.ModelSerializer):
    """A position with its required skills and languages. ``skills`` and ``languages``,
    when given, replace the position's requirements. A new position is a draft unless
    ``status`` says ``open``; a status change follows the publishing workflow (draft →
    open → filled/closed → open) and a position whose deadline has passed cannot open."""

    enterprise = OwnerOrganizationField(owned_model=Position)
    enterprise_name = serializers.CharField(source="enterprise.display_name", read_only=True)
    project = ScopedPrimaryKeyRelatedField(
        queryset=Project.objects.all(), required=False, allow_null=True
    )
    occupation = ScopedPrimaryKeyRelatedField(
        queryset=Occupation.objects.all(), required=False, allow_null=True
    )
    sector = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(read_only=True)
    skills = PositionSkillSerializer(many=True, required=False)
    languages = PositionLanguageSerializer(many=True, required=False)

    class Meta:
        model = Position
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "project",
            "reference",
            "title",
            "title_en",
            "title_zh",
            "kind",
            "status",
            "occupation",
            "sector",
            "headcount",
            "description",
            "country",
            "city",
            "min_education",
            "start_date",
            "application_deadline",
            "skills",
            "languages",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "reference": {
                "required": False,
                "allow_blank": True,
                "help_text": _("Your own code; made from the English title when left empty."),
            },
            "headcount": {"min_value": 1},
            "status": {"required": False},
        }
        validators: list = []  # (enterprise, reference) is checked by the service

    def validate_skills(self, rows):
        return _unique_rows(rows, lambda r: r["skill"].pk, _("A skill is listed twice."))

    def validate_languages(self, rows):
        return _unique_rows(rows, lambda r: r["language"], _("A language is listed twice."))

    def would_be(self, attrs):
        # The status is checked by the workflow when saving, not as a plain field.
        return super().would_be({k: v for k, v in attrs.items() if k != "status"})

    def create(self, validated_data):
        return self._save(Position(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    @transaction.atomic
    def _save(self, position, validated_data):
        skills = validated_data.pop("skills", None)
        languages = validated_data.pop("languages", None)
        status = validated_data.pop("status", None)
        for name, value in validated_data.items():
            setattr(position, name, value)
        try:
            jobs_services.save_position(
                position,
                skills=None
                if skills is None
                else [
                    jobs_services.SkillRequirement(
                        r["skill"], r.get("importance", Importance.ESSENTIAL)
                    )
                    for r in skills
                ],
                languages=None
                if languages is None
                else [
                    jobs_services.LanguageRequirement(r["language"], r["scale"], r.get("level", ""))
                    for r in languages
                ],
            )
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        if status is not None and status != position.status:
            try:
                jobs_services.change_status(position, status)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"status": error.messages}) from None
        return position


# --- the signed-in user ------------------------------------------------------------------


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    organization = serializers.CharField(allow_null=True, help_text=_("Organisation key."))
    organization_name = serializers.CharField(allow_null=True)


class CreateRightsSerializer(serializers.Serializer):
    organizations = serializers.BooleanField()
    people = serializers.BooleanField()
    profiles = serializers.BooleanField()
    projects = serializers.BooleanField()
    positions = serializers.BooleanField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    preferred_language = serializers.CharField()
    is_staff = serializers.BooleanField()
    roles = RoleSerializer(many=True)
    profile = serializers.IntegerField(
        allow_null=True, help_text=_("The id of the user's own talent profile, if any.")
    )
    can_create = CreateRightsSerializer(
        help_text=_("Which kinds of object the user may create somewhere.")
    )


# --- tokens ------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "For accounts with two-factor authentication: a code from the authenticator app "
            "or a recovery code."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send as `Authorization: Token <token>`."))


# --- matching --------------------------------------------------------------------------------


class ComponentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    points = serializers.FloatField()
    max_points = serializers.FloatField()
    value = serializers.FloatField()


class SkillLineSerializer(serializers.Serializer):
    skill_id = serializers.IntegerField()
    label = serializers.CharField()
    text = serializers.CharField()
    credit = serializers.FloatField(allow_null=True)


class LineSerializer(serializers.Serializer):
    text = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)


class HardFailureSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class ExplanationSerializer(serializers.Serializer):
    """Why a pair scores what it does: the points of each component, the skills matched
    and missing, the language checks and the hard requirements that failed, each with its
    sentence in the request's language."""

    eligible = serializers.BooleanField()
    summary = serializers.CharField()
    components = ComponentSerializer(many=True)
    matched = SkillLineSerializer(many=True)
    missing_essential = SkillLineSerializer(many=True)
    missing_optional = SkillLineSerializer(many=True)
    languages = LineSerializer(many=True)
    education = LineSerializer()
    location = LineSerializer()
    availability = LineSerializer()
    hard_failures = serializers.SerializerMethodField()
    penalty = serializers.CharField()

    @extend_schema_field(HardFailureSerializer(many=True))
    def get_hard_failures(self, narrative) -> list[dict]:
        codes = narrative.raw.get("hard_failures", [])
        return [
            {"code": code, "text": text}
            for code, text in zip(codes, narrative.hard_failures, strict=False)
        ]


class MatchedPositionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="position.pk")
    title = serializers.CharField(source="position.title")
    enterprise = serializers.CharField(source="position.enterprise.slug")
    enterprise_name = serializers.CharField(source="position.enterprise.display_name")
    country = serializers.CharField(source="position.country.code")
    kind = serializers.CharField(source="position.kind")
    score = serializers.FloatField()
    eligible = serializers.BooleanField()
    explanation = ExplanationSerializer(source="narrative")


class MatchedCandidateSerializer(serializers.Serializer):
    """A ranked candidate: ``name`` is "Candidate #n" unless ``identified``."""

    profile = serializers.IntegerField(source="profile.pk")
    name = serializers.CharField()
    identified = serializers.BooleanField()
    score = serializers.FloatField()
    eligible = serializers.BooleanField()
    explanation = ExplanationSerializer(source="narrative")


class RecommendationQuerySerializer(serializers.Serializer):
    country = serializers.CharField(required=False, help_text="Country code of the position.")
    sector = serializers.CharField(required=False, help_text="Sector code.")
    kind = serializers.ChoiceField(choices=PositionKind.choices, required=False)
    language = serializers.CharField(
        required=False, help_text="Language code the position requires."
    )
    eligible = serializers.BooleanField(required=False, default=False)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=20)


class CandidateQuerySerializer(serializers.Serializer):
    nationality = serializers.CharField(required=False)
    eligible = serializers.BooleanField(required=False, default=False)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=20)


class PlacementDriveSerializer(CountryFieldMixin, serializers.ModelSerializer):
    # Empty for a platform-wide drive, and when candidates are not narrowed by nationality.
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    candidate_nationality = CountryField(read_only=True, allow_blank=True)
    candidate_institution = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    may_run = serializers.BooleanField(read_only=True)
    may_publish = serializers.BooleanField(read_only=True)

    class Meta:
        model = PlacementDrive
        fields = [
            "id",
            "name",
            "organization",
            "rule",
            "list_length",
            "min_score",
            "positions",
            "candidate_institution",
            "candidate_nationality",
            "status",
            "progress",
            "report",
            "error",
            "may_run",
            "may_publish",
            "started_at",
            "finished_at",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlacementDriveWriteSerializer(serializers.Serializer):
    """The drive form's fields; validated by the same form as the page."""

    organization = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="Organising organisation (key); empty for the platform.",
    )
    name = serializers.CharField(max_length=200)
    rule = serializers.ChoiceField(choices=Rule.choices, default=Rule.STABLE)
    list_length = serializers.IntegerField(default=20)
    min_score = serializers.FloatField(default=0.0)
    positions = serializers.ListField(child=serializers.IntegerField(), required=False)
    position_country = serializers.CharField(required=False)
    position_sector = serializers.CharField(required=False)
    position_kind = serializers.CharField(required=False)
    candidate_institution = serializers.CharField(required=False)
    candidate_nationality = serializers.CharField(required=False)


class AllocationSerializer(serializers.Serializer):
    profile = serializers.IntegerField(source="profile_id")
    name = serializers.CharField()
    identified = serializers.BooleanField()
    position = serializers.IntegerField(source="position_id")
    score = serializers.FloatField()
    rank = serializers.IntegerField()
    status = serializers.CharField()


class PublishedSerializer(serializers.Serializer):
    published = serializers.IntegerField()
