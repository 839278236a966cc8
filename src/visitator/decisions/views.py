"""Partshøring and the decision: thin views over decisions.services."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from visitator.assessment.findings import findings_for, standard_for_decision
from visitator.audit.models import AccessAction
from visitator.audit.services import access_log
from visitator.cases.lifecycle import Outcome
from visitator.cases.models import Case
from visitator.cases.views import case_or_404, post_page_form
from visitator.core import clock
from visitator.core.formatting import lower_first
from visitator.core.forms import add_service_errors
from visitator.core.http import StaffRequest
from visitator.core.unprintable import UnprintableText
from visitator.grants.forms import GrantTermsForm
from visitator.letters.checks import letter_check
from visitator.letters.render import letter_data
from visitator.letters.services import letter_preview
from visitator.organisation.roles import APPROVE_DECISIONS, WRITE_CASES, has_role, require_role

from . import selectors, services
from .drafts import GRANTING, approval_sources, draft_letter
from .forms import (
    DecisionForm,
    DraftActionForm,
    DraftReviewForm,
    DraftTextsForm,
    ExceptionForm,
    HearingForm,
    InformationForm,
    ResponseForm,
)
from .hearing import hearing_state
from .models import Decision, DecisionDraft, Hearing


def _hearing_page(request: StaffRequest, case: Case, status: int = 200, **forms_: Any) -> HttpResponse:
    unheard = case.hearing_information.filter(citizen_knows=False)
    context = {
        "case": case,
        "state": hearing_state(case, today=clock.today()),
        "hearings": list(case.hearings.prefetch_related("information", "responses").select_related("letter")),
        "can_write": has_role(request.user, *WRITE_CASES) and case.awaiting_decision,
        "information_form": InformationForm(initial={"received_on": clock.today()}, prefix="oplysning"),
        "hearing_form": HearingForm(information=unheard, prefix="hoering"),
        "response_form": ResponseForm(initial={"received_on": clock.today()}, prefix="svar"),
        "exception_form": ExceptionForm(information=unheard, prefix="undtagelse"),
        **forms_,
    }
    return render(request, "decisions/hearing.html", context, status=status)


@login_required
def hearing_page(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    return _hearing_page(request, case_or_404(request, case_id))


# A write form on this page: the page shows itself again with the form's errors.
_post = partial(post_page_form, url_name="decisions:hearing", page=_hearing_page)


@login_required
@require_POST
def information_add(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.hearing_information_add(user=request.user, case=case, **data)
        return _("Oplysningen er registreret.")

    return _post(
        request,
        case_id,
        lambda case: InformationForm(request.POST, prefix="oplysning"),
        action,
        "information_form",
    )


@login_required
@require_POST
def hearing_send(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.hearing_send(
            user=request.user,
            case=case,
            information=list(data["information"]),
            planned_decision=data["planned_decision"],
            response_deadline=data["response_deadline"],
        )
        return _("Partshøringen er sendt til borgeren.")

    return _post(
        request,
        case_id,
        lambda case: HearingForm(
            request.POST, information=case.hearing_information.filter(citizen_knows=False), prefix="hoering"
        ),
        action,
        "hearing_form",
    )


@login_required
@require_POST
def response_record(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        try:
            hearing = Hearing.objects.get(case=case, id=data["hearing"]) if data["hearing"] else None
        except Hearing.DoesNotExist as exc:
            raise Http404 from exc
        if hearing is None:
            hearing = case.hearings.order_by("-sent_at").first()
        if hearing is None:
            raise forms.ValidationError(_("Der er ikke sendt nogen partshøring i sagen."))
        services.hearing_response_record(
            user=request.user, hearing=hearing, received_on=data["received_on"], summary=data["summary"]
        )
        return _("Borgerens svar er registreret.")

    return _post(
        request, case_id, lambda case: ResponseForm(request.POST, prefix="svar"), action, "response_form"
    )


@login_required
@require_POST
def exception_record(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> str:
        services.hearing_exception_record(user=request.user, case=case, **data)
        return _("Undtagelsen fra partshøring er registreret.")

    return _post(
        request,
        case_id,
        lambda case: ExceptionForm(
            request.POST,
            information=case.hearing_information.filter(citizen_knows=False),
            prefix="undtagelse",
        ),
        action,
        "exception_form",
    )


def _decision_initial(case: Case) -> dict[str, Any]:
    spec = case.standard_version.spec
    title = spec.service.title[:1].lower() + spec.service.title[1:]
    return {
        "applied_for": _("%(title)s efter %(paragraph)s")
        % {"title": title, "paragraph": lower_first(spec.service.paragraph)},
        "legal_rules": "\n".join([spec.service.paragraph, "Serviceloven § 1, stk. 3"]),
    }


def _draft_initial(draft: DecisionDraft) -> dict[str, Any]:
    return {
        "outcome": draft.outcome,
        "applied_for": draft.applied_for,
        "legal_rules": "\n".join(draft.legal_rules),
        "main_considerations": draft.main_considerations,
        "facts": draft.facts,
        "granted": draft.granted,
        "draft": draft.pk,
        "version": draft.version,
    }


def _terms_initial(draft: DecisionDraft) -> dict[str, Any]:
    """The grant form's fields as the draft holds them."""
    data = draft.terms or {}
    if not data:
        return {}
    initial = {
        name: data.get(name)
        for name in (
            "offer",
            "offer_reason",
            "start_date",
            "expected_start",
            "days_per_week",
            "day_part",
            "scope_reason",
            "transport_mode",
            "transport_reason",
            "handleplan_answer",
            "optional_items",
            "weekdays",
        )
        if name in data
    }
    for n, goal in enumerate(data.get("goals", [])[:2], start=1):
        initial[f"goal{n}_type"] = goal["goal_type"]
        initial[f"goal{n}_description"] = goal["description"]
        initial[f"goal{n}_target"] = goal["target_date"]
    return initial


