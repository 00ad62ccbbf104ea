"""The issue file: its model, reading and checking it, its JSON Schema."""
