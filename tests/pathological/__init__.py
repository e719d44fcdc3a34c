"""Pathological inputs built at test time (nothing megabyte-sized is committed).

- corpus.py: hostile documents (huge single lines, digit floods, 万 x 100,000, nested quotes,
  invisible controls inside numbers, 10,000-digit and float-overflowing numbers) and bad files
  (binary, undecodable, mixed encodings, odd line endings);
- regex_scan.py: every compiled regular expression of numcheck against adversarial strings,
  run in a subprocess by tests/test_regex_backtracking.py so that a catastrophic pattern
  cannot hang the test run.
"""
