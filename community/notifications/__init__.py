"""Notifications: one `notify(member, kind, ...)` for every feature; the centre (bell, list), preferences
per kind, instant mails and daily / weekly digests, and the channels beside the app (push)."""
