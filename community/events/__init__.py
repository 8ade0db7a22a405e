"""Events: orientation moments, workshops, coffee meetups and one-off volunteering, with a fair waitlist."""
