class AuditorError(Exception):
    """A usage or input problem: the CLI prints its message on one line and exits 2."""
