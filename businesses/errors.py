"""The businesses app's refusals."""

from portal.errors import PortalError


class BusinessError(PortalError):
    """A rule of PINs, links, roles or invitations refused the action."""
