"""Quality tools: evaluation against gold, goldens, diffs, the review page and the report."""
