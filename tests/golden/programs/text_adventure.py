# A realistic program: a text adventure driven as a state machine over a scripted list of
# commands: rooms and items as classes, a command parser with a dispatch table of bound
# leaks-cycles: creates reference cycles, which leak until gilpy has a cycle collector
# methods, game states as subclasses with enter/handle hooks, a generator feeding input,
# custom exceptions for flow control and a final score summary.
# Expected output: python3 3.11's.

from collections import namedtuple

Exit = namedtuple("Exit", "direction target locked_by")


class GameOver(Exception):
    def __init__(self, won, reason):
        super().__init__(reason)
        self.won = won


class BadCommand(Exception):
    pass


class Item:
    def __init__(self, name, weight=1, points=0, description=""):
        self.name = name
        self.weight = weight
        self.points = points
        self.description = description or f"an ordinary {name}"

    def __repr__(self):
        return f"Item({self.name!r})"

    def __eq__(self, other):
        return isinstance(other, Item) and other.name == self.name

    def __hash__(self):
        return hash(self.name)


class Lamp(Item):
    def __init__(self):
        super().__init__("lamp", weight=2, description="a brass lamp")
        self.lit = False

    @property
    def description(self):
        return f"a brass lamp ({'lit' if self.lit else 'dark'})"

    @description.setter
    def description(self, value):
        pass  # fixed by the lamp's state


class Room:
    def __init__(self, name, text, dark=False):
        self.name = name
        self.text = text
        self.dark = dark
        self.items = []
        self.exits = {}

    def connect(self, direction, other, back=None, locked_by=None):
        self.exits[direction] = Exit(direction, other, locked_by)
        if back:
            other.exits[back] = Exit(back, self, locked_by)

    def describe(self, can_see):
        if not can_see:
            return f"{self.name}: it is pitch dark."
        lines = [f"{self.name}: {self.text}"]
        if self.items:
            lines.append("You see " + ", ".join(i.description for i in self.items) + ".")
        lines.append("Exits: " + " ".join(sorted(self.exits)))
        return "\n".join(lines)


class State:
    name = "state"

    def __init__(self, game):
        self.game = game

    def enter(self):
        pass

    def handle(self, verb, args):
        raise NotImplementedError

    def __str__(self):
        return self.name


class Exploring(State):
    name = "exploring"

    def enter(self):
        self.game.say(self.game.room.describe(self.game.can_see()))

    def handle(self, verb, args):
        action = getattr(self, "do_" + verb, None)
        if action is None:
            raise BadCommand(f"I don't know how to {verb!r}.")
        return action(*args)

    def do_look(self):
        self.enter()

    def do_go(self, direction):
        g = self.game
        ex = g.room.exits.get(direction)
        if ex is None:
            raise BadCommand(f"You can't go {direction}.")
        if ex.locked_by and ex.locked_by not in g.inventory:
            raise BadCommand(f"The way {direction} is locked.")
        g.moves += 1
        g.room = ex.target
        if g.room.name == "Pit" and not g.can_see():
            raise GameOver(False, "You fell into a pit in the dark.")
        return Exploring

    def do_take(self, name):
        g = self.game
        if not g.can_see():
            raise BadCommand("You fumble around in the dark.")
        for item in g.room.items:
            if item.name == name:
                if g.carried_weight() + item.weight > g.max_weight:
                    raise BadCommand(f"The {name} is too heavy.")
                g.room.items.remove(item)
                g.inventory.append(item)
                g.say(f"Taken: {name}.")
                return None
        raise BadCommand(f"There is no {name} here.")

    def do_drop(self, name):
        g = self.game
        item = next((i for i in g.inventory if i.name == name), None)
        if item is None:
            raise BadCommand(f"You don't have a {name}.")
        g.inventory.remove(item)
        g.room.items.append(item)
        g.say(f"Dropped: {name}.")

    def do_light(self, name="lamp"):
        lamp = next((i for i in self.game.inventory if isinstance(i, Lamp)), None)
        if lamp is None:
            raise BadCommand("You have nothing to light.")
        lamp.lit = True
        self.game.say("The lamp is now lit.")

    def do_inventory(self):
        inv = self.game.inventory
        self.game.say("You carry: " + (", ".join(sorted(i.name for i in inv)) or "nothing"))

    def do_talk(self):
        if self.game.room.name == "Hall":
            return Talking
        raise BadCommand("Nobody answers.")

    def do_quit(self):
        raise GameOver(False, "You gave up.")


