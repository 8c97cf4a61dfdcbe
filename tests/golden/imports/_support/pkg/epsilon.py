NAME = "epsilon"
