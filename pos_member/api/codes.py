"""Integer codes the seed never defines: gender, marital status, religion.

The seed only shows examples (gender ``2``, marital status ``1`` and ``"Married"``, religion ``1``
and ``"Budha"``). The defaults below are our best reading of today's Stamps merchants; a store
overrides them in its settings (``[codes]``) once Stamps confirms them. One table is active per
process: the app installs the store's with ``use()`` before the client is opened.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _default_gender() -> dict[str, int]:
    return {"male": 1, "female": 2}


def _default_marital() -> dict[str, int]:
    return {"Single": 1, "Married": 2, "Divorced": 3, "Widowed": 4, "Others": 5}


def _default_religion() -> dict[str, int]:
    return {"Islam": 1, "Kristen": 2, "Katolik": 3, "Hindu": 4, "Budha": 5, "Konghucu": 6}


class Codes(BaseModel):
    """Word -> code, per field. Words are the API's own (English for marital status, Indonesian
    for religion); the app translates them for people."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gender: dict[str, int] = Field(default_factory=_default_gender)
    marital_status: dict[str, int] = Field(default_factory=_default_marital)
    religion: dict[str, int] = Field(default_factory=_default_religion)

    @field_validator("gender")
    @classmethod
    def _both_genders(cls, value: dict[str, int]) -> dict[str, int]:
        if set(value) != {"male", "female"}:
            raise ValueError('expected exactly the words "male" and "female", each with its code')
        return value

    @field_validator("marital_status")
    @classmethod
    def _married_known(cls, value: dict[str, int]) -> dict[str, int]:
        if "Married" not in value:  # it decides whether a wedding date is sent
            raise ValueError('expected a code for "Married"')
        return value

    @field_validator("gender", "marital_status", "religion")
    @classmethod
    def _distinct(cls, value: dict[str, int]) -> dict[str, int]:
        if len(set(value.values())) != len(value):
            raise ValueError("two words share one code")
        return value

    @property
    def married(self) -> int:
        return self.marital_status["Married"]

    def word(self, field: str, code: int) -> str | None:
        """The API's word for a code, or None if the store's table does not know it."""
        for word, known in getattr(self, field).items():
            if known == code:
                return word
        return None

    def code(self, field: str, word: str) -> int | None:
        """The code for a word the API wrote (case-insensitive), or None."""
        lowered = word.strip().lower()
        for known, code in getattr(self, field).items():
            if known.lower() == lowered:
                return code
        return None


_active = Codes()


def active() -> Codes:
    return _active


def use(codes: Codes) -> None:
    """Make ``codes`` the table every model and request body reads from."""
    global _active
    _active = codes