class Talking(State):
    name = "talking"
    questions = {"name": "I am the keeper.", "treasure": "It lies below, in the vault."}

    def enter(self):
        self.game.say("The keeper looks at you. (ask <topic> / bye)")

    def handle(self, verb, args):
        if verb == "bye":
            self.game.say("The keeper nods.")
            return Exploring
        if verb == "ask" and args:
            self.game.say(self.questions.get(args[0], "The keeper shrugs."))
            return None
        raise BadCommand("The keeper waits for a question.")


class Game:
    max_weight = 6

    def __init__(self):
        hall = Room("Hall", "a dusty hall with a keeper by the door.")
        cellar = Room("Cellar", "damp stone walls.", dark=True)
        pit = Room("Pit", "a deep pit.", dark=True)
        vault = Room("Vault", "a vault full of dust.")
        garden = Room("Garden", "an overgrown garden.")
        hall.connect("down", cellar, back="up")
        hall.connect("north", garden, back="south")
        cellar.connect("east", pit, back="west")
        key = Item("key", points=5, description="a small iron key")
        cellar.connect("north", vault, back="south", locked_by=key)
        garden.items += [Lamp(), Item("anvil", weight=9), key]
        vault.items.append(Item("crown", weight=3, points=50, description="a golden crown"))
        self.room = hall
        self.inventory = []
        self.moves = 0
        self.log = []
        self.state = Exploring(self)

    def say(self, text):
        for line in text.split("\n"):
            self.log.append(line)
            print("  " + line)

    def can_see(self):
        return not self.room.dark or any(isinstance(i, Lamp) and i.lit for i in self.inventory)

    def carried_weight(self):
        return sum(i.weight for i in self.inventory)

    def score(self):
        return sum(i.points for i in self.inventory) - self.moves

    def feed(self, lines):
        for line in lines:
            words = line.lower().split()
            if words:
                yield words[0], words[1:]

    def play(self, script):
        self.state.enter()
        transitions = []
        for verb, args in self.feed(script):
            print(f"[{self.state}] > {verb} {' '.join(args)}".rstrip())
            try:
                nxt = self.state.handle(verb, args)
            except BadCommand as e:
                self.say(str(e))
                continue
            except TypeError:
                self.say(f"'{verb}' takes a different number of words.")
                continue
            except GameOver as e:
                return e.won, str(e), transitions
            if nxt is not None:
                transitions.append((self.state.name, nxt.name))
                self.state = nxt(self)
                self.state.enter()
            if any(i.name == "crown" for i in self.inventory) and self.room.name == "Hall":
                return True, "You escaped with the crown!", transitions
        return False, "The script ran out.", transitions


SCRIPT = """
look
talk
ask treasure
ask weather
dance
bye
go down
take key
go up
go north
take anvil
take lamp
take key
take rope
go north up
inventory
go south
go down
light
go north
take crown
drop lamp
take crown
go south
go up
""".strip().split("\n")


def main():
    for attempt, script in enumerate([SCRIPT, ["go down", "go east"], ["sing", "quit"]], 1):
        print(f"=== attempt {attempt} ===")
        game = Game()
        won, reason, transitions = game.play(script)
        print(f"result: {'won' if won else 'lost'} - {reason}")
        print(f"moves={game.moves} score={game.score()} weight={game.carried_weight()}")
        print("transitions:", transitions)
        counts = {}
        for line in game.log:
            first = line.split(":")[0] if ":" in line else line.split()[0]
            counts[first] = counts.get(first, 0) + 1
        print("log words:", sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
        print("items in inventory are hashable:", len(set(game.inventory)) == len(game.inventory))


main()
