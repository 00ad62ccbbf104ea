"""The officer's tools around the build: new, import, preview, extract, index."""
