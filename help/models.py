"""Hilfe: the staff-maintained FAQ, what people searched and opened, and their questions to the service desk."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Stable names of answers and topics: links in the portal's templates and in other answers use them.
slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Only lower-case letters, digits and single hyphens, e.g. “pin-anfordern”."),
)


class TranslatedTextMixin:
    """Which language a translated text is shown in: templates mark German text on an English page with
    lang="de", so that screen readers pronounce it as German."""

    def shown_language(self, field: str) -> str:
        """The language of the text shown for `field`: the page's, or German where no translation exists."""
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language != "de" and getattr(self, f"{field}_{language}", None):
            return language
        return "de"


class Category(TranslatedTextMixin, models.Model):
    """A topic of the help page ("Betrieb verknüpfen"): how the portal does it, step by step, then its FAQs."""

    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        validators=[slug_validator],
        help_text=_("Part of the address (/hilfe/#thema-…); do not change it once published."),
    )
    title = models.CharField(_("title"), max_length=120)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("The steps as the portal does them. Markdown: **bold**, *italic*, lists, [links](/path/)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("help topic")
        verbose_name_plural = _("help topics")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_language_title(self) -> str:
        return self.shown_language("title")

    @property
    def shown_language_intro(self) -> str:
        return self.shown_language("intro")

    @property
    def intro_html(self):
        from .rendering import markdown_to_html

        return markdown_to_html(self.intro)


class FaqQuerySet(models.QuerySet):
    def published(self) -> "FaqQuerySet":
        return self.filter(is_published=True)


class Faq(TranslatedTextMixin, models.Model):
    """One question with its answer, maintained by staff in German and English."""

    slug = models.SlugField(
        _("short name"),
        max_length=80,
        unique=True,
        validators=[slug_validator],
        help_text=_(
            "Address of the answer (/hilfe/antworten/…/). Pages of the portal link to answers by this name: "
            "do not change it once published."
        ),
    )
    category = models.ForeignKey(Category, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="faqs")
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(
        _("answer"),
        help_text=_(
            "Markdown: **bold**, *italic*, lists with “-” or “1.”, [link text](/path/). HTML is not shown; "
            "only links to web addresses (https://…), e-mail (mailto:) and pages of the portal (/…) work."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FaqQuerySet.as_manager()

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["category__order", "order", "pk"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("help:answer", kwargs={"slug": self.slug})

    @property
    def shown_language_question(self) -> str:
        return self.shown_language("question")

    @property
    def shown_language_answer(self) -> str:
        return self.shown_language("answer")

    @property
    def answer_html(self):
        from .rendering import markdown_to_html

        return markdown_to_html(self.answer)


class FaqOpenDay(models.Model):
    """How often an answer was opened on one day: a count, nothing about who opened it."""

    faq = models.ForeignKey(Faq, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="open_days")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("times opened"), default=0)

    class Meta:
        verbose_name = _("answer opened")
        verbose_name_plural = _("answers opened")
        constraints = [models.UniqueConstraint(fields=["faq", "day"], name="help_faqopenday_unique")]

    def __str__(self) -> str:
        return f"{self.faq_id} {self.day}: {self.count}"


class SearchMiss(models.Model):
    """A search in the help that found nothing, normalised (numbers and e-mail addresses removed), counted."""

    query = models.CharField(_("search"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("times searched"), default=0)
    first_searched_on = models.DateField(_("first searched on"), default=timezone.localdate)
    last_searched_on = models.DateField(_("last searched on"), default=timezone.localdate, db_index=True)

    class Meta:
        verbose_name = _("search without result")
        verbose_name_plural = _("searches without result")
        ordering = ["-count", "query"]

    def __str__(self) -> str:
        return self.query


class ContactRequest(models.Model):
    """ "Frage nicht beantwortet?": a question to the chamber's service desk, from a visitor or a customer."""

    class Topic(models.TextChoices):
        ACCOUNT = "account", _("Registration, login, my account")
        BUSINESS_LINK = "business_link", _("Linking a business (PIN)")
        BUSINESS = "business", _("My business, colleagues")
        COURSES = "courses", _("Courses and bookings")
        FORMS = "forms", _("Online forms")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    reference = models.CharField(_("reference number"), max_length=20, unique=True, blank=True)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("message"))
    business_number = models.CharField(_("Betriebsnummer"), max_length=16, blank=True)
    page = models.CharField(
        _("came from page"), max_length=300, blank=True, help_text=_("The portal page the person asked from.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
        help_text=_("Set when the person was logged in."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="de")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    staff_note = models.TextField(_("internal note"), blank=True, help_text=_("Only staff see this."))
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.get_topic_display()}"


class ContactReply(models.Model):
    """An answer staff sent by e-mail from the admin; kept as the record of what was said, by whom, when."""

    request = models.ForeignKey(
        ContactRequest, verbose_name=_("contact request"), on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(_("answer"))
    sent_to = models.EmailField(_("sent to"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.sent_at:%d.%m.%Y %H:%M}"
