"""Facts from Vietnamese trade-union news: money, counts, officials, organizations.

>>> from pipeline import extract
>>> extract(text).money  # list of pipeline.models.Money
"""

from pipeline.api import extract
from pipeline.models import ArticleFacts, Count, Money, Official, Organization, Percent

__version__ = "0.1.0"
__all__ = ["extract", "ArticleFacts", "Money", "Count", "Official", "Organization", "Percent", "__version__"]
