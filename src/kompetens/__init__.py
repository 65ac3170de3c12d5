"""kompetens: competence self-assessment for social- and health-care education."""

__version__ = "0.1.0"
