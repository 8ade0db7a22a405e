"""Web push: members' push subscriptions, VAPID keys, and the "push" notification channel."""
