"""``headcheck lint --fix``: rewrites chosen from the facts, applied with LibCST."""
