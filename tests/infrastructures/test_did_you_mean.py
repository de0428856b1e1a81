""" "Did you mean" when a misspelt word touches punctuation."""

import pytest

from infrastructures.models import Infrastructure
from infrastructures.search import Search
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["fotonics", "fotonics,", "(fotonics)", "fotonics.", '"fotonics"'])
def test_the_corrected_text_shows_the_correction(client, typed):
    """_corrected() rebuilds the text by looking up fold(part) for each space-separated part, so a
    part with punctuation ("fotonics,") is never replaced: the results are those of "photonics", but
    the notice reads 'Did you mean "fotonics,"? Nothing matches "fotonics,"', and when the correction
    finds nothing either, the 'Did you mean' link searches the same misspelt text again."""
    factories.infrastructure(slug="photonics", name_en="Photonics Lab")
    prepared = Search.prepare(Infrastructure.objects.published(), typed)
    assert prepared.query.words == ["photonics"]  # the search itself was corrected
    assert "fotonics" not in prepared.query.text
    page = client.get("/search/", {"q": typed})
    assert "Did you mean “photonics" in page.content.decode()
