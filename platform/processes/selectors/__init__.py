"""Reads of the process engine: cases an actor may see, filtered; one case as a page or an
API answer shows it (stage, what is missing, allowed actions, documents, scores, history);
task progress per assignee."""
from .cases import (  # noqa: F401
    PREFETCHED,
    CaseFilters,
    _history_rows,
    _prefetched,
    _shown,
    _shown_field,
    action_conditions,
    case_facts,
    case_filters_clean,
    case_get,
    case_list,
    case_rows,
    case_view,
    recorded_data,
    scoring_prefill,
    subject_label,
    validity_fields,
)
from .progress import (  # noqa: F401
    _current_period,
    assignee_key,
    designation_process,
    holders,
    open_cases_by_party_organization,
    pipeline,
    quarter_bulletin,
    quarter_periods,
    reported_this_period,
    round_stage_counts,
    rounds_of,
    stage_of_case,
    task_progress,
    task_state,
)
