"""What every feature uses: the policy, errors, languages, sanitising, pagination, mail, time."""
