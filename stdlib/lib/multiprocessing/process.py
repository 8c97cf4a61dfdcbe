# multiprocessing.process: the Process object and the process tree as this process sees it
# (current_process, parent_process, active_children), with CPython 3.11's names, states and
# errors. Starting a process is the start method's job (popen_fork.py); this module keeps what
# every start method shares: identity and naming (Process-1, Process-1:2), the child's side of
# the start (_bootstrap: run the target, turn its end into an exit code), and the reprs.

import itertools
import os
import sys
import threading

__all__ = ['BaseProcess', 'current_process', 'active_children', 'parent_process']


def current_process():
    """The Process object of the calling process."""
    return _current_process


def active_children():
    """The children of this process that are still running (finished ones are reaped)."""
    _cleanup()
    return list(_children)


def parent_process():
    """The parent's Process object, or None in the main process."""
    return _parent_process


def _cleanup():
    # Reaps children that have finished, so they leave the list and no zombie is left.
    for p in list(_children):
        if p._popen.poll() is not None:
            _children.discard(p)


class BaseProcess:
    """A process running target(*args, **kwargs), or an overridden run()."""

    def _Popen(self, process_obj):
        raise NotImplementedError

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={}, *,
                 daemon=None):
        assert group is None, 'group argument must be None for now'
        count = next(_process_counter)
        self._identity = _current_process._identity + (count,)
        self._config = _current_process._config.copy()
        self._parent_pid = os.getpid()
        self._parent_name = _current_process.name
        self._popen = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._name = name or (type(self).__name__ + '-' +
                              ':'.join(str(i) for i in self._identity))
        if daemon is not None:
            self.daemon = daemon

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    def run(self):
        """The process's activity: calls the target. Subclasses may override it."""
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        """Start the child process."""
        self._check_closed()
        assert self._popen is None, 'cannot start a process twice'
        assert self._parent_pid == os.getpid(), \
            'can only start a process object created by current process'
        assert not _current_process._config.get('daemon'), \
            'daemonic processes are not allowed to have children'
        _cleanup()
        self._popen = self._Popen(self)
        self._sentinel = self._popen.sentinel
        # The child has its own copy; the parent needs them no more.
        del self._target, self._args, self._kwargs
        _children.add(self)

    def terminate(self):
        """Terminate the process with SIGTERM."""
        self._check_closed()
        self._popen.terminate()

    def kill(self):
        """Terminate the process with SIGKILL."""
        self._check_closed()
        self._popen.kill()

    def join(self, timeout=None):
        """Wait until the process ends, or until the timeout (seconds) passes."""
        self._check_closed()
        assert self._parent_pid == os.getpid(), 'can only join a child process'
        assert self._popen is not None, 'can only join a started process'
        res = self._popen.wait(timeout)
        if res is not None:
            _children.discard(self)

    def is_alive(self):
        """Whether the process has started and not yet ended."""
        self._check_closed()
        if self is _current_process:
            return True
        assert self._parent_pid == os.getpid(), 'can only test a child process'
        if self._popen is None:
            return False
        if self._popen.poll() is None:
            return True
        _children.discard(self)
        return False

    def close(self):
        """Release the process's resources; most methods then raise ValueError."""
        if self._popen is not None:
            if self._popen.poll() is None:
                raise ValueError("Cannot close a process while it is still running. "
                                 "You should first call join() or terminate().")
            self._popen.close()
            self._popen = None
            del self._sentinel
            _children.discard(self)
        self._closed = True

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        assert isinstance(name, str), 'name must be a string'
        self._name = name

    @property
    def daemon(self):
        """Whether the process is terminated when its parent exits."""
        return self._config.get('daemon', False)

    @daemon.setter
    def daemon(self, daemonic):
        assert self._popen is None, 'process has already started'
        self._config['daemon'] = daemonic

    @property
    def exitcode(self):
        """None while running; the exit code, or -N when killed by signal N."""
        self._check_closed()
        if self._popen is None:
            return self._popen
        return self._popen.poll()

    @property
    def ident(self):
        """The process id; None before start()."""
        self._check_closed()
        if self is _current_process:
            return os.getpid()
        return self._popen and self._popen.pid

    pid = ident

    @property
    def sentinel(self):
        """A file descriptor that becomes ready when the process ends."""
        self._check_closed()
        try:
            return self._sentinel
        except AttributeError:
            raise ValueError("process not started") from None

    def __repr__(self):
        exitcode = None
        if self is _current_process:
            status = 'started'
        elif self._closed:
            status = 'closed'
        elif self._parent_pid != os.getpid():
            status = 'unknown'
        elif self._popen is None:
            status = 'initial'
        else:
            exitcode = self._popen.poll()
            status = 'started' if exitcode is None else 'stopped'
        info = [type(self).__name__, 'name=%r' % self._name]
        if self._popen is not None:
            info.append('pid=%s' % self._popen.pid)
        info.append('parent=%s' % self._parent_pid)
        info.append(status)
        if exitcode is not None:
            info.append('exitcode=%s' % _exitcode_to_name.get(exitcode, exitcode))
        if self.daemon:
            info.append('daemon')
        return '<%s>' % ' '.join(info)

    def _bootstrap(self, parent_sentinel=None):
        # In the child, right after the fork: becomes the current process, runs, and returns
        # the exit code (the caller passes it to os._exit).
        from . import util
        global _current_process, _parent_process, _process_counter, _children
        try:
            _process_counter = itertools.count(1)
            _children = set()
            util._close_stdin()
            _current_process = self
            _parent_process = _ParentProcess(self._parent_name, self._parent_pid,
                                             parent_sentinel)
            util._after_fork()
            try:
                self.run()
                exitcode = 0
            finally:
                util._exit_function()
        except SystemExit as e:
            if e.code is None:
                exitcode = 0
            elif isinstance(e.code, int):
                exitcode = e.code
            else:
                sys.stderr.write(str(e.code) + '\n')
                exitcode = 1
        except BaseException as e:
            exitcode = 1
            sys.stderr.write('Process %s:\n' % self.name)
            # The report starts at run(), not at this frame.
            tb = e.__traceback__
            sys.excepthook(type(e), e, tb.tb_next if tb is not None else None)
        finally:
            threading._shutdown()
            util._flush_std_streams()
            _report_gil_stats(self.name)
        return exitcode


