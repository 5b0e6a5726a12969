from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import private_storage


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # The whole address in lower case, not just the domain: allauth looks addresses up in lower
        # case, so an account saved as "Max.Muster@…" (e.g. created in the admin) could not log in.
        # AbstractUser.clean() uses this too, so every ModelForm (admin add/change) normalises.
        return super().normalize_email(email).strip().lower()

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. The e-mail address is the login; there is no username."""

    class Salutation(models.TextChoices):
        FRAU = "frau", _("Ms")
        HERR = "herr", _("Mr")
        NONE = "none", _("No salutation")

    username = None
    email = models.EmailField(
        _("e-mail address"),
        unique=True,
        error_messages={"unique": _("An account with this e-mail address already exists.")},
    )
    salutation = models.CharField(_("salutation"), max_length=8, choices=Salutation.choices, default=Salutation.NONE)
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted at"), null=True, blank=True)
    # Inactive accounts (accounts.services.inactive_accounts_process): the person pressed "Konto
    # behalten" in the warning mail, and when the last warning went out.
    activity_confirmed_at = models.DateTimeField(_("account confirmed as still needed at"), null=True, blank=True)
    inactivity_warning_sent_at = models.DateTimeField(_("inactivity warning sent at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def validate_constraints(self, exclude=None) -> None:
        # The case-insensitive unique index only backs up the field's own unique check (addresses are
        # stored in lower case); validating it too would add a second, technical message in the admin.
        super().validate_constraints(exclude={*(exclude or ()), "email"})

    @property
    def is_activated(self) -> bool:
        """An account is activated once its owner has set a password from the activation mail."""
        return self.has_usable_password()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class UserSession(models.Model):
    """One browser in which a user is logged in: what "Angemeldete Geräte" lists and can end.

    Keyed by the session key of the session store (portal.sessions); the session itself holds the login.
    Ending a session deletes it from the store, so that browser is logged out on its next request.
    `last_seen_at` is written at most once a minute (accounts.middleware.UserSessionMiddleware).
    """

    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="browser_sessions"
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # The client address with its last part zeroed: enough to tell "office" from "abroad", no more.
    ip_prefix = models.GenericIPAddressField(_("network"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")
        ordering = ["-last_seen_at", "-pk"]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="accounts_session_user_seen")]

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%d.%m.%Y %H:%M}"


def _export_upload_to(instance, filename: str) -> str:
    import secrets

    # A random directory: the file is never served by URL, and a guessed name finds nothing.
    return f"privacy-exports/{secrets.token_hex(16)}/{filename}"


class DataExport(models.Model):
    """ "Meine Daten herunterladen": a ZIP built by a Celery task, downloadable once, for a few days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready for download")
        DOWNLOADED = "downloaded", _("downloaded")
        EXPIRED = "expired", _("expired")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("download possible until"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)
    # In the private storage (portal.files), never served by URL: it leaves only through the download view.
    file = models.FileField(_("file"), storage=private_storage, upload_to=_export_upload_to, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="accounts_export_status")]

    def __str__(self) -> str:
        return f"{self.user} – {self.requested_at:%d.%m.%Y %H:%M}"

    @property
    def can_be_downloaded(self) -> bool:
        return self.status == self.Status.READY and self.expires_at is not None and self.expires_at > timezone.now()


class AccountRetention(models.Model):
    """Staff set how long an account may go without login before it is deleted (one row)."""

    DEFAULT_DAYS = 3 * 365

    inactive_days = models.PositiveIntegerField(
        _("delete accounts without login after (days)"),
        default=DEFAULT_DAYS,
        # The warning goes out 30 days ahead; a shorter period would warn people who just logged in.
        validators=[MinValueValidator(90)],
        help_text=_(
            "Counted from the last login (or the last time the person confirmed the account). The person is "
            "warned by e-mail 30 days before. Staff accounts are never deleted automatically."
        ),
    )
    is_active = models.BooleanField(
        _("delete inactive accounts"),
        default=True,
        help_text=_("Switch off to stop warnings and deletions for a while."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("deletion of inactive accounts")
        verbose_name_plural = _("deletion of inactive accounts")

    def __str__(self) -> str:
        return str(_("Deletion of inactive accounts"))

    @classmethod
    def current(cls) -> "AccountRetention":
        rule = cls.objects.order_by("pk").first()
        return rule if rule is not None else cls(inactive_days=cls.DEFAULT_DAYS)

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.inactive_days)


class SignupRequest(models.Model):
    """A sign-up as it was submitted, waiting to be processed by a task.

    The request only stores this row — the same work whether or not the address already has an account — so
    neither the answer nor its timing tells a visitor which addresses are registered. The task
    (`accounts.services.signup_process`) creates the account and mails the activation link, or tells the owner
    of an existing account; a periodic sweep processes rows whose task was lost and deletes processed rows after
    a day (they hold names and an address).
    """

    email = models.EmailField(_("e-mail address"))
    salutation = models.CharField(_("salutation"), max_length=8, choices=User.Salutation.choices)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted at"))
    base_url = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    created_user = models.ForeignKey(
        User, verbose_name=_("account created"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-up request")
        verbose_name_plural = _("sign-up requests")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.email
