# Realistic program: a bank simulation with an account hierarchy, a custom exception
# hierarchy, properties, class-level counters, a transaction log and a monthly cycle.
# Expected output: python3 3.11's.


class BankError(Exception):
    """Base class of every banking failure."""


class InsufficientFunds(BankError):
    def __init__(self, account, amount):
        super().__init__(account.number, amount)
        self.account = account
        self.amount = amount

    def __str__(self):
        return (f"account {self.account.number} cannot cover {self.amount:.2f} "
                f"(available {self.account.available():.2f})")


class AccountFrozen(BankError):
    pass


class UnknownAccount(BankError, KeyError):
    def __str__(self):
        return f"no account {self.args[0]!r}"


class Transaction:
    __counter = 0

    def __init__(self, kind, amount, memo=""):
        Transaction.__counter += 1
        self.id = Transaction.__counter
        self.kind = kind
        self.amount = amount
        self.memo = memo

    def __repr__(self):
        memo = f" ({self.memo})" if self.memo else ""
        return f"#{self.id} {self.kind:<8}{self.amount:>10.2f}{memo}"


class Account:
    next_number = 1000
    kind = "basic"

    def __init__(self, owner, opening=0.0):
        self.owner = owner
        self.number = Account.next_number
        Account.next_number += 1
        self._balance = 0.0
        self.frozen = False
        self.history = []
        if opening:
            self.deposit(opening, "opening")

    @property
    def balance(self):
        return round(self._balance, 2)

    def available(self):
        return self._balance

    def _record(self, kind, amount, memo):
        self.history.append(Transaction(kind, amount, memo))

    def _check(self):
        if self.frozen:
            raise AccountFrozen(f"account {self.number} is frozen")

    def deposit(self, amount, memo=""):
        self._check()
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self._balance += amount
        self._record("deposit", amount, memo)
        return self

    def withdraw(self, amount, memo=""):
        self._check()
        if amount > self.available():
            raise InsufficientFunds(self, amount)
        self._balance -= amount
        self._record("withdraw", amount, memo)
        return self

    def month_end(self):
        pass

    def __repr__(self):
        return f"{type(self).__name__}({self.owner!r}, #{self.number}, {self.balance:.2f})"

    def __lt__(self, other):
        return self.balance < other.balance

    def __eq__(self, other):
        return isinstance(other, Account) and self.number == other.number

    def __hash__(self):
        return hash(self.number)


class Savings(Account):
    kind = "savings"
    rate = 0.01

    def month_end(self):
        interest = round(self._balance * self.rate, 2)
        if interest:
            self.deposit(interest, "interest")


class Checking(Account):
    kind = "checking"

    def __init__(self, owner, opening=0.0, overdraft=100.0):
        self.overdraft = overdraft
        super().__init__(owner, opening)

    def available(self):
        return self._balance + self.overdraft

    def month_end(self):
        if self._balance < 0:
            fee = 15.0
            self._balance -= fee
            self._record("fee", fee, "overdraft")


class Bank:
    def __init__(self, name):
        self.name = name
        self.accounts = {}

    def open(self, cls, owner, *args, **kwargs):
        acct = cls(owner, *args, **kwargs)
        self.accounts[acct.number] = acct
        return acct

    def __getitem__(self, number):
        try:
            return self.accounts[number]
        except KeyError:
            raise UnknownAccount(number) from None

    def __len__(self):
        return len(self.accounts)

    def __iter__(self):
        return iter(sorted(self.accounts.values(), key=lambda a: a.number))

    def transfer(self, src, dst, amount):
        a, b = self[src], self[dst]
        a.withdraw(amount, f"to {dst}")
        try:
            b.deposit(amount, f"from {src}")
        except BankError:
            a.deposit(amount, "refund")
            raise

    def total(self):
        return round(sum(a.balance for a in self), 2)

    def month_end(self):
        for acct in self:
            acct.month_end()


bank = Bank("Golden Bank")
alice = bank.open(Savings, "alice", 500)
bob = bank.open(Checking, "bob", 50, overdraft=200)
carol = bank.open(Account, "carol")
print(len(bank), list(bank))

operations = [
    ("transfer", 1000, 1001, 120.0),
    ("transfer", 1001, 1002, 300.0),
    ("transfer", 1001, 1002, 100.0),
    ("withdraw", 1002, 500.0),
    ("transfer", 1000, 1999, 1.0),
    ("deposit", 1002, -5.0),
    ("freeze", 1002),
    ("transfer", 1000, 1002, 10.0),
    ("deposit", 1002, 10.0),
]
for op in operations:
    try:
        if op[0] == "transfer":
            bank.transfer(*op[1:])
        elif op[0] == "withdraw":
            bank[op[1]].withdraw(op[2])
        elif op[0] == "deposit":
            bank[op[1]].deposit(op[2])
        elif op[0] == "freeze":
            bank[op[1]].frozen = True
        print("ok  ", op)
    except InsufficientFunds as e:
        print("FUND", e, e.args)
    except UnknownAccount as e:
        print("UNKN", e, isinstance(e, KeyError))
    except BankError as e:
        print("BANK", type(e).__name__, e)
    except ValueError as e:
        print("VAL ", e)

for month in range(1, 4):
    bank.month_end()
    print(f"month {month}:", [a.balance for a in bank], bank.total())

for acct in bank:
    print(acct, acct.kind)
    for t in acct.history:
        print("   ", t)
print(max(bank), min(bank), sorted(bank)[1].owner)
print(alice == bank[1000], alice == bob, len({alice, bank[1000], bob}))
print(UnknownAccount.__mro__[1].__name__, [c.__name__ for c in UnknownAccount.__mro__])
