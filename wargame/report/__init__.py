"""PDFs built from the game layer's read models: after-action report and briefing packs."""
