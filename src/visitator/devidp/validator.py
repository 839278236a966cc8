"""Claims of the development identity provider, shaped like NemLog-in's.

The CPR number and the assurance level travel under the claim names the portal is configured with
(settings.PORTAL_OIDC_CPR_CLAIM, PORTAL_OIDC_LOA_CLAIM), so the portal reads them exactly as it reads
NemLog-in's. They go into the signed ID token and the userinfo answer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class DevIdpValidator(OAuth2Validator):
    # Every claim goes out whatever the scopes (NemLog-in decides the claims by the client's registration).
    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        identity = request.user.devidp_identity
        first, _sep, last = identity.name.rpartition(" ")
        return {
            settings.PORTAL_OIDC_CPR_CLAIM: identity.cpr,
            settings.PORTAL_OIDC_LOA_CLAIM: identity.loa,
            "acr": f"https://data.gov.dk/concept/core/nsis/loa/{identity.loa}",
            "name": identity.name,
            "given_name": first or identity.name,
            "family_name": last if first else "",
        }
