"""Pages of the Online-Lehrvertrag: "Meine Lehrverträge" for businesses, and the confirmation page the
apprentice (and the guardians) open from their e-mail without an account."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from businesses.access import business_member_required, current_memberships
from portal.errors import refusal_shown
from portal.files import download_response
from portal.rate_limits import counter_hit
from portal.request_meta import base_url, client_ip

from . import document, pdf, rules, selectors, services, workflow
from .forms import ChangeForm, ConfirmForm, ContractForm, ListFilterForm, PaperUploadForm, contract_form_data
from .models import ApprenticeshipContract, Confirmation, MinimumRemuneration, Occupation

CONTRACTS_PER_PAGE = 20
# Wrong confirmation links per client address and hour before the page answers 429. A valid link is
# always served: only misses count, so nobody can use up the limit of the person the link belongs to.
CONFIRM_MISSES_PER_HOUR = 30

Status = ApprenticeshipContract.Status


# --- "Meine Lehrverträge" ------------------------------------------------------------------------------


@business_member_required
def contract_list(request: HttpRequest) -> HttpResponse:
    filters = ListFilterForm(request.GET or None)
    query = group = ""
    if filters.is_valid():
        query, group = filters.cleaned_data["q"], filters.cleaned_data["group"]
    if group not in selectors.GROUPS_BY_KEY:
        group = ""
    businesses = {membership.business_id: membership.business for membership in current_memberships(request)}
    business_ids = list(businesses)
    contracts = selectors.contracts_for_user(user=request.user, group=group, query=query, business_ids=business_ids)
    counts = selectors.contract_group_counts(user=request.user, business_ids=business_ids)
    paginator = Paginator(contracts, CONTRACTS_PER_PAGE)
    if not query:
        paginator.count = counts.get(group, 0)  # known from the tab counts: no COUNT(*) of its own
    page = paginator.get_page(request.GET.get("page"))
    selectors.contracts_attach_businesses(page.object_list, businesses=businesses)
    return render(
        request,
        "contracts/list.html",
        {
            "page_obj": page,
            "contracts": page.object_list,
            "groups": [(g, counts.get(g.key, 0)) for g in selectors.GROUPS],
            "group": group,
            "query": query,
            "total": counts.get("", 0),
            "several_businesses": len({c.business_id for c in page.object_list}) > 1,
        },
    )


def _form_context(request, form, contract=None, *, remaining=()) -> dict:
    source = contract if contract is not None else ApprenticeshipContract(business=request.business)
    table = MinimumRemuneration.table()
    calculation = rules.calculation(
        regular_months=source.occupation.duration_months if source.occupation_id else None,
        start=source.start_date,
        shortening_months=source.shortening_months or 0,
        part_time_reduction=source.part_time_reduction_percent if rules.is_part_time(source) else None,
        birth_date=source.apprentice_birth_date,
        days_per_week=source.days_per_week,
        remuneration_table=table,
    )
    years = len(calculation["years"]) or 4
    calendar_years = len(calculation["holiday"]) or 4
    remuneration_rows = [
        (row, calculation["years"][index] if index < len(calculation["years"]) else None, index >= years)
        for index, row in enumerate(form.remuneration_rows())
    ]
    holiday_rows = [
        (row, calculation["holiday"][index] if index < len(calculation["holiday"]) else None, index >= calendar_years)
        for index, row in enumerate(form.holiday_rows())
    ]
    return {
        "form": form,
        "contract": contract,
        "business": request.business,
        "calculation": calculation,
        "remuneration_rows": remuneration_rows,
        "holiday_rows": holiday_rows,
        "remaining": remaining,
        "occupation_durations": {o.pk: o.duration_months for o in Occupation.objects.active()},
    }


@business_member_required
def contract_create(request: HttpRequest) -> HttpResponse:
    """A new contract for the business the user works for right now (Mein Betrieb)."""
    if request.method == "POST":
        form = ContractForm(request.POST, business=request.business)
        if form.is_valid():
            with refusal_shown(request, form=form) as refusal:
                contract = services.contract_create(
                    actor=request.user, business=request.business, data=form.cleaned_data, ip=client_ip(request)
                )
            if not refusal:
                if request.POST.get("action") == "submit":
                    return _submit_and_redirect(request, contract)
                messages.success(request, _("The draft has been saved. You can continue at any time."))
                return redirect("contracts:edit", pk=contract.pk)
    else:
        form = ContractForm(
            business=request.business,
            initial={"ba_betriebsnummer": services.last_ba_betriebsnummer(business=request.business)},
        )
    return render(request, "contracts/form.html", _form_context(request, form))


@business_member_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    if not contract.is_editable:
        messages.info(request, _("This contract can no longer be changed."))
        return redirect("contracts:detail", pk=pk)
    business = contract.business
    remaining = []
    if request.method == "POST":
        form = ContractForm(request.POST, instance=contract, business=business)
        if form.is_valid():
            with refusal_shown(request, form=form) as refusal:
                contract = services.contract_update(
                    actor=request.user, contract_id=contract.pk, data=form.cleaned_data, ip=client_ip(request)
                )
            if not refusal:
                if request.POST.get("action") == "submit":
                    return _submit_and_redirect(request, contract)
                messages.success(request, _("Your changes have been saved."))
                return redirect("contracts:edit", pk=contract.pk)
    else:
        # The saved draft, with what the rules still find shown at the fields.
        form = ContractForm(contract_form_data(contract, business=business), instance=contract, business=business)
        form.is_valid()
        remaining = form.add_findings(
            [f for f in rules.findings_of(services.contract_check(contract=contract)) if f.is_error]
        )
    context = _form_context(request, form, contract, remaining=remaining)
    context["open_count"] = len(form.errors) if request.method == "GET" else None
    return render(request, "contracts/form.html", context)


def _submit_and_redirect(request: HttpRequest, contract: ApprenticeshipContract) -> HttpResponse:
    with refusal_shown(request, show=False) as refusal:
        services.contract_submit(actor=request.user, contract_id=contract.pk, ip=client_ip(request), request=request)
    if refusal:
        messages.error(request, refusal.error.message)
        return redirect("contracts:edit", pk=contract.pk)
    messages.success(
        request,
        _("The contract has been submitted to the chamber. You will be informed by e-mail as soon as it is checked."),
    )
    return redirect("contracts:detail", pk=contract.pk)


@require_POST
@business_member_required
def contract_submit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    return _submit_and_redirect(request, contract)


@business_member_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    results = services.contract_check(contract=contract)
    history = selectors.contract_history(contract=contract)
    chamber = document.chamber_name()
    timeline = [
        {
            "event": entry,
            "label": workflow.event_label(entry.event),
            "by": chamber if workflow.event_by(entry.event) == workflow.STAFF else entry.actor_label,
        }
        for entry in history
    ]
    files = selectors.contract_files(contract=contract)
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "sections": document.contract_sections(contract),
            "results": results,
            "error_count": sum(1 for f in rules.findings_of(results) if f.is_error),
            "timeline": timeline,
            "files": [f for f in files if f.purpose != "record"],
            "record": next((f for f in reversed(files) if f.purpose == "record"), None),
            "confirmations": selectors.contract_confirmations(contract=contract),
            "can_terminate": contract.status in (Status.CONCLUDED, Status.REGISTERED),
            "minor": rules.is_minor_at_start(contract),
            "change_form": ChangeForm(contract=contract),
        },
    )


@require_POST
@business_member_required
def contract_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    with refusal_shown(request) as refusal:
        copy = services.contract_duplicate(actor=request.user, contract=contract, ip=client_ip(request))
    if refusal:
        return redirect("contracts:detail", pk=pk)
    messages.success(
        request,
        _(
            "A new draft with the same occupation, times and remuneration has been created. Please enter the next "
            "apprentice."
        ),
    )
    return redirect("contracts:edit", pk=copy.pk)


@business_member_required
def contract_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            services.contract_delete_draft(actor=request.user, contract_id=contract.pk, ip=client_ip(request))
        if not refusal:
            messages.success(request, _("The draft has been deleted."))
            return redirect("contracts:list")
        return redirect("contracts:detail", pk=pk)
    if contract.status != Status.DRAFT:
        messages.info(request, _("Only a draft can be deleted."))
        return redirect("contracts:detail", pk=pk)
    return render(request, "contracts/delete.html", {"contract": contract})


DOCUMENTS = {"vertrag": "contract", "antrag": "application"}


@never_cache
@login_required
def contract_document(request: HttpRequest, pk: int, document_name: str) -> HttpResponse:
    """The PDFs "Berufsausbildungsvertrag" and "Antrag auf Eintragung" (staff open them from the admin)."""
    contract = selectors.contract_get_for_user(user=request.user, pk=pk, allow_staff=True)
    kind = DOCUMENTS.get(document_name)
    if kind is None:
        raise Http404
    if kind == "contract":
        content, name = pdf.contract_pdf(contract), f"Berufsausbildungsvertrag-{contract.reference}.pdf"
    else:
        content, name = pdf.application_pdf(contract), f"Antrag-Eintragung-{contract.reference}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def contract_file_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    stored = selectors.contract_file_get_for_user(user=request.user, contract_id=pk, file_id=file_id, allow_staff=True)
    return download_response(stored.file, name=stored.original_name, kind=stored.kind)


@require_POST
@business_member_required
def contract_conclude_digital(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    with refusal_shown(request) as refusal:
        sent = services.contract_confirmation_request(
            actor=request.user,
            contract_id=contract.pk,
            request=request,
            base_url=base_url(request),
            ip=client_ip(request),
        )
    if not refusal:
        messages.success(
            request,
            _("The contract has been sent for confirmation to: %(names)s.") % {"names": ", ".join(c.name for c in sent)}
            if sent
            else _("Everyone has confirmed already."),
        )
    return redirect("contracts:detail", pk=pk)


@business_member_required
def contract_conclude_paper(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        form = PaperUploadForm(request.POST, request.FILES)
        if form.is_valid():
            with refusal_shown(request, form=form, field="signed_contract") as refusal:
                services.contract_conclude_paper(
                    actor=request.user,
                    contract_id=contract.pk,
                    upload=form.cleaned_data["signed_contract"],
                    ip=client_ip(request),
                    request=request,
                )
            if not refusal:
                messages.success(
                    request, _("The signed contract has been uploaded. The chamber registers it in the Lehrlingsrolle.")
                )
                return redirect("contracts:detail", pk=pk)
    else:
        if contract.status != Status.ACCEPTED:
            messages.info(request, _("Only a contract the chamber has accepted can be concluded."))
            return redirect("contracts:detail", pk=pk)
        form = PaperUploadForm()
    return render(request, "contracts/conclude_paper.html", {"contract": contract, "form": form})


@business_member_required
def contract_report_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Later changes the chamber needs reported: change of trainer, termination, cancellation agreement."""
    contract = selectors.contract_get_for_user(user=request.user, pk=pk)
    if contract.status not in (Status.CONCLUDED, Status.REGISTERED):
        messages.info(request, _("Changes can be reported for concluded contracts only."))
        return redirect("contracts:detail", pk=pk)
    form = ChangeForm(request.POST if request.method == "POST" else None, contract=contract)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form=form) as refusal:
            if data["kind"] == ChangeForm.TRAINER:
                services.contract_change_trainer(
                    actor=request.user,
                    contract_id=contract.pk,
                    trainer=data["trainer"],
                    effective_date=data["effective_date"],
                    ip=client_ip(request),
                    request=request,
                )
            else:
                services.contract_terminate(
                    actor=request.user,
                    contract_id=contract.pk,
                    kind=data["kind"],
                    ended_on=data["effective_date"],
                    note=data["note"],
                    ip=client_ip(request),
                    request=request,
                )
        if not refusal:
            messages.success(request, _("The change has been reported to the chamber."))
            return redirect("contracts:detail", pk=pk)
    return render(request, "contracts/report_change.html", {"contract": contract, "form": form})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


