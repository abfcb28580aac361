"""Showing a service's refusal on the form it came from, as the GOV.UK error summary."""

from contextlib import contextmanager

from practiceqa.core.services.refusal import Refusal


def show_refusal(form, refusal: Refusal) -> None:
    """Add each problem to the form: beside its field when the form has it, else above."""
    for field, message in refusal.form_problems():
        form.add_error(field if field in form.fields else None, message)


@contextmanager
def refusal_shown_on(form):
    """Run a service call; a refusal becomes the form's errors and the view goes on to
    render the form again (with status 400: `form.errors` is then set).

        with refusal_shown_on(form):
            action_raise(...)
            return redirect(...)
        return render(request, "page.html", {"form": form}, status=400)
    """
    try:
        yield
    except Refusal as refusal:
        show_refusal(form, refusal)


class RefusalFormMixin:
    """For class-based form views: `act(form)` calls the service and returns the response;
    a refusal is shown on the form, which is rendered again."""

    def act(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        with refusal_shown_on(form):
            return self.act(form)
        return self.form_invalid(form)
