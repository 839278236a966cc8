"""Keep the citizen's sort name on the cases (`Case.citizen_sort_name`) in step with the citizen.

Connected in CasesConfig.ready to people.Citizen's post_save: `people` sits below `cases` and does not
know about cases (docs/architecture.md), so the case list follows the citizen, not the other way.
"""

from __future__ import annotations

from typing import Any


def citizen_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    from .models import Case, citizen_sort_name

    if created or kwargs.get("raw"):
        return
    name = citizen_sort_name(instance)
    Case.objects.filter(citizen_id=instance.pk).exclude(citizen_sort_name=name).update(citizen_sort_name=name)
