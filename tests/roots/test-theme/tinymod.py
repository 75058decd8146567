"""A tiny module for the API docs page."""


class Session:
    """A conference session.

    :param title: What the talk is called.
    :param minutes: How long it runs.
    """

    def __init__(self, title: str, minutes: int = 40) -> None:
        self.title = title
        self.minutes = minutes

    def overruns(self, limit: int) -> bool:
        """Whether the session runs longer than *limit* minutes.

        :returns: ``True`` when it overruns.
        """
        return self.minutes > limit


def slugify(text: str) -> str:
    """Lower-case *text* and join its words with dashes."""
    return "-".join(text.lower().split())
