"""schema.org ClaimReview in and out: import fact-checkers' published reviews as drafts,
export ours as a DataFeed."""
