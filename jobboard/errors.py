from portal.errors import PortalError


class VacancyError(PortalError):
    """A refused step of the job board (submitting, reviewing, closing, republishing a posting)."""
