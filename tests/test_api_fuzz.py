"""Arbitrary JSON gives a model or ResponseFormatError, never anything else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_member.api import ResponseFormatError, models

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=25,
)

FIELDS = ["membership", "user", "tags", "suggestions", "gender", "birthday", "level", "member_ids", "otp",
          "upgrade_requirement", "downgrade_requirement", "primary_card", "pong", "access_token", "status",
          "marital_status", "religion", "pets", "children", "hobbies", "location", "stamps", "deadline"]
shaped = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)

MODELS = [models.MemberDetails, models.Suggestions, models.Customer, models.FullProfile, models.UpgradeRequirement,
          models.Membership, models.StatusResult, models.OtpIssued, models.PartialRegistration, models.Pong,
          models.AccessToken]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=json_values | shaped)
def test_any_json(model, body):
    try:
        result = models.parse(model, body)
    except ResponseFormatError:
        return
    assert isinstance(result, model)
