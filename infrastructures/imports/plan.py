"""What an import would do, row by row: the plan the curator reads before confirming."""

from dataclasses import asdict, dataclass, field

from infrastructures.tables import Notice


@dataclass
class RowPlan:
    """What one row does: `data` is what the services get (for an update: only what changes)."""

    sheet: str
    line: int | None
    key: str
    existing: object = None
    data: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)  # (field, old, new) as text
    expected_version: int | None = None
    instance: object = None  # a new region or organisation, built before it is saved

    @property
    def action(self):
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class Plan:
    regions: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    _refused: set = field(default_factory=set, repr=False)

    @property
    def is_valid(self):
        return not self.problems

    def refuse(self, line, column, message, value="", sheet=""):
        """Record a problem of the file: where, what was there, and why it cannot be imported. A cell
        gets one reason (the first found: "A value is required" rather than the model's "This field
        cannot be blank" too)."""
        if line is not None and column and (sheet, line, column) in self._refused:
            return
        self._refused.add((sheet, line, column))
        self.problems.append(Notice(line, column, str(message), value, sheet))

    def count(self, action, rows=None):
        return sum(1 for row in (self.entries if rows is None else rows) if row.action == action)

    def summary(self, limit=2000):
        """What the job page shows: counts, and each created or changed row with its changes."""
        changed = [
            row for row in self.regions + self.organisations + self.entries if row.action != "unchanged"
        ]
        return {
            "writes": bool(changed),
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "organisations_created": self.count("create", self.organisations),
            "organisations_updated": self.count("update", self.organisations),
            "regions_created": self.count("create", self.regions),
            "regions_updated": self.count("update", self.regions),
            "changes": [
                {
                    "sheet": row.sheet,
                    "line": row.line,
                    "key": row.key,
                    "action": row.action,
                    "fields": [list(change) for change in row.changes],
                }
                for row in changed[:limit]
            ],
            "changes_left_out": max(0, len(changed) - limit),
            "warnings": [asdict(warning) for warning in self.warnings],
        }
