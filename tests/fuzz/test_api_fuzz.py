"""Property-based fuzzing of the whole REST API with schemathesis, as every persona.

Every operation of the live OpenAPI schema (``/api/schema/``, served by the app itself)
gets generated requests — path, query and body drawn from the schema, ids both random
and of real objects — sent with each persona's API token (and anonymously). Each answer
must be no 5xx, and must conform to the schema: a documented status code, content type,
headers and body. Failures are collected (not shrunk) and listed together.

``make test`` runs a short pass (one example per operation and id kind, as anonymous and three
signed-in personas in turn: about a minute); ``make fuzz`` every persona, ten examples each.
Both print ``figure fuzz.*`` lines (with ``-s``).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi import checks as oas

from corridor.api.tests import data
from corridor.core.testing import make_personas

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "0"))  # 0: no time limit
PERSONAS = os.environ.get("FUZZ_PERSONAS", "rotate")
CHECKS = [
    schemathesis.checks.not_a_server_error,
    oas.status_code_conformance,
    oas.content_type_conformance,
    oas.response_headers_conformance,
    oas.response_schema_conformance,
]
ID_PARAM = re.compile(r"\{(id|pk|slug|[a-z_]*_id)\}")


class Tracebacks(logging.Handler):
    """The tracebacks Django logs for 500 answers, by request path."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record):
        if record.exc_info:
            self.seen.append(logging.Formatter().formatException(record.exc_info)[-1500:])


def _keep_connections(keep: bool) -> None:
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        if keep:
            signal.disconnect(close_old_connections)
        else:
            signal.connect(close_old_connections)


@pytest.fixture
def keep_the_test_connection():
    """The app is called through WSGI, not the test client: keep Django from closing the
    test's database connection at the end of each request (on PostgreSQL that ends the
    transaction the test runs in), as the test client does. (The test client connects the
    handlers again after each of its requests: call ``_keep_connections(True)`` after
    using it.)"""
    _keep_connections(True)
    yield
    _keep_connections(False)


@pytest.fixture
def fuzz_settings(settings, keep_the_test_connection):
    # Sign-in rate limits and lock-outs must not turn the fuzzer's token requests into 429s.
    settings.ACCOUNT_RATE_LIMITS = False
    settings.DEBUG = False
    return settings


def real_ids(schema, key: str) -> dict[str, list]:
    """For each collection path (``/api/positions/``), the ids of a few real objects."""
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    ids: dict[str, list] = {}
    for path in schema.raw_schema["paths"]:
        if "{" in path:
            continue
        response = client.get(path)
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            continue
        body = response.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        if isinstance(rows, list):
            found = [r.get("id", r.get("slug")) for r in rows[:5] if isinstance(r, dict)]
            ids[path] = [value for value in found if value is not None]
    return ids


@pytest.mark.django_db
def test_every_operation_as_every_persona_answers_without_5xx_and_per_schema(fuzz_settings):
    personas = make_personas()
    data.build_world(personas)
    users = {"anonymous": None, **personas.signed_in()}
    from corridor.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    admin_key = Token.objects.get_or_create(user=personas.platform_admin)[0].key
    ids = real_ids(schema, admin_key)
    _keep_connections(True)  # the test client in real_ids connected them again

    handler = Tracebacks()
    logging.getLogger("django.request").addHandler(handler)
    cases: Counter = Counter()
    failures: dict[str, str] = {}
    started = time.monotonic()
    try:
        for index, operation in enumerate(operations):
            strategies = [operation.as_strategy()]
            collection = ID_PARAM.split(operation.path)[0]
            params = ID_PARAM.findall(operation.path)
            if len(params) == 1 and ids.get(collection):
                strategies.append(
                    operation.as_strategy(path_parameters={params[0]: ids[collection][0]})
                )
            for persona, user in personas_for(index, users):
                if SECONDS and time.monotonic() - started > SECONDS:
                    break
                for strategy in strategies:
                    run(operation, strategy, persona, user, cases, failures)
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    total = sum(cases.values())
    errors = sum(1 for where in failures if "Server error" in where)
    print(f"\nfigure fuzz.cases {total} cases")
    print(f"figure fuzz.operations {len(operations)} operations")
    print(f"figure fuzz.server_errors {errors} errors")
    print(f"figure fuzz.failures {len(failures)} failures")
    print(f"figure fuzz.seconds {time.monotonic() - started:.1f} s")
    report = "\n\n".join(f"{where}\n{message}" for where, message in failures.items())
    if handler.seen:
        report += "\n\nServer tracebacks:\n" + "\n---\n".join(dict.fromkeys(handler.seen))
    assert not failures, report
    assert total >= len(operations) * (len(users) if PERSONAS == "all" else 4)


def personas_for(index: int, users: dict) -> list:
    """Every persona (``FUZZ_PERSONAS=all``, ``make fuzz``), or anonymous plus three signed-in
    personas in turn, so that the short pass meets every role across the operations."""
    items = list(users.items())
    if PERSONAS == "all":
        return items
    signed_in = items[1:]
    return [items[0]] + [signed_in[(index * 3 + k) % len(signed_in)] for k in range(3)]


def run(operation, strategy, persona, user, cases, failures) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def one(case):
        cache.clear()  # throttles count per client; fuzzing is not a flood
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
        cases[operation.label] += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as error:
            found = error.exceptions if isinstance(error, FailureGroup) else [error]
            for failure in found:
                title = getattr(failure, "title", type(failure).__name__)
                where = f"{operation.label} as {persona}: {response.status_code} {title}"
                failures.setdefault(where, f"{case.as_curl_command()}\n{str(failure)[:1200]}")

    one()