@never_cache
@business_member_required
def contract_calculation(request: HttpRequest) -> JsonResponse:
    """What the form's script shows while typing: duration, end, minimum remuneration and holiday. The same
    functions as the checks (contracts.rules), so the page never says something the check does not."""
    params = request.GET
    occupation = Occupation.objects.filter(pk=_int(params.get("occupation"))).first()
    part_time = params.get("training_form") == ApprenticeshipContract.TrainingForm.PART_TIME
    reduction = _int(params.get("part_time_reduction_percent")) if part_time else None
    if reduction is not None and not 0 < reduction <= rules.PART_TIME_MAX_REDUCTION:
        reduction = None
    shortening = max(0, min(_int(params.get("shortening_months")) or 0, 48))
    result = rules.calculation(
        regular_months=occupation.duration_months if occupation else None,
        start=_date(params.get("start_date")),
        shortening_months=shortening,
        part_time_reduction=reduction,
        birth_date=_date(params.get("apprentice_birth_date")),
        days_per_week=_int(params.get("days_per_week")),
        remuneration_table=MinimumRemuneration.table(),
    )
    return JsonResponse(
        {
            "duration_months": result["duration_months"],
            "regular_months": result.get("regular_months"),
            "end": document.day(result["end"]) if result["end"] else None,
            "minor": result["minor"],
            "age_at_start": result.get("age_at_start"),
            "years": [
                {
                    "year": entry["year"],
                    "from": document.day(entry["from"]),
                    "minimum": document.euro(entry["minimum"]) if entry["minimum"] is not None else None,
                }
                for entry in result["years"]
            ],
            "holiday": [
                {"year": entry["year"], "days": entry["days"], "months": entry.get("months")}
                for entry in result["holiday"]
            ],
        }
    )


