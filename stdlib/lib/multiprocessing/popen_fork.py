# multiprocessing.popen_fork: starting a Process with os.fork() (the start method 'fork'), and
# the parent's handle on the child: wait, poll, signals. The child learns that its parent has
# gone through a pipe whose write end only the parent holds; the parent learns that the child
# has ended through another pipe (the sentinel) whose write end only the child holds.

import os
import signal

from _multiprocessing import Connection as _Connection
from . import util

__all__ = ['Popen']


class Popen:
    method = 'fork'

    def __init__(self, process_obj):
        util._flush_std_streams()
        self.returncode = None
        self._launch(process_obj)

    def poll(self, flag=os.WNOHANG):
        """The exit code if the child has ended (reaping it), else None."""
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, flag)
            except OSError:
                return None
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            if timeout is not None:
                from .connection import wait
                if not wait([self.sentinel], timeout):
                    return None
            return self.poll(os.WNOHANG if timeout == 0.0 else 0)
        return self.returncode

    def _send_signal(self, sig):
        if self.returncode is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass
            except OSError:
                if self.wait(timeout=0.1) is None:
                    raise

    def terminate(self):
        self._send_signal(signal.SIGTERM)

    def kill(self):
        self._send_signal(signal.SIGKILL)

    def _launch(self, process_obj):
        code = 1
        parent_r, child_w = os.pipe()
        child_r, parent_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.close(parent_r)
                os.close(parent_w)
                code = process_obj._bootstrap(parent_sentinel=child_r)
            finally:
                os._exit(code)
        else:
            os.close(child_w)
            os.close(child_r)
            # Connections own the two descriptors: they are closed with this object.
            self._sentinel_end = _Connection(parent_r, True, False)
            self._parent_alive_end = _Connection(parent_w, False, True)
            self.sentinel = parent_r

    def close(self):
        self._sentinel_end.close()
        self._parent_alive_end.close()
