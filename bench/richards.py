# Richards: Martin Richards' operating-system simulation (an idle task, a worker, two packet
# handlers and two devices trading packets under a priority scheduler), written afresh from its
# published description. Class-heavy: a Task base class with one overriding run_task per kind,
# attribute reads and writes on self, linked lists of small objects, many short method calls.

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(1, 7)
KIND_DEVICE, KIND_WORK = 0, 1
BUFFER_SIZE = 4


class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFFER_SIZE

    def append_to(self, queue):
        # Appends this packet to the end of [queue] and returns the queue's head.
        self.link = None
        if queue is None:
            return self
        last = queue
        while last.link is not None:
            last = last.link
        last.link = self
        return queue


class Task:
    def __init__(self, system, ident, priority, queue, waiting):
        self.system = system
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.packet_pending = queue is not None
        self.waiting = waiting
        self.holding = False
        self.link = system.tasks
        system.tasks = self
        system.table[ident] = self

    def blocked(self):
        return self.holding or (not self.packet_pending and self.waiting)

    def run(self):
        packet = None
        if self.packet_pending and self.waiting and not self.holding:
            packet = self.queue
            self.queue = packet.link
            self.packet_pending = self.queue is not None
            self.waiting = False
        return self.run_task(packet)

    def receive(self, sender, packet):
        # A packet arrives from [sender]; returns the task to run next.
        if self.queue is None:
            self.queue = packet
            self.packet_pending = True
            if self.priority > sender.priority:
                return self
        else:
            packet.append_to(self.queue)
        return sender

    def run_task(self, packet):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, system, count):
        super().__init__(system, IDLE, 0, None, False)
        self.control = 1
        self.count = count

    def run_task(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.system.hold_self()
        if self.control & 1 == 0:
            self.control >>= 1
            return self.system.release(DEVICE_A)
        self.control = (self.control >> 1) ^ 0xD008
        return self.system.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, system, queue):
        super().__init__(system, WORKER, 1000, queue, True)
        self.destination = HANDLER_A
        self.count = 0

    def run_task(self, packet):
        if packet is None:
            return self.system.wait()
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.ident = self.destination
        packet.datum = 0
        data = packet.data
        for i in range(BUFFER_SIZE):
            self.count += 1
            if self.count > 26:
                self.count = 1
            data[i] = 64 + self.count
        return self.system.send(packet)


class HandlerTask(Task):
    def __init__(self, system, ident, priority, queue):
        super().__init__(system, ident, priority, queue, True)
        self.work_queue = None
        self.device_queue = None

    def run_task(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work_queue = packet.append_to(self.work_queue)
            else:
                self.device_queue = packet.append_to(self.device_queue)
        work = self.work_queue
        if work is not None:
            index = work.datum
            if index >= BUFFER_SIZE:
                self.work_queue = work.link
                return self.system.send(work)
            device = self.device_queue
            if device is not None:
                self.device_queue = device.link
                device.datum = work.data[index]
                work.datum = index + 1
                return self.system.send(device)
        return self.system.wait()


class DeviceTask(Task):
    def __init__(self, system, ident, priority):
        super().__init__(system, ident, priority, None, True)
        self.pending = None

    def run_task(self, packet):
        if packet is None:
            pending = self.pending
            if pending is None:
                return self.system.wait()
            self.pending = None
            return self.system.send(pending)
        self.pending = packet
        self.system.checksum = (self.system.checksum * 31 + packet.datum) % 1000000007
        return self.system.hold_self()


class System:
    def __init__(self):
        self.tasks = None
        self.table = [None] * 7
        self.current = None
        self.sends = 0
        self.holds = 0
        self.checksum = 0

    @property
    def current_priority(self):
        return self.current.priority

    def wait(self):
        self.current.waiting = True
        return self.current

    def hold_self(self):
        self.holds += 1
        self.current.holding = True
        return self.current.link

    def release(self, ident):
        task = self.table[ident]
        task.holding = False
        return task if task.priority > self.current_priority else self.current

    def send(self, packet):
        target = self.table[packet.ident]
        self.sends += 1
        packet.link = None
        packet.ident = self.current.ident
        return target.receive(self.current, packet)

    def schedule(self):
        task = self.tasks
        while task is not None:
            if task.blocked():
                task = task.link
            else:
                self.current = task
                task = task.run()


def richards(count):
    system = System()
    IdleTask(system, count)
    work = Packet(None, 0, KIND_WORK)
    work = Packet(work, 0, KIND_WORK)
    WorkerTask(system, work)
    for handler, device, priority in ((HANDLER_A, DEVICE_A, 2000), (HANDLER_B, DEVICE_B, 3000)):
        queue = None
        for _ in range(3):
            queue = Packet(queue, device, KIND_DEVICE)
        HandlerTask(system, handler, priority, queue)
    DeviceTask(system, DEVICE_A, 4000)
    DeviceTask(system, DEVICE_B, 5000)
    system.schedule()
    return system.sends, system.holds, system.checksum


def main():
    results = [richards(10000) for _ in range(16)]
    assert all(r == results[0] for r in results)
    sends, holds, checksum = results[0]
    print(f"richards sends={sends} holds={holds} checksum={checksum}")


main()
