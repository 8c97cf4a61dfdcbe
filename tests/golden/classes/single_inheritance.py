# Single inheritance: overriding, calling the base explicitly, inherited class attributes,
# inheritance chains, __bases__, __base__ and __subclasses__ order.
# Expected output: python3 3.11's.
class Animal:
    sound = "..."
    legs = 4

    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} says {self.sound}"

    def describe(self):
        return f"{self.name} has {self.legs} legs; {self.speak()}"

class Dog(Animal):
    sound = "woof"

class Bird(Animal):
    sound = "tweet"
    legs = 2

    def speak(self):
        return Animal.speak(self) + "!"

class Parrot(Bird):
    def __init__(self, name, word):
        Bird.__init__(self, name)
        self.word = word

    def speak(self):
        return super().speak() + f" and {self.word}"

for a in (Animal("generic"), Dog("rex"), Bird("tweety"), Parrot("polly", "hello")):
    print(a.describe())
print(Parrot.__bases__, Parrot.__base__, Animal.__base__, object.__bases__)
print([c.__name__ for c in Parrot.__mro__])
print([c.__name__ for c in Animal.__subclasses__()])
print(issubclass(Parrot, Animal), issubclass(Animal, Parrot), issubclass(Dog, object))
print(isinstance(Parrot("p", "w"), Bird), isinstance(Dog("d"), Bird))
print(Parrot.legs, Parrot.sound, Dog.speak is Animal.speak, Parrot.speak is Bird.speak)
