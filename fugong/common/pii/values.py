"""`PersonalValue`: personal data that prints masked unless asked for in full."""

from fugong.common.pii.masking import mask


class PersonalValue(str):
    """A str whose text is the MASKED value; the clear value is `.full`.

    Whatever renders it without thinking (a template, an export, a log line, json.dumps, a
    serializer) shows the masked text. Code that needs the clear value must say so with
    `.full`, after checking the user may see it (see `pii.display`).

    Caution: as a str it compares and hashes by its masked text, so two different numbers
    with the same mask compare equal. Compare `.full`, or the `<field>_hash` columns.
    """

    __slots__ = ("full", "kind")

    def __new__(cls, full: str, kind: str):
        full = str(getattr(full, "full", full))
        self = super().__new__(cls, mask(kind, full))
        self.full = full
        self.kind = kind
        return self

    @property
    def masked(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"<PersonalValue {self.kind} {self.masked}>"

    def __reduce__(self):
        return (type(self), (self.full, self.kind))
