"""Template authoring: templates proposed from a sample image, and checked against one."""

from .lines import TextLine, read_lines
from .propose import Proposal, propose_template

__all__ = ["Proposal", "TextLine", "propose_template", "read_lines"]
