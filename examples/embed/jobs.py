# The job script run by job_runner: Python threads call the host's GIL-releasing primitive in
# parallel, and the host's own worker threads report results through on_result().
import _thread
import host

results = {}
lock = _thread.allocate_lock()
tally = host.Tally("python")  # a C++ object (the host's Tally class)


def on_result(name, value):
    with lock:
        results[name] = value


def job(name, n, done):
    primes = host.count_primes(n)
    on_result(name, primes)
    tally.add(primes)
    done.release()


pending = []
for i in range(2):
    done = _thread.allocate_lock()
    done.acquire()
    pending.append(done)
    _thread.start_new_thread(job, ("python-thread-%d" % i, 50000 * (i + 1), done))
for done in pending:
    done.acquire()
host.log("python threads finished")
host.log("%r" % tally, level="debug")

try:
    host.count_primes(-1)
except ValueError as e:
    host.log("caught from the host: %s" % e)


def summary():
    return sorted(results.items())
