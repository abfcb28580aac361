"""The upload page and the preview/confirm page every import shares, each parametrised by
its importer class: `ImportUploadView.as_view(importer_class=StaffImporter)`."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from practiceqa.core.access import require
from practiceqa.core.imports import expiry, selectors, services
from practiceqa.core.imports.forms import ImportConfirmForm, ImportUploadForm
from practiceqa.core.imports.importer import Importer
from practiceqa.core.imports.models import Upload, UploadStatus
from practiceqa.core.imports.problems import ImportRefused
from practiceqa.core.imports.services import StalePreview
from practiceqa.core.security.fresh import ask_for_fresh_sign_in


def detail_url(importer_class: type[Importer], upload: Upload) -> str:
    return reverse(f"{importer_class.url_name}-detail", args=[upload.pk])


class _ImportView(View):
    importer_class: type[Importer] | None = None
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        require(request.user, self.importer_class.permission)
        return super().dispatch(request, *args, **kwargs)


class ImportUploadView(_ImportView):
    template_name = "imports/upload.html"

    def form(self, request, *, bound: bool = True):
        form_class = self.importer_class.upload_form or ImportUploadForm
        labels = {
            "label": self.importer_class.upload_label,
            "help_text": self.importer_class.upload_hint,
        }
        # Bound on every POST, even an empty one, so that "Select a file" is shown.
        if bound and request.method == "POST":
            return form_class(request.POST, request.FILES, **labels)
        return form_class(**labels)

    def get(self, request):
        return self.page(request, self.form(request))

    def post(self, request):
        form = self.form(request)
        if not form.is_valid():
            return self.page(request, form)
        upload = form.cleaned_data["file"]
        importer = self.importer_class(options=form.options())
        arguments = {"importer": importer, "content": upload.read(), "filename": upload.name}
        try:
            if importer.preview_first:
                record = services.import_preview(**arguments, uploaded_by=request.user)
                return redirect(detail_url(self.importer_class, record))
            plan = services.import_run(**arguments, applied_by=request.user)
        except ImportRefused as refused:
            return self.page(request, form, problems=refused.problems)
        messages.success(request, importer.applied_message(plan, upload.name))
        return redirect(self.importer_class.url_name)

    def page(self, request, form, problems=None):
        importer = self.importer_class
        uploads = selectors.recent_uploads(kind=importer.kind) if importer.preview_first else []
        return render(
            request,
            self.template_name,
            {
                "importer": importer,
                "form": form,
                "problems": problems,
                # From an importer without options: the columns a file has by default.
                "columns": [c.name for c in importer().columns if c.required],
                "uploads": uploads,
                "detail_url_name": f"{importer.url_name}-detail",
            },
            status=400 if (problems or form.errors) else 200,
        )


class ImportDetailView(_ImportView):
    """A preview to confirm or discard; an expired one to check again; or what was done."""

    template_name = "imports/detail.html"

    def record(self, pk: int) -> Upload:
        return get_object_or_404(
            Upload.objects.select_related("uploaded_by__staff_member", "applied_by__staff_member"),
            pk=pk,
            kind=self.importer_class.kind,
        )

    def importer(self, record: Upload) -> Importer:
        return self.importer_class(options=record.options)

    def get(self, request, pk: int):
        expiry.expire_old_uploads(by=request.user)  # this one, if it was kept too long
        record = self.record(pk)
        plan = None
        if record.status == UploadStatus.PREVIEWED:
            check = services.import_check(importer=self.importer(record), upload=record)
            if check.expired:
                services.import_expire(upload=record, by=request.user)
            else:
                plan = check.plan
        return render(
            request,
            self.template_name,
            {
                "importer": self.importer_class,
                "record": record,
                "plan": plan,
                "notices": self.importer(record).notices(plan) if plan else [],
                "back_url": reverse(self.importer_class.url_name),
                "keep_hours": expiry.keep_hours(),
                "back_label": f"Back to {self.importer_class.title[:1].lower()}"
                f"{self.importer_class.title[1:]}",
            },
        )

    def post(self, request, pk: int):
        expiry.expire_old_uploads(by=request.user)
        record = self.record(pk)
        importer = self.importer(record)
        if "discard" in request.POST:
            try:
                services.import_discard(importer=importer, upload=record, discarded_by=request.user)
            except StalePreview as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"Import of {record.filename} discarded. Nothing was changed."
                )
            return redirect(self.importer_class.url_name)
        if "recheck" in request.POST:
            return self.recheck(request, importer, record)
        if confirm := ask_for_fresh_sign_in(request, what="apply this import"):
            return confirm
        form = ImportConfirmForm(request.POST)
        if not form.is_valid():  # nothing confirmed: show the page again
            return self.get(request, pk)
        try:
            plan = services.import_apply(
                importer=importer,
                upload=record,
                applied_by=request.user,
                expected_fingerprint=form.cleaned_data["fingerprint"],
            )
        except StalePreview as error:
            if not error.expired:
                messages.error(request, str(error))
            # Otherwise the page, shown again, says the preview has expired.
        else:
            messages.success(request, importer.applied_message(plan, record.filename))
        return redirect(detail_url(self.importer_class, record))

    def recheck(self, request, importer: Importer, record: Upload):
        try:
            fresh = services.import_recheck(
                importer=importer, upload=record, uploaded_by=request.user
            )
        except StalePreview as error:
            messages.error(request, str(error))
            return redirect(detail_url(self.importer_class, record))
        except ImportRefused as refused:
            upload_page = ImportUploadView(importer_class=self.importer_class)
            return upload_page.page(
                request, upload_page.form(request, bound=False), refused.problems
            )
        return redirect(detail_url(self.importer_class, fresh))
