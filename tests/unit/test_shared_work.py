"""Work shared by every session of a server (kl_app.live): sessions that advance it at once lose nothing."""

from kl_app import live, progressive


def counting(n: int) -> progressive.Progressive:
    return progressive.empty(range(n), ("v",), lambda x: {"v": 2 * x})


def test_the_work_further_along_is_kept_when_two_sessions_advance_it_at_once():
    name = ("test_shared_work", "two sessions")
    first = live._shared(name, lambda so_far: progressive.extend(so_far or counting(5), 0, budget_s=0))
    assert first.computed == 1

    def slow(so_far):
        # While this session works on its snapshot, another one finishes the work.
        finished = live._shared(name, lambda s: progressive.extend(s, 0))
        assert finished.complete
        return progressive.extend(so_far, 0, budget_s=0)

    kept = live._shared(name, slow)
    assert kept.complete and list(kept["v"]) == [0, 2, 4, 6, 8]
    assert live._shared(name, lambda s: 1 / 0) is kept  # complete work is not advanced again


def test_a_session_starts_from_the_work_another_left():
    name = ("test_shared_work", "one after another")
    live._shared(name, lambda so_far: progressive.extend(so_far or counting(4), 3, budget_s=0))
    second = live._shared(name, lambda so_far: progressive.extend(so_far, 3, budget_s=0))
    assert list(second.done) == [False, False, True, True]