def _grant_form(case: Case, data: Any = None, initial: dict[str, Any] | None = None) -> GrantTermsForm:
    """The grant part of the decision form. Only offers that may be chosen are offered, and paid items
    only when the standard allows them; the day parts are those of the standard."""
    from visitator.grants.terms import SCHEMA_DAY_PART
    from visitator.offers.models import OptionalItem
    from visitator.offers.policy import offers_for_choice

    spec = standard_for_decision(case, clock.today()).spec
    offers = [
        o
        for o in offers_for_choice(municipality=case.municipality, spec=spec)
        if o.active and o.may_be_chosen
    ]
    today = clock.today()
    defaults: dict[str, Any] = {
        "start_date": today + dt.timedelta(days=14),
        "goal1_target": today + dt.timedelta(days=365),
        "transport_mode": "municipal",
        "day_part": "full",
        "days_per_week": 3,
        "handleplan_answer": "not_answered",
    }
    if offers:
        defaults["offer"] = offers[0].pk
    form = GrantTermsForm(data, offers=offers, prefix="bev", initial={**defaults, **(initial or {})})
    if not spec.costs.optional_paid_items_allowed:
        items = form.fields["optional_items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        items.queryset = OptionalItem.objects.none()
    day_part = form.fields["day_part"]
    assert isinstance(day_part, forms.ChoiceField)
    allowed = {str(part) for part in spec.scope.day_parts}
    choices = cast(list[tuple[str, str]], list(day_part.choices))  # type: ignore[arg-type]
    day_part.choices = [(v, label) for v, label in choices if SCHEMA_DAY_PART.get(str(v)) in allowed]
    return form


def _posted_grant_initial(post: Any) -> dict[str, Any]:
    """What was typed in the grant part of a refusal: kept (unchecked) in case the outcome changes back."""
    initial: dict[str, Any] = {}
    for key in post:
        if key.startswith("bev-"):
            name = key.removeprefix("bev-")
            initial[name] = post.getlist(key) if name == "optional_items" else post.get(key)
    return initial


#: Problems with the grant's terms that have no field of their own on the form.
TERMS_FIELD_ALIASES = {"goals": "goal1_description"}


def _spread_errors(errors: dict[str, list[str]], form: forms.Form, grant_form: forms.Form) -> None:
    """A service's problems on the form they belong to; a field already in error keeps its own."""
    for key, problems in errors.items():
        name = TERMS_FIELD_ALIASES.get(key, key)
        target = grant_form if name in grant_form.fields else form
        if name in target.fields:
            if not target[name].errors:
                target.add_error(name, problems)
        else:
            existing = set(form.non_field_errors())
            form.add_error(None, [m for m in problems if m not in existing])


def _show_version(form: forms.Form, key: str, version: int) -> None:
    """After a stale save: the form keeps what was typed and now carries the saved version."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[key] = str(version)
    form.data = data


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return dict(exc.message_dict)
    return {NON_FIELD_ERRORS: list(exc.messages)}


@login_required
def decide(request: StaffRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    today = clock.today()
    draft = selectors.open_draft(case)

    def page(form: DecisionForm, grant_form: GrantTermsForm, status: int = 200) -> HttpResponse:
        blockers = {
            outcome: services.decision_blockers(case, outcome=outcome, user=request.user, today=today)
            for outcome in Outcome.values
        }
        return render(
            request,
            "decisions/decide.html",
            {
                "case": case,
                "form": form,
                "grant_form": grant_form,
                "draft": draft,
                "blockers": [(Outcome(o).label, b) for o, b in blockers.items()],
                "findings": findings_for(case, today=today),
                "standard": standard_for_decision(case, today),
                "decisions": list(case.decisions.select_related("letter", "decided_by")),
                "can_write": has_role(request.user, *WRITE_CASES),
                "granting_outcomes": list(GRANTING),
            },
            status=status,
        )

    if request.method != "POST":
        if draft is not None and draft.kind == Decision.Kind.APPLICATION:
            return page(
                DecisionForm(initial=_draft_initial(draft), outcome=draft.outcome),
                _grant_form(case, initial=_terms_initial(draft)),
            )
        return page(DecisionForm(initial=_decision_initial(case)), _grant_form(case))
    require_role(request.user, *WRITE_CASES)
    outcome = request.POST.get("outcome", "")
    granting = outcome in GRANTING
    form = DecisionForm(request.POST, outcome=outcome)
    # A refusal ignores the grant part (its fields and their errors); what was typed stays in the fields.
    grant_form = (
        _grant_form(case, request.POST)
        if granting
        else _grant_form(case, initial=_posted_grant_initial(request.POST))
    )
    form_ok = form.is_valid()
    grant_ok = grant_form.is_valid() if granting else True
    data = form.cleaned_data
    terms = grant_form.to_terms() if granting and grant_ok else None
    editing = None
    if data.get("draft"):
        try:
            editing = selectors.draft_get(case=case, draft_id=data["draft"])
        except DecisionDraft.DoesNotExist as exc:
            raise Http404 from exc
    if form_ok and grant_ok:
        try:
            saved = services.decision_draft_save(
                user=request.user,
                case=case,
                outcome=data["outcome"],
                applied_for=data["applied_for"],
                legal_rules=data["legal_rules"],
                main_considerations=data["main_considerations"],
                facts=data["facts"],
                granted=data["granted"],
                grant_terms=terms,
                draft=editing,
                version=data.get("version"),
            )
        except ValidationError as exc:
            _spread_errors(_error_dict(exc), form, grant_form)
            if editing is not None:
                # Stale: the page shows the saved draft's version now, so a deliberate save can follow.
                _show_version(form, "version", DecisionDraft.objects.get(pk=editing.pk).version)
        else:
            messages.success(
                request,
                _(
                    "Udkastet er gemt. Intet er sendt endnu: læs brevet, ret teksten, og send afgørelsen "
                    "herfra."
                ),
            )
            return redirect("decisions:draft", case_id=case.id, draft_id=saved.id)
    elif outcome in Outcome.values:
        # All problems at once: the business rules and the grant's terms too, not only the fields.
        problems = services.application_problems(
            case,
            user=request.user,
            today=today,
            outcome=outcome,
            applied_for=data.get("applied_for", ""),
            legal_rules=data.get("legal_rules") or [],
            main_considerations=data.get("main_considerations", ""),
            facts=data.get("facts", ""),
            granted=data.get("granted", ""),
            grant_terms=terms,
        )
        if granting and not grant_ok:
            problems.pop(NON_FIELD_ERRORS, None)
            problems[NON_FIELD_ERRORS] = services.decision_blockers(
                case, outcome=outcome, user=request.user, today=today
            )
        _spread_errors(problems, form, grant_form)
    return page(form, grant_form, status=400)


# -- the draft: the letter as the citizen will see it, edit, approve, send ----------------------------


def _draft_or_404(case: Case, draft_id: uuid.UUID) -> DecisionDraft:
    try:
        return selectors.draft_get(case=case, draft_id=draft_id)
    except DecisionDraft.DoesNotExist as exc:
        raise Http404 from exc


def _texts_form_options(draft: DecisionDraft) -> dict[str, bool]:
    """Which of the caseworker's texts the draft's letter has, and which it must have."""
    application = draft.kind == Decision.Kind.APPLICATION
    return {
        "with_granted": draft.kind != Decision.Kind.STOP and draft.outcome != Outcome.REFUSED,
        "granted_required": application and draft.outcome in GRANTING,
        "reasoned": not application or draft.outcome != Outcome.GRANTED,
    }


def _draft_page(
    request: StaffRequest,
    case: Case,
    draft: DecisionDraft,
    status: int = 200,
    texts_form: DraftTextsForm | None = None,
    review_form: DraftReviewForm | None = None,
    action_errors: list[str] | None = None,
) -> HttpResponse:
    today = clock.today()
    letter = None
    letter_view: dict[str, Any] | None = None
    problems: list[str] = []
    generated = ""
    if draft.is_open:
        try:
            letter, prepared = draft_letter(draft, today=today)
        except ValidationError as exc:
            problems = list(exc.messages)
        else:
            letter_view = letter_data(letter)
            generated = prepared.generated_granted
            problems = letter_check(letter)
            if draft.kind == Decision.Kind.APPLICATION:
                problems = (
                    services.decision_blockers(case, outcome=draft.outcome, user=request.user, today=today)
                    + problems
                )
            elif draft.grant is not None:
                problems = (
                    services.change_blockers(grant=draft.grant, user=request.user, today=today) + problems
                )
    if texts_form is None:
        texts_form = DraftTextsForm(
            initial={
                "version": draft.version,
                "granted": draft.granted or generated,
                "main_considerations": draft.main_considerations,
                "facts": draft.facts,
            },
            prefix="tekst",
            **_texts_form_options(draft),
        )
    sources = approval_sources(draft, today=today) if draft.is_open else []
    needs_approval = bool(sources)
    is_author = draft.authors.filter(pk=request.user.pk).exists()
    can_write = has_role(request.user, *WRITE_CASES)
    can_review = (
        needs_approval
        and draft.status == DecisionDraft.Status.AWAITING_APPROVAL
        and has_role(request.user, *APPROVE_DECISIONS)
        and not is_author
    )
    context = {
        "case": case,
        "draft": draft,
        "letter": letter_view,
        "problems": problems,
        "texts_form": texts_form,
        "review_form": review_form or DraftReviewForm(initial={"version": draft.version}, prefix="vurdering"),
        "action_form": DraftActionForm(initial={"version": draft.version}, auto_id=False),
        "needs_approval": needs_approval,
        "approval_sources": sources,
        "is_author": is_author,
        "can_write": can_write and draft.is_open,
        "can_review": can_review,
        "can_send": can_write
        and draft.is_open
        and (not needs_approval or draft.status == DecisionDraft.Status.APPROVED),
        "can_submit": can_write
        and needs_approval
        and draft.status in (DecisionDraft.Status.DRAFT, DecisionDraft.Status.RETURNED),
        "reviews": list(draft.reviews.select_related("by")),
        "action_errors": action_errors or [],
        "generated_granted": generated,
    }
    return render(request, "decisions/draft.html", context, status=status)


@login_required
@require_GET
def draft_page(request: StaffRequest, case_id: uuid.UUID, draft_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request, case_id)
    return _draft_page(request, case, _draft_or_404(case, draft_id))


@login_required
@require_GET
def draft_pdf(request: StaffRequest, case_id: uuid.UUID, draft_id: uuid.UUID) -> HttpResponse:
    """The PDF the draft would become if sent today, marked as a draft; never stored or sent."""
    case = case_or_404(request, case_id)
    draft = _draft_or_404(case, draft_id)
    if not draft.is_open:
        raise Http404
    try:
        letter, _prepared = draft_letter(draft, today=clock.today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("decisions:draft", case_id=case.id, draft_id=draft.id)
    try:
        pdf = letter_preview(letter)
    except UnprintableText as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("decisions:draft", case_id=case.id, draft_id=draft.id)
    with transaction.atomic():
        access_log(
            user=request.user,
            action=AccessAction.EXPORT,
            what="sag: udkast til brev",
            case=case,
            detail=str(draft.id),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}-udkast.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _draft_action(
    request: StaffRequest,
    case_id: uuid.UUID,
    draft_id: uuid.UUID,
    action: Any,
    *,
    success: Any,
) -> HttpResponse:
    """A button on the draft page: one service call with the version the page showed."""
    case = case_or_404(request, case_id)
    draft = _draft_or_404(case, draft_id)
    form = DraftActionForm(request.POST)
    if not form.is_valid():
        return _draft_page(
            request, case, draft, status=400, action_errors=[_("Genindlæs siden, og prøv igen.")]
        )
    try:
        result = action(draft, form.cleaned_data["version"])
    except services.DraftAlreadySent as exc:
        # A double click or a second tab: the first request sent it; say so, send nothing again.
        messages.info(request, " ".join(exc.messages))
        return redirect("cases:detail", case_id=case.id)
    except ValidationError as exc:
        draft.refresh_from_db()
        return _draft_page(request, case, draft, status=400, action_errors=list(exc.messages))
    return success(case, result)


@login_required
@require_POST
def draft_texts(request: StaffRequest, case_id: uuid.UUID, draft_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)
    case = case_or_404(request, case_id)
    draft = _draft_or_404(case, draft_id)
    form = DraftTextsForm(request.POST, prefix="tekst", **_texts_form_options(draft))
    if form.is_valid():
        data = form.cleaned_data
        try:
            _letter, prepared = draft_letter(draft, today=clock.today())
            services.decision_draft_texts_save(
                user=request.user,
                draft=draft,
                version=data["version"],
                main_considerations=data["main_considerations"],
                facts=data["facts"],
                granted=data.get("granted", ""),
                generated_granted=prepared.generated_granted,
            )
        except services.DraftAlreadySent as exc:
            messages.info(request, " ".join(exc.messages))
            return redirect("cases:detail", case_id=case.id)
        except ValidationError as exc:
            add_service_errors(form, exc)
            draft.refresh_from_db()
            # The typed text stays; the version becomes the saved one, so a deliberate save can follow.
            _show_version(form, "tekst-version", draft.version)
        else:
            messages.success(request, _("Teksten er gemt i udkastet. Intet er sendt endnu."))
            return redirect("decisions:draft", case_id=case.id, draft_id=draft.id)
    return _draft_page(request, case, draft, status=400, texts_form=form)


@login_required
@require_POST
def draft_send(request: StaffRequest, case_id: uuid.UUID, draft_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)

    def success(case: Case, decision: Decision) -> HttpResponse:
        messages.success(
            request,
            _("Afgørelsen er truffet, og brevet er sendt (%(outcome)s).")
            % {
                "outcome": decision.get_kind_display()
                if decision.kind != Decision.Kind.APPLICATION
                else decision.get_outcome_display()
            },
        )
        return redirect("cases:detail", case_id=case.id)

    return _draft_action(
        request,
        case_id,
        draft_id,
        lambda draft, version: services.decision_draft_send(user=request.user, draft=draft, version=version),
        success=success,
    )


@login_required
@require_POST
def draft_submit(request: StaffRequest, case_id: uuid.UUID, draft_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)

    def success(case: Case, draft: DecisionDraft) -> HttpResponse:
        messages.success(request, _("Udkastet er sendt til godkendelse hos en kollega eller teamlederen."))
        return redirect("decisions:draft", case_id=case.id, draft_id=draft.id)

    return _draft_action(
        request,
        case_id,
        draft_id,
        lambda draft, version: services.decision_draft_submit(
            user=request.user, draft=draft, version=version
        ),
        success=success,
    )


@login_required
@require_POST
def draft_discard(request: StaffRequest, case_id: uuid.UUID, draft_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *WRITE_CASES)

    def success(case: Case, draft: DecisionDraft) -> HttpResponse:
        messages.success(request, _("Udkastet er kasseret. Intet er sendt."))
        return redirect("decisions:decide", case_id=case.id)

    return _draft_action(
        request,
        case_id,
        draft_id,
        lambda draft, version: services.decision_draft_discard(
            user=request.user, draft=draft, version=version
        ),
        success=success,
    )


@login_required
@require_POST
def draft_review(request: StaffRequest, case_id: uuid.UUID, draft_id: uuid.UUID) -> HttpResponse:
    require_role(request.user, *APPROVE_DECISIONS)
    case = case_or_404(request, case_id)
    draft = _draft_or_404(case, draft_id)
    form = DraftReviewForm(request.POST, prefix="vurdering")
    if form.is_valid():
        data = form.cleaned_data
        approve = data["decision"] == "approve"
        try:
            services.decision_draft_review(
                user=request.user,
                draft=draft,
                version=data["version"],
                approve=approve,
                comment=data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            draft.refresh_from_db()
        else:
            messages.success(
                request,
                _("Udkastet er godkendt. Forfatteren kan nu sende afgørelsen.")
                if approve
                else _("Udkastet er sendt tilbage til forfatteren med din kommentar."),
            )
            return redirect("decisions:draft", case_id=case.id, draft_id=draft.id)
    return _draft_page(request, case, draft, status=400, review_form=form)
