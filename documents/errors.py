from portal.errors import PortalError


class DocumentsError(PortalError):
    """A refused step of the Postfach (sending, replying, marking done)."""
