"""``{% load cooperation %}{% sources_for obj %}``: the sources a record is cited from.

Any app's page may include it for any model instance (agreement, event, target,
statistic...); it renders nothing when the record has no citation.
"""

from django import template

from corridor.cooperation.dates import format_partial_date
from corridor.cooperation.services import sources_for as citations_of

register = template.Library()


@register.inclusion_tag("cooperation/partials/_sources.html", takes_context=True)
def sources_for(context, obj, heading=True):
    """The citations of ``obj``; for those who may change ``obj``, a form to cite a source."""
    from corridor.cooperation.models import Source
    from corridor.cooperation.views import may_cite

    request = context.get("request")
    user = getattr(request, "user", None)
    can_cite = obj is not None and user is not None and may_cite(user, obj)
    return {
        "citations": list(citations_of(obj)),
        "heading": heading,
        "obj": obj,
        "can_cite": can_cite,
        "label": obj._meta.label_lower if obj is not None else "",
        "sources": list(Source.objects.order_by("slug")) if can_cite else [],
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
    }


@register.simple_tag
def partial_date(year, month, day):
    return format_partial_date(year, month, day)
