# A realistic program: a bank with account classes (inheritance, properties, class and static
# methods), user exceptions caught by their base class, a transaction log read back with
# generators and comprehensions, and a month-end report printed with f-strings.
# Expected output: python3 3.11's.


class BankError(Exception):
    """Base class of every error the bank reports."""


class InsufficientFunds(BankError):
    def __init__(self, account, amount):
        super().__init__(account.number, amount)
        self.account = account
        self.amount = amount

    def __str__(self):
        short = self.amount - self.account.available
        return f"account {self.account.number}: cannot withdraw {self.amount:.2f}, short by {short:.2f}"


class AccountFrozen(BankError):
    def __init__(self, number):
        super().__init__(f"account {number} is frozen")
        self.number = number


class UnknownAccount(BankError, KeyError):
    pass


class Transaction:
    __slots_doc__ = "kind, amount, balance after"

    def __init__(self, kind, amount, balance):
        self.kind = kind
        self.amount = amount
        self.balance = balance

    def __repr__(self):
        return f"Transaction({self.kind!r}, {self.amount:.2f}, {self.balance:.2f})"


class Account:
    _next_number = 1000
    interest_rate = 0.0

    def __init__(self, owner, opening=0.0):
        self.owner = owner
        self.number = Account._allocate_number()
        self._balance = 0.0
        self.frozen = False
        self.log = []
        if opening:
            self.deposit(opening)

    @classmethod
    def _allocate_number(cls):
        Account._next_number += 1
        return Account._next_number

    @staticmethod
    def validate_amount(amount):
        if not isinstance(amount, (int, float)):
            raise TypeError(f"amount must be a number, not {type(amount).__name__}")
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        return float(amount)

    @property
    def balance(self):
        return round(self._balance, 2)

    @property
    def available(self):
        return self._balance

    def _record(self, kind, amount):
        self.log.append(Transaction(kind, amount, self._balance))

    def _check_open(self):
        if self.frozen:
            raise AccountFrozen(self.number)

    def deposit(self, amount):
        amount = self.validate_amount(amount)
        self._check_open()
        self._balance += amount
        self._record("deposit", amount)

    def withdraw(self, amount):
        amount = self.validate_amount(amount)
        self._check_open()
        if amount > self.available:
            raise InsufficientFunds(self, amount)
        self._balance -= amount
        self._record("withdraw", amount)

    def month_end(self):
        interest = round(self._balance * self.interest_rate / 12, 2)
        if interest > 0:
            self._balance += interest
            self._record("interest", interest)
        return interest

    def history(self, kind=None):
        for t in self.log:
            if kind is None or t.kind == kind:
                yield t

    def __repr__(self):
        return f"<{type(self).__name__} {self.number} {self.owner} {self.balance:.2f}>"

    def __lt__(self, other):
        return (self.balance, self.number) < (other.balance, other.number)


class SavingsAccount(Account):
    interest_rate = 0.03
    withdrawals_per_month = 2

    def __init__(self, owner, opening=0.0):
        super().__init__(owner, opening)
        self.withdrawals = 0

    def withdraw(self, amount):
        if self.withdrawals >= self.withdrawals_per_month:
            raise BankError(f"account {self.number}: withdrawal limit reached")
        super().withdraw(amount)
        self.withdrawals += 1

    def month_end(self):
        self.withdrawals = 0
        return super().month_end()


class CheckingAccount(Account):
    def __init__(self, owner, opening=0.0, overdraft=100.0):
        self.overdraft = overdraft
        super().__init__(owner, opening)

    @property
    def available(self):
        return self._balance + self.overdraft

    def month_end(self):
        fee = 5.0 if self._balance < 0 else 0.0
        if fee:
            self._balance -= fee
            self._record("fee", fee)
        return -fee


