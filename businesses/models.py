"""Businesses of the chamber's register, the one-time PINs that link accounts to them, memberships and audit."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BETRIEBSNUMMER_RE = r"^\d{5,10}$"
FILIALNUMMER_RE = r"^\d{1,4}$"

betriebsnummer_validator = RegexValidator(
    BETRIEBSNUMMER_RE,
    _("A Betriebsnummer consists of 5 to 10 digits, without spaces or letters."),
)
filialnummer_validator = RegexValidator(FILIALNUMMER_RE, _("A Filialnummer consists of 1 to 4 digits."))


class Business(models.Model):
    """A business of the chamber's register. A branch (Filiale) is its own row pointing at its main business."""

    betriebsnummer = models.CharField(_("Betriebsnummer"), max_length=10, validators=[betriebsnummer_validator])
    filialnummer = models.CharField(
        _("Filialnummer"),
        max_length=4,
        blank=True,
        default="",
        validators=[filialnummer_validator],
        help_text=_("Empty for the main business."),
    )
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=80, blank=True)
    trade = models.CharField(_("trade"), max_length=120, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address of record"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Set by an administrator of the business on "Mein Betrieb": members without a second factor
    # cannot use the business functions (businesses.mfa_policy).
    second_factor_required = models.BooleanField(_("two-factor authentication required for all members"), default=False)
    main_business = models.ForeignKey(
        "self",
        verbose_name=_("main business"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["betriebsnummer", "filialnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["betriebsnummer", "filialnummer"], name="businesses_business_number_unique"
            ),
            # A branch has a Filialnummer and a main business; the main business has neither.
            models.CheckConstraint(
                condition=(Q(filialnummer="") & Q(main_business__isnull=True))
                | (~Q(filialnummer="") & Q(main_business__isnull=False)),
                name="businesses_business_branch_shape",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number_display})"

    @property
    def number_display(self) -> str:
        return f"{self.betriebsnummer}-{self.filialnummer}" if self.filialnummer else self.betriebsnummer

    @property
    def is_branch(self) -> bool:
        return bool(self.filialnummer)

    @property
    def address_lines(self) -> list[str]:
        return [line for line in [self.name, self.street, f"{self.postal_code} {self.city}".strip()] if line]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.main_business_id:
            main = self.main_business
            if main.main_business_id:
                raise ValidationError({"main_business": _("A branch cannot be the main business of another branch.")})
            if main.betriebsnummer != self.betriebsnummer:
                raise ValidationError(
                    {"main_business": _("A branch has the same Betriebsnummer as its main business.")}
                )
            if not self.filialnummer:
                raise ValidationError({"filialnummer": _("A branch needs a Filialnummer.")})
        elif self.filialnummer:
            raise ValidationError({"main_business": _("A branch needs its main business.")})


class PinQuerySet(models.QuerySet):
    def open(self, now=None) -> "PinQuerySet":
        """PINs that can still link an account: the query form of `Pin.refusal() is None`."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class Pin(models.Model):
    """A one-time PIN for linking an account to a business. Only a keyed hash of the PIN is stored."""

    class Channel(models.TextChoices):
        SELF_SERVICE = "self_service", _("requested online, sent by e-mail")
        MAIL = "mail", _("sent by staff by e-mail")
        LETTER = "letter", _("printed as a letter by staff")

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="pins")
    pin_hash = models.CharField(_("PIN hash"), max_length=64, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)

    objects = PinQuerySet.as_manager()

    class Meta:
        verbose_name = _("PIN")
        verbose_name_plural = _("PINs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["business", "pin_hash"], name="businesses_pin_lookup")]

    def __str__(self) -> str:
        return f"PIN {self.business.number_display} ({self.created_at:%d.%m.%Y})"

    STATE_LABELS = {"used": _("used"), "revoked": _("revoked"), "expired": _("expired"), None: _("open")}

    def refusal(self, now=None) -> str | None:
        """Why this PIN can no longer link an account ("used", "revoked", "expired"), or None while it can.
        The one definition of a PIN's state: the redemption, the admin and `open_pins` all follow it."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return None

    @property
    def is_open(self) -> bool:
        return self.refusal() is None

    @property
    def state(self) -> str:
        return str(self.STATE_LABELS[self.refusal()])


class Membership(models.Model):
    """A user acting for a business. Ended memberships stay for the record; a new link creates a new row."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("administrator")
        MEMBER = "member", _("member")

    class Status(models.TextChoices):
        PENDING = "pending", _("being set up")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    class Source(models.TextChoices):
        PIN = "pin", _("one-time PIN")
        INVITATION = "invitation", _("invitation by a colleague")
        STAFF = "staff", _("chamber staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="business_memberships"
    )
    business = models.ForeignKey(
        Business, verbose_name=_("business"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("linked by"), max_length=12, choices=Source.choices, default=Source.PIN)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["business__name", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "business"],
                condition=~Q(status="ended"),
                name="businesses_membership_one_open_per_user",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="businesses_membership_status")]

    def __str__(self) -> str:
        return f"{self.user} – {self.business} ({self.get_role_display()}, {self.get_status_display()})"

    @property
    def is_admin(self) -> bool:
        """Has the admin role — for what a page shows; what a user may do is decided by businesses.access."""
        return self.role == self.Role.ADMIN


class Invitation(models.Model):
    """An admin invites a colleague by e-mail; the colleague joins as member without a PIN."""

    business = models.ForeignKey(
        Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # "Registrieren" pressed on the invitation page: the account activated with the invited address joins
    # the business without the mail being opened again (services.invitations_accept_after_activation).
    registration_started_at = models.DateTimeField(_("registration started at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.business}"

    def refusal(self, now=None) -> str | None:
        """Why this invitation can no longer be accepted ("revoked", "accepted", "expired"), or None."""
        if self.revoked_at is not None:
            return "revoked"
        if self.accepted_at is not None:
            return "accepted"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return None

    @property
    def is_open(self) -> bool:
        return self.refusal() is None


class PinRequest(models.Model):
    """A PIN request as it was typed, waiting to be processed by a task.

    The request itself only stores this row — the same work whether or not the number exists — so neither the
    answer nor its timing tells a visitor which Betriebsnummern are in the register. The task
    (`businesses.services.pins.pin_request_process`) looks the business up, applies the per-business limit,
    issues and mails the PIN, writes the audit event and deletes the row; a periodic sweep processes rows whose
    task was lost (broker down).
    """

    betriebsnummer = models.CharField(_("Betriebsnummer"), max_length=10)
    filialnummer = models.CharField(_("Filialnummer"), max_length=4, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    base_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("PIN request")
        verbose_name_plural = _("PIN requests")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.betriebsnummer}-{self.filialnummer}" if self.filialnummer else self.betriebsnummer


class AuditEvent(models.Model):
    """What happened to a business link, by whom, with which outcome. Never holds a PIN, password or token."""

    class Outcome(models.TextChoices):
        OK = "ok", _("successful")
        REFUSED = "refused", _("refused")
        RATE_LIMITED = "rate_limited", _("rate limit reached")

    action = models.CharField(_("action"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    business = models.ForeignKey(
        Business,
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("affected user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.OK)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        # The PIN limits count recent events per account, per client address and per business.
        indexes = [
            models.Index(fields=["action", "actor", "created_at"], name="businesses_audit_actor"),
            models.Index(fields=["action", "ip", "created_at"], name="businesses_audit_ip"),
            models.Index(fields=["action", "business", "created_at"], name="businesses_audit_business"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.action} ({self.get_outcome_display()})"
