"""Benchmarks: figures printed with ratios against a baseline measured in the same run; never asserted."""
