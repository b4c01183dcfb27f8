"""minutes: structured records from Norwegian meeting minutes in PDF."""

__version__ = "0.1.0"
