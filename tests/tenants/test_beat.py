"""One active Celery beat across hosts (tenants/beat.py): a PostgreSQL advisory lock on the
real test database, taken by one scheduler, waited for by the others."""
from __future__ import annotations

import time

import pytest

from tenants.beat import BEAT_STANDBY_SECONDS, BeatLock, SingleBeatScheduler


@pytest.fixture
def locks(db):
    made = []

    def make():
        lock = BeatLock(key=0x7062_7465_7374)  # a key of the tests' own: a running beat is never disturbed
        made.append(lock)
        return lock

    yield make
    for lock in made:
        lock.release()


def takes_over(lock: BeatLock, within: float = 10.0) -> bool:
    """A closed connection's backend releases its locks as it exits, a moment after the close:
    the waiting beat gets the lock at one of its next ticks."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if lock.held():
            return True
        time.sleep(0.1)
    return False


def test_one_holder_at_a_time_and_the_next_takes_over_when_it_goes(locks):
    first, second = locks(), locks()
    assert first.held() is True
    assert second.held() is False
    assert first.held() is True  # still the holder on the next tick
    first.release()  # the holder's host stops (its connection closes)
    assert takes_over(second)
    assert first.held() is False


def test_a_standby_scheduler_sends_nothing_and_waits(locks, tmp_path):
    from config.celery import app

    holder = locks()
    assert holder.held()
    scheduler = SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"), lazy=True)
    scheduler.beat_lock = locks()
    scheduler.beat_lock.key = holder.key
    assert scheduler.tick() == BEAT_STANDBY_SECONDS
    assert scheduler.active is False
    holder.release()  # the active beat goes: this one holds the lock at its next tick
    assert takes_over(scheduler.beat_lock)
