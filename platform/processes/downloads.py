"""Reading a case's document back: only through a case the reader may see; every read logged."""
from __future__ import annotations

from django.http import Http404, HttpResponse

from accounts.actors import Actor

from .documents import document_read
from .models import CaseDocument
from .selectors import case_get


def document_response(actor: Actor, case_id, document_id) -> HttpResponse:
    """The document's content, for an actor who may see its case (404 otherwise); logged."""
    from audit.services import audit_record

    case = case_get(actor, case_id)
    document = CaseDocument.objects.filter(case=case, pk=_int(document_id)).first()
    if document is None:
        raise Http404
    content = document_read(document.storage_name)
    audit_record(action="case.document_read", actor=actor, object_type="Case", object_id=case.pk,
                 changes={"document": document.pk})
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
