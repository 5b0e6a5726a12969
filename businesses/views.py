from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import mfa_policy
from accounts.forms import SIGNUP_PREFILL_SESSION_KEY
from portal.caching import public_page
from portal.errors import refusal_shown
from portal.request_meta import base_url, client_ip
from portal.services_catalog import services_business

from . import access, selectors, services
from .access import business_admin_required, business_member_required
from .forms import InvitationForm, PinRedeemForm, PinRequestForm, ReasonForm, RoleForm, SwitchForm
from .mfa_policy import business_set_second_factor_required
from .models import Membership


@public_page
def offers(request: HttpRequest) -> HttpResponse:
    """ "Onlineangebote ohne Anmeldung": what works without an account."""
    return render(request, "businesses/offers.html")


def pin_request(request: HttpRequest) -> HttpResponse:
    """PIN-Anforderung: anonymous or logged in. The answer never tells whether the number exists."""
    if request.method == "POST":
        form = PinRequestForm(request.POST)
        if form.is_valid():
            services.pin_request(
                betriebsnummer=form.cleaned_data["betriebsnummer"],
                filialnummer=form.cleaned_data["filialnummer"],
                client_ip=client_ip(request),
                actor=request.user,
                base_url=base_url(request),
            )
            return redirect("businesses:pin_request_done")
    else:
        form = PinRequestForm()
    return render(request, "businesses/pin_request.html", {"form": form})


def pin_request_done(request: HttpRequest) -> HttpResponse:
    return render(request, "businesses/pin_request_done.html")


@login_required
def link(request: HttpRequest) -> HttpResponse:
    """Redeem a PIN: Betriebsnummer (+ Filialnummer) and PIN → pending membership → status page."""
    if request.method == "POST":
        form = PinRedeemForm(request.POST)
        if form.is_valid():
            with refusal_shown(request, form=form) as refusal:
                membership = services.pin_redeem(
                    user=request.user,
                    betriebsnummer=form.cleaned_data["betriebsnummer"],
                    filialnummer=form.cleaned_data["filialnummer"],
                    pin=form.cleaned_data["pin"],
                    ip=client_ip(request),
                )
            if not refusal:
                return redirect("businesses:link_status", pk=membership.pk)
    else:
        form = PinRedeemForm()
    return render(
        request,
        "businesses/link.html",
        {"form": form, "pending": selectors.memberships_pending_for(request.user)},
    )


@never_cache
@login_required
def link_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The page after redeeming: "wird eingerichtet" until the task has activated the membership."""
    membership = selectors.membership_get_own(user=request.user, pk=pk)
    if membership.status == Membership.Status.ACTIVE:
        access.current_membership_set(request, business_id=membership.business_id)
        messages.success(
            request,
            _("Your account is now linked to %(business)s. You can use the services for businesses.")
            % {"business": membership.business.name},
        )
        return redirect("businesses:mine")
    return render(request, "businesses/link_status.html", {"membership": membership})


@never_cache
@login_required
def link_status_json(request: HttpRequest, pk: int) -> JsonResponse:
    membership = selectors.membership_get_own(user=request.user, pk=pk)
    return JsonResponse({"status": membership.status, "next": reverse("businesses:link_status", args=[membership.pk])})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Mein Betrieb: the selected business, its members and (for admins) invitations."""
    membership = access.current_membership(request)
    context = {
        "membership": membership,
        "memberships": access.current_memberships(request),
        "pending": selectors.memberships_pending_for(request.user),
    }
    if membership is not None:
        members = list(selectors.memberships_of_business(business=membership.business))
        # One query at most: administrators see every member's state (their own among them), members
        # need theirs only where the business requires a second factor.
        with_second_factor = set()
        if membership.is_admin:
            with_second_factor = mfa_policy.users_with_second_factor(m.user_id for m in members)
            has_second_factor = request.user.pk in with_second_factor
        else:
            required = membership.business.second_factor_required
            has_second_factor = not required or mfa_policy.has_second_factor(request.user)
        context.update(
            {
                "business": membership.business,
                "members": members,
                "invitations": selectors.invitations_open_for(business=membership.business)
                if membership.is_admin
                else [],
                "invitation_form": InvitationForm(),
                "roles": Membership.Role.choices,
                # The business requires a second factor and this member has none: the page says what
                # to do instead of showing the business functions.
                "second_factor_missing": membership.business.second_factor_required and not has_second_factor,
                "has_second_factor": has_second_factor,
                "members_with_second_factor": with_second_factor,
                "business_services": services_business(),
            }
        )
    return render(request, "businesses/mine.html", context)


