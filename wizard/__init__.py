"""huskurage: plan and track a Huskurage rollout at a Swedish landlord."""

__version__ = "0.1.0"
