"""The Abu Dhabi scenario's delegations, as its tests name them: the parties are the
scenario's data (`Scenario.parties`); these tests play that scenario."""

DELEGATIONS = ("ru", "ua", "us")
