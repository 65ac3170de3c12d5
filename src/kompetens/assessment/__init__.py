"""One respondent's assessment: the session, its result file and its scores."""
