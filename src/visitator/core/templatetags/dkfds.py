"""Render Django form fields with Det Fælles Designsystem markup (labels, hints, error messages)."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.inclusion_tag("dkfds/field.html")
def field(bound: forms.BoundField, **attrs: Any) -> dict[str, Any]:
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxInput):
        kind = "checkbox"
        css = "form-checkbox"
    elif isinstance(widget, forms.Select):
        kind, css = "select", "form-select"
    elif isinstance(widget, forms.Textarea):
        kind, css = "textarea", "form-input"
    elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        kind, css = "file", "form-file-input"
    else:
        kind, css = "input", "form-input"
    widget_attrs: dict[str, str | bool] = {"class": css}
    if bound.errors:
        widget_attrs["aria-invalid"] = "true"
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}-hint")
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    widget_attrs.update({k.replace("_", "-"): v for k, v in attrs.items()})
    return {"bound": bound, "kind": kind, "widget": bound.as_widget(attrs=widget_attrs)}


@register.inclusion_tag("dkfds/errors.html")
def form_errors(*forms_: forms.Form | None) -> dict[str, Any]:
    """The error summary at the top of a form: non-field errors and a link to each field in error."""
    items: list[tuple[str | None, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        items.extend((None, str(e)) for e in form.non_field_errors())
        for bound in form:
            # A group of radio buttons or checkboxes: the link goes to the first of them.
            multiple = isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            anchor = f"#{bound.auto_id}_0" if multiple else f"#{bound.auto_id}"
            items.extend((anchor, f"{bound.label}: {e}") for e in bound.errors)
    return {"items": items}