class Bank:
    def __init__(self, name):
        self.name = name
        self.accounts = {}

    def open(self, kind, owner, *args, **kwargs):
        account = kind(owner, *args, **kwargs)
        self.accounts[account.number] = account
        return account

    def __getitem__(self, number):
        try:
            return self.accounts[number]
        except KeyError:
            raise UnknownAccount(number) from None

    def __iter__(self):
        return iter(sorted(self.accounts.values()))

    def __len__(self):
        return len(self.accounts)

    def transfer(self, source, target, amount):
        src, dst = self[source], self[target]
        src.withdraw(amount)
        try:
            dst.deposit(amount)
        except BankError:
            src.deposit(amount)  # give the money back
            raise

    @property
    def total(self):
        return round(sum(a.balance for a in self.accounts.values()), 2)


def run_day(bank, operations):
    errors = {}
    for op, *args in operations:
        try:
            if op == "transfer":
                bank.transfer(*args)
            elif op == "deposit":
                bank[args[0]].deposit(args[1])
            elif op == "withdraw":
                bank[args[0]].withdraw(args[1])
            elif op == "freeze":
                bank[args[0]].frozen = True
            print(f"  ok   {op:<8} {args}")
        except InsufficientFunds as e:
            print(f"  FAIL {op:<8} {e}")
            errors["funds"] = errors.get("funds", 0) + 1
        except UnknownAccount as e:
            print(f"  FAIL {op:<8} unknown account {e.args[0]} (a KeyError too: {isinstance(e, KeyError)})")
            errors["unknown"] = errors.get("unknown", 0) + 1
        except BankError as e:
            print(f"  FAIL {op:<8} {type(e).__name__}: {e}")
            errors["bank"] = errors.get("bank", 0) + 1
        except (TypeError, ValueError) as e:
            print(f"  FAIL {op:<8} {type(e).__name__}: {e}")
            errors["input"] = errors.get("input", 0) + 1
    return errors


def main():
    bank = Bank("First Golden")
    alice = bank.open(SavingsAccount, "alice", 1200)
    bob = bank.open(CheckingAccount, "bob", 50, overdraft=200)
    carol = bank.open(Account, "carol")
    dave = bank.open(SavingsAccount, "dave", opening=80.5)
    print(f"{bank.name}: {len(bank)} accounts, total {bank.total:.2f}")
    for a in bank:
        print(" ", a)

    days = [
        [("deposit", carol.number, 300), ("transfer", alice.number, bob.number, 125.25),
         ("withdraw", bob.number, 300), ("withdraw", bob.number, 100)],
        [("withdraw", alice.number, 10), ("withdraw", alice.number, 10),
         ("withdraw", alice.number, 10), ("deposit", 999, 5), ("deposit", dave.number, -3),
         ("deposit", dave.number, "ten")],
        [("freeze", carol.number), ("transfer", dave.number, carol.number, 20),
         ("transfer", carol.number, dave.number, 1), ("withdraw", dave.number, 1e6)],
    ]
    totals = {}
    for day, ops in enumerate(days, 1):
        print(f"day {day}:")
        for key, n in run_day(bank, ops).items():
            totals[key] = totals.get(key, 0) + n
        print(f"  total {bank.total:.2f}")

    print("month end:")
    for a in bank:
        change = a.month_end()
        print(f"  {a.number} {type(a).__name__:<16} {change:+8.2f} -> {a.balance:10.2f}")
    print("errors:", dict(sorted(totals.items())))

    print("history of", alice.number)
    for t in alice.history():
        print("  ", t)
    withdrawn = {a.owner: sum(t.amount for t in a.history("withdraw")) for a in bank}
    print("withdrawn:", withdrawn)
    richest = max(bank, key=lambda a: a.balance)
    print(f"richest: {richest.owner} ({richest.balance:,.2f})")
    overdrawn = [a.owner for a in bank if a.balance < 0]
    print("overdrawn:", overdrawn or "nobody")
    print("kinds:", sorted({type(a).__name__ for a in bank}))
    print("mro:", [c.__name__ for c in UnknownAccount.__mro__])
    try:
        bank[1]
    except KeyError as e:
        print("caught as KeyError:", type(e).__name__, e)


if __name__ == "__main__":
    main()