def _report_gil_stats(name):
    # -X gil-stats: a child ends by os._exit, not through the interpreter's end, so it prints
    # its own table here, tagged with its name and pid.
    if 'gil-stats' not in getattr(sys, '_xoptions', {}):
        return
    try:
        import gil
    except ImportError:
        return
    sys.stderr.write('[%s, pid %d] %s' % (name, os.getpid(), gil.report()))
    sys.stderr.flush()


class _MainProcess(BaseProcess):
    # The process the interpreter started as.

    def __init__(self):
        self._identity = ()
        self._name = 'MainProcess'
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._config = {'semprefix': '/mp'}

    def close(self):
        pass


class _ParentProcess(BaseProcess):
    # The parent as a child sees it: a name, a pid, and whether it is still alive (its end of
    # a pipe closes when it exits).

    def __init__(self, name, pid, sentinel):
        self._identity = ()
        self._name = name
        self._pid = pid
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._sentinel = sentinel
        self._config = {}

    def is_alive(self):
        from .connection import wait
        return not wait([self._sentinel], timeout=0)

    @property
    def ident(self):
        return self._pid

    pid = ident

    def join(self, timeout=None):
        """Wait until the parent process ends."""
        from .connection import wait
        wait([self._sentinel], timeout=timeout)


_parent_process = None
_current_process = _MainProcess()
_process_counter = itertools.count(1)
_children = set()

# Exit codes of processes killed by a signal, as their reprs show them (Linux numbering).
_exitcode_to_name = {-number: '-' + name for number, name in (
    (1, 'SIGHUP'), (2, 'SIGINT'), (3, 'SIGQUIT'), (4, 'SIGILL'), (5, 'SIGTRAP'),
    (6, 'SIGABRT'), (7, 'SIGBUS'), (8, 'SIGFPE'), (9, 'SIGKILL'), (10, 'SIGUSR1'),
    (11, 'SIGSEGV'), (12, 'SIGUSR2'), (13, 'SIGPIPE'), (14, 'SIGALRM'), (15, 'SIGTERM'),
    (16, 'SIGSTKFLT'), (17, 'SIGCHLD'), (18, 'SIGCONT'), (19, 'SIGSTOP'), (20, 'SIGTSTP'),
    (21, 'SIGTTIN'), (22, 'SIGTTOU'), (23, 'SIGURG'), (24, 'SIGXCPU'), (25, 'SIGXFSZ'),
    (26, 'SIGVTALRM'), (27, 'SIGPROF'), (28, 'SIGWINCH'), (29, 'SIGPOLL'), (30, 'SIGPWR'),
    (31, 'SIGSYS'), (34, 'SIGRTMIN'), (64, 'SIGRTMAX'))}
