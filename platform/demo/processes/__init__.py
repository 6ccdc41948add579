"""Demo data of the provinces' processes (``Process.demo`` names a function here), written
through ``processes.actions`` like any other write."""
