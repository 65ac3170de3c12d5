"""The command-line shell: parse options, call the core, print. Nothing is computed here."""
