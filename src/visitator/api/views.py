"""The REST API: read endpoints over the case data, the offers, the standards and (DPO) the access log.

Every endpoint runs the web UI's checks: the role (`organisation.roles.require_role`) and the user's
municipality filter every query, so another municipality's record answers 404 as on the pages. A token
also needs the endpoint's scope (auth.HasScope). Every read of a citizen's data writes access-log rows
in the same transaction as the read: one per record shown, with the citizen and the case, "api: …".
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from visitator.assessment.models import Assessment
from visitator.audit.models import AccessAction, AccessLog
from visitator.audit.services import access_log
from visitator.cases.lifecycle import Status
from visitator.cases.models import Case
from visitator.complaints.models import Complaint
from visitator.core import clock
from visitator.decisions.models import Decision
from visitator.grants.models import FollowUp, Grant
from visitator.letters.models import Letter
from visitator.letters.selectors import letter_pdf
from visitator.offers.models import Offer
from visitator.organisation.models import StaffMembership
from visitator.organisation.roles import ADMINISTRATOR, READ_ACCESS_LOG, READ_CASES, require_role
from visitator.people.models import Citizen
from visitator.standards.models import StandardStatus, StandardVersion

from . import serializers as s
from .models import Scope
from .pagination import KeysetPagination

#: Ids in paths: any segment reaches the view, which answers a malformed id with a 404 problem (a
#: stricter URL pattern would make Django answer with its HTML 404 page instead).
ID_SEGMENT = r"[^/]+"
MAX_INT_ID = 2**63 - 1
#: Ids an access-log row takes from a record: (citizen id, case id).
LogIds = Callable[[Any], tuple[Any, Any]]


def keyset(ordering: str) -> type[KeysetPagination]:
    return type(
        f"KeysetBy{ordering.strip('-').title().replace('_', '')}", (KeysetPagination,), {"ordering": ordering}
    )


def uuid_param(request: Request, name: str) -> uuid.UUID | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValidationError({name: [_("Skal være et UUID.")]}) from None


def date_param(request: Request, name: str) -> dt.date | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: [_("Skal være en dato (ÅÅÅÅ-MM-DD).")]}) from None


def choice_param(request: Request, name: str, choices: list[str]) -> str | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        raise ValidationError(
            {name: [_("Ukendt værdi. Mulige værdier: %(values)s.") % {"values": ", ".join(choices)}]}
        )
    return value


def _param(name: str, kind: Any, description: str, enum: list[str] | None = None) -> OpenApiParameter:
    return OpenApiParameter(
        name, kind, OpenApiParameter.QUERY, required=False, description=description, enum=enum
    )


CASE_PARAM = _param("case", OpenApiTypes.UUID, "Kun denne sags poster")


class ApiReadViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, role- and municipality-checked, access-logged."""

    required_scope: ClassVar[str]
    roles: ClassVar[tuple[str, ...]] = READ_CASES
    #: The lookup from the model to its municipality's id.
    municipality_lookup: ClassVar[str]
    #: The access log's "what" for this endpoint; empty for records without personal data.
    log_what: ClassVar[str] = ""
    log_ids: ClassVar[LogIds | None] = None
    lookup_value_regex = ID_SEGMENT
    model: ClassVar[type[Model]]
    #: The kind of primary key: "uuid" or "int" (append-only rows).
    id_kind: ClassVar[str] = "uuid"

    def get_object(self) -> Any:
        raw = str(self.kwargs.get(self.lookup_field, ""))
        try:
            if self.id_kind == "int":
                if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_INT_ID:
                    raise ValueError(raw)
                self.kwargs[self.lookup_field] = int(raw)
            else:
                self.kwargs[self.lookup_field] = uuid.UUID(raw)
        except ValueError:
            raise NotFound(_("Ikke fundet.")) from None
        return super().get_object()

    def base_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.all()

    def filter_params(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def membership(self) -> StaffMembership:
        return require_role(self.request.user, *self.roles)

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        municipality_id = self.membership().unit.municipality_id
        return self.filter_params(self.base_queryset().filter(**{self.municipality_lookup: municipality_id}))

    def paginate_queryset(self, queryset: QuerySet[Any]) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self._shown = page or []
        return page

    def _log(self, records: list[Any], detail: str = "") -> None:
        if not self.log_what or not records:
            return
        user = self.request.user
        municipality_id = self.membership().unit.municipality_id
        now = clock.now()
        ids = type(self).log_ids
        assert ids is not None
        AccessLog.objects.bulk_create(
            [
                AccessLog(
                    at=now,
                    user=user,
                    username=user.get_username(),
                    municipality_id=municipality_id,
                    action=AccessAction.VIEW,
                    citizen_id=ids(record)[0],
                    case_id=ids(record)[1],
                    what=self.log_what,
                    detail=detail,
                )
                for record in records
            ]
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            response = super().list(request, *args, **kwargs)
            self._log(getattr(self, "_shown", []), detail=_("liste"))
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            record = self.get_object()
            self._log([record])
            return Response(self.get_serializer(record).data)


def _citizen_ids(c: Citizen) -> tuple[Any, Any]:
    return c.id, None


def _case_ids(c: Case) -> tuple[Any, Any]:
    return c.citizen_id, c.id


def _via_case(record: Any) -> tuple[Any, Any]:
    return record.case.citizen_id, record.case_id


def _letter_ids(letter: Letter) -> tuple[Any, Any]:
    return letter.citizen_id, letter.case_id


def _follow_up_ids(f: FollowUp) -> tuple[Any, Any]:
    return f.grant.case.citizen_id, f.grant.case_id


class CitizenViewSet(ApiReadViewSet):
    """Borgere i kommunen."""

    required_scope = Scope.CITIZENS_READ
    model = Citizen
    serializer_class = s.CitizenSerializer
    municipality_lookup = "municipality_id"
    log_what = "api: borger"
    log_ids = _citizen_ids
    pagination_class = keyset("created_at")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("citizen", OpenApiTypes.UUID, "Kun denne borgers sager"),
            _param("status", OpenApiTypes.STR, "Kun sager med denne status", enum=list(Status.values)),
        ]
    )
)
class CaseViewSet(ApiReadViewSet):
    """Sager i kommunen."""

    required_scope = Scope.CASES_READ
    model = Case
    serializer_class = s.CaseSerializer
    municipality_lookup = "municipality_id"
    log_what = "api: sag"
    log_ids = _case_ids
    pagination_class = keyset("received_at")

    def base_queryset(self) -> QuerySet[Any]:
        return Case.objects.select_related("unit", "caseworker", "standard_version")

    def filter_params(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if citizen := uuid_param(self.request, "citizen"):
            queryset = queryset.filter(citizen_id=citizen)
        if status := choice_param(self.request, "status", list(Status.values)):
            queryset = queryset.filter(status=status)
        return queryset


class CaseFilteredViewSet(ApiReadViewSet):
    """Records of a case, filtered by `?case=`."""

    case_lookup: ClassVar[str] = "case_id"

    def filter_params(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if case := uuid_param(self.request, "case"):
            queryset = queryset.filter(**{self.case_lookup: case})
        return queryset


@extend_schema_view(list=extend_schema(parameters=[CASE_PARAM]))
class AssessmentViewSet(CaseFilteredViewSet):
    """Udredninger (VUM 2.0, Fælles Faglige Begreber)."""

    required_scope = Scope.CASES_READ
    model = Assessment
    serializer_class = s.AssessmentSerializer
    municipality_lookup = "case__municipality_id"
    log_what = "api: udredning"
    log_ids = _via_case
    pagination_class = keyset("id")

    def base_queryset(self) -> QuerySet[Any]:
        return Assessment.objects.select_related("case").prefetch_related("ratings")


@extend_schema_view(list=extend_schema(parameters=[CASE_PARAM]))
class DecisionViewSet(CaseFilteredViewSet):
    """Afgørelser."""

    required_scope = Scope.CASES_READ
    model = Decision
    serializer_class = s.DecisionSerializer
    municipality_lookup = "case__municipality_id"
    log_what = "api: afgørelse"
    log_ids = _via_case
    pagination_class = keyset("decided_at")

    def base_queryset(self) -> QuerySet[Any]:
        return Decision.objects.select_related("case")


class PdfRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        # An error answered to a client that asked for PDF: the problem details as JSON.
        return JSONRenderer().render(data)


@extend_schema_view(list=extend_schema(parameters=[CASE_PARAM]))
class LetterViewSet(CaseFilteredViewSet):
    """Breve: metadata, og brevet som PDF."""

    required_scope = Scope.LETTERS_READ
    model = Letter
    serializer_class = s.LetterSerializer
    municipality_lookup = "case__municipality_id"
    log_what = "api: brev"
    log_ids = _letter_ids
    pagination_class = keyset("sent_at")

    def base_queryset(self) -> QuerySet[Any]:
        return Letter.objects.select_related("case")

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Brevet som PDF/A"),
        }
    )
    @action(detail=True, url_path="pdf", renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """Brevet som PDF (kontrolleret mod den gemte SHA-256); hentningen logges."""
        with transaction.atomic():
            letter = self.get_object()
            data = letter_pdf(letter)
            access_log(
                user=request.user,
                action=AccessAction.DOWNLOAD,
                what="api: brev (pdf)",
                case=letter.case,
                detail=str(letter.id),
            )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{letter.case.number}-{letter.kind}.pdf"'
        response["Cache-Control"] = "no-store"
        return response


@extend_schema_view(
    list=extend_schema(
        parameters=[
            CASE_PARAM,
            _param(
                "status", OpenApiTypes.STR, "Kun bevillinger med denne status", enum=list(Grant.Status.values)
            ),
        ]
    )
)
class GrantViewSet(CaseFilteredViewSet):
    """Bevillinger med mål."""

    required_scope = Scope.GRANTS_READ
    model = Grant
    serializer_class = s.GrantSerializer
    municipality_lookup = "case__municipality_id"
    log_what = "api: bevilling"
    log_ids = _via_case
    pagination_class = keyset("created_at")

    def base_queryset(self) -> QuerySet[Any]:
        return Grant.objects.select_related("case").prefetch_related("goals")

    def filter_params(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_params(queryset)
        if status := choice_param(self.request, "status", list(Grant.Status.values)):
            queryset = queryset.filter(status=status)
        return queryset


@extend_schema_view(list=extend_schema(parameters=[CASE_PARAM]))
class FollowUpViewSet(CaseFilteredViewSet):
    """Opfølgninger på bevillinger (serviceloven § 148, stk. 2)."""

    required_scope = Scope.GRANTS_READ
    model = FollowUp
    serializer_class = s.FollowUpSerializer
    municipality_lookup = "grant__case__municipality_id"
    case_lookup = "grant__case_id"
    log_what = "api: opfølgning"
    log_ids = _follow_up_ids
    id_kind = "int"
    pagination_class = keyset("id")

    def base_queryset(self) -> QuerySet[Any]:
        return FollowUp.objects.select_related("grant__case")


@extend_schema_view(list=extend_schema(parameters=[CASE_PARAM]))
class ComplaintViewSet(CaseFilteredViewSet):
    """Klager over afgørelser."""

    required_scope = Scope.CASES_READ
    model = Complaint
    serializer_class = s.ComplaintSerializer
    municipality_lookup = "municipality_id"
    log_what = "api: klage"
    log_ids = _via_case
    pagination_class = keyset("registered_at")

    def base_queryset(self) -> QuerySet[Any]:
        return Complaint.objects.select_related("case")


class OfferViewSet(ApiReadViewSet):
    """Kommunens tilbud (ingen personoplysninger)."""

    required_scope = Scope.OFFERS_READ
    roles = (*READ_CASES, ADMINISTRATOR)
    model = Offer
    serializer_class = s.OfferSerializer
    municipality_lookup = "provider__municipality_id"
    pagination_class = keyset("name")

    def base_queryset(self) -> QuerySet[Any]:
        return Offer.objects.select_related("provider")


class StandardViewSet(ApiReadViewSet):
    """Publicerede versioner af kommunens kvalitetsstandarder (ingen personoplysninger)."""

    required_scope = Scope.STANDARDS_READ
    roles = (*READ_CASES, ADMINISTRATOR)
    model = StandardVersion
    serializer_class = s.StandardVersionSerializer
    municipality_lookup = "municipality_id"
    pagination_class = keyset("valid_from")

    def base_queryset(self) -> QuerySet[Any]:
        return StandardVersion.objects.filter(status=StandardStatus.PUBLISHED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("citizen", OpenApiTypes.UUID, "Kun rækker om denne borger"),
            _param("username", OpenApiTypes.STR, "Kun rækker for denne bruger (brugernavn)"),
            _param("action", OpenApiTypes.STR, "Kun denne handling", enum=list(AccessAction.values)),
            _param("from", OpenApiTypes.DATE, "Fra og med denne dato"),
            _param("to", OpenApiTypes.DATE, "Til og med denne dato"),
        ]
    )
)
class AccessLogViewSet(ApiReadViewSet):
    """Adgangsloggen (kun databeskyttelsesrådgiveren). Brugen af dette endepunkt logges selv."""

    required_scope = Scope.ACCESS_LOG_READ
    roles = READ_ACCESS_LOG
    model = AccessLog
    serializer_class = s.AccessLogSerializer
    municipality_lookup = "municipality_id"
    id_kind = "int"
    pagination_class = keyset("-id")

    def filter_params(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        from visitator.dpo.selectors import LogQuery

        query = LogQuery(
            citizen_id=uuid_param(self.request, "citizen"),
            username=(self.request.query_params.get("username") or "")[:150],
            action=choice_param(self.request, "action", list(AccessAction.values)) or "",
            date_from=date_param(self.request, "from"),
            date_to=date_param(self.request, "to"),
        )
        if query.date_from and query.date_to and query.date_from > query.date_to:
            raise ValidationError({"to": [_("Slutdatoen ligger før startdatoen.")]})
        self._query = query
        return query.apply(queryset)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            response = super().list(request, *args, **kwargs)
            self._log_own_use(AccessAction.SEARCH, "api: adgangslog, søgning", self._query.describe())
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            record = self.get_object()
            self._log_own_use(AccessAction.VIEW, "api: adgangslog, række", str(record.id), record.citizen_id)
            return Response(self.get_serializer(record).data)

    def _log_own_use(self, act: str, what: str, detail: str, citizen_id: Any = None) -> None:
        membership = self.membership()
        access_log(
            user=self.request.user,
            action=act,
            what=what,
            municipality=membership.unit.municipality,
            citizen=Citizen(id=citizen_id) if citizen_id else None,
            detail=detail,
        )
