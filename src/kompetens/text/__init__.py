"""Interface text: message catalogues, the language choice and terminal-safe text."""
