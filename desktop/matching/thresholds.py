"""The default thresholds on the matcher's calibrated score (tests/matching/test_calibration.py
holds the engine to them). A workspace may change them: settings match_weak / match_strong."""

DEFAULT_WEAK = 0.35  # below: nothing is suggested
DEFAULT_STRONG = 0.7  # from here: the suggestion is marked strong
