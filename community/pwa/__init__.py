"""The installable app: the web app manifest, the service worker, icons and the offline page."""
