"""The forms of the annual report and the checklist: they only convert what was typed; the
rules (what is required to submit, lengths) are ``submissions.actions``'."""
from __future__ import annotations

from django import forms

from .content import ANNUAL_REPORT_SECTIONS, NOTE_MAX, SECTION_MAX

ANSWERS = [("", "—"), ("yes", "是"), ("no", "否")]


class AnnualReportForm(forms.Form):
    def content(self) -> dict:
        return {section.key: self.cleaned_data.get(section.key, "") for section in ANNUAL_REPORT_SECTIONS}


def annual_report_form(data=None, *, content: dict) -> AnnualReportForm:
    form = AnnualReportForm(data, initial={key: value for key, value in content.items()})
    for section in ANNUAL_REPORT_SECTIONS:
        form.fields[section.key] = forms.CharField(
            label=section.title + ("" if section.required else "（选填）"), help_text=section.hint, required=False,
            max_length=SECTION_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    return form


class ChecklistForm(forms.Form):
    item_keys: list[str] = []

    def content(self) -> dict:
        items = {}
        for key in self.item_keys:
            answer = self.cleaned_data.get(f"{key}__met")
            items[key] = {"met": {"yes": True, "no": False}.get(answer), "note": self.cleaned_data.get(f"{key}__note", "")}
        return {"items": items}

    def rows(self):
        """(item, answer field, note field, what the registry says) for the template."""
        for item in self.checklist.items:
            yield item, self[f"{item.key}__met"], self[f"{item.key}__note"], self.assessed.get(item.key)


def checklist_form(data=None, *, checklist, content: dict, assessed: dict) -> ChecklistForm:
    """One answer (是/否) and a note per item; a new checklist starts from what the registry
    says (``assessed``), which the organization confirms or corrects."""
    saved = (content or {}).get("items") or {}
    initial = {}
    for item in checklist.items:
        answer = saved.get(item.key, {})
        met = answer.get("met") if item.key in saved else assessed.get(item.key)
        initial[f"{item.key}__met"] = {True: "yes", False: "no"}.get(met, "")
        initial[f"{item.key}__note"] = answer.get("note", "")
    form = ChecklistForm(data, initial=initial)
    form.checklist, form.assessed = checklist, assessed
    form.item_keys = [item.key for item in checklist.items]
    for item in checklist.items:
        form.fields[f"{item.key}__met"] = forms.ChoiceField(label=item.text, choices=ANSWERS, required=False)
        form.fields[f"{item.key}__note"] = forms.CharField(label=f"{item.text}：说明", required=False, max_length=NOTE_MAX,
                                                           widget=forms.TextInput(attrs={"placeholder": "选“否”的写明原因和整改措施"}))
    return form


class ReviewFields(forms.Form):
    decision = forms.ChoiceField(label="审核结论", choices=[("accept", "审核通过"), ("return", "退回整改")],
                                 widget=forms.RadioSelect)
    demand = forms.CharField(label="整改要求", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="退回整改时必填：写明需要整改的问题和要求（002 第九条(二)）")
