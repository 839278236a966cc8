"""What the API shows of each record. Read only; ids are UUIDs (integers for append-only rows)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from visitator.assessment.models import AreaRating, Assessment
from visitator.audit.models import AccessLog
from visitator.cases.models import Case
from visitator.complaints.models import Complaint
from visitator.decisions.models import Decision
from visitator.grants.models import FollowUp, Goal, Grant
from visitator.letters.models import Letter
from visitator.offers.models import Offer
from visitator.people.models import Citizen
from visitator.standards.models import StandardVersion


class CitizenSerializer(serializers.ModelSerializer[Citizen]):
    class Meta:
        model = Citizen
        fields = [
            "id",
            "cpr",
            "first_name",
            "last_name",
            "address_line",
            "postcode",
            "city",
            "digital_post_exempt",
            "preferred_language",
            "interpreter_needed",
            "created_at",
            "updated_at",
        ]


class CaseSerializer(serializers.ModelSerializer[Case]):
    unit = serializers.CharField(source="unit.code", read_only=True, help_text="Enhedens kode")
    caseworker = serializers.CharField(
        source="caseworker.username", read_only=True, allow_null=True, default=None
    )
    standard_version = serializers.CharField(source="standard_version.version", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "citizen",
            "unit",
            "caseworker",
            "service_code",
            "standard_version",
            "kle",
            "facet",
            "channel",
            "received_on",
            "status",
            "outcome",
            "target_group_reduced_function",
            "target_group_social_problems",
            "decision_deadline",
            "expected_decision_on",
            "decided_on",
            "closed_on",
        ]


class AreaRatingSerializer(serializers.ModelSerializer[AreaRating]):
    class Meta:
        model = AreaRating
        fields = ["area", "level", "note"]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    ratings = AreaRatingSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "citizen_own_words",
            "support_level",
            "target_groups",
            "ratings",
            "updated_at",
        ]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = [
            "id",
            "case",
            "kind",
            "outcome",
            "decided_on",
            "applied_for",
            "granted",
            "legal_rules",
            "main_considerations",
            "facts",
            "departures",
            "letter",
            "replaces",
        ]


class LetterSerializer(serializers.ModelSerializer[Letter]):
    class Meta:
        model = Letter
        fields = [
            "id",
            "case",
            "citizen",
            "kind",
            "subject",
            "recipient_name",
            "on_behalf_of",
            "channel",
            "letter_date",
            "receipt_on",
            "complaint_deadline",
            "sent_at",
            "sha256",
            "size",
            "page_count",
        ]


class GoalSerializer(serializers.ModelSerializer[Goal]):
    class Meta:
        model = Goal
        fields = ["goal_type", "goal_type_display", "description", "target_date"]


class GrantSerializer(serializers.ModelSerializer[Grant]):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Grant
        fields = [
            "id",
            "case",
            "decision",
            "offer",
            "status",
            "start_date",
            "expected_start",
            "days_per_week",
            "weekdays",
            "day_part",
            "purpose",
            "monthly_cost",
            "next_follow_up_on",
            "stopped_on",
            "goals",
        ]


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    case = serializers.UUIDField(source="grant.case_id", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "grant",
            "case",
            "done_on",
            "purpose_met",
            "outcome",
            "effort_status",
            "notes",
            "next_follow_up_on",
        ]


class ComplaintSerializer(serializers.ModelSerializer[Complaint]):
    class Meta:
        model = Complaint
        fields = [
            "id",
            "case",
            "decision",
            "received_on",
            "channel",
            "complainant_name",
            "complaint_deadline",
            "late",
            "reconsideration_deadline",
        ]


class OfferSerializer(serializers.ModelSerializer[Offer]):
    provider = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "name",
            "provider",
            "tilbudsid",
            "afdelingsid",
            "paragraphs",
            "places",
            "registration",
            "approval",
            "verified_on",
            "rate_unit",
            "active",
        ]


class StandardVersionSerializer(serializers.ModelSerializer[StandardVersion]):
    class Meta:
        model = StandardVersion
        fields = [
            "id",
            "service_code",
            "version",
            "valid_from",
            "valid_to",
            "status",
            "content_hash",
            "content",
        ]


class AccessLogSerializer(serializers.ModelSerializer[AccessLog]):
    class Meta:
        model = AccessLog
        fields = ["id", "at", "username", "user", "citizen", "case", "action", "what", "detail"]


# The API is read only: every field is read only. (This also keeps the schema free of the database's
# integer ranges, which differ between SQLite and PostgreSQL, so the committed schema is one file.)
for _serializer in (
    CitizenSerializer,
    CaseSerializer,
    AreaRatingSerializer,
    AssessmentSerializer,
    DecisionSerializer,
    LetterSerializer,
    GoalSerializer,
    GrantSerializer,
    FollowUpSerializer,
    ComplaintSerializer,
    OfferSerializer,
    StandardVersionSerializer,
    AccessLogSerializer,
):
    _meta: Any = _serializer.Meta
    _meta.read_only_fields = _meta.fields
