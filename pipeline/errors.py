"""Errors a user can act on. Stages raise these; only pipeline/cli.py turns them into messages and exit codes."""


class MinutesError(Exception):
    """Base class. `exit_code` is what the CLI exits with; the message names the problem."""

    exit_code = 1


class InputError(MinutesError):
    """The input is missing, unreadable, or not a PDF."""

    exit_code = 2


class UsageError(MinutesError):
    """An option value the command does not take (exit 2, as typer's own usage errors)."""

    exit_code = 2


class PdfError(MinutesError):
    """The PDF could not be parsed (damaged, truncated, unsupported)."""

    exit_code = 4


class EncryptedPdfError(PdfError):
    """The PDF needs a password to be read."""

    exit_code = 5


class LimitExceeded(MinutesError):
    """The input exceeds a configured limit (size, pages, time, memory)."""

    exit_code = 6


class OcrUnavailable(MinutesError):
    """A page needs OCR but Tesseract or its Norwegian model is not installed."""

    exit_code = 7


class ModelError(MinutesError):
    """A trained model is missing or cannot be loaded."""

    exit_code = 8
