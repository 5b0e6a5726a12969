"""Online-Lehrvertrag: apprenticeship contracts, their history, files and confirmations, and the catalogues they
use — occupations (Ausbildungsberufe, shared with the job board), minimum remuneration, trainers."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import PrivateUploadTo, private_storage


class OccupationQuerySet(models.QuerySet):
    def active(self) -> "OccupationQuerySet":
        return self.filter(is_active=True)


class Occupation(models.Model):
    """A state-recognised training occupation (Ausbildungsberuf) with its regular training duration.

    Staff maintain the catalogue in the admin; an occupation no longer trained is deactivated, not deleted,
    because contracts and postings keep referring to it.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    duration_months = models.PositiveSmallIntegerField(
        _("regular training duration (months)"), help_text=_("As laid down in the training regulation.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_months__gte=12, duration_months__lte=48),
                name="contracts_occupation_duration_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MinimumRemuneration(models.Model):
    """The statutory minimum remuneration (§ 17 Abs. 2 BBiG) for trainings beginning in one calendar year.

    The Federal Ministry publishes the amounts for the next start year each autumn; staff add that year here.
    The amounts hold for the whole training of everyone who starts in that year."""

    start_year = models.PositiveSmallIntegerField(_("training begins in"), unique=True)
    year_1 = models.DecimalField(_("1st training year (€)"), max_digits=7, decimal_places=2)
    year_2 = models.DecimalField(_("2nd training year (€)"), max_digits=7, decimal_places=2)
    year_3 = models.DecimalField(_("3rd training year (€)"), max_digits=7, decimal_places=2)
    year_4 = models.DecimalField(
        _("4th training year (€)"), max_digits=7, decimal_places=2, help_text=_("Also for later training years.")
    )

    class Meta:
        verbose_name = _("minimum remuneration")
        verbose_name_plural = _("minimum remuneration (§ 17 BBiG)")
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return _("Training beginning in %(year)s") % {"year": self.start_year}

    @property
    def amounts(self) -> tuple:
        return (self.year_1, self.year_2, self.year_3, self.year_4)

    @classmethod
    def table(cls) -> dict[int, tuple]:
        """{start year: (year 1, 2, 3, 4)} — what `contracts.rules` checks against."""
        return {row.start_year: row.amounts for row in cls.objects.all()}


class Trainer(models.Model):
    """A trainer (Ausbilder/in, §§ 28–30 BBiG, § 22 HwO) registered with the chamber for a business.

    Staff maintain the register; a business chooses the trainer of a contract from its own."""

    business = models.ForeignKey(
        "businesses.Business", verbose_name=_("business"), on_delete=models.PROTECT, related_name="trainers"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    qualification = models.CharField(
        _("qualification"), max_length=200, blank=True, help_text=_("e.g. Meisterprüfung im Elektrotechniker-Handwerk")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.full_name}{f' ({self.qualification})' if self.qualification else ''}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContractQuerySet(models.QuerySet):
    def waiting_for_chamber(self) -> "ContractQuerySet":
        return self.filter(status__in=ApprenticeshipContract.WAITING_FOR_CHAMBER)


class ApprenticeshipContract(models.Model):
    """A Berufsausbildungsvertrag with the contents § 11 BBiG requires, from draft to the Lehrlingsrolle.

    The status changes only through `contracts.workflow` (one transition table). A draft may be incomplete;
    `contracts.rules` says what is missing or not allowed. Amounts per training year and holiday per calendar
    year are lists (their number follows from start and duration)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        RETURNED = "returned", _("returned for changes")
        ACCEPTED = "accepted", _("accepted, to be concluded")
        CONCLUDED = "concluded", _("concluded")
        REGISTERED = "registered", _("registered")
        REJECTED = "rejected", _("rejected")
        TERMINATED = "terminated", _("ended early")

    class TrainingForm(models.TextChoices):
        FULL_TIME = "full_time", _("full-time")
        PART_TIME = "part_time", _("part-time (§ 7a BBiG, § 27b HwO)")

    class RecordForm(models.TextChoices):
        PAPER = "paper", _("written (on paper)")
        ELECTRONIC = "electronic", _("electronic")

    class SchoolQualification(models.TextChoices):
        NONE = "none", _("without school-leaving qualification")
        HAUPTSCHULE = "hauptschule", _("Hauptschulabschluss / Erster Schulabschluss")
        MITTLERER = "mittlerer", _("Realschulabschluss / Mittlerer Schulabschluss")
        FACHHOCHSCHULREIFE = "fachhochschulreife", _("Fachhochschulreife")
        HOCHSCHULREIFE = "hochschulreife", _("Allgemeine Hochschulreife / Abitur")
        FOREIGN = "foreign", _("obtained abroad")

    class ShorteningReason(models.TextChoices):
        SCHOOL = "school", _("school education (e.g. Abitur, Fachhochschulreife)")
        PRIOR_TRAINING = "prior_training", _("prior vocational training")
        AGE = "age", _("age (21 or older)")
        OTHER = "other", _("other reason (see note)")

    class Conclusion(models.TextChoices):
        DIGITAL = "digital", _("digitally (text form with confirmation of receipt)")
        PAPER = "paper", _("on paper (signed scan)")

    class EndKind(models.TextChoices):
        TERMINATION_PROBATION = "termination_probation", _("termination during the probation period")
        TERMINATION = "termination", _("termination")
        AGREEMENT = "agreement", _("cancellation agreement")

    # Waiting for the chamber: the staff queue; "overdue" after OVERDUE_DAYS.
    WAITING_FOR_CHAMBER = ("submitted", "in_review", "concluded")
    EDITABLE = ("draft", "returned")

    business = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("training business"),
        on_delete=models.PROTECT,
        related_name="apprenticeship_contracts",
    )
    training_site = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("training site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Your business or one of its branches."),
    )
    reference = models.CharField(_("reference number"), max_length=20, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    ba_betriebsnummer = models.CharField(
        _("Betriebsnummer of the Federal Employment Agency"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("The Betriebsnummer of the Federal Employment Agency has 8 digits."))],
        help_text=_("8 digits, from your registration with the Federal Employment Agency (not the chamber's number)."),
    )

    apprentice_first_name = models.CharField(_("first name"), max_length=100, blank=True)
    apprentice_last_name = models.CharField(_("last name"), max_length=100, blank=True)
    apprentice_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    apprentice_street = models.CharField(_("street and number"), max_length=200, blank=True)
    apprentice_postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    apprentice_city = models.CharField(_("city"), max_length=120, blank=True)
    apprentice_email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Needed to conclude the contract digitally.")
    )
    apprentice_school_qualification = models.CharField(
        _("school-leaving qualification"), max_length=20, choices=SchoolQualification.choices, blank=True
    )

    guardian1_name = models.CharField(_("legal guardian: name"), max_length=200, blank=True)
    guardian1_address = models.CharField(
        _("legal guardian: address"), max_length=300, blank=True, help_text=_("Empty: as the apprentice's.")
    )
    guardian1_email = models.EmailField(_("legal guardian: e-mail address"), blank=True)
    guardian2_name = models.CharField(_("second legal guardian: name"), max_length=200, blank=True)
    guardian2_address = models.CharField(
        _("second legal guardian: address"), max_length=300, blank=True, help_text=_("Empty: as the apprentice's.")
    )
    guardian2_email = models.EmailField(_("second legal guardian: e-mail address"), blank=True)
    medical_certificate_confirmed = models.BooleanField(
        _(
            "certificate of the initial medical examination (§ 32 JArbSchG) is available or will be presented "
            "before the start"
        ),
        default=False,
    )
    medical_exam_date = models.DateField(_("date of the initial medical examination"), null=True, blank=True)

    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    training_form = models.CharField(
        _("form of training"), max_length=10, choices=TrainingForm.choices, default=TrainingForm.FULL_TIME
    )
    part_time_reduction_percent = models.PositiveSmallIntegerField(
        _("reduction of the training time (%)"),
        null=True,
        blank=True,
        help_text=_("Part-time only: by how many percent the daily or weekly time is reduced (at most 50)."),
    )
    start_date = models.DateField(_("start of training"), null=True, blank=True)
    shortening_months = models.PositiveSmallIntegerField(_("shortening (months)"), default=0)
    shortening_reason = models.CharField(
        _("reason for the shortening"), max_length=20, choices=ShorteningReason.choices, blank=True
    )
    shortening_note = models.CharField(_("note on the shortening"), max_length=300, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True, editable=False)
    end_date = models.DateField(_("end of training"), null=True, blank=True, editable=False)
    probation_months = models.PositiveSmallIntegerField(_("probation period (months)"), null=True, blank=True)
    daily_hours = models.DecimalField(
        _("regular daily training time (hours)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    weekly_hours = models.DecimalField(
        _("regular weekly training time (hours)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    days_per_week = models.PositiveSmallIntegerField(_("training days per week"), null=True, blank=True)
    # ["724.00", "854.00", …]: monthly gross remuneration per training year, as strings of Decimals.
    remuneration = models.JSONField(_("remuneration per training year"), default=list, blank=True)
    collective_agreement_binding = models.BooleanField(
        _("the business is bound by a collective agreement on the remuneration"), default=False
    )
    collective_agreements = models.CharField(
        _("collective agreements and works agreements that apply"), max_length=500, blank=True
    )
    # [10, 25, 25, 14]: holiday days per calendar year, beginning with the year the training starts.
    holiday = models.JSONField(_("holiday per calendar year"), default=list, blank=True)
    trainer = models.ForeignKey(
        Trainer, verbose_name=_("trainer"), null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    record_form = models.CharField(
        _("form of the training record"), max_length=10, choices=RecordForm.choices, blank=True
    )
    measures_outside = models.TextField(
        _("training measures outside the training site"),
        blank=True,
        help_text=_("e.g. inter-company training courses (ÜLU) at the chamber's training centre."),
    )
    other_agreements = models.TextField(_("other agreements"), blank=True)

    conclusion = models.CharField(_("concluded"), max_length=8, choices=Conclusion.choices, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    register_number = models.CharField(_("register number (Lehrlingsrolle)"), max_length=30, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    staff_remarks = models.TextField(_("remarks of the chamber"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_kind = models.CharField(_("kind of ending"), max_length=24, choices=EndKind.choices, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("apprenticeship contract")
        verbose_name_plural = _("apprenticeship contracts")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_apprenticeshipcontract", _("Can review and register apprenticeship contracts"))]
        constraints = [
            models.UniqueConstraint(
                fields=["register_number"], condition=~Q(register_number=""), name="contracts_register_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(part_time_reduction_percent__isnull=True) | Q(part_time_reduction_percent__lte=100),
                name="contracts_reduction_percent",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "-created_at", "-id"], name="contracts_business_newest"),
            models.Index(fields=["status", "submitted_at"], name="contracts_queue"),
        ]

    def __str__(self) -> str:
        name = self.apprentice_name or _("(apprentice not entered yet)")
        return f"{self.reference or _('new contract')} – {name}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    @property
    def apprentice_name(self) -> str:
        return f"{self.apprentice_first_name} {self.apprentice_last_name}".strip()

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def remuneration_amounts(self) -> list[Decimal | None]:
        return [Decimal(value) if value not in (None, "") else None for value in self.remuneration or []]

    def set_remuneration(self, amounts: list[Decimal | None]) -> None:
        while amounts and amounts[-1] is None:
            amounts = amounts[:-1]
        self.remuneration = [str(amount) if amount is not None else None for amount in amounts]

    def holiday_days(self) -> list[int | None]:
        return [int(value) if value not in (None, "") else None for value in self.holiday or []]

    def set_holiday(self, days: list[int | None]) -> None:
        while days and days[-1] is None:
            days = days[:-1]
        self.holiday = list(days)

    def guardians(self) -> list[dict]:
        """The legal guardians entered: name, address (the apprentice's when left empty), e-mail."""
        people = []
        for number in (1, 2):
            name = getattr(self, f"guardian{number}_name").strip()
            if name:
                people.append(
                    {
                        "number": number,
                        "name": name,
                        "address": getattr(self, f"guardian{number}_address").strip() or self.apprentice_address,
                        "email": getattr(self, f"guardian{number}_email"),
                    }
                )
        return people

    @property
    def apprentice_address(self) -> str:
        return ", ".join(
            part
            for part in [self.apprentice_street, f"{self.apprentice_postal_code} {self.apprentice_city}".strip()]
            if part
        )

    @property
    def site(self):
        return self.training_site or self.business

    def waiting_days(self, now=None) -> int | None:
        """Days the contract has been waiting for the chamber in its current status."""
        if self.status not in self.WAITING_FOR_CHAMBER:
            return None
        return ((now or timezone.now()) - self.status_changed_at).days


class ContractEvent(models.Model):
    """One entry of a contract's history: a status change (from the transition table) or another event
    (confirmation sent and received, later changes). Never edited, never deleted with the workflow."""

    contract = models.ForeignKey(
        ApprenticeshipContract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="events"
    )
    event = models.CharField(_("event"), max_length=32)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by (as shown)"), max_length=200, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    effective_date = models.DateField(_("effective on"), null=True, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["contract", "created_at"], name="contracts_event_contract")]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.event}"


class ContractFile(models.Model):
    """A file of a contract in the private storage: the record sent for digital confirmation, the signed scan
    of a paper conclusion, the chamber's registration certificate."""

    class Purpose(models.TextChoices):
        RECORD = "record", _("contract record sent for confirmation")
        SIGNED_SCAN = "signed_scan", _("signed contract (scan)")
        CERTIFICATE = "certificate", _("registration certificate")

    contract = models.ForeignKey(
        ApprenticeshipContract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="files"
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    kind = models.CharField(_("file type"), max_length=4)  # portal.files kind: pdf, jpeg, png
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to=PrivateUploadTo("contracts"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("contract file")
        verbose_name_plural = _("contract files")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:file_download", args=[self.contract_id, self.pk])


class Confirmation(models.Model):
    """A party's confirmation of receipt and agreement for a digital conclusion (§ 11 BBiG, text form).

    The link in the mail carries a token stored only as its SHA-256; it can be used once and expires. The
    confirmation records who confirmed when, from where, and the SHA-256 of the exact document shown."""

    class Role(models.TextChoices):
        APPRENTICE = "apprentice", _("apprentice")
        GUARDIAN1 = "guardian1", _("legal guardian")
        GUARDIAN2 = "guardian2", _("second legal guardian")

    contract = models.ForeignKey(
        ApprenticeshipContract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="confirmations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    document = models.ForeignKey(
        ContractFile, verbose_name=_("document"), on_delete=models.PROTECT, related_name="confirmations"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    document_sha256 = models.CharField(_("SHA-256 of the document confirmed"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    def refusal(self, now=None) -> str | None:
        """Why this link can no longer confirm ("used", "revoked", "expired"), or None while it can."""
        if self.confirmed_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return None
