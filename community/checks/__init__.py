"""The community check: newcomers read an organisation's draft proposal before it is published."""
