"""Reading, validating, checking and comparing framework documents."""
