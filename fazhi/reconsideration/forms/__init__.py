"""Forms of the reconsideration pages: the list filter, registration with its applicants, each step."""

from fazhi.reconsideration.forms.cases import (
    ApplicantForm,
    ApplicantFormSet,
    CaseFilterForm,
    CaseRegisterForm,
    handler_candidates,
)
from fazhi.reconsideration.forms.steps import STEP_FORMS

__all__ = [
    "STEP_FORMS",
    "ApplicantForm",
    "ApplicantFormSet",
    "CaseFilterForm",
    "CaseRegisterForm",
    "handler_candidates",
]
