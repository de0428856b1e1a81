"""The catalogue's domain, by topic; import the models from here."""

from infrastructures.models.funding import FundingProgramme, FundingRecord, PriorityAxis
from infrastructures.models.infrastructures import Equipment, Infrastructure, PublicationEvent
from infrastructures.models.jobs import ImportMapping, Job
from infrastructures.models.organisations import Cluster, Organisation, OrganisationFigure
from infrastructures.models.search import SearchEntry
from infrastructures.models.themes import Theme
from infrastructures.models.tombstones import Tombstone

__all__ = [
    "Cluster",
    "Equipment",
    "FundingProgramme",
    "FundingRecord",
    "ImportMapping",
    "Infrastructure",
    "Job",
    "Organisation",
    "OrganisationFigure",
    "PriorityAxis",
    "PublicationEvent",
    "SearchEntry",
    "Theme",
    "Tombstone",
]
