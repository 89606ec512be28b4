"""Pages of the importer: upload + history, progress + report, rejected rows, exports.

Thin views: the pipeline (:mod:`corridor.imports.pipeline`) and the batch services
(:mod:`corridor.imports.services`) do the work; batches are fetched only through
``ImportBatch.objects.for_user``.
"""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from corridor.core.permissions import Action
from corridor.imports import exporters, services
from corridor.imports.forms import UploadForm, importable_kinds
from corridor.imports.models import BatchStatus, ImportBatch
from corridor.imports.pipeline import may_import
from corridor.imports.readers import MAX_UPLOAD_BYTES
from corridor.imports.schemas import SCHEMAS

#: Row problems shown on the report page (all are in the rejected-rows CSV).
ERRORS_ON_PAGE = 500


def _batch(request, pk, action=Action.VIEW):
    return get_object_or_404(ImportBatch.objects.for_user(request.user, action), pk=pk)


class ImportIndexView(View):
    template_name = "imports/index.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not importable_kinds(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, form):
        history = (
            ImportBatch.objects.for_user(self.request.user, Action.VIEW)
            .filter(user=self.request.user)
            .select_related("organization")[:50]
        )
        kinds = dict(importable_kinds(self.request.user))
        return {
            "form": form,
            "history": history,
            "schemas": [
                (schema.title, schema.columns) for kind, schema in SCHEMAS.items() if kind in kinds
            ],
            "export_kinds": [(kind, schema.title) for kind, schema in SCHEMAS.items()],
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        }

    def get(self, request):
        return render(request, self.template_name, self.context(UploadForm(user=request.user)))

    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_BYTES + 1024 * 1024:  # refuse before reading the body
            form = UploadForm(user=request.user)
            form.add_error(
                None,
                _("The file is larger than %(max)d MB; split it into parts.")
                % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
            return render(request, self.template_name, self.context(form), status=400)
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=400)
        batch = services.create_batch(
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            organization=form.cleaned_data["organization"],
            language=get_language() or "en",
        )
        services.start(batch)
        return HttpResponseRedirect(batch.get_absolute_url())


class BatchDetailView(View):
    """The progress (polled by htmx every second while it runs) and the report."""

    def get(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        batch = _batch(request, pk)
        report = batch.report or {}
        errors = report.get("errors", [])
        context = {
            "batch": batch,
            "report": report,
            "errors": errors[:ERRORS_ON_PAGE],
            "errors_hidden": max(0, batch.error_count - min(len(errors), ERRORS_ON_PAGE)),
            "can_run": batch.dry_run
            and batch.status == BatchStatus.DONE
            and bool(batch.file)
            and batch.user_id == request.user.pk
            and may_import(request.user, batch.kind),
        }
        if request.htmx:
            return render(request, "imports/partials/_batch_status.html", context)
        return render(request, "imports/batch_detail.html", context)


@login_required
def batch_rejected(request, pk):
    """The rejected rows as CSV: the original cells plus the reason, ready to fix."""
    batch = _batch(request, pk)
    name = f"rejected-{batch.pk}.csv"
    if batch.rejected_file:
        try:
            handle = batch.rejected_file.open("rb")
        except FileNotFoundError:
            handle = None
        if handle is not None:
            return FileResponse(
                handle, as_attachment=True, filename=name, content_type="text/csv; charset=utf-8"
            )
    response = HttpResponse("\ufeffrejected_reason\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class BatchRunView(View):
    """Import for real a file that went through a dry run, without uploading it again."""

    template_name = "imports/batch_run.html"

    def _source(self, request, pk):
        batch = _batch(request, pk, Action.CHANGE)
        if not (batch.dry_run and batch.status == BatchStatus.DONE and batch.file):
            return batch, False
        return batch, may_import(request.user, batch.kind)

    def get(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        batch, allowed = self._source(request, pk)
        return render(request, self.template_name, {"batch": batch, "allowed": allowed})

    def post(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        batch, allowed = self._source(request, pk)
        if not allowed:
            raise PermissionDenied
        new = services.copy_batch(batch, user=request.user, dry_run=False)
        new.language = get_language() or new.language
        new.save(update_fields=["language"])
        services.start(new)
        messages.success(request, _("Importing %(file)s.") % {"file": batch.file_name})
        return HttpResponseRedirect(new.get_absolute_url())


@login_required
def export(request, kind, fmt):
    """What the user may see of ``kind``, in the import's own columns (it imports back)."""
    queryset = exporters.export_queryset(kind, request.user)
    exporters.audit_export(kind, queryset, request.user, fmt=fmt, channel="page")
    filename = f"corridor-{kind}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exporters.iter_csv(kind, queryset), content_type=exporters.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    exporters.write_xlsx(kind, queryset, handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=exporters.CONTENT_TYPES["xlsx"]
    )
