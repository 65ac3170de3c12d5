"""Where kompetens may write, and writing so that nothing is left half written."""
