# gilpy's own gil module (no CPython counterpart, so the expected output is written by hand):
# the policy, per-thread counters by thread name with every field, counters that reset, the
# report -X gil-stats prints, and a forked child whose counters start afresh (its own GIL,
# only its own threads).
import gil
import os
import sys
import threading


def spin():
    n = 200_000
    while n:
        n -= 1


print(gil.policy(), sys.getswitchinterval())
gil.reset()
threads = [threading.Thread(target=spin, name=f'spin-{i}') for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
stats = gil.stats()
print(sorted(name for name in stats if name.startswith('spin')))
print(sorted(stats['spin-0']))
print(all(stats[name]['acquisitions'] >= 1 and stats[name]['held'] > 0
          for name in ('spin-0', 'spin-1')))
print(gil.report().splitlines()[0])
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    print('child:', sorted(gil.stats()), gil.switch_count())
    sys.stdout.flush()
    os._exit(0)
os.waitpid(pid, 0)
print('parent still has:', sorted(name for name in gil.stats() if name.startswith('spin')))
gil.reset()
print(sorted(gil.stats()))
