"""Every write of the businesses app, by topic:

- `pins`: issuing, requesting and redeeming PINs, and the limits around them;
- `memberships`: finalising a link, roles, leaving and removing;
- `invitations`: inviting colleagues;
- `register`: the import from the chamber's register.

Callers use `businesses.services.<function>`; the names below are the public API.
"""

from ..errors import BusinessError
from .common import business_find
from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_get_by_token,
    invitation_refusal,
    invitation_registration_start,
    invitation_revoke,
    invitations_accept_after_activation,
)
from .memberships import (
    membership_change_role,
    membership_end,
    membership_end_by_staff,
    membership_finalise,
    membership_leave,
    membership_remove,
    memberships_finalise_pending,
)
from .pins import (
    pin_issue,
    pin_letter_context,
    pin_redeem,
    pin_request,
    pin_request_process,
    pin_requests_process_pending,
)
from .register import IMPORT_COLUMNS, ImportResult, business_import_rows

__all__ = [
    "IMPORT_COLUMNS",
    "BusinessError",
    "ImportResult",
    "business_find",
    "business_import_rows",
    "invitation_accept",
    "invitation_create",
    "invitation_get_by_token",
    "invitation_refusal",
    "invitation_registration_start",
    "invitation_revoke",
    "invitations_accept_after_activation",
    "membership_change_role",
    "membership_end",
    "membership_end_by_staff",
    "membership_finalise",
    "membership_leave",
    "membership_remove",
    "memberships_finalise_pending",
    "pin_issue",
    "pin_letter_context",
    "pin_redeem",
    "pin_request",
    "pin_request_process",
    "pin_requests_process_pending",
]
