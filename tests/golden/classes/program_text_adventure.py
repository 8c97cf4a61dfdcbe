# Realistic program: a text-adventure state machine driven by a scripted list of commands:
# leaks-cycles: creates reference cycles, which leak until gilpy has a cycle collector
# state classes with enter/handle hooks, a command dispatcher built from method names,
# an inventory container, registration through __init_subclass__ and game-over exceptions.
# Expected output: python3 3.11's.


class GameOver(Exception):
    def __init__(self, won, reason):
        super().__init__(reason)
        self.won = won


class InvalidCommand(Exception):
    pass


class Inventory:
    def __init__(self):
        self._items = {}

    def add(self, item, count=1):
        self._items[item] = self._items.get(item, 0) + count

    def take(self, item):
        if item not in self:
            raise InvalidCommand(f"you have no {item}")
        self._items[item] -= 1
        if not self._items[item]:
            del self._items[item]

    def __contains__(self, item):
        return self._items.get(item, 0) > 0

    def __len__(self):
        return sum(self._items.values())

    def __iter__(self):
        return iter(sorted(self._items))

    def __repr__(self):
        if not self._items:
            return "nothing"
        return ", ".join(f"{n} x{c}" if c > 1 else n for n, c in sorted(self._items.items()))


class State:
    states = {}
    description = "an empty void"
    exits = {}
    items = ()

    def __init_subclass__(cls, key=None, **kwargs):
        super().__init_subclass__(**kwargs)
        State.states[key or cls.__name__.lower()] = cls

    def __init__(self, game):
        self.game = game
        self.items = list(type(self).items)

    def enter(self):
        self.game.say(f"You are in {self.description}.")
        if self.items:
            self.game.say("You see: " + ", ".join(self.items) + ".")

    def handle(self, verb, arg):
        method = getattr(self, "do_" + verb, None)
        if method is None:
            method = getattr(self.game, "do_" + verb, None)
        if method is None:
            raise InvalidCommand(f"I don't know how to {verb!r}")
        return method(arg)

    def do_go(self, direction):
        target = self.exits.get(direction)
        if target is None:
            raise InvalidCommand(f"you can't go {direction} from here")
        return target

    def do_take(self, item):
        if item not in self.items:
            raise InvalidCommand(f"there is no {item} here")
        self.items.remove(item)
        self.game.inventory.add(item)
        self.game.say(f"Taken: {item}.")

    def __repr__(self):
        return f"<{type(self).__name__}>"


class Hall(State, key="hall"):
    description = "a dusty hall"
    exits = {"north": "library", "east": "kitchen"}
    items = ("lamp",)


class Kitchen(State, key="kitchen"):
    description = "a cold kitchen"
    exits = {"west": "hall"}
    items = ("bread", "knife", "bread")

    def do_eat(self, item):
        self.game.inventory.take(item)
        self.game.energy += 3
        self.game.say(f"You eat the {item}. Energy {self.game.energy}.")


class Library(State, key="library"):
    description = "a library full of whispering books"
    exits = {"south": "hall", "up": "tower"}

    def enter(self):
        super().enter()
        if "lamp" not in self.game.inventory:
            self.game.say("It is too dark to read.")

    def do_read(self, arg):
        if "lamp" not in self.game.inventory:
            raise InvalidCommand("it is too dark")
        self.game.knows_word = True
        self.game.say("A book whispers the word 'xyzzy'.")


class Tower(State, key="tower"):
    description = "the top of the tower, where a door glows"
    exits = {"down": "library"}

    def do_say(self, word):
        if word == "xyzzy" and self.game.knows_word:
            raise GameOver(True, "the door opens and you escape")
        self.game.energy -= 5
        self.game.say(f"Nothing happens. Energy {self.game.energy}.")
        if self.game.energy <= 0:
            raise GameOver(False, "you collapse from exhaustion")


class Game:
    def __init__(self, start="hall", energy=15):
        self.inventory = Inventory()
        self.energy = energy
        self.knows_word = False
        self.turns = 0
        self.log = []
        self.instances = {}
        self.state = None
        self.move(start)

    def say(self, text):
        self.log.append(text)
        print("  " + text)

    def move(self, key):
        if key not in self.instances:
            self.instances[key] = State.states[key](self)
        self.state = self.instances[key]
        self.state.enter()

    def do_inventory(self, arg):
        self.say(f"You carry {self.inventory} ({len(self.inventory)} items).")

    def do_look(self, arg):
        self.state.enter()

    def step(self, line):
        self.turns += 1
        verb, _, arg = line.partition(" ")
        print(f"> {line}")
        try:
            target = self.state.handle(verb, arg)
        except InvalidCommand as e:
            self.say(f"Sorry: {e}.")
            return
        if isinstance(target, str):
            self.energy -= 1
            self.move(target)

    def play(self, script):
        try:
            for line in script:
                self.step(line)
        except GameOver as end:
            verdict = "WON" if end.won else "LOST"
            print(f"*** {verdict} after {self.turns} turns: {end} ***")
            return end.won
        print("*** script ended ***")
        return None


script = [
    "look", "take lamp", "take sword", "go west", "go east", "take bread", "take bread",
    "take knife", "inventory", "eat bread", "eat cake", "go west", "go north", "read",
    "dance", "go up", "say hello", "go down", "go up", "say xyzzy", "look",
]
result = Game().play(script)
print(result, sorted(State.states), [type(s).__name__ for s in [Game().state]])

second = Game("tower", energy=6)
print(second.play(["say a", "say b"]), second.energy, second.turns)
print(repr(Inventory()), list(second.inventory), second.state)
