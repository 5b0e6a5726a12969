"""The accounts app's refusals."""

from portal.errors import PortalError


class AccountError(PortalError):
    """A rule of the account (export, deletion, successor) refused the action."""