@require_POST
@business_admin_required
def second_factor_policy(request: HttpRequest) -> HttpResponse:
    """The administrators' switch: require a second factor of every member of the business."""
    required = request.POST.get("required") == "on"
    with refusal_shown(request) as refusal:
        business_set_second_factor_required(
            admin_membership=request.membership, required=required, ip=client_ip(request)
        )
    if not refusal:
        messages.success(
            request,
            _("From now on, every member needs a second factor for the business functions.")
            if required
            else _("Members no longer need a second factor for the business functions."),
        )
    return redirect("businesses:mine")


@require_POST
@login_required
def switch(request: HttpRequest) -> HttpResponse:
    form = SwitchForm(request.POST)
    if form.is_valid():
        membership = access.current_membership_set(request, business_id=form.cleaned_data["business"])
        messages.success(request, _("You now act for %(business)s.") % {"business": membership.business})
    return redirect("businesses:mine")


@business_admin_required
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form, field="email") as refusal:
            services.invitation_create(
                actor=request.user,
                business=request.business,
                email=form.cleaned_data["email"],
                base_url=base_url(request),
                ip=client_ip(request),
            )
        if not refusal:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("businesses:mine")
    return render(request, "businesses/invite.html", {"form": form, "business": request.business})


@require_POST
@business_admin_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_get_for_admin(user=request.user, pk=pk)
    with refusal_shown(request) as refusal:
        services.invitation_revoke(actor=request.user, invitation=invitation, ip=client_ip(request))
    if not refusal:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("businesses:mine")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The colleague opens the link from the invitation mail; a button press (POST) joins the business.

    Opened while logged out, the page explains the invitation (business, who invited) and offers to register
    with the invited address or to log in; the token is the authorisation to read it."""
    invitation = services.invitation_get_by_token(token=token)
    error = None
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        # A refusal is explained by the page in place of the invitation.
        with refusal_shown(request, show=False) as refusal:
            membership = services.invitation_accept(user=request.user, token=token, ip=client_ip(request))
        if refusal:
            error = refusal.error.message
        else:
            access.current_membership_set(request, business_id=membership.business_id)
            messages.success(
                request,
                _("You have joined %(business)s as member.") % {"business": membership.business.name},
            )
            return redirect("businesses:mine")
    else:
        error = services.invitation_refusal(invitation)
    return render(
        request,
        "businesses/invitation_accept.html",
        {
            "invitation": invitation if error is None else None,
            "error": error,
            "inviter": _inviter_name(invitation),
            "token": token,
        },
        status=200 if error is None else 400 if request.method == "POST" else 404,
    )


def _inviter_name(invitation) -> str:
    inviter = invitation.invited_by if invitation else None
    return (inviter.get_full_name() or inviter.email) if inviter else ""


@require_POST
def invitation_register(request: HttpRequest, token: str) -> HttpResponse:
    """'Registrieren' on the invitation: the sign-up opens with the invited address, and the activated account
    joins the business without the mail being opened again."""
    if request.user.is_authenticated:
        return redirect("businesses:invitation_accept", token=token)
    with refusal_shown(request, show=False) as refusal:
        invitation = services.invitation_registration_start(token=token)
    if refusal:
        return render(
            request, "businesses/invitation_accept.html", {"error": refusal.error.message, "token": token}, status=404
        )
    request.session[SIGNUP_PREFILL_SESSION_KEY] = {"email": invitation.email}
    return redirect("account_signup")


@business_admin_required
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("businesses:mine")
    target = selectors.membership_get_for_admin(user=request.user, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        with refusal_shown(request) as refusal:
            target = services.membership_change_role(
                actor=request.user, membership=target, role=form.cleaned_data["role"], ip=client_ip(request)
            )
        if not refusal:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": target.user.get_full_name() or target.user.email, "role": target.get_role_display()},
            )
    return redirect("businesses:mine")


@business_admin_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.membership_get_for_admin(user=request.user, pk=pk)
    if target.user_id == request.user.pk:
        return redirect("businesses:leave")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form=form) as refusal:
            services.membership_remove(
                actor=request.user, membership=target, reason=form.cleaned_data["reason"], ip=client_ip(request)
            )
        if not refusal:
            messages.success(
                request,
                _("%(person)s is no longer linked to the business.")
                % {"person": target.user.get_full_name() or target.user.email},
            )
            return redirect("businesses:mine")
    return render(request, "businesses/member_remove.html", {"form": form, "target": target})


@business_member_required
def leave(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            services.membership_leave(user=request.user, membership=request.membership, ip=client_ip(request))
        if not refusal:
            messages.success(
                request,
                _("Your account is no longer linked to %(business)s.") % {"business": request.business.name},
            )
            return redirect("businesses:mine")
    return render(request, "businesses/leave.html", {"business": request.business})


@login_required
def history(request: HttpRequest) -> HttpResponse:
    """The history of the user's own business links."""
    page = Paginator(selectors.audit_events_for_user(user=request.user), 25).get_page(request.GET.get("page"))
    memberships = selectors.memberships_history_for(user=request.user)
    return render(request, "businesses/history.html", {"page": page, "memberships": memberships})
