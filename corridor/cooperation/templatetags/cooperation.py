"""``{% load cooperation %}{% sources_for obj %}``: the sources a record is cited from.

Any app's page may include it for any model instance (agreement, event, target,
statistic...); it renders nothing when the record has no citation.
"""

from django import template

from corridor.cooperation.dates import format_partial_date
from corridor.cooperation.services import sources_for as citations_of

register = template.Library()


@register.inclusion_tag("cooperation/partials/_sources.html")
def sources_for(obj, heading=True):
    return {"citations": list(citations_of(obj)), "heading": heading}


@register.simple_tag
def partial_date(year, month, day):
    return format_partial_date(year, month, day)
