"""Where the settings read from: the repository, and the environment (with REPO_ROOT/.env)."""
from pathlib import Path

import environ

REPO_ROOT = Path(__file__).resolve().parents[4]
SOURCE_ROOT = REPO_ROOT / "platform"

env = environ.Env()
environ.Env.read_env(REPO_ROOT / ".env", overwrite=False)
