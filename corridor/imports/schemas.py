"""One row schema per kind of import: its columns, how a row becomes a record, and how a
batch of records is compared with the database and written.

A column that is in the file is *managed*: its value (blank included) is written. A column
that is not in the file is left alone on existing rows, so a sheet with only a few columns
updates only those. Child rows (skills, languages) are replaced per parent by a diff: rows
no longer listed are removed, new ones added, changed ones updated, unchanged ones kept
(with what the import does not manage, such as a skill's self-declared level).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.core.choices import EducationLevel, PositionKind
from corridor.directory.models import INSTITUTION_KINDS, Organization, OrganizationKind
from corridor.imports import sql
from corridor.imports import values as v
from corridor.imports.values import CellError, ChoiceParser, SkillIndex, to_text
from corridor.jobs.models import (
    Importance,
    Position,
    PositionLanguage,
    PositionSkill,
    PositionStatus,
)
from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile
from corridor.taxonomy.models import Sector

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

#: Columns we write into files we hand back (rejected rows) and accept back silently.
REASON_HEADERS = ("rejected_reason", "拒绝原因")


def norm_header(text: str) -> str:
    """Header folding: case, full-width forms, spaces/hyphens/dots, a trailing ``*``."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold().strip().rstrip("*").strip()
    for ch in " -./":
        text = text.replace(ch, "_")
    while "__" in text:
        text = text.replace("__", "_")
    return text.strip("_")


EDUCATION = ChoiceParser(
    EducationLevel,
    {
        "中学": "secondary",
        "高中": "secondary",
        "high school": "secondary",
        "职业": "vocational",
        "专科": "vocational",
        "大专": "vocational",
        "高职": "vocational",
        "diploma": "vocational",
        "本科": "bachelor",
        "学士": "bachelor",
        "bachelor": "bachelor",
        "硕士": "master",
        "研究生": "master",
        "master": "master",
        "博士": "doctorate",
        "phd": "doctorate",
        "doctor": "doctorate",
    },
)
POSITION_KIND = ChoiceParser(
    PositionKind,
    {"工作": "job", "全职": "job", "职位": "job", "实习": "internship", "学徒": "apprenticeship"},
)
POSITION_STATUS = ChoiceParser(
    PositionStatus,
    {
        "草稿": "draft",
        "开放": "open",
        "招聘中": "open",
        "关闭": "closed",
        "已关闭": "closed",
        "已满": "filled",
        "已招满": "filled",
    },
)
ORGANIZATION_KIND = ChoiceParser(
    OrganizationKind,
    {
        "大学": "university",
        "高校": "university",
        "职业学院": "vocational_college",
        "职业技术学院": "vocational_college",
        "高职院校": "vocational_college",
        "企业": "enterprise",
        "公司": "enterprise",
        "company": "enterprise",
        "协会": "association",
        "商会": "association",
        "政府机构": "government_agency",
        "大使馆": "embassy",
        "使馆": "embassy",
        "人力资源机构": "hr_agency",
        "教育集团": "education_group",
        "基金会": "foundation",
        "联盟": "alliance",
    },
)


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy text
    aliases: tuple[str, ...] = ()
    required: bool = False
    field: str | None = None  # the model field it fills, if any
    example: str = ""
    help: Any = ""


@dataclass
class Problem:
    row: int
    column: str  # the header as written in the file
    message: str
    value: str = ""
    letter: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class Record:
    row: int
    key: tuple
    fields: dict[str, Any]
    #: child name -> (wanted {key: {value field: value}}, managed scope or None)
    children: dict[str, tuple[dict[Any, dict[str, Any]], set[str] | None]] = field(
        default_factory=dict
    )
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChildSpec:
    name: str
    model: type[models.Model]
    parent_field: str  # e.g. "profile_id"
    key_field: str  # e.g. "skill_id"
    value_fields: tuple[str, ...] = ()
    scope_field: str | None = None  # only existing rows with a managed value are managed


@dataclass
class OrgInfo:
    pk: int
    slug: str
    kind: str
    name: str


