"""City chapters, sectors, moderation reports (and later intake, volunteer days, key figures)."""
