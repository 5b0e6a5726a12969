"""The one domain error of the portal, and the one way a view shows it.

A service refuses an action by raising a `PortalError` (or an app's subclass): `message` is the German
sentence a person reads, `code` a stable name for tests, logs and callers that branch on the reason.

    from portal.errors import PortalError, refusal_shown

    class ContractError(PortalError):
        pass

    def contract_submit(*, actor, contract) -> Contract:
        if not contract.is_complete:
            raise ContractError(_("Please fill in every required field first."), code="incomplete")

    def submit(request, pk):                              # a view
        contract = contract_get_for_user(user=request.user, pk=pk)
        with refusal_shown(request) as refusal:           # or refusal_shown(request, form=form)
            services.contract_submit(actor=request.user, contract=contract)
        if refusal:
            return redirect("contracts:detail", pk=pk)   # the message is already queued
        messages.success(request, _("Submitted."))
        ...

Service tests assert `error.code`; browser journeys assert the German text.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest


class PortalError(Exception):
    """A business rule refused the action. `message` is German text for the user; `code` names the rule."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code


class refusal_shown:  # lower case: used like a function, `with refusal_shown(request) as refusal:`
    """Run a service call; a PortalError becomes a form error (with `form`, on `field` or the whole form) or
    an error message, and the block is left without raising. The object is true when the call was refused;
    `error` holds the refusal. With `show=False` the page shows `error.message` itself (e.g. in place of what
    it could not do)."""

    def __init__(
        self,
        request: HttpRequest,
        *,
        form: Form | None = None,
        field: str | None = None,
        prefix: str = "",
        show: bool = True,
    ):
        self.request = request
        self.form = form
        self.field = field
        self.prefix = prefix
        self.show = show
        self.error: PortalError | None = None

    def __enter__(self) -> refusal_shown:
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if not isinstance(exc, PortalError):
            return False
        self.error = exc
        text = f"{self.prefix}{exc.message}"
        if not self.show:
            pass
        elif self.form is not None:
            self.form.add_error(self.field, text)
        else:
            messages.error(self.request, text)
        return True

    def __bool__(self) -> bool:
        return self.error is not None