@dataclass
class Context:
    """Who imports, into which organisations, with which default organisation."""

    user: Any = None  # None: the console, with every right
    allowed_org_ids: set[int] | None = None  # None: any organisation
    default_org: Organization | None = None
    epoch_1904: bool = False


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Schema:
    """What every kind shares; subclasses declare columns and the model specifics."""

    kind: str = ""
    title: Any = ""
    model: type[models.Model]
    columns: list[Column] = []
    org_column: str | None = None  # the column naming the owning organisation
    org_field: str | None = None  # its model field (e.g. "institution_id")
    org_kinds: set[str] | None = None  # kinds of organisation that column may name
    conflict_fields: list[str] = []  # the natural key (attnames) the upsert conflicts on
    children: tuple[ChildSpec, ...] = ()
    key_column_name = ""  # the column holding (the last part of) the natural key
    batch_size = 1000

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.present: list[tuple[int, Column]] = []
        self.headers: list[str] = []
        self._orgs: dict[str, OrgInfo] | None = None
        self._skills: SkillIndex | None = None

    # --- headers ---------------------------------------------------------------

    @classmethod
    def header_index(cls) -> dict[str, Column]:
        cached = cls.__dict__.get("_header_index")
        if cached is not None:
            return cached
        index: dict[str, Column] = {}
        for column in cls.columns:
            names = [column.key, *column.aliases]
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    names.append(str(column.label))
            for name in names:
                key = norm_header(name)
                if key and key not in index:
                    index[key] = column
        cls._header_index = index
        return index

    @classmethod
    def recognise(cls, header: str) -> bool:
        return norm_header(header) in cls.header_index()

    def map_headers(self, headers: list[str]) -> tuple[list[str], list[str]]:
        """Match the file's headers to columns; returns (file problems, ignored headers)."""
        index = self.header_index()
        seen: dict[str, str] = {}
        problems, ignored = [], []
        for i, header in enumerate(headers):
            if not header:
                continue
            column = index.get(norm_header(header))
            if column is None:
                if norm_header(header) not in {norm_header(h) for h in REASON_HEADERS}:
                    ignored.append(header)
                continue
            if column.key in seen:
                problems.append(
                    _("Columns “%(first)s” and “%(second)s” both mean %(column)s; keep one.")
                    % {"first": seen[column.key], "second": header, "column": column.key}
                )
                continue
            seen[column.key] = header
            self.present.append((i, column))
        missing = [
            c.key
            for c in self.columns
            if c.required
            and c.key not in seen
            and not (c.key == self.org_column and self.ctx.default_org is not None)
        ]
        if missing:
            problems.append(
                _("Missing required column(s): %(columns)s.") % {"columns": ", ".join(missing)}
            )
        return problems, ignored

    def key_column(self) -> str:
        return self.key_column_name

    @property
    def present_keys(self) -> set[str]:
        return {c.key for _i, c in self.present}

    def managed_fields(self) -> list[str]:
        fields = [c.field for _i, c in self.present if c.field]
        if self.org_field and self.org_field not in fields:
            fields.insert(0, self.org_field)
        return fields

    # --- lookups shared by the kinds -------------------------------------------

    @property
    def orgs(self) -> dict[str, OrgInfo]:
        if self._orgs is None:
            self._orgs = {
                slug: OrgInfo(pk, slug, kind, name)
                for pk, slug, kind, name in Organization.objects.values_list(
                    "pk", "slug", "kind", "name_en"
                )
            }
        return self._orgs

    @property
    def skills(self) -> SkillIndex:
        if self._skills is None:
            self._skills = SkillIndex()
        return self._skills

    def check_default_org(self) -> str | None:
        """A file problem when the default organisation is not one this kind may use."""
        org = self.ctx.default_org
        if org is None:
            return None
        try:
            self.parse_org(org.slug)
        except CellError as exc:
            return exc.messages[0]
        return None

    def parse_org(self, value) -> int:
        slug = to_text(value)
        if not slug and self.ctx.default_org is not None:
            slug = self.ctx.default_org.slug
        info = self.orgs.get(slug)
        if info is None:
            raise CellError(_("No organisation has the key “%(value)s”.") % {"value": slug})
        if self.org_kinds is not None and info.kind not in self.org_kinds:
            raise CellError(self.wrong_org_kind_message(info))
        allowed = self.ctx.allowed_org_ids
        if allowed is not None and info.pk not in allowed:
            raise CellError(
                _("You may not import into %(organisation)s (%(key)s).")
                % {"organisation": info.name, "key": info.slug}
            )
        return info.pk

    def wrong_org_kind_message(self, info: OrgInfo) -> str:
        return _("%(organisation)s is not the right kind of organisation here.") % {
            "organisation": info.name
        }

    # --- rows ------------------------------------------------------------------

    def parser(self, column: Column) -> Callable[[Any], Any]:
        return getattr(self, f"parse_{column.key}")

    def validate(self, number: int, cells: list[Any]) -> tuple[Record | None, list[Problem]]:
        """Parse every present column of one row; all problems, or a record."""
        parsed: dict[str, Any] = {}
        problems: list[Problem] = []
        ncells = len(cells)
        for index, column in self.present:
            raw = cells[index] if index < ncells else None
            blank = raw is None or (isinstance(raw, str) and not raw.strip())
            if (
                blank
                and column.required
                and not (column.key == self.org_column and self.ctx.default_org is not None)
            ):
                problems.append(
                    Problem(
                        number,
                        self._header(index),
                        _("A value is required."),
                        "",
                        self._letter(index),
                    )
                )
                continue
            try:
                parsed[column.key] = self.parser(column)(raw)
            except CellError as exc:
                text = to_text(raw)[:200]
                for message in exc.messages:
                    problems.append(
                        Problem(number, self._header(index), message, text, self._letter(index))
                    )
        if self.org_column and self.org_column not in self.present_keys:
            try:
                parsed[self.org_column] = self.parse_org(None)
            except CellError as exc:  # pragma: no cover - checked once per file
                problems.append(Problem(number, self.org_column, exc.messages[0]))
        if problems:
            return None, problems
        return self.build(number, parsed)

    def _header(self, index: int) -> str:
        return self.headers[index] if index < len(self.headers) else column_letter(index)

    def _letter(self, index: int) -> str:
        return column_letter(index)

    def problem(self, number: int, key: str, message: str, value: Any = "") -> Problem:
        for index, column in self.present:
            if column.key == key:
                return Problem(
                    number, self._header(index), message, to_text(value)[:200], self._letter(index)
                )
        return Problem(number, key, message, to_text(value)[:200])

    def build(self, number: int, parsed: dict[str, Any]) -> tuple[Record | None, list[Problem]]:
        raise NotImplementedError

    def fields_from(self, parsed: dict[str, Any]) -> dict[str, Any]:
        fields = {}
        for _i, column in self.present:
            if column.field and column.key in parsed:
                fields[column.field] = parsed[column.key]
        if self.org_field:
            fields[self.org_field] = parsed[self.org_column]
        return fields

    # --- writing ---------------------------------------------------------------

    def existing(self, records: list[Record], fields: list[str]) -> dict[tuple, dict[str, Any]]:
        """The current rows for these records' keys: key -> {"id": ..., field: value}."""
        raise NotImplementedError

    def existing_children(self, spec: ChildSpec, parent_ids: Iterable[int]):
        """parent id -> {child key: (pk, {value field: value})}."""
        state: dict[int, dict[Any, tuple[int, dict[str, Any]]]] = defaultdict(dict)
        ids = list(parent_ids)
        for start in range(0, len(ids), 2000):
            rows = (
                spec.model.objects.filter(**{f"{spec.parent_field}__in": ids[start : start + 2000]})
                .order_by()
                .values_list("pk", spec.parent_field, spec.key_field, *spec.value_fields)
            )
            for pk, parent, key, *vals in rows:
                state[parent][key] = (pk, dict(zip(spec.value_fields, vals, strict=True)))
        return state

    def prepare_write(self, records: list[Record]) -> None:
        """Resolve what depends on earlier batches (e.g. parent organisations)."""

    def after_upsert(self, records: list[Record], pks: dict[tuple, int], dry_run: bool) -> None:
        """Hook for follow-up writes once the batch's parents have ids."""

    def write(self, records: list[Record], dry_run: bool) -> list[str]:
        """Compare a batch with the database and (unless ``dry_run``) write the difference.

        Returns each record's outcome: created, updated or unchanged. The caller wraps a
        real run in one transaction per batch.
        """
        self.prepare_write(records)
        fields = self.managed_fields()
        current = self.existing(records, fields)
        managed_children = [s for s in self.children if any(s.name in r.children for r in records)]
        child_state = {
            spec.name: self.existing_children(spec, [row["id"] for row in current.values()])
            for spec in managed_children
        }
        outcomes: list[str] = []
        to_upsert: list[Record] = []
        child_ops: list[tuple[Record, ChildSpec, list, list, list]] = []
        for record in records:
            cur = current.get(record.key)
            changed = cur is None or any(cur[f] != record.fields.get(f) for f in fields)
            changed = changed or bool(record.extra.get("pending"))
            for spec in managed_children:
                if spec.name not in record.children:
                    continue
                wanted, scope = record.children[spec.name]
                have = child_state[spec.name].get(cur["id"], {}) if cur else {}
                deletes = [
                    pk
                    for key, (pk, vals) in have.items()
                    if key not in wanted and (scope is None or vals.get(spec.scope_field) in scope)
                ]
                creates = [(key, vals) for key, vals in wanted.items() if key not in have]
                updates = [
                    (have[key][0], vals)
                    for key, vals in wanted.items()
                    if key in have and have[key][1] != vals
                ]
                if deletes or creates or updates:
                    child_ops.append((record, spec, deletes, creates, updates))
                    changed = True
            if cur is None:
                outcomes.append(CREATED)
            else:
                outcomes.append(UPDATED if changed else UNCHANGED)
            if changed:
                to_upsert.append(record)
        if dry_run:
            self.after_upsert(to_upsert, {}, dry_run=True)
            return outcomes
        pks = self.upsert(to_upsert, fields)
        self.after_upsert(to_upsert, pks, dry_run=False)
        self.apply_child_ops(child_ops, pks)
        return outcomes

    def upsert(self, records: list[Record], fields: list[str]) -> dict[tuple, int]:
        """Insert or update the records on their natural key; returns key -> id."""
        if not records:
            return {}
        columns = list(records[0].fields)
        sql.upsert(
            self.model,
            columns,
            [tuple(record.fields[c] for c in columns) for record in records],
            conflict=self.conflict_fields,
            update=[c for c in columns if c not in self.conflict_fields],
            condition=self.conflict_condition(),
        )
        fresh = self.existing(records, [])
        return {record.key: fresh[record.key]["id"] for record in records}

    def conflict_condition(self) -> models.Q | None:
        return None

    def apply_child_ops(self, child_ops, pks: dict[tuple, int]) -> None:
        deletes: dict[ChildSpec, list[int]] = defaultdict(list)
        creates: dict[ChildSpec, list[tuple]] = defaultdict(list)
        updates: dict[ChildSpec, list[models.Model]] = defaultdict(list)
        for record, spec, dels, news, changes in child_ops:
            parent = pks[record.key]
            deletes[spec] += dels
            for key, vals in news:
                creates[spec].append((parent, key, *(vals[f] for f in spec.value_fields)))
            for pk, vals in changes:
                updates[spec].append(spec.model(pk=pk, **vals))
        for spec, ids in deletes.items():
            for start in range(0, len(ids), 1000):
                spec.model.objects.filter(pk__in=ids[start : start + 1000]).delete()
        for spec, objs in updates.items():
            spec.model.objects.bulk_update(objs, list(spec.value_fields), batch_size=500)
        for spec, rows in creates.items():
            sql.insert(spec.model, [spec.parent_field, spec.key_field, *spec.value_fields], rows)

    # --- export ----------------------------------------------------------------

    def export_rows(self, queryset) -> Iterator[list[Any]]:
        raise NotImplementedError

    @classmethod
    def export_headers(cls) -> list[str]:
        return [c.key for c in cls.columns]


