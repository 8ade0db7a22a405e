"""The local guide, "who does what": services and organisations of a chapter by life domain, written in
a source language and translated per locale, and referrals from an intake to an entry."""
