"""The toolkit's documented errors. The CLI turns them into one-line messages and exit code 2."""


class StoryLensError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class InputError(StoryLensError, ValueError):
    """An input the toolkit cannot read: missing, empty, binary, too large, malformed."""

    def __init__(self, source: object, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


class UsageError(StoryLensError, ValueError):
    """Arguments that do not fit together (an unknown column, a bad option value)."""


class OutputError(StoryLensError, OSError):
    """An output that cannot be written (no such folder, no permission, disk full)."""

    def __init__(self, target: object, problem: str):
        self.target = str(target)
        self.problem = problem
        super().__init__(f"{self.target}: {problem}")