def _chunks(queryset, size: int = 2000) -> Iterator[list[dict[str, Any]]]:
    """``values()`` rows in primary-key order, ``size`` at a time (keyset pagination)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["id"]


def _text(max_length: int):
    parse = v.text_parser(max_length)
    return staticmethod(parse)


# =====================================================================================
# Organisations
# =====================================================================================


class OrganizationSchema(Schema):
    kind = "organisations"
    title = gettext_lazy("Organisations")
    model = Organization
    conflict_fields = ["slug"]
    key_column_name = "key"
    columns = [
        Column(
            "key",
            gettext_lazy("key"),
            ("slug", "键", "标识", "机构标识", "代码"),
            field="slug",
            example="chengdu-university",
            help=gettext_lazy("Letters, digits and hyphens; made from the name when empty."),
        ),
        Column(
            "kind",
            gettext_lazy("kind"),
            ("type", "类型", "机构类型"),
            required=True,
            field="kind",
            example="university",
        ),
        Column(
            "name_en",
            gettext_lazy("name (English)"),
            ("english name", "name", "英文名称", "名称（英文）", "英文名"),
            required=True,
            field="name_en",
            example="Chengdu University",
        ),
        Column(
            "name_zh",
            gettext_lazy("name (Chinese)"),
            ("chinese name", "中文名称", "名称（中文）", "中文名"),
            field="name_zh",
            example="成都大学",
        ),
        Column(
            "name_local",
            gettext_lazy("name (own language)"),
            ("local name", "native name", "本地名称", "当地语言名称"),
            field="name_local",
        ),
        Column(
            "local_language",
            gettext_lazy("own language"),
            ("本地语言", "当地语言"),
            field="local_language",
            example="ur",
        ),
        Column(
            "abbreviation",
            gettext_lazy("abbreviation"),
            ("abbr", "简称", "缩写"),
            field="abbreviation",
        ),
        Column(
            "country",
            gettext_lazy("country"),
            ("国家", "所在国家"),
            field="country",
            example="CN",
        ),
        Column("city", gettext_lazy("city"), ("城市",), field="city", example="Chengdu"),
        Column("website", gettext_lazy("website"), ("url", "web", "网站", "网址"), field="website"),
        Column(
            "parent",
            gettext_lazy("parent organisation (key)"),
            ("parent_key", "上级机构", "上级单位"),
            field="parent_id",
        ),
        Column("description", gettext_lazy("description"), ("描述", "简介"), field="description"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._names: dict[str, str] | None = None
        self._parent_of: dict[str, str | None] | None = None
        self.file_slugs: set[str] = set()

    parse_kind = staticmethod(ORGANIZATION_KIND)
    parse_name_en = _text(255)
    parse_name_zh = _text(255)
    parse_name_local = _text(255)
    parse_abbreviation = _text(32)
    parse_city = _text(120)
    parse_description = _text(20000)
    parse_website = staticmethod(v.parse_url)
    parse_country = staticmethod(v.parse_country)

    @staticmethod
    def parse_key(value) -> str:
        return v.parse_slug(value, 80).lower()

    @staticmethod
    def parse_parent(value) -> str:
        return v.parse_slug(value, 80).lower()

    @staticmethod
    def parse_local_language(value) -> str:
        text = to_text(value)
        if not text:
            return ""
        if len(text) <= 16 and text.replace("-", "").isascii() and text.replace("-", "").isalnum():
            return text
        return v.language_code(text)

    def key_column(self) -> str:
        return "key" if "key" in self.present_keys else "name_en"

    def _maps(self) -> None:
        if self._names is None:
            self._names, self._parent_of = {}, {}
            parents = dict(Organization.objects.values_list("pk", "slug"))
            for slug, name, parent_id in Organization.objects.values_list(
                "slug", "name_en", "parent_id"
            ):
                self._names.setdefault(v.norm_key(name), slug)
                self._parent_of[slug] = parents.get(parent_id)

    def build(self, number, parsed):
        self._maps()
        problems = []
        slug = parsed.get("key", "")
        if not slug:
            slug = self._names.get(v.norm_key(parsed["name_en"])) or self._new_slug(parsed)
        parent = parsed.get("parent")
        if parent:
            if parent == slug:
                problems.append(
                    self.problem(
                        number, "parent", _("An organisation cannot be its own parent."), parent
                    )
                )
            elif parent not in self.orgs and parent not in self.file_slugs:
                problems.append(
                    self.problem(
                        number,
                        "parent",
                        _(
                            "No organisation has the key “%(value)s” (a parent must exist or "
                            "come in an earlier row)."
                        )
                        % {"value": parent},
                        parent,
                    )
                )
            else:
                ancestor, seen = parent, set()
                while ancestor and ancestor not in seen:
                    if ancestor == slug:
                        problems.append(
                            self.problem(
                                number,
                                "parent",
                                _("This parent would make the organisation its own ancestor."),
                                parent,
                            )
                        )
                        break
                    seen.add(ancestor)
                    ancestor = self._parent_of.get(ancestor)
        if problems:
            return None, problems
        fields = self.fields_from(parsed)
        fields["slug"] = slug
        extra = {}
        if "parent" in parsed:
            fields.pop("parent_id", None)
            extra["parent_slug"] = parent or None
            self._parent_of[slug] = parent or None
        self.file_slugs.add(slug)
        self._names.setdefault(v.norm_key(parsed["name_en"]), slug)
        return Record(number, (slug,), fields, extra=extra), []

    def _new_slug(self, parsed) -> str:
        base = slugify(parsed.get("abbreviation") or parsed["name_en"])[:74] or "organisation"
        candidate, n = base, 1
        while candidate in self.orgs or candidate in self.file_slugs:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def managed_fields(self) -> list[str]:
        fields = [c.field for _i, c in self.present if c.field and c.field != "slug"]
        return fields

    def prepare_write(self, records):
        for record in records:
            if "parent_slug" in record.extra:
                parent = record.extra["parent_slug"]
                info = self.orgs.get(parent) if parent else None
                record.fields["parent_id"] = info.pk if info else None
                record.extra["pending"] = bool(parent) and info is None

    def existing(self, records, fields):
        slugs = [r.key[0] for r in records]
        wanted = {"id", "slug", *fields}
        return {
            (row["slug"],): row
            for row in Organization.objects.filter(slug__in=slugs)
            .order_by()
            .values(*sorted(wanted))
        }

    def after_upsert(self, records, pks, dry_run):
        if dry_run:
            return
        for record in records:
            slug = record.key[0]
            name = record.fields.get("name_en", "")
            kind = record.fields.get("kind", "")
            self.orgs[slug] = OrgInfo(pks[record.key], slug, kind, name)
        late = []
        for record in records:
            if record.extra.get("pending"):
                parent = self.orgs.get(record.extra["parent_slug"])
                if parent is not None:
                    late.append(Organization(pk=pks[record.key], parent_id=parent.pk))
        if late:
            Organization.objects.bulk_update(late, ["parent_id"])

    def export_rows(self, queryset):
        slugs = dict(Organization.objects.values_list("pk", "slug"))
        qs = queryset.values(
            "id", "slug", "kind", "name_en", "name_zh", "name_local", "local_language",
            "abbreviation", "country", "city", "website", "parent_id", "description",
        )  # fmt: skip
        for chunk in _chunks(qs):
            for row in chunk:
                yield [
                    row["slug"], row["kind"], row["name_en"], row["name_zh"], row["name_local"],
                    row["local_language"], row["abbreviation"], row["country"], row["city"],
                    row["website"], slugs.get(row["parent_id"], ""), row["description"],
                ]  # fmt: skip


# =====================================================================================
# Talent profiles
# =====================================================================================

PROFILE_SKILLS = ChildSpec("skills", ProfileSkill, "profile_id", "skill_id")
PROFILE_LANGUAGES = ChildSpec(
    "languages", ProfileLanguage, "profile_id", "language", ("scale", "level")
)


class ProfileSchema(Schema):
    kind = "profiles"
    title = gettext_lazy("Talent profiles")
    model = TalentProfile
    org_column = "institution"
    org_field = "institution_id"
    org_kinds = {str(k) for k in INSTITUTION_KINDS}
    conflict_fields = ["institution_id", "student_number"]
    key_column_name = "student_number"
    children = (PROFILE_SKILLS, PROFILE_LANGUAGES)
    columns = [
        Column(
            "institution",
            gettext_lazy("institution (key)"),
            ("institution_key", "university", "school", "院校", "学校", "所在院校", "机构"),
            required=True,
            example="chengdu-university",
        ),
        Column(
            "student_number",
            gettext_lazy("student number"),
            ("student_no", "student id", "学号", "学生编号"),
            required=True,
            field="student_number",
            example="2026001",
        ),
        Column(
            "full_name",
            gettext_lazy("name in own script"),
            ("name", "姓名", "全名"),
            required=True,
            field="full_name",
            example="عائشہ خان",
        ),
        Column(
            "name_latin",
            gettext_lazy("name in Latin letters"),
            ("latin name", "name (latin)", "pinyin", "拼音", "英文名", "拉丁字母姓名", "护照姓名"),
            field="name_latin",
            example="Ayesha Khan",
        ),
        Column(
            "email",
            gettext_lazy("e-mail"),
            ("mail", "邮箱", "电子邮件", "电子邮箱"),
            field="email",
        ),
        Column(
            "phone",
            gettext_lazy("phone"),
            ("telephone", "mobile", "电话", "手机", "联系电话"),
            field="phone",
        ),
        Column(
            "nationality",
            gettext_lazy("nationality"),
            ("citizenship", "国籍"),
            required=True,
            field="nationality",
            example="PK",
            help=gettext_lazy("ISO code or the country's name in English or Chinese."),
        ),
        Column(
            "programme",
            gettext_lazy("programme"),
            ("program", "专业", "培养项目"),
            field="programme",
        ),
        Column(
            "degree_level",
            gettext_lazy("degree level"),
            ("degree", "education", "学历", "学位", "学历层次"),
            field="degree_level",
            example="bachelor",
        ),
        Column(
            "field",
            gettext_lazy("field of study"),
            ("field_of_study", "major", "领域", "研究方向", "学科"),
            field="field_of_study",
        ),
        Column(
            "expected_graduation",
            gettext_lazy("expected graduation"),
            ("graduation", "graduation date", "预计毕业日期", "预计毕业时间", "毕业时间"),
            field="expected_graduation",
            example="2026-07-01",
        ),
        Column(
            "available_from",
            gettext_lazy("available from"),
            ("available", "可到岗日期", "可入职日期", "到岗时间"),
            field="available_from",
            example="2026-09-01",
        ),
        Column(
            "languages",
            gettext_lazy("languages"),
            ("language", "语言", "语言能力"),
            example="zh:HSK4; en:B2; ur:native",
        ),
        Column(
            "skills",
            gettext_lazy("skills"),
            ("skill", "技能"),
            example="welding; 土木工程",
            help=gettext_lazy("Skill URIs or exact names (English or Chinese), separated by ;"),
        ),
    ]

    parse_student_number = _text(64)
    parse_full_name = _text(200)
    parse_name_latin = _text(200)
    parse_email = staticmethod(v.parse_email)
    parse_phone = staticmethod(v.parse_phone)
    parse_programme = _text(200)
    parse_degree_level = staticmethod(EDUCATION)
    parse_field = _text(200)
    parse_languages = staticmethod(v.parse_languages)

    def parse_institution(self, value):
        return self.parse_org(value)

    def parse_nationality(self, value):
        return v.parse_country(value)

    def parse_expected_graduation(self, value):
        return v.parse_date(value, self.ctx.epoch_1904)

    def parse_available_from(self, value):
        return v.parse_date(value, self.ctx.epoch_1904)

    def parse_skills(self, value):
        return self.skills.parse(value)

    def conflict_condition(self):
        # The unique index on (institution, student number) is partial (numbers not
        # empty): the upsert names its predicate. Imported rows always have a number.
        return next(
            c.condition
            for c in TalentProfile._meta.constraints
            if getattr(c, "fields", None) == ("institution", "student_number")
        )

    def wrong_org_kind_message(self, info):
        return _(
            "%(organisation)s is not a university, college or education group; profiles "
            "belong to an institution."
        ) % {"organisation": info.name}

    def build(self, number, parsed):
        fields = self.fields_from(parsed)
        record = Record(number, (fields["institution_id"], fields["student_number"]), fields)
        if "languages" in parsed:
            record.children["languages"] = (
                {
                    code: {"scale": scale, "level": level}
                    for code, scale, level in parsed["languages"]
                },
                None,
            )
        if "skills" in parsed:
            record.children["skills"] = ({pk: {} for pk in parsed["skills"]}, None)
        return record, []

    def existing(self, records, fields):
        by_org: dict[int, list[str]] = defaultdict(list)
        for record in records:
            by_org[record.key[0]].append(record.key[1])
        wanted = sorted({"id", "institution_id", "student_number", *fields})
        found = {}
        for org_id, numbers in by_org.items():
            # The unique index is partial (numbers not empty); the query repeats its
            # predicate, or neither SQLite nor PostgreSQL can use it for a long IN list.
            rows = TalentProfile.objects.filter(
                self.conflict_condition(), institution_id=org_id, student_number__in=numbers
            )
            for row in rows.order_by().values(*wanted):
                found[(row["institution_id"], row["student_number"])] = row
        return found

    def export_rows(self, queryset):
        slugs = dict(Organization.objects.values_list("pk", "slug"))
        qs = queryset.values(
            "id", "institution_id", "student_number", "full_name", "name_latin", "email", "phone",
            "nationality", "programme", "degree_level", "field_of_study", "expected_graduation",
            "available_from",
        )  # fmt: skip
        for chunk in _chunks(qs):
            ids = [row["id"] for row in chunk]
            languages: dict[int, list] = defaultdict(list)
            for pid, lang, scale, level in (
                ProfileLanguage.objects.filter(profile_id__in=ids)
                .order_by("profile_id", "pk")
                .values_list("profile_id", "language", "scale", "level")
            ):
                languages[pid].append((lang, scale, level))
            skills: dict[int, list[str]] = defaultdict(list)
            for pid, sid in ProfileSkill.objects.filter(profile_id__in=ids).values_list(
                "profile_id", "skill_id"
            ):
                skills[pid].append(self.skills.token_for(sid))
            for row in chunk:
                yield [
                    slugs.get(row["institution_id"], ""), row["student_number"], row["full_name"],
                    row["name_latin"], row["email"], row["phone"], row["nationality"],
                    row["programme"], row["degree_level"], row["field_of_study"],
                    row["expected_graduation"], row["available_from"],
                    v.format_languages(languages[row["id"]]), "; ".join(sorted(skills[row["id"]])),
                ]  # fmt: skip


# =====================================================================================
# Positions
# =====================================================================================

POSITION_SKILLS = ChildSpec(
    "skills", PositionSkill, "position_id", "skill_id", ("importance",), scope_field="importance"
)
POSITION_LANGUAGES = ChildSpec(
    "languages", PositionLanguage, "position_id", "language", ("scale", "level")
)


class PositionSchema(Schema):
    kind = "positions"
    title = gettext_lazy("Positions")
    model = Position
    org_column = "enterprise"
    org_field = "enterprise_id"
    conflict_fields = ["enterprise_id", "reference"]
    key_column_name = "reference"
    children = (POSITION_SKILLS, POSITION_LANGUAGES)
    columns = [
        Column(
            "enterprise",
            gettext_lazy("enterprise (key)"),
            ("enterprise_key", "company", "employer", "企业", "公司", "用人单位"),
            required=True,
            example="sinomach",
        ),
        Column(
            "reference",
            gettext_lazy("reference"),
            ("ref", "position reference", "编号", "岗位编号", "职位编号"),
            required=True,
            field="reference",
            example="pk-welder-01",
        ),
        Column(
            "title_en",
            gettext_lazy("title (English)"),
            ("title", "english title", "英文岗位名称", "岗位名称（英文）", "职位名称（英文）"),
            required=True,
            field="title_en",
            example="Welder",
        ),
        Column(
            "title_zh",
            gettext_lazy("title (Chinese)"),
            ("chinese title", "岗位名称", "职位名称", "中文岗位名称", "岗位名称（中文）"),
            field="title_zh",
            example="焊工",
        ),
        Column(
            "kind",
            gettext_lazy("kind"),
            ("type", "类型", "岗位类型", "用工类型"),
            required=True,
            field="kind",
            example="job",
        ),
        Column(
            "headcount",
            gettext_lazy("headcount"),
            ("openings", "人数", "招聘人数"),
            field="headcount",
            example="3",
        ),
        Column(
            "country",
            gettext_lazy("country"),
            ("国家", "工作国家"),
            required=True,
            field="country",
            example="PK",
        ),
        Column("city", gettext_lazy("city"), ("城市", "工作城市", "工作地点"), field="city"),
        Column(
            "sector",
            gettext_lazy("sector"),
            ("sector code", "industry", "行业", "所属行业"),
            field="sector_id",
            example="hydropower",
        ),
        Column(
            "min_education",
            gettext_lazy("minimum education"),
            ("education", "最低学历", "学历要求"),
            field="min_education",
            example="vocational",
        ),
        Column(
            "start_date",
            gettext_lazy("start"),
            ("start", "开始日期", "到岗日期", "入职日期"),
            field="start_date",
            example="2026-09-01",
        ),
        Column(
            "application_deadline",
            gettext_lazy("application deadline"),
            ("deadline", "截止日期", "申请截止日期", "报名截止日期"),
            field="application_deadline",
            example="2026-07-31",
        ),
        Column(
            "status",
            gettext_lazy("status"),
            ("状态",),
            field="status",
            example="open",
        ),
        Column(
            "essential_skills",
            gettext_lazy("essential skills"),
            ("required skills", "必备技能", "必需技能"),
            example="welding; 焊接",
        ),
        Column(
            "optional_skills",
            gettext_lazy("optional skills"),
            ("nice to have", "可选技能", "加分技能"),
        ),
        Column(
            "languages",
            gettext_lazy("language requirements"),
            ("language", "languages required", "语言要求", "语言"),
            example="zh:HSK3; en:B1",
        ),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._sectors: dict[str, int] | None = None

    parse_title_en = _text(255)
    parse_title_zh = _text(255)
    parse_kind = staticmethod(POSITION_KIND)
    parse_city = _text(120)
    parse_min_education = staticmethod(EDUCATION)
    parse_languages = staticmethod(v.parse_languages)
    parse_country = staticmethod(v.parse_country)

    @staticmethod
    def parse_reference(value):
        return v.parse_slug(value, 80)

    @staticmethod
    def parse_headcount(value):
        return v.parse_positive_int(value, default=1)

    @staticmethod
    def parse_status(value):
        return POSITION_STATUS(value) or PositionStatus.DRAFT.value

    def parse_enterprise(self, value):
        return self.parse_org(value)

    def parse_start_date(self, value):
        return v.parse_date(value, self.ctx.epoch_1904)

    def parse_application_deadline(self, value):
        return v.parse_date(value, self.ctx.epoch_1904)

    def parse_essential_skills(self, value):
        return self.skills.parse(value)

    def parse_optional_skills(self, value):
        return self.skills.parse(value)

    def parse_sector(self, value):
        text = to_text(value)
        if not text:
            return None
        if self._sectors is None:
            self._sectors = {}
            for pk, code, en, zh in Sector.objects.values_list(
                "pk", "code", "label_en", "label_zh"
            ):
                for name in (code, en, zh):
                    if name:
                        self._sectors.setdefault(v.norm_key(name), pk)
        pk = self._sectors.get(v.norm_key(text))
        if pk is None:
            codes = sorted(Sector.objects.values_list("code", flat=True))
            raise CellError(
                _("Unknown sector “%(value)s”; use one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(codes)}
            )
        return pk

    def build(self, number, parsed):
        problems = []
        start, deadline = parsed.get("start_date"), parsed.get("application_deadline")
        if start and deadline and deadline > start:
            problems.append(
                self.problem(
                    number,
                    "application_deadline",
                    _("The deadline must not be after the start date."),
                    deadline.isoformat(),
                )
            )
        both = set(parsed.get("essential_skills", ())) & set(parsed.get("optional_skills", ()))
        if both:
            names = ", ".join(self.skills.label_of.get(pk, str(pk)) for pk in sorted(both))
            problems.append(
                self.problem(
                    number,
                    "optional_skills",
                    _("Listed as both essential and optional: %(skills)s.") % {"skills": names},
                )
            )
        if problems:
            return None, problems
        fields = self.fields_from(parsed)
        record = Record(number, (fields["enterprise_id"], fields["reference"]), fields)
        scope = set()
        wanted: dict[int, dict[str, str]] = {}
        for column, importance in (
            ("essential_skills", Importance.ESSENTIAL.value),
            ("optional_skills", Importance.OPTIONAL.value),
        ):
            if column in parsed:
                scope.add(importance)
                for pk in parsed[column]:
                    wanted[pk] = {"importance": importance}
        if scope:
            record.children["skills"] = (wanted, scope)
        if "languages" in parsed:
            record.children["languages"] = (
                {
                    code: {"scale": scale, "level": level}
                    for code, scale, level in parsed["languages"]
                },
                None,
            )
        return record, []

    def existing(self, records, fields):
        by_org: dict[int, list[str]] = defaultdict(list)
        for record in records:
            by_org[record.key[0]].append(record.key[1])
        wanted = sorted({"id", "enterprise_id", "reference", *fields})
        found = {}
        for org_id, refs in by_org.items():
            rows = Position.objects.filter(enterprise_id=org_id, reference__in=refs)
            for row in rows.order_by().values(*wanted):
                found[(row["enterprise_id"], row["reference"])] = row
        return found

    def export_rows(self, queryset):
        slugs = dict(Organization.objects.values_list("pk", "slug"))
        sectors = dict(Sector.objects.values_list("pk", "code"))
        qs = queryset.values(
            "id", "enterprise_id", "reference", "title_en", "title_zh", "kind", "headcount",
            "country", "city", "sector_id", "min_education", "start_date",
            "application_deadline", "status",
        )  # fmt: skip
        for chunk in _chunks(qs):
            ids = [row["id"] for row in chunk]
            languages: dict[int, list] = defaultdict(list)
            for pid, lang, scale, level in (
                PositionLanguage.objects.filter(position_id__in=ids)
                .order_by("position_id", "pk")
                .values_list("position_id", "language", "scale", "level")
            ):
                languages[pid].append((lang, scale, level))
            skills: dict[tuple[int, str], list[str]] = defaultdict(list)
            for pid, sid, importance in PositionSkill.objects.filter(
                position_id__in=ids
            ).values_list("position_id", "skill_id", "importance"):
                skills[(pid, importance)].append(self.skills.token_for(sid))
            for row in chunk:
                pid = row["id"]
                yield [
                    slugs.get(row["enterprise_id"], ""), row["reference"], row["title_en"],
                    row["title_zh"], row["kind"], row["headcount"], row["country"], row["city"],
                    sectors.get(row["sector_id"], ""), row["min_education"], row["start_date"],
                    row["application_deadline"], row["status"],
                    "; ".join(sorted(skills[(pid, "essential")])),
                    "; ".join(sorted(skills[(pid, "optional")])),
                    v.format_languages(languages[pid]),
                ]  # fmt: skip


SCHEMAS: dict[str, type[Schema]] = {
    OrganizationSchema.kind: OrganizationSchema,
    ProfileSchema.kind: ProfileSchema,
    PositionSchema.kind: PositionSchema,
}
#: Other spellings accepted on the command line.
KIND_ALIASES = {"organizations": "organisations", "orgs": "organisations"}


def schema_for(kind: str) -> type[Schema]:
    return SCHEMAS[KIND_ALIASES.get(kind, kind)]
