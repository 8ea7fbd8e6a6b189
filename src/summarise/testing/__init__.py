"""Test and benchmark helpers that stand in for real model endpoints, never used in production."""
