"""Coffee groups and expert groups: membership, posts, comments and moderation."""
