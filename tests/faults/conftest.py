"""One product on services of its own (tests/faults/stack.py) for the fault tests of a module.
The tests break its services and put them back; nothing here touches the machine's shared
PostgreSQL, Redis or RabbitMQ."""
import shutil

import pytest

from .stack import stack_start


@pytest.fixture(scope="module")
def stack():
    started = stack_start()
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(started.root, ignore_errors=True)


@pytest.fixture
def healthy(stack):
    """The stack with every service up at the start of a test (a failed test may leave one down)."""
    stack.ensure_up()
    yield stack
    stack.ensure_up()