# --- the confirmation page (no account) ---------------------------------------------------------------


def _confirmation_or_refusal(request: HttpRequest, token: str) -> tuple[Confirmation | None, HttpResponse | None]:
    confirmation = services.confirmation_get_by_token(token=token)
    if confirmation is None:
        ip = client_ip(request) or "unknown"
        status = 429 if counter_hit("contracts.confirm_miss", ip, window=3600) > CONFIRM_MISSES_PER_HOUR else 404
        return None, render(
            request,
            "contracts/confirm.html",
            {"error": _("This link is not valid. Please use the link from the e-mail exactly as it is.")},
            status=status,
        )
    return confirmation, None


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The apprentice or a guardian reads the contract and confirms receipt and agreement with a button
    press (POST): a mail scanner that opens the link confirms nothing."""
    confirmation, refused = _confirmation_or_refusal(request, token)
    if refused is not None:
        return refused
    contract = confirmation.contract
    error = services.confirmation_refusal(confirmation)
    if error:
        return render(request, "contracts/confirm.html", {"error": error, "confirmation": confirmation}, status=410)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, show=False) as refusal:
            confirmation = services.contract_confirm(
                token=token,
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                request=request,
            )
        if refusal:
            return render(
                request,
                "contracts/confirm.html",
                {"error": refusal.error.message, "confirmation": confirmation},
                status=410,
            )
        return render(request, "contracts/confirm_done.html", {"confirmation": confirmation, "contract": contract})
    return render(
        request,
        "contracts/confirm.html",
        {
            "confirmation": confirmation,
            "contract": contract,
            "sections": document.contract_sections(contract),
            "form": form,
            "token": token,
        },
    )


@never_cache
def confirm_document(request: HttpRequest, token: str) -> HttpResponse:
    """The exact PDF the party confirms (its SHA-256 is recorded with the confirmation)."""
    confirmation, refused = _confirmation_or_refusal(request, token)
    if refused is not None:
        return refused
    if services.confirmation_refusal(confirmation):
        return redirect("contracts:confirm", token=token)
    record = confirmation.document
    return download_response(record.file, name=record.original_name, kind=record.kind)
