# multiprocessing.util: what happens at the edges of a process's life. Finalizers registered by
# queues and pools run at exit in priority order; at exit a process terminates its daemonic
# children and joins the others, so no process is ever left behind; a child closes its stdin
# and flushes its streams before it ends.

import atexit
import itertools
import os
import sys

__all__ = ['Finalize', 'is_exiting']

_exiting = False
# (exitpriority, sequence) -> Finalize; higher priority first, later registrations first.
_finalizer_registry = {}
_finalizer_counter = itertools.count()


def is_exiting():
    """Whether this process is running its exit functions."""
    return _exiting


class Finalize:
    """Calls callback(*args, **kwargs) once: when called, or at exit if exitpriority is not
    None (the higher first). gilpy has no weak references, so a finalizer keeps its arguments
    alive until it runs or is cancelled."""

    def __init__(self, obj, callback, args=(), kwargs=None, exitpriority=None):
        self._callback = callback
        self._args = args
        self._kwargs = kwargs or {}
        self._key = (exitpriority, next(_finalizer_counter))
        self._pid = os.getpid()
        _finalizer_registry[self._key] = self

    def __call__(self):
        try:
            del _finalizer_registry[self._key]
        except KeyError:
            return None
        if self._pid != os.getpid():
            return None  # registered by the parent: not this process's to run
        callback, args, kwargs = self._callback, self._args, self._kwargs
        self._callback = self._args = self._kwargs = self._key = None
        return callback(*args, **kwargs)

    def cancel(self):
        """Forget the finalizer without calling it."""
        try:
            del _finalizer_registry[self._key]
        except KeyError:
            pass
        else:
            self._callback = self._args = self._kwargs = self._key = None

    def still_active(self):
        return self._key in _finalizer_registry


def _run_finalizers(minpriority=None):
    # With minpriority: those whose exitpriority is at least it; without: every one that has an
    # exitpriority.
    if minpriority is None:
        keys = [key for key in _finalizer_registry if key[0] is not None]
    else:
        keys = [key for key in _finalizer_registry
                if key[0] is not None and key[0] >= minpriority]
    keys.sort(reverse=True)
    for key in keys:
        finalizer = _finalizer_registry.get(key)
        if finalizer is not None:
            try:
                finalizer()
            except Exception as exc:
                sys.stderr.write('Error in finalizer %r: %r\n' % (finalizer._callback, exc))


def _exit_function():
    # At the end of a process: finalizers of priority >= 0 (e.g. queues close), daemonic
    # children are terminated, the others joined, then the remaining finalizers (e.g. queue
    # feeder threads are joined, so what was put is flushed to the pipe).
    global _exiting
    if _exiting:
        return
    _exiting = True
    from .process import active_children
    _run_finalizers(0)
    for p in active_children():
        if p.daemon:
            p._popen.terminate()
    for p in active_children():
        p.join()
    _run_finalizers()


def _after_fork():
    # In a new child process: the parent's finalizers are not the child's.
    global _exiting
    _exiting = False
    _finalizer_registry.clear()


def _close_stdin():
    # A child must not read its parent's stdin: it gets /dev/null instead.
    if sys.stdin is None:
        return
    try:
        sys.stdin.close()
    except (OSError, ValueError):
        pass
    try:
        sys.stdin = open(os.devnull)
    except (OSError, ValueError):
        pass


def _flush_std_streams():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass


# Counts the forks this process descends from, so objects with per-process state (a queue's
# feeder thread) see that they are in a new child and start afresh.
_fork_generation = 0


def _next_fork_generation():
    global _fork_generation
    _fork_generation += 1


atexit.register(_exit_function)
os.register_at_fork(after_in_child=_next_fork_generation)
