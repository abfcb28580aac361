"""The caseload import on the web: upload with its as-of date and mapping, or make a new
mapping from the file's columns first; then the shared preview and confirm pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from practiceqa.caseloads.imports import CaseloadImporter
from practiceqa.caseloads.mapping_forms import (
    MappingColumnsForm,
    MappingDetailsForm,
    guess_columns,
)
from practiceqa.caseloads.mappings import (
    FIELD_LABELS,
    draft_date_formats,
    draft_statuses,
    mapping_draft_choose_columns,
    mapping_draft_finish,
    mapping_draft_start,
    mapping_save,
)
from practiceqa.caseloads.models import MappingDraft
from practiceqa.caseloads.selectors_mappings import mappings_with_use
from practiceqa.core.access import require
from practiceqa.core.imports import services
from practiceqa.core.imports.problems import ImportRefused
from practiceqa.core.imports.views import ImportUploadView, detail_url
from practiceqa.core.services.views import refusal_shown_on

MAKE_MAPPING = "caseloads.import_snapshot"


class CaseloadImportUploadView(ImportUploadView):
    """The shared upload page; choosing to make a new mapping keeps the file and goes to
    choosing its columns instead of the preview."""

    def post(self, request):
        form = self.form(request)
        if not form.is_valid() or not form.makes_mapping:
            return super().post(request)
        upload = form.cleaned_data["file"]
        try:
            draft = mapping_draft_start(
                content=upload.read(),
                filename=upload.name,
                as_of=form.cleaned_data["as_of"],
                started_by=request.user,
            )
        except ImportRefused as refused:
            return self.page(request, form, problems=refused.problems)
        return redirect("caseload-mapping-columns", draft.pk)


def _draft(request, pk: int) -> MappingDraft:
    require(request.user, MAKE_MAPPING)
    # The file holds real references: only the person who uploaded it sees its draft.
    return get_object_or_404(MappingDraft, pk=pk, created_by=request.user)


@require_http_methods(["GET", "POST"])
def mapping_columns(request, pk: int):
    draft = _draft(request, pk)
    headings = draft.headings
    if request.method == "POST":
        form = MappingColumnsForm(request.POST, headings=headings)
        if form.is_valid():
            with refusal_shown_on(form):
                mapping_draft_choose_columns(
                    draft=draft, columns=form.cleaned_data, chosen_by=request.user
                )
                return redirect("caseload-mapping-details", draft.pk)
    else:
        form = MappingColumnsForm(
            headings=headings, initial=draft.columns or guess_columns(headings)
        )
    return render(
        request,
        "caseloads/mapping_columns.html",
        {"form": form, "draft": draft},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def mapping_details(request, pk: int):
    draft = _draft(request, pk)
    if not draft.columns:
        return redirect("caseload-mapping-columns", draft.pk)
    statuses = draft_statuses(draft)
    if request.method == "POST":
        form = MappingDetailsForm(request.POST, statuses=statuses)
        if form.is_valid():
            with refusal_shown_on(form):
                mapping = mapping_save(
                    draft=draft,
                    name=form.cleaned_data["name"],
                    closed_statuses=form.cleaned_data["closed_statuses"],
                    date_formats=form.cleaned_data["date_formats"],
                    saved_by=request.user,
                )
                return _preview(request, draft, mapping)
    else:
        form = MappingDetailsForm(
            statuses=statuses,
            initial={
                "date_formats": draft_date_formats(draft),
                "closed_statuses": [s for s in statuses if "close" in s.lower()],
            },
        )
    chosen = [(FIELD_LABELS[name], heading) for name, heading in draft.columns.items()]
    return render(
        request,
        "caseloads/mapping_details.html",
        {"form": form, "draft": draft, "chosen": chosen, "statuses": statuses},
        status=400 if form.errors else 200,
    )


def _preview(request, draft: MappingDraft, mapping: dict):
    """The file previewed with the mapping just saved (the draft is gone either way)."""
    content, filename, as_of = mapping_draft_finish(draft=draft)
    importer = CaseloadImporter(options={"as_of": as_of.isoformat(), "mapping": mapping})
    messages.success(request, f"Mapping {mapping['name']} saved")
    try:
        record = services.import_preview(
            importer=importer, content=content, filename=filename, uploaded_by=request.user
        )
    except ImportRefused as refused:
        page = CaseloadImportUploadView(importer_class=CaseloadImporter)
        return page.page(request, page.form(request, bound=False), problems=refused.problems)
    return redirect(detail_url(CaseloadImporter, record))


@require_http_methods(["GET"])
def mapping_list(request):
    require(request.user, MAKE_MAPPING)
    return render(
        request,
        "caseloads/mapping_list.html",
        {"mappings": mappings_with_use()},
    )
