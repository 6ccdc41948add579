import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_platform_is_pythons_own_module_in_tests():
    import platform

    assert platform.system()  # the stdlib module, not the platform/ source root
    assert not (REPO_ROOT / "platform" / "__init__.py").exists()


def test_platform_is_pythons_own_module_from_repo_root():
    result = subprocess.run(
        [sys.executable, "-c", "import platform; print(platform.system())"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
