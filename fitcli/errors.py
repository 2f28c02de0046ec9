"""One exception hierarchy for every fault a user can cause or meet.

The library raises these and never prints; the CLI turns each into one red line and an exit code:
``UsageError`` (bad input: a missing file, an unknown name, a wrong value) exits 2, any other
``FitcliError`` (something failed while working) exits 1.
"""

from __future__ import annotations


class FitcliError(Exception):
    """Base of every expected fitcli fault. ``hint`` says what the user can do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} - {self.hint}" if self.hint else self.message


class UsageError(FitcliError):
    """Bad input from the user: exit code 2."""

    exit_code = 2


class InputFileError(UsageError):
    """A file or folder the user named is missing, unreadable or of the wrong kind."""


class VideoError(InputFileError):
    """A video that will not open, has no frames or is truncated."""


class CameraError(UsageError):
    """A camera that cannot be opened."""


class UnknownNameError(UsageError):
    """An unknown model, exercise, format or other name; the message lists the valid ones."""


class ModelNotInstalledError(UsageError):
    """A pose model that has not been pulled yet."""


class ModelStoreError(FitcliError):
    """Pulling, converting or verifying a model failed."""


class DataError(UsageError):
    """A data file (keypoints, dataset, compendium, journal) with the wrong layout or values."""


class ModelSourceError(UsageError):
    """The model package cannot be fetched (npm missing, no network) or is not the expected file."""


class JournalBusyError(FitcliError):
    """Another fitcli process holds the journal file: exit 1, the user can retry."""


class SessionKeptError(FitcliError):
    """The journal could not take a counted workout; it is kept in a recovery file (named in the
    message) that the next journal write imports: exit 1."""
