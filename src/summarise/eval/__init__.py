"""The eval harness: gold cases, metrics, judge, report."""
