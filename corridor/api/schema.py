"""The OpenAPI schema class and hooks: drf-standardized-errors documents every 4xx answer;
writes whose input and output differ (a profile is written in full but may be read
anonymised) are described with both serializers; and the documented error bodies match
what the API really answers (checked by schemathesis)."""

import re

from django.contrib.auth.models import AnonymousUser
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.settings import package_settings

from corridor.api.permissions import action_for_method
from corridor.core.permissions import grants

WRITE_ACTIONS = {"create", "update", "partial_update"}

#: The code of an error raised by a model's clean(), a service or a cross-field rule
#: without a code of its own (DRF's default), possible on any input.
RULE_CODE = "invalid"


class AutoSchema(StandardizedErrorsAutoSchema):
    def _read_serializer(self):
        view = self.view
        if (
            getattr(view, "action", None) in WRITE_ACTIONS
            and getattr(view, "write_serializer_class", None) is not None
        ):
            return view.serializer_class(context=view.get_serializer_context())
        return None

    def get_response_serializers(self):
        return self._read_serializer() or super().get_response_serializers()

    def get_auth(self):
        """Operations POLICY grants to anonymous visitors also work without credentials."""
        auth = super().get_auth()
        label = getattr(self.view, "policy_label", "")
        anonymous_ok = label and grants(AnonymousUser(), label, action_for_method(self.method))
        if anonymous_ok and {} not in auth:
            auth.append({})
        return auth

    def _get_validation_error_codes_by_field(self, data_fields):
        codes = super()._get_validation_error_codes_by_field(data_fields)
        for field_codes in codes.values():
            field_codes.add(RULE_CODE)
        # A list item that is not an object at all (null, a number) is reported on the
        # item itself (``skills.0``), which the library does not list.
        # The same goes for a nested list given as null (``skills``).
        index = f".{package_settings.LIST_INDEX_IN_API_SCHEMA}"
        for name in [n for n in codes if n.endswith(".non_field_errors")]:
            owner = name.removesuffix(".non_field_errors")
            codes.setdefault(owner, set()).update({"null", RULE_CODE})
            if not owner.endswith(index):
                codes[owner].add("required")
        return codes


def postprocess_error_attrs(result, generator, request, public):
    """Error components name list items ``skills.INDEX.skill`` while answers name them
    ``skills.0.skill``: document such ``attr`` values as patterns instead of constants,
    and drop the discriminator whose mapping only knows the placeholders."""
    placeholders = {
        package_settings.LIST_INDEX_IN_API_SCHEMA: r"\d+",
        package_settings.DICT_KEY_IN_API_SCHEMA: r"[^.]+",
    }
    schemas = result.get("components", {}).get("schemas", {})

    def pattern(value):
        parts = [placeholders.get(part, re.escape(part)) for part in value.split(".")]
        return r"\.".join(parts)

    def has_placeholder(value):
        return any(part in placeholders for part in value.split("."))

    for schema in schemas.values():
        attr = schema.get("properties", {}).get("attr")
        if attr and any(has_placeholder(v) for v in attr.get("enum", []) if v):
            values = attr.pop("enum")
            attr["pattern"] = "^(?:" + "|".join(pattern(v) for v in values) + ")$"
        mapping = schema.get("discriminator", {}).get("mapping", {})
        if schema.get("discriminator", {}).get("propertyName") == "attr" and any(
            has_placeholder(v) for v in mapping
        ):
            del schema["discriminator"]
    return result
