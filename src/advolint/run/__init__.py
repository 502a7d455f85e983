"""Running a check: discovering files and their policies, the run loop, parallel jobs, fixing,
baselines, and the ``check`` command that ties them together."""
