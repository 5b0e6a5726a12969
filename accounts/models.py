from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


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
